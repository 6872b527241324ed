using System;

namespace SpikeLang.Runtime;

/// <summary>
/// Builds <see cref="Csr"/> connectivity for the <c>connect</c> rules of the language, for the targets one process
/// builds (all of them, or one rank's: <see cref="TargetDraws"/>). Random rules draw target by target from streams
/// fixed per block of targets, so a target's synapses do not depend on who builds the others; the draws each one makes
/// are documented because they are part of a network's reproducibility. Runs at construction time only, so
/// allocating here is fine.
/// </summary>
public static class ConnectivityBuilder
{
    /// <summary>Every presynaptic neuron to every postsynaptic neuron; no randomness.</summary>
    public static Csr All(int pre, int post) => All(pre, post, 0, post);

    /// <summary>Every presynaptic neuron to every postsynaptic neuron of [<paramref name="first"/>, <paramref name="end"/>) (the targets one process builds); no randomness.</summary>
    public static Csr All(int pre, int post, int first, int end)
    {
        CheckSizes(pre, post);
        CheckRange(post, first, end);
        int width = end - first;
        int[] columns = new int[CheckedSynapseCount((long)pre * width)];
        int[] rowStart = new int[pre + 1];
        for (int i = 0; i < pre; i++)
        {
            int start = i * width;
            rowStart[i] = start;
            for (int j = 0; j < width; j++)
            {
                columns[start + j] = first + j;
            }
        }

        rowStart[pre] = columns.Length;
        return new Csr(pre, post, rowStart, columns, validate: false);
    }

    /// <summary>Neuron i to neuron i, for i in [0, <paramref name="n"/>); no randomness.</summary>
    public static Csr OneToOne(int n) => OneToOne(n, 0, n);

    /// <summary>Neuron i to neuron i, for the targets i of [<paramref name="first"/>, <paramref name="end"/>) (the targets one process builds); no randomness.</summary>
    public static Csr OneToOne(int n, int first, int end)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        CheckRange(n, first, end);
        int[] rowStart = new int[n + 1];
        int[] columns = new int[end - first];
        for (int i = 0; i < n; i++)
        {
            rowStart[i + 1] = Math.Clamp(i + 1 - first, 0, end - first);
        }

        for (int j = first; j < end; j++)
        {
            columns[j - first] = j;
        }

