using System;
using ILGPU;
using ILGPU.Runtime;
using SpikeLang.Runtime;

namespace SpikeLang.Gpu.Simulation;

/// <summary>
/// The spikes of one population over its last <see cref="Depth"/> steps, on the device: step s's spikes in slot
/// s mod Depth, as a count and a list of indices (in the order threads found them, not sorted). Connections with a
/// homogeneous delay of d steps read slot (s − d) mod Depth, and recorded steps are copied back in blocks of
/// up to Depth steps before their slots are reused.
/// </summary>
public sealed class DeviceSpikes : IDisposable
{
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _indices;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _counts;
    private readonly int[] _hostCounts;
    private int[] _hostIndices = new int[64];

    /// <param name="accelerator">The device the buffers live on.</param>
    /// <param name="neurons">The population's size: the most spikes one step can have.</param>
    /// <param name="depth">Steps kept: at least the longest delay read plus one.</param>
    public DeviceSpikes(Accelerator accelerator, int neurons, int depth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(neurons);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        Neurons = neurons;
        Depth = depth;
        _indices = accelerator.Allocate1D<int>(Math.Max(1L, (long)neurons * depth));
        _counts = accelerator.Allocate1D<int>(depth);
        _counts.MemSetToZero();
        _hostCounts = new int[depth];
    }

    /// <summary>
    /// The slots a population keeps: one more than the longest delay read from it and, when its spikes are recorded,
    /// enough to copy them back in blocks (up to 1000 steps, within about 256 MB of indices, at least one step).
    /// </summary>
    public static int DepthFor(int neurons, int longestDelay, bool recorded)
    {
        int depth = longestDelay + 1;
        if (recorded)
        {
            const long Budget = 1L << 26;
            depth = Math.Max(depth, (int)Math.Clamp(Budget / Math.Max(1, neurons), 1, 1000));
        }
        return depth;
    }

    /// <summary>The population's size: the length of a slot's row.</summary>
    public int Neurons { get; }

    /// <summary>The steps kept, one slot each.</summary>
    public int Depth { get; }

    /// <summary>Slot s mod Depth's indices, one row of <see cref="Neurons"/> per slot.</summary>
    public ArrayView<int> Indices => _indices.View;

    /// <summary>The number of spikes of each slot.</summary>
    public ArrayView<int> Counts => _counts.View;

    /// <summary>The slot of step <paramref name="step"/>.</summary>
    public int Slot(long step) => (int)(step % Depth);

    /// <summary>Empties the slot of <paramref name="step"/> before the kernel that finds its spikes.</summary>
    public void Clear(long step) => Counts.SubView(Slot(step), 1).MemSetToZero();

    /// <summary>
    /// Sets the spikes of <paramref name="step"/> from the host (an input population's, which the host decides): the
    /// indices into its slot's row, then its count. Both copies are ordered on the accelerator's stream after the kernels
    /// launched before them and before those launched after, so the step's deliveries read them; the host's memory may be
    /// reused when they return. It creates no array: the count goes from a host array kept for the slots.
    /// </summary>
    public void Upload(long step, ReadOnlySpan<int> spikes)
    {
        if (spikes.Length > Neurons)
        {
            throw new ArgumentException($"{spikes.Length} spikes for {Neurons} sources.", nameof(spikes));
        }
        int slot = Slot(step);
        if (spikes.Length > 0)
        {
            Indices.SubView((long)slot * Neurons, spikes.Length).CopyFromCPU(spikes);
        }
        _hostCounts[slot] = spikes.Length;
        Counts.SubView(slot, 1).CopyFromCPU(_hostCounts.AsSpan(slot, 1));
    }

    /// <summary>The spikes of <paramref name="step"/> (still in its slot), ascending; the span is valid until the next call.</summary>
    public ReadOnlySpan<int> Read(long step)
    {
        int slot = Slot(step);
        Counts.SubView(slot, 1).CopyToCPU(_hostCounts.AsSpan(slot, 1));
        return ReadSlot(slot, _hostCounts[slot]);
    }

    /// <summary>
    /// Records steps [<paramref name="first"/>, <paramref name="end"/>), all still in their slots (at most <see cref="Depth"/>),
    /// into <paramref name="monitor"/>, each step's spikes ascending as the CPU simulator records them.
    /// </summary>
    public void Drain(SpikeMonitor monitor, long first, long end)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        Drain(monitor.Record, first, end);
    }

    /// <summary>
    /// Hands steps [<paramref name="first"/>, <paramref name="end"/>), all still in their slots (at most <see cref="Depth"/>),
    /// to <paramref name="record"/>, each step's spikes ascending (the span is valid during the call).
    /// </summary>
    public void Drain(StepSpikes record, long first, long end)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (end - first > Depth)
        {
            throw new ArgumentException($"{end - first} steps asked for; {Depth} are kept.", nameof(end));
        }
        if (end <= first)
        {
            return;
        }
        Counts.CopyToCPU(_hostCounts);
        for (long step = first; step < end; step++)
        {
            int slot = Slot(step);
            record(step, ReadSlot(slot, _hostCounts[slot]));
        }
    }

    private ReadOnlySpan<int> ReadSlot(int slot, int count)
    {
        if (count > _hostIndices.Length)
        {
            _hostIndices = new int[Math.Max(count, 2 * _hostIndices.Length)];
        }
        var spikes = _hostIndices.AsSpan(0, count);
        if (count > 0)
        {
            Indices.SubView((long)slot * Neurons, count).CopyToCPU(spikes);
            spikes.Sort();
        }
        return spikes;
    }

    /// <summary>Releases the device buffers.</summary>
    public void Dispose()
    {
        _indices.Dispose();
        _counts.Dispose();
    }
}

/// <summary>Receives one step's spikes, ascending, copied back from the device.</summary>
public delegate void StepSpikes(long step, ReadOnlySpan<int> spikes);
