using System;
using System.Diagnostics.CodeAnalysis;

namespace SpikeLang.Runtime;

/// <summary>
/// A calendar of synaptic events for projections whose synapses have individual delays: a ring
/// of maxDelaySteps + 1 slots, each a list of synapse ids due at that step.
/// </summary>
/// <remarks>
/// A slot that fills up doubles its array, so the queue allocates only while it warms up to the
/// network's peak traffic; after that (or after <see cref="EnsureSlotCapacity"/>) scheduling and
/// advancing allocate nothing. Events of one slot are delivered in the order they were scheduled.
/// Scheduling with delay 0 while reading <see cref="Due"/> appends to the current slot; a span
/// obtained earlier does not see the new events.
/// </remarks>
public sealed class SynapticEventQueue
{
    private readonly int[][] _slots;
    private readonly int[] _counts;
    private readonly int _slotCount;
    private int _current;

    /// <summary>Creates an empty queue.</summary>
    /// <param name="maxDelaySteps">Largest delay that <see cref="Schedule(int, int)"/> accepts.</param>
    /// <param name="initialCapacityPerSlot">Events each slot holds before its first growth.</param>
    public SynapticEventQueue(int maxDelaySteps, int initialCapacityPerSlot = 64)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDelaySteps);
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacityPerSlot);
        _slotCount = maxDelaySteps + 1;
        _slots = new int[_slotCount][];
        _counts = new int[_slotCount];
        for (int i = 0; i < _slotCount; i++)
        {
            _slots[i] = new int[initialCapacityPerSlot];
        }
    }

    /// <summary>Largest delay accepted by <see cref="Schedule(int, int)"/>.</summary>
    public int MaxDelaySteps => _slotCount - 1;

    /// <summary>Events due at the current step, in scheduling order.</summary>
    public ReadOnlySpan<int> Due => new(_slots[_current], 0, _counts[_current]);

    /// <summary>Total number of events waiting, the current slot included (O(maxDelaySteps)).</summary>
    public int Pending
    {
        get
        {
            int total = 0;
            for (int i = 0; i < _slotCount; i++)
            {
                total += _counts[i];
            }

            return total;
        }
    }

    /// <summary>Queues <paramref name="synapse"/> to be due <paramref name="delaySteps"/> advances from now (0 = the current step).</summary>
    public void Schedule(int delaySteps, int synapse)
    {
        if ((uint)delaySteps >= (uint)_slotCount)
        {
            ThrowBadDelay(delaySteps);
        }

        int slot = _current + delaySteps;
        if (slot >= _slotCount)
        {
            slot -= _slotCount;
        }

        int count = _counts[slot];
        int[] events = _slots[slot];
        if (count == events.Length)
        {
            events = GrowSlot(slot, count + 1);
        }

        events[count] = synapse;
        _counts[slot] = count + 1;
    }

    /// <summary>Queues every synapse of <paramref name="synapses"/> with the same delay.</summary>
    public void Schedule(int delaySteps, ReadOnlySpan<int> synapses)
    {
        if ((uint)delaySteps >= (uint)_slotCount)
        {
            ThrowBadDelay(delaySteps);
        }

        int slot = _current + delaySteps;
        if (slot >= _slotCount)
        {
            slot -= _slotCount;
        }

        int count = _counts[slot];
        int[] events = _slots[slot];
        if (events.Length - count < synapses.Length)
        {
            events = GrowSlot(slot, count + synapses.Length);
        }

        synapses.CopyTo(new Span<int>(events, count, synapses.Length));
        _counts[slot] = count + synapses.Length;
    }

    /// <summary>
    /// Queues, spike by spike and each spike's synapses in row order, the events of <paramref name="spikes"/> that were
    /// found <paramref name="stepsLate"/> advances ago: each synapse k of the spike's row in <paramref name="connectivity"/>
    /// (rows counted from <paramref name="sourceStart"/>) lands where <c>delaySteps[k]</c> would have put it then. On MPI
    /// ranks that exchange spikes once per window (<see cref="SpikeWindow"/>), every rank's spikes arrive this way, in
    /// step order, so each slot receives its events in the order one process queues them.
    /// </summary>
    public void ScheduleLate(ReadOnlySpan<int> spikes, int sourceStart, Csr connectivity, ReadOnlySpan<int> delaySteps, int stepsLate)
    {
        ArgumentNullException.ThrowIfNull(connectivity);
        int[] rowStart = connectivity.RowStart;
        foreach (int s in spikes)
        {
            int row = s - sourceStart;
            if ((uint)row >= (uint)connectivity.Rows)
            {
                continue;
            }
            for (int k = rowStart[row], end = rowStart[row + 1]; k < end; k++)
            {
                Schedule(delaySteps[k] - stepsLate, k);
            }
        }
    }

    /// <summary>The shortest of <paramref name="delaySteps"/> (int.MaxValue when there are none).</summary>
    public static int Shortest(ReadOnlySpan<int> delaySteps)
    {
        int shortest = int.MaxValue;
        foreach (int d in delaySteps)
        {
            shortest = Math.Min(shortest, d);
        }
        return shortest;
    }

    /// <summary>Drops the current step's events and moves to the next step.</summary>
    public void Advance()
    {
        _counts[_current] = 0;
        int next = _current + 1;
        _current = next == _slotCount ? 0 : next;
    }

    /// <summary>Makes every slot hold at least <paramref name="capacity"/> events, so that a known peak never allocates during a run.</summary>
    public void EnsureSlotCapacity(int capacity)
    {
        for (int i = 0; i < _slotCount; i++)
        {
            if (_slots[i].Length < capacity)
            {
                GrowSlot(i, capacity);
            }
        }
    }

    /// <summary>Drops all pending events.</summary>
    public void Clear()
    {
        Array.Clear(_counts);
        _current = 0;
    }

    private int[] GrowSlot(int slot, int needed)
    {
        int[] old = _slots[slot];
        long size = Math.Max(Math.Max(8L, 2L * old.Length), needed);
        int[] grown = new int[(int)Math.Min(size, Array.MaxLength)];
        Array.Copy(old, grown, _counts[slot]);
        _slots[slot] = grown;
        return grown;
    }

    [DoesNotReturn]
    private void ThrowBadDelay(int delaySteps) =>
        throw new ArgumentOutOfRangeException(nameof(delaySteps), delaySteps, $"Delay must lie in [0, {_slotCount - 1}].");
}
