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
    // The targets [first, end) split into the ranges.
    private readonly int _first;
    private readonly int _end;

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
        _first = first;
        _end = end;
        int stride = parts + 1;
        var offsets = new int[(long)connectivity.Rows * stride];
        int[] rowStart = connectivity.RowStart, columns = connectivity.Columns;
        for (int row = 0; row < connectivity.Rows; row++)
        {
            int k = rowStart[row], rowEnd = rowStart[row + 1];
            for (int p = 0; p <= parts; p++)
            {
                int bound = PartStart(p);
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

    /// <summary>The first target (column) of range <paramref name="part"/>; the end of the last range for part = Parts.</summary>
    public int PartStart(int part) => _first + Partition.Start(_end - _first, Parts, part);

    /// <summary>
    /// The neurons of <paramref name="ascending"/> whose columns lie in range <paramref name="part"/>: neuron indices of
    /// the target population, whose column 0 is neuron <paramref name="columnZero"/>. The part that owns those targets
    /// runs their 'on post' code, over their own synapses only.
    /// </summary>
    public ReadOnlySpan<int> Within(ReadOnlySpan<int> ascending, int part, int columnZero)
    {
        int from = LowerBound(ascending, columnZero + PartStart(part)), to = LowerBound(ascending, columnZero + PartStart(part + 1));
        return ascending[from..to];

        static int LowerBound(ReadOnlySpan<int> ascending, int value)
        {
            int k = ascending.BinarySearch(value);
            return k < 0 ? ~k : k;
        }
    }

    /// <summary>Parts + 1 synapse offsets per row; read-only, exposed for the delivery loop.</summary>
    public int[] Offsets { get; }
}
