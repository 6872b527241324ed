using System;
using System.Collections.Generic;
using ILGPU.Runtime;
using SpikeLang.Runtime;

namespace SpikeLang.Gpu.Simulation;

/// <summary>
/// A subgroup of a generated GPU simulator (Brian2's <c>P[a:b]</c>): neurons [<see cref="Start"/>, Start + Count) of a
/// <see cref="GpuPopulation"/>, indexed from 0, as the CPU simulator's subgroups are. It has no spikes of its own on the
/// device: its recorded spikes are the parent's copied back, those in its range taken on the host; its spike count is
/// the sum over its range of the parent's spikes per neuron, which the device keeps.
/// </summary>
public sealed class GpuSubgroup : IPopulation
{
    private readonly GpuPopulation _parent;
    private int[] _spikes = Array.Empty<int>();

    /// <param name="parent">The population it views; the subgroup must be made before the parent's first step.</param>
    /// <param name="name">The subgroup's name in the .snn file.</param>
    /// <param name="start">The parent's index of the subgroup's neuron 0.</param>
    /// <param name="end">One past the parent's index of its last neuron.</param>
    /// <param name="monitor">The monitor of 'record spikes', indexed from the subgroup's start, or null when its spikes are not recorded.</param>
    /// <param name="rateMonitor">The monitor of 'record rate', or null when its rate is not recorded.</param>
    /// <param name="stateMonitors">The monitors of 'record state' (the host network's subgroup's, indexed from its start), empty when none.</param>
    public GpuSubgroup(GpuPopulation parent, string name, int start, int end, SpikeMonitor? monitor, RateMonitor? rateMonitor, IReadOnlyList<IStateMonitor> stateMonitors)
    {
        ArgumentNullException.ThrowIfNull(parent);
        if (start < 0 || end < start || end > parent.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(end), $"Subgroup '{name}' [{start}, {end}) does not lie in '{parent.Name}' of {parent.Count} neurons.");
        }
        _parent = parent;
        Name = name;
        Start = start;
        Count = end - start;
        SpikeMonitor = monitor;
        RateMonitor = rateMonitor;
        StateMonitors = stateMonitors;
        parent.Attach(this);
    }

    /// <summary>The subgroup's name in the .snn file.</summary>
    public string Name { get; }

    /// <summary>The parent's index of this subgroup's neuron 0.</summary>
    public int Start { get; }

    /// <summary>Number of neurons.</summary>
    public int Count { get; }

    /// <summary>Spikes since construction: the parent's per-neuron counts over the range, copied from the device.</summary>
    public long SpikeCount
    {
        get
        {
            if (Count == 0)
            {
                return 0;
            }
            var counts = new long[Count];
            _parent.PerNeuron.SubView(Start, Count).CopyToCPU(counts);
            long total = 0;
            foreach (long count in counts)
            {
                total += count;
            }
            return total;
        }
    }

    /// <summary>The neurons that spiked in the last step, ascending, counted from <see cref="Start"/> (the parent's, copied from the device).</summary>
    public ReadOnlySpan<int> Spikes
    {
        get
        {
            var parent = InRange(_parent.Spikes);
            if (_spikes.Length < parent.Length)
            {
                _spikes = new int[Math.Max(parent.Length, 2 * _spikes.Length)];
            }
            for (int k = 0; k < parent.Length; k++)
            {
                _spikes[k] = parent[k] - Start;
            }
            return _spikes.AsSpan(0, parent.Length);
        }
    }

    /// <summary>Every spike, counted from <see cref="Start"/>, when the .snn file records this subgroup's spikes: up to the last step of the last run.</summary>
    public SpikeMonitor? SpikeMonitor { get; }

    /// <summary>The monitors of 'record state', up to the last step of the last run.</summary>
    public IReadOnlyList<IStateMonitor> StateMonitors { get; }

    /// <summary>The rate in every step, when the .snn file records this subgroup's rate: up to the last step of the last run.</summary>
    public RateMonitor? RateMonitor { get; }

    /// <summary>Its spikes or rate are recorded, from the parent's spikes copied back.</summary>
    internal bool Records => SpikeMonitor is not null || RateMonitor is not null;

    /// <summary>The parent's state variables.</summary>
    public IReadOnlyList<string> StateVariables => _parent.StateVariables;

    /// <summary>A copy of one state variable of the subgroup's neurons, from the device, in SI units.</summary>
    public double[] ReadState(string variable) => _parent.ReadState(variable).AsSpan(Start, Count).ToArray();

    /// <summary>One recorded step of the parent, ascending: its spikes in this subgroup's range go to the monitors (the spike monitor counts from <see cref="Start"/>).</summary>
    internal void Record(long step, ReadOnlySpan<int> parentSpikes)
    {
        var spikes = InRange(parentSpikes);
        RateMonitor?.Record(step, spikes.Length);
        if (SpikeMonitor is null)
        {
            return;
        }
        if (_spikes.Length < spikes.Length)
        {
            _spikes = new int[Math.Max(spikes.Length, 2 * _spikes.Length)];
        }
        for (int k = 0; k < spikes.Length; k++)
        {
            _spikes[k] = spikes[k] - Start;
        }
        SpikeMonitor.Record(step, _spikes.AsSpan(0, spikes.Length));
    }

    /// <summary>The run of ascending parent indices inside [Start, Start + Count): a binary search finds the first.</summary>
    private ReadOnlySpan<int> InRange(ReadOnlySpan<int> parentSpikes)
    {
        int first = parentSpikes.BinarySearch(Start);
        if (first < 0)
        {
            first = ~first;
        }
        int last = first, end = Start + Count;
        while (last < parentSpikes.Length && parentSpikes[last] < end)
        {
            last++;
        }
        return parentSpikes[first..last];
    }
}
