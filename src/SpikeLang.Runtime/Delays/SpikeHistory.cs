using System;
using System.Diagnostics.CodeAnalysis;

namespace SpikeLang.Runtime;

/// <summary>
/// The spikes of the last maxDelaySteps + 1 steps of one population, for projections with a
/// single (homogeneous) delay: each step pushes its spikes once and every projection reads the
/// step its delay points at.
/// </summary>
/// <remarks>
/// Every slot is preallocated for the worst case (all neurons spiking), so pushing never
/// allocates: memory is 4·neurons·(maxDelaySteps + 1) bytes. Before enough pushes have happened,
/// the older slots read as empty — the network was silent before it started.
/// </remarks>
public sealed class SpikeHistory
{
    private readonly int[] _buffer;
    private readonly int[] _counts;
    private readonly int _neurons;
    private readonly int _slotCount;
    private int _head;

    /// <summary>Creates an empty history.</summary>
    /// <param name="neurons">Population size, i.e. the most spikes one step can push.</param>
    /// <param name="maxDelaySteps">Largest delay that <see cref="Delayed"/> will be asked for.</param>
    public SpikeHistory(int neurons, int maxDelaySteps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(neurons);
        ArgumentOutOfRangeException.ThrowIfNegative(maxDelaySteps);
        _neurons = neurons;
        _slotCount = maxDelaySteps + 1;
        long size = (long)neurons * _slotCount;
        if (size > Array.MaxLength)
        {
            throw new ArgumentException("neurons × (maxDelaySteps + 1) exceeds the largest array .NET can allocate.");
        }

        _buffer = new int[size];
        _counts = new int[_slotCount];
        _head = 0;
    }

    /// <summary>Population size.</summary>
    public int Neurons => _neurons;

    /// <summary>Largest delay that can be read.</summary>
    public int MaxDelaySteps => _slotCount - 1;

    /// <summary>Stores this step's spikes (indices, at most <see cref="Neurons"/> of them), overwriting the oldest step.</summary>
    public void Push(ReadOnlySpan<int> spikes)
    {
        if (spikes.Length > _neurons)
        {
            ThrowTooManySpikes(spikes.Length);
        }

        int head = _head + 1;
        if (head == _slotCount)
        {
            head = 0;
        }

        spikes.CopyTo(new Span<int>(_buffer, head * _neurons, _neurons));
        _counts[head] = spikes.Length;
        _head = head;
    }

    /// <summary>The spikes pushed <paramref name="delaySteps"/> pushes ago (0 = the latest push).</summary>
    public ReadOnlySpan<int> Delayed(int delaySteps)
    {
        int slot = Slot(delaySteps);
        return new ReadOnlySpan<int>(_buffer, slot * _neurons, _counts[slot]);
    }

    /// <summary>
    /// Replaces the spikes pushed <paramref name="delaySteps"/> pushes ago (0 = the latest push): on several ranks each
    /// rank pushes its own spikes, and the other ranks' join them once per window, before any is delivered (<see cref="SpikeWindow"/>).
    /// </summary>
    public void Replace(int delaySteps, ReadOnlySpan<int> spikes)
    {
        if (spikes.Length > _neurons)
        {
            ThrowTooManySpikes(spikes.Length);
        }

        int slot = Slot(delaySteps);
        spikes.CopyTo(new Span<int>(_buffer, slot * _neurons, _neurons));
        _counts[slot] = spikes.Length;
    }

    /// <summary>The slot of the push <paramref name="delaySteps"/> pushes ago.</summary>
    private int Slot(int delaySteps)
    {
        if ((uint)delaySteps >= (uint)_slotCount)
        {
            ThrowBadDelay(delaySteps);
        }

        int slot = _head - delaySteps;
        return slot < 0 ? slot + _slotCount : slot;
    }

    /// <summary>Forgets all pushed spikes.</summary>
    public void Clear()
    {
        Array.Clear(_counts);
        _head = 0;
    }

    [DoesNotReturn]
    private void ThrowTooManySpikes(int count) =>
        throw new ArgumentException($"{count} spikes pushed into a history of {_neurons} neurons.", "spikes");

    [DoesNotReturn]
    private void ThrowBadDelay(int delaySteps) =>
        throw new ArgumentOutOfRangeException(nameof(delaySteps), delaySteps, $"Delay must lie in [0, {_slotCount - 1}].");
}
