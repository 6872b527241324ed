using System;

namespace SpikeLang.Runtime;

/// <summary>
/// Records the spikes of one population as (step, neuron) pairs plus a running count per neuron.
/// </summary>
/// <remarks>
/// Storage doubles when full, so recording allocates only while the monitor grows; size it with
/// the constructor or <see cref="EnsureCapacity"/> to keep a whole run allocation-free.
/// <see cref="CountPerNeuron"/> counts every spike since creation: <see cref="Clear"/> drops the
/// recorded pairs (e.g. after flushing them to a file) but not the counts, which
/// <see cref="ResetCounts"/> zeroes.
/// </remarks>
public sealed class SpikeMonitor
{
    private readonly int[] _perNeuron;
    private long[] _steps;
    private int[] _indices;
    private int _count;

    /// <summary>Creates an empty monitor.</summary>
    /// <param name="neurons">Population size.</param>
    /// <param name="initialCapacity">Spikes held before the first growth.</param>
    public SpikeMonitor(int neurons, int initialCapacity = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(neurons);
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacity);
        _perNeuron = new int[neurons];
        _steps = new long[initialCapacity];
        _indices = new int[initialCapacity];
    }

    /// <summary>Population size.</summary>
    public int Neurons => _perNeuron.Length;

    /// <summary>Number of recorded spikes.</summary>
    public int Count => _count;

    /// <summary>Spikes that fit before the next growth.</summary>
    public int Capacity => _indices.Length;

    /// <summary>Step of each recorded spike.</summary>
    public ReadOnlySpan<long> Steps => new(_steps, 0, _count);

    /// <summary>Neuron of each recorded spike.</summary>
    public ReadOnlySpan<int> Indices => new(_indices, 0, _count);

    /// <summary>Spikes per neuron since creation (or the last <see cref="ResetCounts"/>).</summary>
    public ReadOnlySpan<int> CountPerNeuron => _perNeuron;

    /// <summary>Appends the spikes of step <paramref name="step"/>; each index must lie in [0, <see cref="Neurons"/>).</summary>
    public void Record(long step, ReadOnlySpan<int> indices)
    {
        int n = indices.Length;
        if (n == 0)
        {
            return;
        }

        int[] perNeuron = _perNeuron;
        for (int k = 0; k < n; k++)
        {
            perNeuron[indices[k]]++;
        }

        int end = _count + n;
        if ((uint)end > (uint)_indices.Length)
        {
            Grow(end);
        }

        indices.CopyTo(new Span<int>(_indices, _count, n));
        new Span<long>(_steps, _count, n).Fill(step);
        _count = end;
    }

    /// <summary>Makes room for <paramref name="totalSpikes"/> recorded spikes in all.</summary>
    public void EnsureCapacity(int totalSpikes)
    {
        if (totalSpikes > _indices.Length)
        {
            Resize(totalSpikes);
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
            throw new InvalidOperationException("A spike monitor cannot hold more than int.MaxValue spikes; clear it periodically.");
        }

        Resize((int)Math.Min(Array.MaxLength, Math.Max(needed, Math.Max(256L, 2L * _indices.Length))));
    }

    private void Resize(int capacity)
    {
        Array.Resize(ref _indices, capacity);
        Array.Resize(ref _steps, capacity);
    }
}
