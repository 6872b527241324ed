using System;

namespace SpikeLang.Runtime;

/// <summary>
/// The synapses of a <see cref="Csr"/> grouped by postsynaptic neuron (a CSC view holding
/// synapse ids rather than copies of synaptic state), for <c>on post</c> rules that visit every
/// incoming synapse of a neuron that spiked.
/// </summary>
/// <remarks>Within each group synapse ids are ascending, i.e. sorted by presynaptic neuron.</remarks>
public sealed class IncomingIndex
{
    private IncomingIndex(int[] columnStart, int[] synapses, int[] sources)
    {
        ColumnStart = columnStart;
        Synapses = synapses;
        Sources = sources;
    }

    /// <summary>Offsets of each postsynaptic neuron's group in <see cref="Synapses"/>; length ColumnCount + 1.</summary>
    public int[] ColumnStart { get; }

    /// <summary>Synapse ids (indices into the Csr's per-synapse arrays) grouped by postsynaptic neuron.</summary>
    public int[] Synapses { get; }

    /// <summary>Presynaptic neuron of each entry of <see cref="Synapses"/>, so traces kept per presynaptic neuron can be read without a search.</summary>
    public int[] Sources { get; }

    /// <summary>
    /// Groups the synapses of <paramref name="csr"/> by postsynaptic neuron in O(synapses), a counting sort by column on
    /// up to <paramref name="threads"/> threads: each takes a range of rows, counts its synapses per column, and then
    /// writes them after those of the ranges before it, so every group stays ascending whatever the threads.
    /// </summary>
    public static IncomingIndex Build(Csr csr, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(csr);
        int[] columns = csr.Columns;
        int[] rowStart = csr.RowStart;
        int parts = Math.Clamp(columns.Length / Partition.MinimumSynapsesPerPart, 1, Math.Max(1, Math.Min(threads, csr.Rows)));
        var perColumn = new int[parts][];
        ConstructionParts.Run(parts, part =>
        {
            var counts = perColumn[part] = new int[csr.ColumnCount];
            for (int s = rowStart[Partition.Start(csr.Rows, parts, part)], end = rowStart[Partition.Start(csr.Rows, parts, part + 1)]; s < end; s++)
            {
                counts[columns[s]]++;
            }
        });

        // Where each part writes each column's synapses: after the earlier columns, and after the earlier parts' in its own.
        int[] columnStart = new int[csr.ColumnCount + 1];
        for (int j = 0, at = 0; j < csr.ColumnCount; j++)
        {
            columnStart[j] = at;
            foreach (int[] counts in perColumn)
            {
                int count = counts[j];
                counts[j] = at;
                at += count;
            }
        }
        columnStart[csr.ColumnCount] = columns.Length;

        int[] synapses = new int[columns.Length];
        int[] sources = new int[columns.Length];
        ConstructionParts.Run(parts, part =>
        {
            int[] cursor = perColumn[part];
            for (int i = Partition.Start(csr.Rows, parts, part), last = Partition.Start(csr.Rows, parts, part + 1); i < last; i++)
            {
                for (int s = rowStart[i]; s < rowStart[i + 1]; s++)
                {
                    int slot = cursor[columns[s]]++;
                    synapses[slot] = s;
                    sources[slot] = i;
                }
            }
        });

        return new IncomingIndex(columnStart, synapses, sources);
    }

    /// <summary>Ids of the synapses that end on postsynaptic neuron <paramref name="post"/>.</summary>
    public ReadOnlySpan<int> Incoming(int post)
    {
        int start = ColumnStart[post];
        return new ReadOnlySpan<int>(Synapses, start, ColumnStart[post + 1] - start);
    }

    /// <summary>Presynaptic neurons of <see cref="Incoming"/>(<paramref name="post"/>), element for element.</summary>
    public ReadOnlySpan<int> IncomingSources(int post)
    {
        int start = ColumnStart[post];
        return new ReadOnlySpan<int>(Sources, start, ColumnStart[post + 1] - start);
    }
}
