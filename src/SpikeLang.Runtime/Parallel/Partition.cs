using System;
using System.Collections.Generic;

namespace SpikeLang.Runtime;

/// <summary>
/// How neurons (or a connection's targets) are cut into contiguous ranges, each owned by one worker that alone
/// writes its neurons and holds their incoming synapses: evenly among a simulator's threads and an MPI job's ranks
/// (<see cref="Start"/>, <see cref="BlockStart"/>), so no per-element result depends on how many ranges there are;
/// and by capacity among a chip's cores (<see cref="ByCapacity"/>), each range as long as one core can hold.
/// </summary>
public static class Partition
{
    /// <summary>
    /// Elements below which a range is not worth handing to another thread: measured on CUBA, two parts of 8000
    /// or 32 000 neurons ran slower than one (each kernel's hand-off and each part's walk over every spike
    /// cost more than the halved work); from about 128 000 neurons two threads are ahead.
    /// </summary>
    public const int MinimumPerPart = 65536;

    /// <summary>How many ranges <paramref name="count"/> elements are split into for <paramref name="threads"/> threads: at most one per thread, none smaller than <see cref="MinimumPerPart"/>.</summary>
    public static int Parts(int count, int threads) => Math.Clamp(count / MinimumPerPart, 1, Math.Max(1, threads));

    /// <summary>
    /// Synapses of a row that one part must deliver to be worth a part of its own: every part walks every spike and
    /// looks up where the spike's row crosses into its targets, one cache miss per spike and part, while the part's
    /// run of the row is the work it takes from the others. CUBA's rows of 80 never reach it (its targets cut it, as
    /// neurons are cut), Brunel's rows of 1 250 onto 12 500 neurons do, and their delivery, most of each step, is shared.
    /// </summary>
    public const int MinimumRunPerPart = 128;

    /// <summary>Synapses below which a connection is delivered by one part whatever its rows: too little work per step for a hand-off.</summary>
    public const int MinimumSynapsesPerPart = 1 << 20;

    /// <summary>
    /// How many target ranges a connection's delivery is split into for <paramref name="threads"/> threads: as many as
    /// its <paramref name="targets"/> give (<see cref="Parts"/>), or more where its rows are long, so that each part's share
    /// of a mean row holds at least <see cref="MinimumRunPerPart"/> synapses and of all synapses at least
    /// <see cref="MinimumSynapsesPerPart"/>; never more ranges than the targets fill at <see cref="Alignment"/> each.
    /// </summary>
    public static int DeliveryParts(int targets, long synapses, int rows, int threads)
    {
        int byTargets = Parts(targets, threads);
        if (rows <= 0)
        {
            return byTargets;
        }
        long byRows = Math.Min(synapses / rows / MinimumRunPerPart, synapses / MinimumSynapsesPerPart);
        return (int)Math.Clamp(Math.Max(byTargets, byRows), 1, Math.Max(1, Math.Min(threads, targets / Alignment)));
    }

    /// <summary>
    /// The first element of range <paramref name="part"/> of <paramref name="parts"/> (<paramref name="count"/> for
    /// part = parts): near-equal ranges whose starts are multiples of 16, so that two threads never write the
    /// same cache line of a float or double array and each range's vector loop starts aligned.
    /// </summary>
    public static int Start(int count, int parts, int part) =>
        part >= parts ? count : (int)((long)count * part / parts) & ~(Alignment - 1);

    /// <summary>Where ranges of <see cref="Start"/> may begin: multiples of 16 elements (64 bytes of float).</summary>
    public const int Alignment = 16;

    /// <summary>
    /// Cuts <paramref name="count"/> elements into contiguous ranges from element 0, each as long as a core can hold:
    /// a range takes element after element while <paramref name="tryAdd"/> (the range's first element, the next
    /// element) accepts it, accounting for its use of the core; the element it refuses starts the next range, after
    /// <paramref name="startRange"/> has emptied the core's account.
    /// </summary>
    /// <returns>Where each range starts, then <paramref name="count"/> (just 0 when there are no elements).</returns>
    /// <exception cref="Exception">What <paramref name="doesNotFit"/> makes of an element that an empty range refuses.</exception>
    public static int[] ByCapacity(int count, Func<int, int, bool> tryAdd, Action startRange, Func<int, Exception> doesNotFit)
    {
        ArgumentNullException.ThrowIfNull(tryAdd);
        ArgumentNullException.ThrowIfNull(startRange);
        ArgumentNullException.ThrowIfNull(doesNotFit);
        var starts = new List<int> { 0 };
        startRange();
        for (int i = 0; i < count; i++)
        {
            int first = starts[^1];
            if (tryAdd(first, i))
            {
                continue;
            }
            if (i == first)
            {
                throw doesNotFit(i);
            }
            starts.Add(i);
            startRange();
            if (!tryAdd(i, i))
            {
                throw doesNotFit(i);
            }
        }
        if (count > 0)
        {
            starts.Add(count);
        }
        return starts.ToArray();
    }

    /// <summary>
    /// Elements per block of random draws: code that draws per element uses one stream per block, whatever the
    /// threads, so the numbers each element gets depend only on the seed and its index.
    /// </summary>
    public const int RandomBlock = 1 << RandomBlockShift;

    /// <summary>log₂ of <see cref="RandomBlock"/>: element i lies in block i &gt;&gt; RandomBlockShift.</summary>
    public const int RandomBlockShift = 12;

    /// <summary>
    /// Like <see cref="Start"/>, but at a multiple of <see cref="RandomBlock"/> (or <paramref name="count"/>): ranges of elements that
    /// draw random numbers, so that each block's stream is drawn by one thread, in element order.
    /// </summary>
    public static int BlockStart(int count, int parts, int part) =>
        part >= parts ? count : Math.Min(count, (int)((long)Blocks(count) * part / parts) * RandomBlock);

    /// <summary>The blocks of <see cref="RandomBlock"/> elements that cover <paramref name="count"/> elements.</summary>
    public static int Blocks(int count) => (count + RandomBlock - 1) / RandomBlock;

    /// <summary>
    /// The stream of block <paramref name="block"/> of the elements that draw from <paramref name="stream"/>: block 0
    /// keeps the stream itself, so a population of one block draws what one stream would.
    /// </summary>
    public static ulong BlockStream(ulong stream, int block) => stream + ((ulong)block << 32);

    /// <summary>The most threads a simulator takes: each is an OS thread that lives as long as the network.</summary>
    public const int MaxThreads = 1024;

    /// <summary>Resolves a thread count: 0 means one per logical processor.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative count, or more than <see cref="MaxThreads"/>.</exception>
    public static int Threads(int threads) => threads switch
    {
        0 => Environment.ProcessorCount,
        > 0 and <= MaxThreads => threads,
        > MaxThreads => throw new ArgumentOutOfRangeException(nameof(threads), threads, $"A simulator takes at most {MaxThreads} threads."),
        _ => throw new ArgumentOutOfRangeException(nameof(threads), threads, "A simulator needs at least one thread (0: one per core)."),
    };
}
