using System;
using ILGPU;
using ILGPU.Runtime;

namespace SpikeLang.Gpu.Simulation;

/// <summary>
/// The generic kernels of generated GPU simulators, loaded once per accelerator: Poisson sources and the spike
/// counts of populations. Neuron updates and deliveries are generated per network, since their arithmetic is the model's.
/// </summary>
public sealed class SimulatorKernels
{
    private readonly Action<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<int>, PoissonStep> _poisson;
    private readonly Action<Index1D, ArrayView<long>, ArrayView<int>, int> _addCount;

    internal SimulatorKernels(Accelerator accelerator)
    {
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

    private static void PoissonKernel(Index1D i, ArrayView<float> probability, ArrayView<int> indices, ArrayView<int> counts, PoissonStep s)
    {
        float p = probability[s.PerSource != 0 ? (int)i : 0];
        if (CounterRandom.Uniform(s.Seed, s.Stream, i, s.Step) < p)
        {
            int k = Atomic.Add(ref counts[s.Slot], 1);
            indices[(long)s.Slot * s.Neurons + k] = i;
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
