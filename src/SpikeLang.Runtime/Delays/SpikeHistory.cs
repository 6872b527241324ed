using System;
using System.Diagnostics.CodeAnalysis;

namespace SpikeLang.Runtime;

/// <summary>
/// The spikes of the last maxDelaySteps + 1 steps of one population, for projections with a
/// single (homogeneous) delay: each step pushes its spikes once and every projection reads the
/// step its delay points at.
/// </summary>
/// <remarks>
/// Every slot holds as many spikes as the busiest step pushed so far, twice over, up to every neuron: memory is
/// 4·(maxDelaySteps + 1) bytes per spike of that step, not per neuron (a million neurons behind a 20 ms delay would
/// otherwise hold 804 MB per connection). A push that outgrows the slots allocates once, copying what they hold;
/// after that pushing allocates nothing. Before enough pushes have happened, the older slots read as empty — the
/// network was silent before it started.
/// </remarks>
public sealed class SpikeHistory
{
    /// <summary>Spikes a slot holds before the first push that needs more.</summary>
    public const int InitialCapacity = 1024;

    private int[] _buffer;
    private readonly int[] _counts;
    private readonly int _neurons;
    private readonly int _slotCount;
    // Spikes each slot holds: slot s lies at [s·_capacity, (s + 1)·_capacity) of _buffer.
    private int _capacity;
    private int _head;

    /// <summary>Creates an empty history.</summary>
    /// <param name="neurons">Population size, i.e. the most spikes one step can push.</param>
    /// <param name="maxDelaySteps">Largest delay that <see cref="Delayed"/> will be asked for.</param>
    public SpikeHistory(int neurons, int maxDelaySteps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(neurons);
        ArgumentOutOfRangeException.ThrowIfNegative(maxDelaySteps);
        if (maxDelaySteps >= Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDelaySteps), maxDelaySteps, "The delay is longer than a history can hold.");
        }
        _neurons = neurons;
        _slotCount = maxDelaySteps + 1;
        _capacity = (int)Math.Min(Math.Min(neurons, InitialCapacity), Array.MaxLength / _slotCount);
        _buffer = new int[(long)_capacity * _slotCount];
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

        Store(head, spikes);
        _head = head;
    }

    /// <summary>The spikes pushed <paramref name="delaySteps"/> pushes ago (0 = the latest push).</summary>
    public ReadOnlySpan<int> Delayed(int delaySteps)
    {
        int slot = Slot(delaySteps);
        return new ReadOnlySpan<int>(_buffer, slot * _capacity, _counts[slot]);
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

        Store(Slot(delaySteps), spikes);
    }

    private void Store(int slot, ReadOnlySpan<int> spikes)
    {
        if (spikes.Length > _capacity)
        {
            Grow(spikes.Length);
        }
        spikes.CopyTo(new Span<int>(_buffer, slot * _capacity, _capacity));
        _counts[slot] = spikes.Length;
    }

    /// <summary>Widens every slot to twice <paramref name="needed"/> spikes (at most every neuron), keeping what each holds.</summary>
    private void Grow(int needed)
    {
        long capacity = Math.Min(_neurons, 2L * needed);
        if (capacity * _slotCount > Array.MaxLength)
        {
            capacity = needed;
            if (capacity * _slotCount > Array.MaxLength)
            {
                throw new InvalidOperationException($"A step of {needed} spikes behind a delay of {_slotCount - 1} steps needs more room than one .NET array holds.");
            }
        }
        var buffer = new int[capacity * _slotCount];
        for (int slot = 0; slot < _slotCount; slot++)
        {
            Array.Copy(_buffer, (long)slot * _capacity, buffer, slot * capacity, _counts[slot]);
        }
        _buffer = buffer;
        _capacity = (int)capacity;
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