        return new Csr(n, n, rowStart, columns, validate: false);
    }

    /// <summary>
    /// Each (pre, post) pair independently connected with probability <paramref name="p"/>, drawn target by target
    /// for the targets of <paramref name="draws"/>, in O(synapses + targets) time by geometric skipping over sources.
    /// </summary>
    /// <remarks>
    /// Draws, for each target j, from its block's connectivity stream: starting at source −1,
    /// u = 1 − NextDouble(), gap = floor(ln u / ln(1 − p)), advance by gap + 1, connect that source; the first draw
    /// landing at or past <paramref name="pre"/> ends the target. Logarithms come from the same fdlibm port as
    /// <see cref="RandomStream"/>, so the result does not depend on the platform's C library. p ≤ 0 and p ≥ 1 draw
    /// nothing.
    /// </remarks>
    public static Csr Probability(int pre, int post, double p, TargetDraws draws, int threads = 1)
    {
        CheckSizes(pre, post);
        CheckProbability(p, nameof(p));
        draws.Check(post);
        if (p >= 1.0)
        {
            return All(pre, post, draws.First, draws.End);
        }

        if (p <= 0.0 || pre == 0)
        {
            return new Csr(pre, post, new int[pre + 1], Array.Empty<int>(), validate: false);
        }

        double logQ = DeterministicMath.Log1P(-p);
        return ByTarget(pre, post, draws, threads, p * pre, () => (j, rng, synapses) =>
        {
            long i = -1;
            while (true)
            {
                double gap = Math.Floor(DeterministicMath.Log(1.0 - rng.NextDouble()) / logQ);
                if (gap >= pre - 1 - i)
                {
                    break;
                }

                i += (long)gap + 1;
                synapses.Add((int)i, j);
            }
        });
    }

    /// <summary>
    /// Each postsynaptic neuron of <paramref name="draws"/> receives exactly <paramref name="k"/> distinct presynaptic
    /// sources chosen uniformly at random; the result is in CSR by presynaptic row as usual.
    /// </summary>
    /// <remarks>
    /// Draws, for each target from its block's connectivity stream: a partial Fisher–Yates shuffle of the identity
    /// permutation of [0, pre): for t = 0 … k−1, r = t + NextInt(pre − t), swap positions t and r, and position t is
    /// the next source; the swaps are then undone so every target costs O(k), not O(pre).
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="k"/> exceeds <paramref name="pre"/>.</exception>
    public static Csr FixedInDegree(int pre, int post, int k, TargetDraws draws, int threads = 1)
    {
        CheckSizes(pre, post);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (k > pre)
        {
            throw new ArgumentException($"Cannot choose {k} distinct sources out of {pre} presynaptic neurons.", nameof(k));
        }
        draws.Check(post);

        CheckedSynapseCount((long)(draws.End - draws.First) * k);
        return ByTarget(pre, post, draws, threads, k, () =>
        {
            // Each part of the targets shuffles its own copy of the identity.
            int[] permutation = new int[pre];
            for (int i = 0; i < pre; i++)
            {
                permutation[i] = i;
            }

            int[] swapped = new int[k];
            int[] chosen = new int[k];
            return (j, rng, synapses) =>
            {
                SampleSorted(rng, permutation, swapped, chosen);
                foreach (int i in chosen)
                {
                    synapses.Add(i, j);
                }
            };
        });
    }

    /// <summary>
    /// Pairs (i, j) for which <paramref name="condition"/> holds, each kept with <paramref name="probability"/>,
    /// for the targets j of <paramref name="draws"/>.
    /// </summary>
    /// <remarks>
    /// Pairs are visited target by target (j outer, i inner), each target's pairs with its block's connectivity
    /// stream, which the condition receives too (a condition may draw); one NextDouble() is drawn for each pair whose
    /// condition holds, and the pair is kept when that draw is below <paramref name="probability"/>. Probability 1
    /// keeps every such pair without drawing; probability 0 returns no synapses without calling the condition.
    /// </remarks>
    public static Csr Where(int pre, int post, Func<int, int, RandomStream, bool> condition, double probability, TargetDraws draws, int threads = 1)
    {
        CheckProbability(probability, nameof(probability));
        if (probability <= 0.0)
        {
            CheckSizes(pre, post);
            draws.Check(post);
            return new Csr(pre, post, new int[pre + 1], Array.Empty<int>(), validate: false);
        }
        return Where(pre, post, condition, (_, _, _) => probability, draws, threads);
    }

    /// <summary>
    /// Pairs (i, j) for which <paramref name="condition"/> holds (every pair when it is null), each kept with its own
    /// probability, as Brian2's <c>connect(condition, p='...')</c> with p an expression of i and j, for the targets j of
    /// <paramref name="draws"/>.
    /// </summary>
    /// <remarks>
    /// Pairs are visited target by target (j outer, i inner) with the target's block's connectivity stream, which the
    /// condition and the probability receive (either may draw); one NextDouble() is drawn for each pair whose condition
    /// holds and whose probability lies strictly between 0 and 1; a probability of 1 keeps the pair and one of 0
    /// drops it without drawing.
    /// </remarks>
    /// <exception cref="ArgumentException">A pair's probability lies outside [0, 1] (the message names the pair).</exception>
    public static Csr Where(int pre, int post, Func<int, int, RandomStream, bool>? condition, Func<int, int, RandomStream, double> probability, TargetDraws draws, int threads = 1)
    {
        CheckSizes(pre, post);
        ArgumentNullException.ThrowIfNull(probability);
        draws.Check(post);
        return ByTarget(pre, post, draws, threads, 0, () => (j, rng, synapses) =>
        {
            for (int i = 0; i < pre; i++)
            {
                if (condition is not null && !condition(i, j, rng))
                {
                    continue;
                }
                double p = probability(i, j, rng);
                if (!(p >= 0.0 && p <= 1.0))
                {
                    throw new ArgumentException($"The connection probability of the pair i = {i}, j = {j} is {p}; it must lie in [0, 1].");
                }
                if (p >= 1.0 || (p > 0.0 && rng.NextDouble() < p))
                {
                    synapses.Add(i, j);
                }
            }
        });
    }

    /// <summary>
    /// Draws the synapses of every target of <paramref name="draws"/> with the drawer <paramref name="drawer"/> makes
    /// (one per part, for its scratch space), each target with its block's stream: in parts of whole blocks on up to
    /// <paramref name="threads"/> threads (<see cref="TargetDraws.InParts"/>), joined in target order, so the result does
    /// not depend on the threads. <paramref name="synapsesPerTarget"/> sizes the first buffers (they grow as needed).
    /// </summary>
    private static Csr ByTarget(int pre, int post, TargetDraws draws, int threads, double synapsesPerTarget,
        Func<Action<int, RandomStream, TargetMajorSynapses>> drawer)
    {
        var synapses = new TargetMajorSynapses[draws.Parts(threads)];
        draws.InParts(synapses.Length, (part, first, end) =>
        {
            var draw = drawer();
            var found = synapses[part] = new TargetMajorSynapses((long)(synapsesPerTarget * (end - first)), pre);
            for (int j = first; j < end;)
            {
                var rng = draws.Connectivity(draws.BlockOf(j));
                for (int blockEnd = Math.Min(draws.BlockEnd(j), end); j < blockEnd; j++)
                {
                    draw(j, rng, found);
                }
            }
        });

        return TargetMajorSynapses.ToCsr(synapses, pre, post);
    }

    /// <summary>
    /// Each presynaptic neuron sends exactly <paramref name="k"/> synapses to distinct postsynaptic neurons chosen
    /// uniformly at random (Brian2's <c>connect(j='k for k in sample(N_post, size=k)')</c>); of those, the synapses
    /// onto the targets of <paramref name="draws"/>.
    /// </summary>
    /// <remarks>
    /// The rule chooses targets per source, so it cannot be drawn target by target: every process draws every row from
    /// the connection's stream (block 0 of the connectivity streams), for pre = 0, 1, … a partial Fisher–Yates shuffle
    /// of [0, post) as <see cref="FixedInDegree"/> does for sources, and keeps the targets it builds.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="k"/> exceeds <paramref name="post"/>.</exception>
    public static Csr FixedOutDegree(int pre, int post, int k, TargetDraws draws)
    {
        CheckSizes(pre, post);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (k > post)
        {
            throw new ArgumentException($"Cannot choose {k} distinct targets out of {post} postsynaptic neurons.", nameof(k));
        }
        draws.Check(post);

        var rng = draws.Connectivity(0);
        int[] permutation = new int[post];
        for (int j = 0; j < post; j++)
        {
            permutation[j] = j;
        }

        int[] swapped = new int[k];
        int[] row = new int[k];
        int[] rowStart = new int[pre + 1];
        int[] columns = new int[CheckedSynapseCount(Math.Min((long)pre * k, (long)pre * (draws.End - draws.First)))];
        int n = 0;
        for (int i = 0; i < pre; i++)
        {
            SampleSorted(rng, permutation, swapped, row);
            foreach (int j in row)
            {
                if (j >= draws.First && j < draws.End)
                {
                    columns[n++] = j;
                }
            }
            rowStart[i + 1] = n;
        }

        Array.Resize(ref columns, n);
        return new Csr(pre, post, rowStart, columns, validate: false);
    }

    /// <summary>Synapses from explicit (pre, post) pairs, e.g. read from a file; duplicates make separate synapses.</summary>
    public static Csr FromPairs(int pre, int post, ReadOnlySpan<int> preIndex, ReadOnlySpan<int> postIndex)
        => FromPairs(pre, post, preIndex, postIndex, out _);

    /// <summary>
    /// Synapses from explicit (pre, post) pairs; <paramref name="synapseOfPair"/>[k] is the synapse
    /// id given to pair k, so per-pair values (weights, delays) can be scattered into synapse order.
    /// </summary>
    /// <remarks>Synapses are ordered by (pre, post, position in the input): a stable sort.</remarks>
    public static Csr FromPairs(int pre, int post, ReadOnlySpan<int> preIndex, ReadOnlySpan<int> postIndex, out int[] synapseOfPair)
    {
        CheckSizes(pre, post);
        if (preIndex.Length != postIndex.Length)
        {
            throw new ArgumentException($"{preIndex.Length} presynaptic but {postIndex.Length} postsynaptic indices.", nameof(postIndex));
        }

        int n = preIndex.Length;
        int[] postStart = new int[post + 1];
        int[] rowStart = new int[pre + 1];
        for (int k = 0; k < n; k++)
        {
            int i = preIndex[k];
            int j = postIndex[k];
            if ((uint)i >= (uint)pre || (uint)j >= (uint)post)
            {
                throw new ArgumentOutOfRangeException(nameof(preIndex), $"Pair {k} = ({i}, {j}) lies outside [0, {pre}) × [0, {post}).");
            }

            postStart[j + 1]++;
            rowStart[i + 1]++;
        }

        for (int j = 0; j < post; j++)
        {
            postStart[j + 1] += postStart[j];
        }

        for (int i = 0; i < pre; i++)
        {
            rowStart[i + 1] += rowStart[i];
        }

        // Two stable counting sorts (by post, then by pre) order pairs by (pre, post, input position) in O(n).
        int[] byPost = new int[n];
        for (int k = 0; k < n; k++)
        {
            byPost[postStart[postIndex[k]]++] = k;
        }

        int[] cursor = (int[])rowStart.Clone();
        int[] columns = new int[n];
        synapseOfPair = new int[n];
        for (int m = 0; m < n; m++)
        {
            int k = byPost[m];
            int slot = cursor[preIndex[k]]++;
            columns[slot] = postIndex[k];
            synapseOfPair[k] = slot;
        }

        return new Csr(pre, post, rowStart, columns, validate: false);
    }

    /// <summary>
    /// Draws <paramref name="chosen"/>.Length distinct values of <paramref name="permutation"/> (the identity of [0, n)),
    /// sorted: for t = 0 … k−1, r = t + NextInt(n − t), swap positions t and r, and position t is the next value; the
    /// swaps are then undone (through <paramref name="swapped"/>), so each draw costs O(k), not O(n).
    /// </summary>
    private static void SampleSorted(RandomStream rng, int[] permutation, int[] swapped, int[] chosen)
    {
        int k = chosen.Length, n = permutation.Length;
        for (int t = 0; t < k; t++)
        {
            int r = t + rng.NextInt(n - t);
            swapped[t] = r;
            (permutation[t], permutation[r]) = (permutation[r], permutation[t]);
            chosen[t] = permutation[t];
        }

        for (int t = k - 1; t >= 0; t--)
        {
            int r = swapped[t];
            (permutation[t], permutation[r]) = (permutation[r], permutation[t]);
        }

        Array.Sort(chosen);
    }

    private static int Grow(int length)
    {
        long next = Math.Max(16L, 2L * length);
        if (length >= Array.MaxLength)
        {
            throw new ArgumentException("A connection would have more synapses than one .NET array holds.");
        }

        return (int)Math.Min(next, Array.MaxLength);
    }

    private static int CheckedSynapseCount(long count)
    {
        if (count > Array.MaxLength)
        {
            throw new ArgumentException($"{count} synapses exceed the largest array .NET can allocate.");
        }

        return (int)count;
    }

    private static void CheckSizes(int pre, int post)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pre);
        ArgumentOutOfRangeException.ThrowIfNegative(post);
    }

    private static void CheckRange(int targets, int first, int end)
    {
        if (first < 0 || end < first || end > targets)
        {
            throw new ArgumentOutOfRangeException(nameof(first), $"Targets [{first}, {end}) are not within the {targets} postsynaptic neurons.");
        }
    }

    private static void CheckProbability(double p, string name)
    {
        if (!(p >= 0.0 && p <= 1.0))
        {
            throw new ArgumentOutOfRangeException(name, p, "A probability must lie in [0, 1].");
        }
    }
}
