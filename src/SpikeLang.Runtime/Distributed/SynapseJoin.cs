using System;
using System.Collections.Generic;
using System.Linq;

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

        var order = SynapseOrder.Of(ranks, csr);
        var state = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var (name, values) in connection.SynapseState)
        {
            state[name] = order.Join(values.AsSpan());
        }
        return connection with
        {
            Connectivity = new Csr(csr.Rows, csr.ColumnCount, order.RowStart, order.Join(csr.Columns)),
            SynapseState = state,
            SynapseDelaySteps = connection.SynapseDelaySteps is { } own ? order.Join(own) : null,
        };
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
