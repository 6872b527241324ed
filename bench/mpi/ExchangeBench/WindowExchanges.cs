using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.InteropServices;
using SpikeLang.Runtime;

namespace SpikeLang.Bench.Mpi;

/// <summary>
/// One window's spikes sent both ways: (a) every rank all of this rank's spikes, step by step the count then the
/// neuron indices (<see cref="SpikeWindow"/>'s message, <see cref="RankGroup.AllGather"/>); (b) each rank only the
/// spikes whose neuron has a target there, in the same layout per destination (<see cref="RankGroup.AllToAll"/>).
/// Each is timed from a barrier (so that neither absorbs the ranks' imbalance in finding their spikes) to its end,
/// building its message included (for the all-to-all that is the filtering by the target table); the two take turns
/// going first, window by window.
/// </summary>
internal sealed class WindowExchanges(RankGroup ranks, TargetTable table, SpikeRule rule, int neurons, int window, int timedWindows)
{
    private readonly List<int> _spikes = [];
    private readonly int[] _stepStarts = new int[window + 1];
    private readonly int[] _counts = new int[ranks.Size];
    private int[] _message = [];
    // --check only: what a window should deliver, and every rank's spikes it is recomputed from.
    private readonly List<int> _expected = [];
    private readonly List<int> _everyRankSpikes = [];
    private readonly int[] _everyRankStepStarts = new int[window + 1];

    /// <summary>The timestamp ticks of each timed window's all-gather on this rank.</summary>
    public List<long> AllGatherTicks { get; } = new(timedWindows);

    /// <summary>The timestamp ticks of each timed window's all-to-all on this rank.</summary>
    public List<long> AllToAllTicks { get; } = new(timedWindows);

    public long AllGatherReceived { get; private set; }

    public long AllToAllReceived { get; private set; }

    /// <summary>This rank's spikes exchanged in timed windows.</summary>
    public long Spikes { get; private set; }

    /// <summary>The copies of those spikes the all-to-all sent (one per rank each reaches).</summary>
    public long AllToAllSent { get; private set; }

    /// <summary>The first window whose exchange received something other than it should, with what; null while none.</summary>
    public string? Failure { get; private set; }

    /// <summary>Exchanges the window of steps [<paramref name="firstStep"/>, + window) both ways; <paramref name="timed"/>: counted in the results.</summary>
    public void Run(long firstStep, bool timed, bool allGatherFirst, bool check)
    {
        _spikes.Clear();
        for (int t = 0; t < window; t++)
        {
            _stepStarts[t] = _spikes.Count;
            rule.AddSpikes(firstStep + t, table.OwnStart, table.OwnEnd, _spikes);
        }
        _stepStarts[window] = _spikes.Count;
        // Room for either message (at most every spike to every rank), so that neither allocates while timed.
        int room = ranks.Size * (window + _spikes.Count);
        if (_message.Length < room)
        {
            _message = new int[Math.Max(room, 2 * _message.Length)];
        }

        for (int turn = 0; turn < 2; turn++)
        {
            if ((turn == 0) == allGatherFirst)
            {
                ranks.AllMax(0);
                long start = Stopwatch.GetTimestamp();
                ReadOnlySpan<int> all = ranks.AllGather(_message.AsSpan(0, AllGatherMessage()));
                long ticks = Stopwatch.GetTimestamp() - start;
                if (timed)
                {
                    AllGatherTicks.Add(ticks);
                    AllGatherReceived += all.Length;
                }
                if (check)
                {
                    Verify("all-gather", firstStep, all, everySpike: true);
                }
            }
            else
            {
                ranks.AllMax(0);
                long start = Stopwatch.GetTimestamp();
                int length = AllToAllMessage(out int sent);
                ReadOnlySpan<int> mine = ranks.AllToAll(_message.AsSpan(0, length), _counts);
                long ticks = Stopwatch.GetTimestamp() - start;
                if (timed)
                {
                    AllToAllTicks.Add(ticks);
                    AllToAllReceived += mine.Length;
                    AllToAllSent += sent;
                }
                if (check)
                {
                    Verify("all-to-all", firstStep, mine, everySpike: false);
                }
            }
        }
        if (timed)
        {
            Spikes += _spikes.Count;
        }
    }

