using System;
using System.Runtime.InteropServices;

namespace SpikeLang.Runtime;

/// <summary>
/// Where each rank's synapses of one connection stand in the order one process holds them: row by row, and within a
/// row rank by rank, which is ascending target order since ranks own ascending ranges. Weight files and the joined
/// synapse files are in that order: the ranks put their values together into it (<see cref="Join(ReadOnlySpan{float})"/>)
/// and each takes its own out of it (<see cref="Split"/>).
/// </summary>
public sealed class SynapseOrder
{
    private readonly RankGroup _ranks;
    // The joined position of every rank's synapses, listed rank by rank as an all-gather lists them.
    private readonly int[] _joined;
    private readonly int _ownStart;
    private readonly int _ownCount;

    private SynapseOrder(RankGroup ranks, int[] joined, int[] rowStart, int ownStart, int ownCount)
    {
        _ranks = ranks;
        _joined = joined;
        RowStart = rowStart;
        _ownStart = ownStart;
        _ownCount = ownCount;
    }

    /// <summary>Where each row starts in the joined order; its last entry is every rank's synapses together.</summary>
    public int[] RowStart { get; }

    /// <summary>The synapses of every rank.</summary>
    public int Count => RowStart[^1];

    /// <summary>
    /// The order of connection rows <paramref name="own"/> (this rank's synapses: every row, its own targets' columns)
    /// among every rank's. Called by every rank at the same point.
    /// </summary>
    /// <exception cref="NotSupportedException">The ranks' synapses together exceed one .NET array.</exception>
    public static SynapseOrder Of(RankGroup ranks, Csr own)
    {
        ArgumentNullException.ThrowIfNull(ranks);
        ArgumentNullException.ThrowIfNull(own);
        int rows = own.Rows, size = ranks.Size, stride = rows + 1;
        int[] rowStarts = ranks.AllGather(own.RowStart).ToArray();
        long total = 0;
        var rankStart = new int[size + 1];
        for (int r = 0; r < size; r++)
        {
            total += rowStarts[r * stride + rows];
            if (total > Array.MaxLength)
            {
                throw new NotSupportedException($"The {size} ranks hold more synapses of one connection ({total} and more) than one .NET array holds.");
            }
            rankStart[r + 1] = (int)total;
        }

        var rowStart = new int[stride];
        var joined = new int[total];
        for (int row = 0, at = 0; row < rows; row++)
        {
            rowStart[row] = at;
            for (int r = 0; r < size; r++)
            {
                int first = rowStarts[r * stride + row], end = rowStarts[r * stride + row + 1];
                for (int s = first; s < end; s++)
                {
                    joined[rankStart[r] + s] = at++;
                }
            }
        }
        rowStart[rows] = (int)total;
        return new SynapseOrder(ranks, joined, rowStart, rankStart[ranks.Rank], own.SynapseCount);
    }

    /// <summary>
    /// A connection's per-synapse <paramref name="values"/> in the order one process holds them: as they are in one
    /// process (<paramref name="ranks"/> null or of one), joined from every rank's on several. Called by every rank at the same point.
    /// </summary>
    public static float[] Joined(RankGroup? ranks, Csr own, float[] values) =>
        ranks is not { Size: > 1 } ? values : Of(ranks, own).Join(values);

    /// <summary>
    /// This process's part of <paramref name="joined"/>, a connection's per-synapse values in the order one process
    /// holds them: all of it in one process, this rank's synapses' on several. Called by every rank at the same point.
    /// </summary>
    public static float[] Own(RankGroup? ranks, Csr own, float[] joined)
    {
        if (ranks is not { Size: > 1 })
        {
            return joined;
        }
        var values = new float[own.SynapseCount];
        Of(ranks, own).Split(joined, values);
        return values;
    }

    /// <summary>Every rank's <paramref name="own"/> values (one per synapse it holds) in the joined order, on every rank. Called by every rank at the same point.</summary>
    public int[] Join(ReadOnlySpan<int> own) => Reorder(Gather(own));

    /// <inheritdoc cref="Join(ReadOnlySpan{int})"/>
    public float[] Join(ReadOnlySpan<float> own) => Reorder(MemoryMarshal.Cast<int, float>(Gather(MemoryMarshal.Cast<float, int>(own))));

    /// <summary>Every rank's values, rank by rank (a rank gathers ints, which carry a float's bits as well).</summary>
    private ReadOnlySpan<int> Gather(ReadOnlySpan<int> own)
    {
        CheckOwn(own.Length);
        return _ranks.AllGather(own);
    }

    private T[] Reorder<T>(ReadOnlySpan<T> gathered)
    {
        var result = new T[_joined.Length];
        for (int g = 0; g < gathered.Length; g++)
        {
            result[_joined[g]] = gathered[g];
        }
        return result;
    }

    /// <summary>This rank's synapses' values out of <paramref name="joined"/> (every synapse, in the joined order) into <paramref name="own"/>.</summary>
    public void Split(ReadOnlySpan<float> joined, Span<float> own)
    {
        if (joined.Length != _joined.Length)
        {
            throw new ArgumentException($"{joined.Length} values for the {_joined.Length} synapses of every rank.", nameof(joined));
        }
        CheckOwn(own.Length);
        for (int k = 0; k < own.Length; k++)
        {
            own[k] = joined[_joined[_ownStart + k]];
        }
    }

    private void CheckOwn(int length)
    {
        if (length != _ownCount)
        {
            throw new ArgumentException($"{length} values for the {_ownCount} synapses this rank holds.");
        }
    }
}
