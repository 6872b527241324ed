using System;

namespace SpikeLang.Runtime;

/// <summary>
/// Synapses collected target by target (targets ascending, each target's sources ascending), as the random
/// connectivity rules draw them, turned into a <see cref="Csr"/> by presynaptic row with each row sorted by target.
/// A connection's targets are drawn in consecutive parts, one per thread; each part counts its synapses per row as
/// it collects them, so the parts can also be sorted into rows on their own threads.
/// </summary>
internal sealed class TargetMajorSynapses
{
    private int[] _sources;
    private int[] _targets;
    private int _count;
    // This part's synapses from each source; then, once ToCsr has laid out the rows, where the next one goes.
    private readonly int[] _perRow;

    public TargetMajorSynapses(long expected, int sourceCount)
    {
        int capacity = (int)Math.Clamp(expected + expected / 8 + 16, 16, Array.MaxLength);
        _sources = new int[capacity];
        _targets = new int[capacity];
        _perRow = new int[sourceCount];
    }

    /// <summary>Appends synapse <paramref name="source"/> → <paramref name="target"/>; targets never decrease, nor sources within a target.</summary>
    public void Add(int source, int target)
    {
        if (_count == _sources.Length)
        {
            if (_count == Array.MaxLength)
            {
                throw new ArgumentException("A connection would have more synapses than one .NET array holds.");
            }
            int grown = (int)Math.Min(2L * _count, Array.MaxLength);
            Array.Resize(ref _sources, grown);
            Array.Resize(ref _targets, grown);
        }
        _sources[_count] = source;
        _targets[_count] = target;
        _count++;
        _perRow[source]++;
    }

    /// <summary>
    /// The synapses of consecutive parts of the targets (in target order) by presynaptic row: a counting sort by
    /// source. Each row holds part 0's synapses, then part 1's, and so on, each part's in its order, so every row's
    /// targets ascend; the parts write their disjoint runs on threads of their own, and the result does not depend
    /// on how many parts there are.
    /// </summary>
    public static Csr ToCsr(TargetMajorSynapses[] parts, int sourceCount, int targetCount)
    {
        long total = 0;
        foreach (var part in parts)
        {
            total += part._count;
        }
        if (total > Array.MaxLength)
        {
            throw new ArgumentException($"{total} synapses exceed the largest array .NET can allocate.");
        }
        int[] rowStart = new int[sourceCount + 1];
        for (int i = 0, at = 0; i < sourceCount; i++)
        {
            rowStart[i] = at;
            foreach (var part in parts)
            {
                int count = part._perRow[i];
                part._perRow[i] = at;
                at += count;
            }
        }
        rowStart[sourceCount] = (int)total;
        int[] columns = new int[total];
        void Scatter(int p)
        {
            var part = parts[p];
            int[] cursor = part._perRow, sources = part._sources, targets = part._targets;
            for (int m = 0; m < part._count; m++)
            {
                columns[cursor[sources[m]]++] = targets[m];
            }
        }
        ConstructionParts.Run(parts.Length, Scatter);
        return new Csr(sourceCount, targetCount, rowStart, columns, validate: false);
    }
}
