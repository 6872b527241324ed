using System;

namespace SpikeLang.Runtime;

/// <summary>
/// The targets [<see cref="First"/>, <see cref="End"/>) of a connection that one process builds, and where their
/// random draws come from. Targets are drawn in blocks of <see cref="Block"/> neurons of the target population (a
/// connection onto a slice starting at <see cref="Origin"/> meets them from there), each block from streams of its
/// own (one for the connectivity, one for the synapses' values), so a target's synapses and their values depend only
/// on the seed, the connection's stream and the target's index: not on how many ranks build the network, nor on
/// which of them builds it.
/// </summary>
/// <param name="Seed">The network's seed.</param>
/// <param name="Stream">The connection's stream; <c>Stream + 1</c> draws the values.</param>
/// <param name="Origin">The target population's index of the connection's first target (its slice's start).</param>
/// <param name="First">The first target built (0, or where a rank's neurons start: at a block boundary).</param>
/// <param name="End">One past the last target built (the slice's end, or where a rank's neurons end: at a block boundary).</param>
public readonly record struct TargetDraws(ulong Seed, ulong Stream, int Origin, int First, int End)
{
    /// <summary>Neurons per block of draws: the alignment of every range a <see cref="Partition"/> cuts, so ranks never share a block.</summary>
    public const int Block = Partition.Alignment;

    /// <summary>The block of target <paramref name="target"/>.</summary>
    public int BlockOf(int target) => (Origin + target) / Block;

    /// <summary>One past the last target of <paramref name="target"/>'s block that this process builds.</summary>
    public int BlockEnd(int target) => Math.Min(End, (BlockOf(target) + 1) * Block - Origin);

    /// <summary>The first target of <paramref name="target"/>'s block, or <paramref name="target"/> where a block starts before the slice.</summary>
    public int BlockStart(int target) => Math.Max(0, BlockOf(target) * Block - Origin);

    /// <summary>The stream that draws the connectivity of the targets of block <paramref name="block"/>.</summary>
    public RandomStream Connectivity(int block) => new(Seed, Partition.BlockStream(Stream, block));

    /// <summary>The stream that draws the values of block <paramref name="block"/>'s synapses, target by target, each target's synapses by source.</summary>
    public RandomStream Values(int block) => new(Seed, Partition.BlockStream(Stream + 1, block));

    /// <summary>Targets below which a part of the draws is not worth another thread.</summary>
    public const int TargetsPerPart = 4096;

    /// <summary>How many parts of whole blocks <paramref name="threads"/> threads draw the targets in: one per thread, none under <see cref="TargetsPerPart"/> targets.</summary>
    public int Parts(int threads) => Math.Clamp((End - First) / TargetsPerPart, 1, Math.Max(1, threads));

    /// <summary>
    /// Runs <paramref name="body"/>(part, first, end) for each of <paramref name="parts"/> consecutive ranges of the
    /// targets, each starting where a block does, on threads of their own: each block's streams are drawn by one part,
    /// in target order, so what the targets get does not depend on the parts. An exception surfaces as one thread
    /// would have thrown it (a value a rule refuses, the message naming the pair).
    /// </summary>
    public void InParts(int parts, Action<int, int, int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var starts = new int[parts + 1];
        for (int part = 0; part <= parts; part++)
        {
            int start = First + (int)((long)(End - First) * part / parts);
            starts[part] = part == 0 ? First : part == parts ? End : Math.Min(End, BlockStart(start));
        }
        ConstructionParts.Run(parts, part => body(part, starts[part], starts[part + 1]));
    }

    /// <summary>
    /// Throws unless the range fits <paramref name="targets"/> targets and starts and ends where blocks do (or where the
    /// slice does); an empty range (a rank that owns none of the slice) may lie anywhere.
    /// </summary>
    internal void Check(int targets)
    {
        if (First < 0 || End < First || End > targets
            || (End > First && ((First != 0 && (Origin + First) % Block != 0) || (End != targets && (Origin + End) % Block != 0))))
        {
            throw new ArgumentOutOfRangeException(nameof(First), $"Targets [{First}, {End}) of {targets} from {Origin} must start and end at multiples of {Block} of the target population (or at the slice's ends).");
        }
    }
}
