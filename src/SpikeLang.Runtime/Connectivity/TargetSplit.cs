using System;

namespace SpikeLang.Runtime;

/// <summary>
/// Where each row of a <see cref="Csr"/> crosses the boundaries of the target ranges of a
/// <see cref="Partition"/>: rows are sorted by target, so the synapses of a row onto range p are the
/// contiguous run [<c>Offsets[row·(parts+1) + p]</c>, <c>Offsets[row·(parts+1) + p + 1]</c>). A thread that
/// owns range p delivers every spike, but only onto its targets, visiting each target's synapses in the
/// order a single thread would: the sums, and so the spikes, are the same for any number of threads. With several
/// ranks the ranges cover only the targets this rank owns.
/// </summary>
public sealed class TargetSplit
{
    /// <summary>Computes the crossings of every row for targets [<paramref name="first"/>, <paramref name="end"/>), the ones this process delivers to.</summary>
    /// <param name="connectivity">The synapses, rows sorted by target (as every <see cref="Csr"/> is).</param>
    /// <param name="first">The first target (column) delivered to: 0, or where this rank's neurons start.</param>
    /// <param name="end">One past the last target delivered to.</param>
    /// <param name="parts">The number of target ranges [first, end) is split into, at least 1.</param>
    public TargetSplit(Csr connectivity, int first, int end, int parts)
    {
        ArgumentNullException.ThrowIfNull(connectivity);
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        if (first < 0 || end < first || end > connectivity.ColumnCount)
        {
            throw new ArgumentOutOfRangeException(nameof(first), $"Targets [{first}, {end}) are not within the {connectivity.ColumnCount} columns.");
        }
        Parts = parts;
        int stride = parts + 1;
        var offsets = new int[(long)connectivity.Rows * stride];
        int[] rowStart = connectivity.RowStart, columns = connectivity.Columns;
        for (int row = 0; row < connectivity.Rows; row++)
        {
            int k = rowStart[row], rowEnd = rowStart[row + 1];
            for (int p = 0; p <= parts; p++)
            {
                int bound = first + Partition.Start(end - first, parts, p);
                while (k < rowEnd && columns[k] < bound)
                {
                    k++;
                }
                offsets[row * stride + p] = k;
            }
        }
        Offsets = offsets;
    }

    /// <summary>The number of target ranges.</summary>
    public int Parts { get; }

    /// <summary>Parts + 1 synapse offsets per row; read-only, exposed for the delivery loop.</summary>
    public int[] Offsets { get; }
}
