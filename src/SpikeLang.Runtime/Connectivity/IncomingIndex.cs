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

    /// <summary>Groups the synapses of <paramref name="csr"/> by postsynaptic neuron in O(synapses).</summary>
    public static IncomingIndex Build(Csr csr)
    {
        ArgumentNullException.ThrowIfNull(csr);
        int[] columns = csr.Columns;
        int[] rowStart = csr.RowStart;
        int[] columnStart = new int[csr.ColumnCount + 1];
        for (int s = 0; s < columns.Length; s++)
        {
            columnStart[columns[s] + 1]++;
        }

        for (int j = 0; j < csr.ColumnCount; j++)
        {
            columnStart[j + 1] += columnStart[j];
        }

        int[] cursor = (int[])columnStart.Clone();
        int[] synapses = new int[columns.Length];
        int[] sources = new int[columns.Length];
        for (int i = 0; i < csr.Rows; i++)
        {
            for (int s = rowStart[i]; s < rowStart[i + 1]; s++)
            {
                int slot = cursor[columns[s]]++;
                synapses[slot] = s;
                sources[slot] = i;
            }
        }

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
