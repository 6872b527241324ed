using System;
using ILGPU;
using ILGPU.Runtime;

namespace SpikeLang.Gpu.Simulation;

/// <summary>
/// The generic kernels of generated GPU simulators, loaded once per accelerator: Poisson sources, Poisson drives,
/// the arrival of delayed input and the spike counts of populations and subgroups. Neuron updates and deliveries are generated per network, since their arithmetic is the model's.
/// </summary>
public sealed class SimulatorKernels
{
    private readonly Action<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<int>, PoissonStep> _poisson;
    private readonly Action<Index1D, ArrayView<long>, ArrayView<int>, int> _addCount;
    private readonly Accelerator _accelerator;
    // Loaded when a network first needs them: most have no drive, or no subgroup.
    private Action<Index1D, ArrayView<float>, ArrayView<double>, DriveStep>? _driveSingle;
    private Action<Index1D, ArrayView<double>, ArrayView<double>, DriveStep>? _driveDouble;
    private Action<Index1D, ArrayView<long>, ArrayView<int>, ArrayView<int>, int, int>? _countPerNeuron;
    private Action<Index1D, ArrayView<float>, ArrayView<float>>? _arriveSingle;
    private Action<Index1D, ArrayView<double>, ArrayView<double>>? _arriveDouble;
    private Action<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<int>, int, int>? _markSpikes;

    internal SimulatorKernels(Accelerator accelerator)
    {
        _accelerator = accelerator;
        _poisson = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<int>, PoissonStep>(PoissonKernel);
        _addCount = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<long>, ArrayView<int>, int>(AddCountKernel);
    }

    /// <summary>
    /// Step <paramref name="step"/>'s spikes of Poisson sources into its slot: source i spikes where its counter-based
    /// uniform number (<see cref="CounterRandom"/> of seed, stream, i, step) is below its probability rate·dt, read
    /// from <paramref name="probability"/> (one value for all sources, or one per source).
    /// </summary>
    public void Poisson(DeviceSpikes spikes, ArrayView<float> probability, ulong seed, int stream, long step)
    {
        spikes.Clear(step);
        if (spikes.Neurons > 0)
        {
            _poisson(spikes.Neurons, probability, spikes.Indices, spikes.Counts,
                new PoissonStep(seed, stream, step, spikes.Slot(step), spikes.Neurons, probability.Length == spikes.Neurons ? 1 : 0));
        }
    }

    /// <summary>total[0] += the number of spikes of step <paramref name="step"/>, on the device (no copy back).</summary>
    public void AddCount(ArrayView<long> total, DeviceSpikes spikes, long step) => _addCount(1, total, spikes.Counts, spikes.Slot(step));

    /// <summary>perNeuron[i] += 1 for each neuron i that spiked in step <paramref name="step"/>, on the device: what subgroups count their spikes from.</summary>
    public void CountPerNeuron(ArrayView<long> perNeuron, DeviceSpikes spikes, long step)
    {
        if (spikes.Neurons > 0)
        {
            (_countPerNeuron ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<long>, ArrayView<int>, ArrayView<int>, int, int>(CountPerNeuronKernel))(
                spikes.Neurons, perNeuron, spikes.Indices, spikes.Counts, spikes.Slot(step), spikes.Neurons);
        }
    }

    /// <summary>A Poisson drive's step onto single-precision targets (<see cref="DevicePoissonDrive"/>).</summary>
    internal void DriveSingle(int targets, ArrayView<float> values, ArrayView<double> cumulative, DriveStep step) =>
        (_driveSingle ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<double>, DriveStep>(DriveSingleKernel))(targets, values, cumulative, step);

    /// <summary>A Poisson drive's step onto double-precision targets (<see cref="DevicePoissonDrive"/>).</summary>
    internal void DriveDouble(int targets, ArrayView<double> values, ArrayView<double> cumulative, DriveStep step) =>
        (_driveDouble ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, DriveStep>(DriveDoubleKernel))(targets, values, cumulative, step);

    /// <summary>
    /// target[j] += due[j], and due[j] cleared, for each target j: the input of a <see cref="DendriticDelays{T}"/> ring
    /// that arrives in this step (single precision).
    /// </summary>
    public void Arrive(ArrayView<float> due, ArrayView<float> target)
    {
        if (due.Length > 0)
        {
            (_arriveSingle ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>>(ArriveSingleKernel))((int)due.Length, due, target);
        }
    }

