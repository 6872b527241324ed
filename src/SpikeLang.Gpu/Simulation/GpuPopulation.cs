using System;
using System.Collections.Generic;
using ILGPU;
using ILGPU.Runtime;
using SpikeLang.Runtime;

namespace SpikeLang.Gpu.Simulation;

/// <summary>
/// A population of a generated GPU simulator, seen through <see cref="IPopulation"/> as the CPU simulator's are:
/// its spikes stay on the device (<see cref="DeviceSpikes"/>) and reach <see cref="SpikeMonitor"/> and
/// <see cref="RateMonitor"/> in blocks of steps, each step ascending; its spike count is summed on the device and read when asked for. Its state monitors are
/// the host network's, which <see cref="DeviceStateRecording{T}"/> fills in blocks of samples.
/// </summary>
public class GpuPopulation : IPopulation, IDisposable
{
    private readonly SimulatorKernels _kernels;
    private readonly MemoryBuffer1D<long, Stride1D.Dense> _total;
    private readonly Func<string, double[]> _readState;
    private readonly string[] _stateVariables;
    private readonly IReadOnlyList<IStateMonitor> _stateMonitors;
    private readonly List<GpuSubgroup> _subgroups = new();
    private readonly Accelerator _accelerator;
    // Spikes per neuron since construction, on the device: kept once a subgroup views the population, for its count.
    private MemoryBuffer1D<long, Stride1D.Dense>? _perNeuron;
    private long _recordedUpTo;
    private long _stepsTaken;

    /// <param name="device">The accelerator, whose kernels count the spikes.</param>
    /// <param name="name">The population's name in the .snn file.</param>
    /// <param name="spikes">Its spikes on the device (owned: disposed with the population).</param>
    /// <param name="monitor">The monitor of 'record spikes', or null when the population's spikes are not recorded.</param>
    /// <param name="rateMonitor">The monitor of 'record rate', or null when its rate is not recorded.</param>
    /// <param name="stateMonitors">The monitors of 'record state' (the host network's population's), empty when none.</param>
    /// <param name="stateVariables">The state variables, in the order of the model's state block (none for sources).</param>
    /// <param name="readState">Copies one state variable of every neuron back from the device, as double.</param>
    public GpuPopulation(GpuDevice device, string name, DeviceSpikes spikes, SpikeMonitor? monitor, RateMonitor? rateMonitor, IReadOnlyList<IStateMonitor> stateMonitors,
        string[] stateVariables, Func<string, double[]> readState)
    {
        _kernels = device.SimulatorKernels;
        Name = name;
        DeviceSpikes = spikes;
        SpikeMonitor = monitor;
        RateMonitor = rateMonitor;
        _stateMonitors = stateMonitors;
        _stateVariables = stateVariables;
        _readState = readState;
        _accelerator = device.Accelerator;
        _total = device.Accelerator.Allocate1D<long>(1);
        _total.MemSetToZero();
    }

    /// <summary>The population's name in the .snn file.</summary>
    public string Name { get; }

    /// <summary>Number of neurons or sources.</summary>
    public int Count => DeviceSpikes.Neurons;

    /// <summary>This population's spikes of the last steps, on the device.</summary>
    public DeviceSpikes DeviceSpikes { get; }

    /// <summary>Spikes since construction (one copy of 8 bytes from the device).</summary>
    public long SpikeCount
    {
        get
        {
            long[] total = new long[1];
            _total.View.CopyToCPU(total);
            return total[0];
        }
    }

    /// <summary>The spikes of the last step, ascending (copied from the device).</summary>
    public ReadOnlySpan<int> Spikes => _stepsTaken == 0 ? ReadOnlySpan<int>.Empty : DeviceSpikes.Read(_stepsTaken - 1);

    /// <summary>Every spike, when the .snn file records this population's spikes: up to the last step of the last run.</summary>
    public SpikeMonitor? SpikeMonitor { get; }

    /// <summary>The monitors of 'record state', up to the last step of the last run.</summary>
    public IReadOnlyList<IStateMonitor> StateMonitors => _stateMonitors;

    /// <summary>The rate in every step, when the .snn file records this population's rate: up to the last step of the last run.</summary>
    public RateMonitor? RateMonitor { get; }

    /// <summary>The state variables, in the order of the model's state block.</summary>
    public IReadOnlyList<string> StateVariables => _stateVariables;

    /// <summary>A copy of one state variable of every neuron, from the device, in SI units.</summary>
    public double[] ReadState(string variable) => _readState(variable);

    /// <summary>
    /// After step <paramref name="step"/>'s spikes are final: counts them, and copies the recorded steps back once the
    /// slots hold a whole block (the next step would overwrite the oldest).
    /// </summary>
    public void EndStep(long step)
    {
        _kernels.AddCount(_total.View, DeviceSpikes, step);
        if (_perNeuron is not null)
        {
            _kernels.CountPerNeuron(_perNeuron.View, DeviceSpikes, step);
        }
        _stepsTaken = step + 1;
        if (Recorded && _stepsTaken - _recordedUpTo == DeviceSpikes.Depth)
        {
            Flush();
        }
    }

    /// <summary>Copies the recorded steps not yet copied into the monitors: at the end of every run.</summary>
    public void Flush()
    {
        if (Recorded)
        {
            DeviceSpikes.Drain(RecordStep, _recordedUpTo, _stepsTaken);
            _recordedUpTo = _stepsTaken;
        }
    }

    /// <summary>
    /// The population's spikes or rate, or some subgroup's, are recorded: its DeviceSpikes keep a block of steps to copy
    /// back (a rate needs only the counts, but a subgroup's needs the indices in its range, and one copy serves both).
    /// </summary>
    private bool Recorded => SpikeMonitor is not null || RateMonitor is not null || _subgroups.Exists(g => g.Records);

    /// <summary>One recorded step's spikes, ascending: to this population's monitors and to each subgroup, which takes those in its range.</summary>
    private void RecordStep(long step, ReadOnlySpan<int> spikes)
    {
        SpikeMonitor?.Record(step, spikes);
        RateMonitor?.Record(step, spikes.Length);
        foreach (var subgroup in _subgroups)
        {
            subgroup.Record(step, spikes);
        }
    }

    /// <summary>Spikes per neuron since construction, on the device (kept from the first subgroup on).</summary>
    internal ArrayView<long> PerNeuron => _perNeuron!.View;

    /// <summary>Makes <paramref name="subgroup"/> a view of this population: before the first step, so that its count misses no spike.</summary>
    internal void Attach(GpuSubgroup subgroup)
    {
        if (_stepsTaken > 0)
        {
            throw new InvalidOperationException($"A subgroup of '{Name}' must be made before its first step.");
        }
        if (_perNeuron is null)
        {
            _perNeuron = _accelerator.Allocate1D<long>(Math.Max(1, Count));
            _perNeuron.MemSetToZero();
        }
        _subgroups.Add(subgroup);
    }

    /// <summary>Releases the device buffers.</summary>
    public void Dispose()
    {
        _total.Dispose();
        _perNeuron?.Dispose();
        DeviceSpikes.Dispose();
    }
}
