using System;
using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using SpikeLang.Runtime;

namespace SpikeLang.Gpu.Simulation;

/// <summary>
/// A 'record state' or 'record weights' monitor of a generated GPU simulator: the host network's <see cref="StateMonitor{T}"/>, fed from
/// the device in blocks of samples. Each sampled step, the recorded elements of the variable (the monitor's slice) are
/// copied on the device into the next row of a block; when the block is full, or on <see cref="Flush"/> at the end of
/// a run, it is copied back in one transfer and each row handed to the monitor, with the step it was taken in. The
/// monitor decides as on the CPU which steps are sampled (its interval) and which elements (its start and count).
/// </summary>
/// <typeparam name="T">The network's precision.</typeparam>
public sealed class DeviceStateRecording<T> : IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly StateMonitor<T> _monitor;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _block;
    private readonly long[] _steps;
    // The source's values as Record takes them (all its elements), of which only the monitor's slice is filled.
    private readonly T[] _values;
    private T[] _hostBlock = Array.Empty<T>();
    private int _held;

    /// <param name="accelerator">The device the block lives on.</param>
    /// <param name="monitor">The host network's monitor, which receives the samples.</param>
    /// <param name="available">The elements of the source (the population's or subgroup's neurons, or the connection's synapses): the length of the views sampled.</param>
    public DeviceStateRecording(Accelerator accelerator, StateMonitor<T> monitor, int available)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        ArgumentNullException.ThrowIfNull(monitor);
        ArgumentOutOfRangeException.ThrowIfNegative(available);
        _monitor = monitor;
        _values = new T[available];
        // Up to 1000 samples a block, within about 256 MB of values, at least one, as recorded spikes are.
        const long Budget = 1L << 26;
        BlockSamples = (int)Math.Clamp(Budget / Math.Max(1, monitor.Neurons), 1, 1000);
        _steps = new long[BlockSamples];
        _block = accelerator.Allocate1D<T>(Math.Max(1L, (long)BlockSamples * monitor.Neurons));
    }

    /// <summary>The samples a block holds before it is copied back.</summary>
    public int BlockSamples { get; }

    /// <summary>
    /// At the start of step <paramref name="step"/>, before the update: when the monitor's interval divides the step,
    /// copies its slice of <paramref name="values"/> (the whole variable of the source, on the device) into the block.
    /// </summary>
    public void Sample(long step, ArrayView<T> values)
    {
        if (values.Length != _values.Length)
        {
            throw new ArgumentException($"Expected {_values.Length} values, got {values.Length}.", nameof(values));
        }
        if (step % _monitor.Interval != 0)
        {
            return;
        }
        int count = _monitor.Neurons;
        if (count > 0)
        {
            // A copy on the device, queued after the step's kernels so far (the default stream runs in order).
            ArrayView1D<T, Stride1D.Dense> slice = values.SubView(_monitor.Start, count);
            slice.CopyTo(_block.View.SubView((long)_held * count, count));
        }
        _steps[_held++] = step;
        if (_held == BlockSamples)
        {
            Flush();
        }
    }

    /// <summary>Reserves room in the monitor for the samples of <paramref name="steps"/> more steps, as the CPU simulator's Run does.</summary>
    public void Reserve(long steps) => _monitor.Reserve(steps);

    /// <summary>Copies the samples held on the device back into the monitor, in step order: when the block is full and at the end of every run.</summary>
    public void Flush()
    {
        if (_held == 0)
        {
            return;
        }
        int count = _monitor.Neurons;
        long length = (long)_held * count;
        if (_hostBlock.Length < length)
        {
            _hostBlock = new T[(long)BlockSamples * count];
        }
        if (length > 0)
        {
            ArrayView<T> block = _block.View;
            block.SubView(0, length).CopyToCPU(_hostBlock.AsSpan(0, (int)length));
        }
        for (int k = 0; k < _held; k++)
        {
            _hostBlock.AsSpan(k * count, count).CopyTo(_values.AsSpan(_monitor.Start, count));
            _monitor.Record(_steps[k], _values);
        }
        _held = 0;
    }

    /// <summary>Releases the block on the device.</summary>
    public void Dispose() => _block.Dispose();
}
