using System;

namespace SpikeLang.Runtime;

/// <summary>
/// Records the spikes of one population (or of a slice of it, <c>record spikes P[a:b]</c>) as (step, neuron)
/// pairs plus a running count per neuron; indices are counted from the slice's start, as Brian2 counts a
/// subgroup's.
/// </summary>
/// <remarks>
/// Storage doubles when full, so recording allocates only while the monitor grows; size it with
/// the constructor or <see cref="EnsureCapacity"/> to keep a whole run allocation-free.
/// <see cref="CountPerNeuron"/> counts every spike since creation: <see cref="Clear"/> drops the
/// recorded pairs (e.g. after flushing them to a file) but not the counts, which
/// <see cref="ResetCounts"/> zeroes. After <see cref="Stream"/> the monitor holds a fixed number of
/// spikes and hands them on whenever it is full, so memory stays bounded.
/// </remarks>
public sealed class SpikeMonitor
{
    private readonly int[] _perNeuron;
    private readonly int _start;
    private readonly bool _whole;
    private long[] _steps;
    private int[] _indices;
    private int _count;
    private long _flushed;
    private Action<SpikeMonitor>? _stream;

    /// <summary>Creates an empty monitor of every neuron.</summary>
    /// <param name="neurons">Population size.</param>
    /// <param name="initialCapacity">Spikes held before the first growth.</param>
    public SpikeMonitor(int neurons, int initialCapacity = 1024)
        : this(neurons, new MonitorOptions(), initialCapacity)
    {
    }

    /// <summary>Creates an empty monitor of the neurons <paramref name="options"/> choose (its interval and unit do not apply to spikes).</summary>
    /// <param name="populationSize">Neurons of the population whose spikes <see cref="Record"/> is given.</param>
    /// <param name="options">The slice recorded and the source's name.</param>
    /// <param name="initialCapacity">Spikes held before the first growth.</param>
    public SpikeMonitor(int populationSize, MonitorOptions options, int initialCapacity = 1024)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacity);
        int count = options.CountIn(populationSize);
        _perNeuron = new int[count];
        _start = options.Start;
        _whole = _start == 0 && count == populationSize;
        Source = options.Source;
        _steps = new long[initialCapacity];
        _indices = new int[initialCapacity];
    }

    /// <summary>The population or subgroup recorded, as the .snn file names it.</summary>
    public string Source { get; }

    /// <summary>The population's index of recorded neuron 0.</summary>
    public int Start => _start;

    /// <summary>Neurons recorded.</summary>
    public int Neurons => _perNeuron.Length;

    /// <summary>Number of spikes held (since the last flush when streaming).</summary>
    public int Count => _count;

    /// <summary>Spikes recorded since creation, those already handed on included.</summary>
    public long TotalCount => _flushed + _count;

    /// <summary>Spikes that fit before the next growth.</summary>
    public int Capacity => _indices.Length;

    /// <summary>Step of each recorded spike.</summary>
    public ReadOnlySpan<long> Steps => new(_steps, 0, _count);

    /// <summary>Neuron of each recorded spike, counted from <see cref="Start"/>.</summary>
    public ReadOnlySpan<int> Indices => new(_indices, 0, _count);

    /// <summary>Spikes per recorded neuron since creation (or the last <see cref="ResetCounts"/>).</summary>
    public ReadOnlySpan<int> CountPerNeuron => _perNeuron;

    /// <summary>Appends the spikes of step <paramref name="step"/>: population indices, ascending; those outside the slice are left out.</summary>
    public void Record(long step, ReadOnlySpan<int> indices)
    {
        if (!_whole)
        {
            // Ascending, so the slice's spikes are one run: find its first, then take while inside.
            int first = indices.BinarySearch(_start);
            if (first < 0)
            {
                first = ~first;
            }
            int last = first;
            int end = _start + _perNeuron.Length;
            while (last < indices.Length && indices[last] < end)
            {
                last++;
            }
            indices = indices[first..last];
        }

        int n = indices.Length;
        if (n == 0)
        {
            return;
        }
        if (_stream is not null && _count + n > _indices.Length)
        {
            Flush();
        }

        int[] perNeuron = _perNeuron;
        int offset = _whole ? 0 : _start;
        for (int k = 0; k < n; k++)
        {
            perNeuron[indices[k] - offset]++;
        }

        int endCount = _count + n;
        if ((uint)endCount > (uint)_indices.Length)
        {
            Grow(endCount);
        }

        var destination = new Span<int>(_indices, _count, n);
        indices.CopyTo(destination);
        if (offset != 0)
        {
            for (int k = 0; k < n; k++)
            {
                destination[k] -= offset;
            }
        }
        new Span<long>(_steps, _count, n).Fill(step);
        _count = endCount;
    }

    /// <summary>Makes room for <paramref name="totalSpikes"/> recorded spikes in all.</summary>
    public void EnsureCapacity(int totalSpikes)
    {
        if (totalSpikes > _indices.Length)
        {
            Resize(totalSpikes);
        }
    }

    /// <summary>
    /// Bounds the memory: from now on the monitor holds at most <paramref name="bufferSpikes"/> spikes (at
    /// least one step's worth, <see cref="Neurons"/>) and calls <paramref name="flush"/> before it would hold
    /// more (then drops them), and on <see cref="Flush"/>.
    /// </summary>
    public void Stream(Action<SpikeMonitor> flush, int bufferSpikes)
    {
        ArgumentNullException.ThrowIfNull(flush);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSpikes, 1);
        Flush();
        _stream = flush;
        Resize(Math.Max(Math.Max(bufferSpikes, Neurons), _count));
    }

    /// <summary>When streaming, hands the spikes held (possibly none) to the callback and drops them.</summary>
    public void Flush()
    {
        if (_stream is { } stream)
        {
            stream(this);
            _flushed += _count;
            _count = 0;
        }
    }

    /// <summary>Drops the recorded (step, neuron) pairs, keeping the storage and <see cref="CountPerNeuron"/>.</summary>
    public void Clear() => _count = 0;

    /// <summary>Zeroes <see cref="CountPerNeuron"/>.</summary>
    public void ResetCounts() => Array.Clear(_perNeuron);

    private void Grow(int needed)
    {
        if (needed < 0)
        {
            throw new InvalidOperationException("A spike monitor cannot hold more than int.MaxValue spikes; clear it periodically or stream it to a file (Recorder).");
        }

        Resize((int)Math.Min(Array.MaxLength, Math.Max(needed, Math.Max(256L, 2L * _indices.Length))));
    }

    private void Resize(int capacity)
    {
        Array.Resize(ref _indices, capacity);
        Array.Resize(ref _steps, capacity);
    }
}