    /// <summary>Step by step, the count of this rank's spikes then the spikes; returns the message's length.</summary>
    private int AllGatherMessage()
    {
        int length = 0;
        for (int t = 0; t < window; t++)
        {
            _message[length++] = _stepStarts[t + 1] - _stepStarts[t];
            ReadOnlySpan<int> step = CollectionsMarshal.AsSpan(_spikes)[_stepStarts[t].._stepStarts[t + 1]];
            step.CopyTo(_message.AsSpan(length));
            length += step.Length;
        }
        return length;
    }

    /// <summary>For each rank in turn, the all-gather's message holding only the spikes that have targets there; <paramref name="sent"/>: the spikes in it.</summary>
    private int AllToAllMessage(out int sent)
    {
        ReadOnlySpan<int> spikes = CollectionsMarshal.AsSpan(_spikes);
        int length = 0;
        sent = 0;
        for (int d = 0; d < ranks.Size; d++)
        {
            ReadOnlySpan<bool> reaches = table.Reaches(d);
            int start = length;
            for (int t = 0; t < window; t++)
            {
                int countAt = length++;
                for (int k = _stepStarts[t]; k < _stepStarts[t + 1]; k++)
                {
                    if (reaches[spikes[k] - table.OwnStart])
                    {
                        _message[length++] = spikes[k];
                    }
                }
                _message[countAt] = length - countAt - 1;
            }
            sent += length - start - window;
            _counts[d] = length - start;
        }
        return length;
    }

    /// <summary>
    /// Compares what an exchange received with what every rank's spikes (recomputed here from the rule) should have
    /// given: all of them, or only those with a target on this rank (from this rank's own connectivity, not from the
    /// exchanged table); keeps the first difference.
    /// </summary>
    private void Verify(string exchange, long firstStep, ReadOnlySpan<int> received, bool everySpike)
    {
        if (Failure is not null)
        {
            return;
        }
        _everyRankSpikes.Clear();
        for (int t = 0; t < window; t++)
        {
            _everyRankStepStarts[t] = _everyRankSpikes.Count;
            rule.AddSpikes(firstStep + t, 0, neurons, _everyRankSpikes);
        }
        _everyRankStepStarts[window] = _everyRankSpikes.Count;
        _expected.Clear();
        for (int r = 0; r < ranks.Size; r++)
        {
            int first = Partition.Start(neurons, ranks.Size, r), end = Partition.Start(neurons, ranks.Size, r + 1);
            for (int t = 0; t < window; t++)
            {
                int countAt = _expected.Count;
                _expected.Add(0);
                for (int k = _everyRankStepStarts[t]; k < _everyRankStepStarts[t + 1]; k++)
                {
                    int i = _everyRankSpikes[k];
                    if (i >= first && i < end && (everySpike || table.HasTargetHere[i]))
                    {
                        _expected.Add(i);
                    }
                }
                _expected[countAt] = _expected.Count - countAt - 1;
            }
        }
        if (!received.SequenceEqual(CollectionsMarshal.AsSpan(_expected)))
        {
            Failure = $"rank {ranks.Rank}: the {exchange} of steps {firstStep}-{firstStep + window - 1} received {received.Length} ints, "
                + $"{_expected.Count} expected ({Difference(received)})";
        }
    }

    private string Difference(ReadOnlySpan<int> received)
    {
        int k = 0;
        while (k < received.Length && k < _expected.Count && received[k] == _expected[k])
        {
            k++;
        }
        return k < Math.Min(received.Length, _expected.Count) ? $"first difference at {k}: {received[k]} instead of {_expected[k]}" : $"equal for the first {k}";
    }
}
