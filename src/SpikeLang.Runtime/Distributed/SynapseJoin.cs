using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;

namespace SpikeLang.Runtime;

/// <summary>
/// Every rank's synapses in one <see cref="NetworkDescriptor"/>, for what writes a network's synapses after a run on
/// several ranks (<c>spikelang run</c>'s <c>synapses_*.npy</c>, the weight plots): each rank holds only the synapses
/// onto its own neurons, so its own descriptor would silently miss the others'.
/// </summary>
public static class SynapseJoin
{
    /// <summary>
    /// Called by every rank at the same point; returns, on every rank, <paramref name="local"/> with each connection's
    /// synapses and per-synapse values joined in the order one process holds them: row by row, and within a row rank
    /// by rank, which is ascending target order since ranks own ascending ranges. A connection that every rank holds
    /// whole (a dense one) is kept as it is.
    /// </summary>
    public static NetworkDescriptor Join(RankGroup ranks, NetworkDescriptor local)
    {
        ArgumentNullException.ThrowIfNull(ranks);
        ArgumentNullException.ThrowIfNull(local);
        return ranks.Size == 1 ? local : local with { Connections = local.Connections.Select(c => Join(ranks, c)).ToList() };
    }

    private static ConnectionDescriptor Join(RankGroup ranks, ConnectionDescriptor connection)
    {
        Csr csr = connection.Connectivity;
        ulong hash = Hash(csr.Columns, Hash(csr.RowStart, 14695981039346656037ul));
        if (ranks.AllMin(hash) == ranks.AllMax(hash))
        {
            return connection;
        }

        int rows = csr.Rows, size = ranks.Size;
        int[] rowStarts = ranks.AllGather(csr.RowStart).ToArray();
        int[] columns = ranks.AllGather(csr.Columns).ToArray();
        // Where each rank's synapses start in the gathered arrays.
        var rankStart = new int[size + 1];
        for (int r = 0; r < size; r++)
        {
            rankStart[r + 1] = rankStart[r] + rowStarts[r * (rows + 1) + rows];
        }

        // order[k]: the gathered position of the joined synapse k.
        var order = new int[rankStart[size]];
        var rowStart = new int[rows + 1];
        int k = 0;
        for (int row = 0; row < rows; row++)
        {
            rowStart[row] = k;
            for (int r = 0; r < size; r++)
            {
                int first = rankStart[r] + rowStarts[r * (rows + 1) + row], end = rankStart[r] + rowStarts[r * (rows + 1) + row + 1];
                for (int s = first; s < end; s++)
                {
                    order[k++] = s;
                }
            }
        }
        rowStart[rows] = k;

        var state = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var (name, values) in connection.SynapseState)
        {
            state[name] = Reorder(MemoryMarshal.Cast<int, float>(ranks.AllGather(MemoryMarshal.Cast<float, int>(values.AsSpan()))), order);
        }
        int[]? delays = connection.SynapseDelaySteps is { } own ? Reorder(ranks.AllGather(own), order) : null;
        return connection with
        {
            Connectivity = new Csr(rows, csr.ColumnCount, rowStart, Reorder(columns, order)),
            SynapseState = state,
            SynapseDelaySteps = delays,
        };
    }

    private static T[] Reorder<T>(ReadOnlySpan<T> gathered, int[] order)
    {
        var result = new T[order.Length];
        for (int k = 0; k < order.Length; k++)
        {
            result[k] = gathered[order[k]];
        }
        return result;
    }

    private static ulong Hash(int[] values, ulong hash)
    {
        foreach (int value in values)
        {
            hash = (hash ^ (uint)value) * 1099511628211ul;
        }
        return hash;
    }
}
