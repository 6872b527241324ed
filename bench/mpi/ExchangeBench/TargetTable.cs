using System;
using System.Diagnostics;
using SpikeLang.Runtime;

namespace SpikeLang.Bench.Mpi;

/// <summary>
/// For each neuron this rank owns, the ranks its spikes must reach (NEST's target table): each rank builds the
/// random connectivity onto its own targets with the runtime's builder, as a generated connection does, marks the
/// sources with at least one target there, and sends each rank the marks of that rank's neurons (one all-to-all of
/// bits, once, before the run).
/// </summary>
internal sealed class TargetTable
{
    /// <summary>The connection stream a generated network gives its first connection.</summary>
    private const ulong Stream = 1ul << 30;

    // _reaches[d][i - OwnStart]: own neuron i has a target on rank d.
    private readonly bool[][] _reaches;

    public TargetTable(RankGroup ranks, int neurons, int outDegree, ulong seed)
    {
        (OwnStart, OwnEnd) = ranks.Owned(neurons, randomBlocks: false);
        var draws = new TargetDraws(seed, Stream, 0, OwnStart, OwnEnd);
        Csr connectivity = ConnectivityBuilder.Probability(neurons, neurons, (double)outDegree / neurons, draws, threads: 1);
        Synapses = connectivity.SynapseCount;
        HasTargetHere = new bool[neurons];
        for (int i = 0; i < neurons; i++)
        {
            HasTargetHere[i] = connectivity.RowStart[i + 1] > connectivity.RowStart[i];
        }

        long start = Stopwatch.GetTimestamp();
        // Rank d is sent the marks of its own neurons, 32 to an int.
        var counts = new int[ranks.Size];
        var marks = new int[Words(neurons) + ranks.Size];
        int length = 0;
        for (int d = 0; d < ranks.Size; d++)
        {
            int first = Partition.Start(neurons, ranks.Size, d), end = Partition.Start(neurons, ranks.Size, d + 1);
            for (int i = first; i < end; i++)
            {
                if (HasTargetHere[i])
                {
                    marks[length + (i - first) / 32] |= 1 << ((i - first) % 32);
                }
            }
            counts[d] = Words(end - first);
            length += counts[d];
        }
        ReadOnlySpan<int> received = ranks.AllToAll(marks.AsSpan(0, length), counts);
        int own = OwnEnd - OwnStart;
        _reaches = new bool[ranks.Size][];
        for (int r = 0; r < ranks.Size; r++)
        {
            ReadOnlySpan<int> fromRank = received.Slice(r * Words(own), Words(own));
            _reaches[r] = new bool[own];
            for (int k = 0; k < own; k++)
            {
                _reaches[r][k] = (fromRank[k / 32] & (1 << (k % 32))) != 0;
            }
        }
        ExchangeTicks = Stopwatch.GetTimestamp() - start;
        ReceivedInts = received.Length;
    }

    public int OwnStart { get; }

    public int OwnEnd { get; }

    /// <summary>The synapses onto this rank's neurons.</summary>
    public long Synapses { get; }

    /// <summary>Whether source i has a target on this rank, for every neuron of the network.</summary>
    public bool[] HasTargetHere { get; }

    /// <summary>The timestamp ticks the marks' exchange took on this rank (marking and unpacking included).</summary>
    public long ExchangeTicks { get; }

    /// <summary>The ints this rank received in the marks' exchange.</summary>
    public int ReceivedInts { get; }

    /// <summary>For each own neuron, from <see cref="OwnStart"/>, whether its spikes must reach rank <paramref name="rank"/>.</summary>
    public ReadOnlySpan<bool> Reaches(int rank) => _reaches[rank];

    private static int Words(int bits) => (bits + 31) / 32;
}
