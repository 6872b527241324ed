using System;
using System.Linq;
using System.Threading;
using SpikeLang.Runtime;

namespace SpikeLang.Tests;

/// <summary>
/// Ranks of one process, each on a thread of its own, joined by a barrier: the exchange MPI makes between processes,
/// so tests can run a network on 1, 2 and 4 ranks without mpirun.
/// </summary>
internal sealed class ThreadRanks : RankGroup
{
    private readonly Shared _shared;
    private int[] _received = [];

    private ThreadRanks(Shared shared, int rank)
    {
        _shared = shared;
        Rank = rank;
    }

    public override int Rank { get; }

    public override int Size => _shared.Lists.Length;

    /// <summary>Runs <paramref name="body"/> on <paramref name="size"/> ranks at once and returns each rank's result.</summary>
    public static T[] Run<T>(int size, Func<RankGroup, T> body)
    {
        var shared = new Shared(size);
        var results = new T[size];
        var errors = new Exception?[size];
        var threads = new Thread[size];
        for (int r = 0; r < size; r++)
        {
            int rank = r;
            threads[r] = new Thread(() =>
            {
                try
                {
                    using var ranks = new ThreadRanks(shared, rank);
                    results[rank] = body(ranks);
                }
                catch (Exception ex)
                {
                    errors[rank] = ex;
                    // The others would wait for this rank at the next barrier forever.
                    shared.Barrier.RemoveParticipant();
                }
            }, 64 << 20);
            threads[r].Start();
        }
        foreach (var thread in threads)
        {
            thread.Join();
        }
        var failed = errors.OfType<Exception>().ToArray();
        return failed.Length > 0 ? throw new AggregateException(failed) : results;
    }

    /// <summary>Collectives this rank has joined (spike exchanges and checks).</summary>
    public int Collectives { get; private set; }

    public override ReadOnlySpan<int> AllGather(ReadOnlySpan<int> message)
    {
        Collectives++;
        _shared.Lists[Rank] = message.ToArray();
        _shared.Barrier.SignalAndWait();
        int total = 0;
        foreach (int[] list in _shared.Lists)
        {
            total += list.Length;
        }
        if (_received.Length < total)
        {
            _received = new int[total];
        }
        total = 0;
        foreach (int[] list in _shared.Lists)
        {
            list.CopyTo(_received, total);
            total += list.Length;
        }
        _shared.Barrier.SignalAndWait();
        return _received.AsSpan(0, total);
    }

    public override ReadOnlySpan<int> AllToAll(ReadOnlySpan<int> message, ReadOnlySpan<int> counts)
    {
        Collectives++;
        _shared.Lists[Rank] = message.ToArray();
        _shared.Counts[Rank] = counts.ToArray();
        _shared.Barrier.SignalAndWait();
        int total = 0;
        foreach (int[] sent in _shared.Counts)
        {
            total += sent[Rank];
        }
        if (_received.Length < total)
        {
            _received = new int[total];
        }
        total = 0;
        for (int source = 0; source < Size; source++)
        {
            int[] sent = _shared.Counts[source];
            int offset = sent.Take(Rank).Sum();
            _shared.Lists[source].AsSpan(offset, sent[Rank]).CopyTo(_received.AsSpan(total));
            total += sent[Rank];
        }
        _shared.Barrier.SignalAndWait();
        return _received.AsSpan(0, total);
    }

    public override ulong AllMin(ulong value) => Reduce(value, Enumerable.Min);

    public override ulong AllMax(ulong value) => Reduce(value, Enumerable.Max);

    private ulong Reduce(ulong value, Func<ulong[], ulong> reduce)
    {
        Collectives++;
        _shared.Values[Rank] = value;
        _shared.Barrier.SignalAndWait();
        ulong result = reduce(_shared.Values);
        _shared.Barrier.SignalAndWait();
        return result;
    }

    public override void Dispose()
    {
    }

    private sealed class Shared(int size)
    {
        public int[][] Lists { get; } = new int[size][];

        /// <summary>Each rank's list lengths per destination in an all-to-all.</summary>
        public int[][] Counts { get; } = new int[size][];

        public ulong[] Values { get; } = new ulong[size];

        public Barrier Barrier { get; } = new(size);
    }
}