    /// <summary>The same in double precision.</summary>
    public void Arrive(ArrayView<double> due, ArrayView<double> target)
    {
        if (due.Length > 0)
        {
            (_arriveDouble ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>>(ArriveDoubleKernel))((int)due.Length, due, target);
        }
    }

    /// <summary>
    /// values[i] = 1 for each source i that spiked in step <paramref name="step"/> (the others left as they are, zero
    /// after <see cref="DeviceSourceValues.FromSpikes"/> cleared them): the spikes as the vector dense and convolution kernels read.
    /// </summary>
    internal void MarkSpikes(ArrayView<float> values, DeviceSpikes spikes, long step)
    {
        if (spikes.Neurons > 0)
        {
            (_markSpikes ??= _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<int>, int, int>(MarkSpikesKernel))(
                spikes.Neurons, values, spikes.Indices, spikes.Counts, spikes.Slot(step), spikes.Neurons);
        }
    }

    private static void PoissonKernel(Index1D i, ArrayView<float> probability, ArrayView<int> indices, ArrayView<int> counts, PoissonStep s)
    {
        float p = probability[s.PerSource != 0 ? (int)i : 0];
        if (CounterRandom.Uniform(s.Seed, s.Stream, i, s.Step) < p)
        {
            int k = Atomic.Add(ref counts[s.Slot], 1);
            indices[(long)s.Slot * s.Neurons + k] = i;
        }
    }

    // One thread per target; no two threads share one, so plain additions suffice. The sum is rounded to the target's
    // precision as the CPU simulator rounds it: target += (Real)(count · weight).
    private static void DriveSingleKernel(Index1D k, ArrayView<float> values, ArrayView<double> cumulative, DriveStep s) =>
        values[k] += (float)(DevicePoissonDrive.Count(cumulative, s, k) * s.Weight);

    private static void DriveDoubleKernel(Index1D k, ArrayView<double> values, ArrayView<double> cumulative, DriveStep s) =>
        values[k] += DevicePoissonDrive.Count(cumulative, s, k) * s.Weight;

    // One thread per target. Only a target something arrived at is written: as on the CPU, which adds nothing to the
    // others (adding 0 would turn a state of -0 into +0).
    private static void ArriveSingleKernel(Index1D j, ArrayView<float> due, ArrayView<float> target)
    {
        float value = due[j];
        if (value != 0)
        {
            target[j] += value;
            due[j] = 0;
        }
    }

    private static void ArriveDoubleKernel(Index1D j, ArrayView<double> due, ArrayView<double> target)
    {
        double value = due[j];
        if (value != 0)
        {
            target[j] += value;
            due[j] = 0;
        }
    }

    // One thread per slot of the step's spikes: each neuron spikes at most once a step, so no two threads add to one count.
    private static void CountPerNeuronKernel(Index1D index, ArrayView<long> perNeuron, ArrayView<int> indices, ArrayView<int> counts, int slot, int neurons)
    {
        if ((int)index < counts[slot])
        {
            perNeuron[indices[(long)slot * neurons + index]] += 1;
        }
    }

    // One thread per slot of the step's spikes, as CountPerNeuron.
    private static void MarkSpikesKernel(Index1D index, ArrayView<float> values, ArrayView<int> indices, ArrayView<int> counts, int slot, int neurons)
    {
        if ((int)index < counts[slot])
        {
            values[indices[(long)slot * neurons + index]] = 1f;
        }
    }

    private static void AddCountKernel(Index1D index, ArrayView<long> total, ArrayView<int> counts, int slot) => total[0] += counts[slot];
}

/// <summary>One step of Poisson sources: the counters of their random numbers and where their spikes go.</summary>
/// <param name="Seed">The network's seed.</param>
/// <param name="Stream">The population's random stream (the plan's).</param>
/// <param name="Step">The step.</param>
/// <param name="Slot">The slot of the step in the population's <see cref="DeviceSpikes"/>.</param>
/// <param name="Neurons">The number of sources.</param>
/// <param name="PerSource">1 when each source has its own probability, 0 when one value serves all.</param>
internal readonly record struct PoissonStep(ulong Seed, int Stream, long Step, int Slot, int Neurons, int PerSource);
