using System;

namespace SpikeLang.Runtime;

/// <summary>
/// Synapses collected target by target (targets ascending, each target's sources ascending), as the random
/// connectivity rules draw them, turned into a <see cref="Csr"/> by presynaptic row with each row sorted by target.
/// </summary>
internal sealed class TargetMajorSynapses
{
    private int[] _sources;
    private int[] _targets;
    private int _count;

    public TargetMajorSynapses(long expected)
    {
        int capacity = (int)Math.Clamp(expected + expected / 8 + 16, 16, Array.MaxLength);
        _sources = new int[capacity];
        _targets = new int[capacity];
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
    }

    /// <summary>
    /// The synapses of consecutive parts of the targets (in target order) by presynaptic row: a counting sort by source,
    /// which keeps each row's targets ascending.
    /// </summary>
    public static Csr ToCsr(TargetMajorSynapses[] parts, int sourceCount, int targetCount)
    {
        int[] rowStart = new int[sourceCount + 1];
        long total = 0;
        foreach (var part in parts)
        {
            for (int m = 0; m < part._count; m++)
            {
                rowStart[part._sources[m] + 1]++;
            }
            total += part._count;
        }
        if (total > Array.MaxLength)
        {
            throw new ArgumentException($"{total} synapses exceed the largest array .NET can allocate.");
        }
        for (int i = 0; i < sourceCount; i++)
        {
            rowStart[i + 1] += rowStart[i];
        }
        int[] cursor = rowStart.AsSpan(0, sourceCount).ToArray();
        int[] columns = new int[total];
        foreach (var part in parts)
        {
            for (int m = 0; m < part._count; m++)
            {
                columns[cursor[part._sources[m]]++] = part._targets[m];
            }
        }
        return new Csr(sourceCount, targetCount, rowStart, columns, validate: false);
    }
}
