using System;

namespace SpikeLang.Runtime;

/// <summary>
/// Synapses of one projection in compressed sparse row form, one row per presynaptic neuron.
/// Synapse ids are positions in <see cref="Columns"/>: synapse s of row i lies in
/// [<c>RowStart[i]</c>, <c>RowStart[i + 1]</c>), so per-synapse state arrays are indexed by s.
/// </summary>
/// <remarks>
/// Rows are sorted by postsynaptic index so that delivery walks the target arrays forward.
/// Repeated (pre, post) pairs are allowed: they are separate synapses.
/// The arrays are exposed for hot loops and must be treated as read-only.
/// </remarks>
public sealed class Csr
{
    /// <summary>Validates and wraps the arrays (no copy).</summary>
    /// <param name="rows">Presynaptic neuron count.</param>
    /// <param name="columnCount">Postsynaptic neuron count.</param>
    /// <param name="rowStart">Length <paramref name="rows"/> + 1, non-decreasing, from 0 to the synapse count.</param>
    /// <param name="columns">Postsynaptic index per synapse, in [0, <paramref name="columnCount"/>), ascending within each row.</param>
    public Csr(int rows, int columnCount, int[] rowStart, int[] columns)
        : this(rows, columnCount, rowStart, columns, validate: true)
    {
    }

    internal Csr(int rows, int columnCount, int[] rowStart, int[] columns, bool validate)
    {
        ArgumentNullException.ThrowIfNull(rowStart);
        ArgumentNullException.ThrowIfNull(columns);
        if (validate)
        {
            Validate(rows, columnCount, rowStart, columns);
        }

        Rows = rows;
        ColumnCount = columnCount;
        RowStart = rowStart;
        Columns = columns;
    }

    /// <summary>Presynaptic neuron count.</summary>
    public int Rows { get; }

    /// <summary>Postsynaptic neuron count.</summary>
    public int ColumnCount { get; }

    /// <summary>Offsets of each row in <see cref="Columns"/>; length <see cref="Rows"/> + 1.</summary>
    public int[] RowStart { get; }

    /// <summary>Postsynaptic local index of each synapse.</summary>
    public int[] Columns { get; }

    /// <summary>Number of synapses.</summary>
    public int SynapseCount => Columns.Length;

    /// <summary>Postsynaptic indices of presynaptic neuron <paramref name="pre"/>'s synapses; the synapse id of element k is <c>RowStart[pre] + k</c>.</summary>
    public ReadOnlySpan<int> Row(int pre)
    {
        int start = RowStart[pre];
        return new ReadOnlySpan<int>(Columns, start, RowStart[pre + 1] - start);
    }

    /// <summary>Presynaptic index of every synapse (the row each synapse belongs to), computed on demand.</summary>
    public int[] BuildRowIndex()
    {
        int[] result = new int[Columns.Length];
        for (int i = 0; i < Rows; i++)
        {
            Array.Fill(result, i, RowStart[i], RowStart[i + 1] - RowStart[i]);
        }

        return result;
    }

    private static void Validate(int rows, int columnCount, int[] rowStart, int[] columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columnCount);
        if (rowStart.Length != rows + 1)
        {
            throw new ArgumentException($"RowStart must have {rows + 1} entries, not {rowStart.Length}.", nameof(rowStart));
        }

        if (rowStart[0] != 0 || rowStart[rows] != columns.Length)
        {
            throw new ArgumentException("RowStart must run from 0 to the number of synapses.", nameof(rowStart));
        }

        for (int i = 0; i < rows; i++)
        {
            int start = rowStart[i];
            int end = rowStart[i + 1];
            if (end < start)
            {
                throw new ArgumentException($"RowStart decreases at row {i}.", nameof(rowStart));
            }

            int previous = -1;
            for (int s = start; s < end; s++)
            {
                int c = columns[s];
                if ((uint)c >= (uint)columnCount)
                {
                    throw new ArgumentException($"Synapse {s} targets column {c}, outside [0, {columnCount}).", nameof(columns));
                }

                if (c < previous)
                {
                    throw new ArgumentException($"Row {i} is not sorted by column.", nameof(columns));
                }

                previous = c;
            }
        }
    }
}
