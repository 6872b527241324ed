using System;

namespace SpikeLang.Runtime;

/// <summary>
/// Builds <see cref="Csr"/> connectivity for the <c>connect</c> rules of the language. Every
/// builder is deterministic for a given <see cref="RandomStream"/> state; the draws each one
/// makes are documented because they are part of a network's reproducibility. Runs at
/// construction time only, so allocating here is fine.
/// </summary>
public static class ConnectivityBuilder
{
    /// <summary>Every presynaptic neuron to every postsynaptic neuron; no randomness.</summary>
    public static Csr All(int pre, int post)
    {
        CheckSizes(pre, post);
        int[] columns = new int[CheckedSynapseCount((long)pre * post)];
        int[] rowStart = new int[pre + 1];
        for (int i = 0; i < pre; i++)
        {
            int start = i * post;
            rowStart[i] = start;
            for (int j = 0; j < post; j++)
            {
                columns[start + j] = j;
            }
        }

        rowStart[pre] = columns.Length;
        return new Csr(pre, post, rowStart, columns, validate: false);
    }

    /// <summary>Neuron i to neuron i, for i in [0, <paramref name="n"/>); no randomness.</summary>
    public static Csr OneToOne(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        int[] rowStart = new int[n + 1];
        int[] columns = new int[n];
        for (int i = 0; i < n; i++)
        {
            rowStart[i] = i;
            columns[i] = i;
        }

        rowStart[n] = n;
        return new Csr(n, n, rowStart, columns, validate: false);
    }

    /// <summary>
    /// Each (pre, post) pair independently connected with probability <paramref name="p"/>, in
    /// O(synapses) time by geometric skipping over the row-major pair index i·post + j.
    /// </summary>
    /// <remarks>
    /// Draws: starting at pair −1, u = 1 − rng.NextDouble(), gap = floor(ln u / ln(1 − p)), advance
    /// by gap + 1, connect that pair; the first draw landing at or past pre·post ends the build.
    /// Logarithms come from the same fdlibm port as <see cref="RandomStream"/>, so the result
    /// does not depend on the platform's C library. p ≤ 0 and p ≥ 1 draw nothing.
    /// </remarks>
    public static Csr Probability(int pre, int post, double p, RandomStream rng)
    {
        CheckSizes(pre, post);
        ArgumentNullException.ThrowIfNull(rng);
        CheckProbability(p, nameof(p));
        long total = (long)pre * post;
        if (p <= 0.0 || total == 0)
        {
            return new Csr(pre, post, new int[pre + 1], Array.Empty<int>(), validate: false);
        }

        if (p >= 1.0)
        {
            return All(pre, post);
        }

        double mean = p * total;
        double guess = Math.Min(total, mean + 5.0 * Math.Sqrt(mean * (1.0 - p)) + 16.0);
        int[] columns = new int[(int)Math.Min(guess, Array.MaxLength)];
        int[] rowStart = new int[pre + 1];
        double logQ = DeterministicMath.Log1P(-p);
        long position = -1;
        int n = 0;
        int row = 0;
        while (true)
        {
            double gap = Math.Floor(DeterministicMath.Log(1.0 - rng.NextDouble()) / logQ);
            if (gap >= total - 1 - position)
            {
                break;
            }

            position += (long)gap + 1;
            int i = (int)(position / post);
            int j = (int)(position - (long)i * post);
            while (row < i)
            {
                rowStart[++row] = n;
            }

            if (n == columns.Length)
            {
                Array.Resize(ref columns, Grow(n));
            }

            columns[n++] = j;
        }

        while (row < pre)
        {
            rowStart[++row] = n;
        }

        if (n != columns.Length)
        {
            Array.Resize(ref columns, n);
        }

        return new Csr(pre, post, rowStart, columns, validate: false);
    }

    /// <summary>
    /// Each postsynaptic neuron receives exactly <paramref name="k"/> distinct presynaptic sources
    /// chosen uniformly at random; the result is in CSR by presynaptic row as usual.
    /// </summary>
    /// <remarks>
    /// Draws: for post = 0, 1, … a partial Fisher–Yates shuffle of the identity permutation of
    /// [0, pre): for t = 0 … k−1, r = t + rng.NextInt(pre − t), swap positions t and r, and position t
    /// is the next source; the swaps are then undone so every column costs O(k), not O(pre).
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="k"/> exceeds <paramref name="pre"/>.</exception>
    public static Csr FixedInDegree(int pre, int post, int k, RandomStream rng)
    {
        CheckSizes(pre, post);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (k > pre)
        {
            throw new ArgumentException($"Cannot choose {k} distinct sources out of {pre} presynaptic neurons.", nameof(k));
        }

        int[] sources = new int[CheckedSynapseCount((long)post * k)];
        int[] permutation = new int[pre];
        for (int i = 0; i < pre; i++)
        {
            permutation[i] = i;
        }

        int[] swapped = new int[k];
        int[] rowStart = new int[pre + 1];
        for (int j = 0; j < post; j++)
        {
            int baseIndex = j * k;
            for (int t = 0; t < k; t++)
            {
                int r = t + rng.NextInt(pre - t);
                swapped[t] = r;
                (permutation[t], permutation[r]) = (permutation[r], permutation[t]);
                sources[baseIndex + t] = permutation[t];
                rowStart[permutation[t] + 1]++;
            }

            for (int t = k - 1; t >= 0; t--)
            {
                int r = swapped[t];
                (permutation[t], permutation[r]) = (permutation[r], permutation[t]);
            }
        }

        for (int i = 0; i < pre; i++)
        {
            rowStart[i + 1] += rowStart[i];
        }

        int[] cursor = (int[])rowStart.Clone();
        int[] columns = new int[sources.Length];
        // Walking columns in ascending order leaves every row sorted without a sort.
        for (int j = 0; j < post; j++)
        {
            int baseIndex = j * k;
            for (int t = 0; t < k; t++)
            {
                columns[cursor[sources[baseIndex + t]]++] = j;
            }
        }

        return new Csr(pre, post, rowStart, columns, validate: false);
    }

    /// <summary>
    /// Pairs (i, j) for which <paramref name="condition"/> holds, each kept with
    /// <paramref name="probability"/>.
    /// </summary>
    /// <remarks>
    /// Pairs are visited row-major (i outer, j inner); one rng.NextDouble() is drawn for each pair
    /// whose condition holds, and the pair is kept when that draw is below
    /// <paramref name="probability"/>. Probability 1 keeps every such pair without drawing;
    /// probability 0 returns no synapses without calling the condition.
    /// </remarks>
    public static Csr Where(int pre, int post, Func<int, int, bool> condition, double probability, RandomStream rng)
    {
        CheckProbability(probability, nameof(probability));
        return probability <= 0.0
            ? new Csr(pre, post, new int[pre + 1], Array.Empty<int>(), validate: false)
            : Where(pre, post, condition, (_, _) => probability, rng);
    }

    /// <summary>
    /// Pairs (i, j) for which <paramref name="condition"/> holds (every pair when it is null), each kept
    /// with its own probability, as Brian2's <c>connect(condition, p='...')</c> with p an expression of i and j.
    /// </summary>
    /// <remarks>
    /// Pairs are visited row-major (i outer, j inner); one rng.NextDouble() is drawn for each pair whose
    /// condition holds and whose probability lies strictly between 0 and 1; a probability of 1 keeps the
    /// pair and one of 0 drops it without drawing.
    /// </remarks>
    /// <exception cref="ArgumentException">A pair's probability lies outside [0, 1] (the message names the pair).</exception>
    public static Csr Where(int pre, int post, Func<int, int, bool>? condition, Func<int, int, double> probability, RandomStream rng)
    {
        CheckSizes(pre, post);
        ArgumentNullException.ThrowIfNull(probability);
        ArgumentNullException.ThrowIfNull(rng);
        int[] rowStart = new int[pre + 1];
        int[] columns = new int[Math.Max(16, Math.Min(post, 1 << 20))];
        int n = 0;
        for (int i = 0; i < pre; i++)
        {
            for (int j = 0; j < post; j++)
            {
                if (condition is not null && !condition(i, j))
                {
                    continue;
                }
                double p = probability(i, j);
                if (!(p >= 0.0 && p <= 1.0))
                {
                    throw new ArgumentException($"The connection probability of the pair i = {i}, j = {j} is {p}; it must lie in [0, 1].");
                }
                if (p >= 1.0 || (p > 0.0 && rng.NextDouble() < p))
                {
                    if (n == columns.Length)
                    {
                        Array.Resize(ref columns, Grow(n));
                    }

                    columns[n++] = j;
                }
            }

            rowStart[i + 1] = n;
        }

        Array.Resize(ref columns, n);
        return new Csr(pre, post, rowStart, columns, validate: false);
    }

    /// <summary>
    /// Each presynaptic neuron sends exactly <paramref name="k"/> synapses to distinct postsynaptic
    /// neurons chosen uniformly at random (Brian2's <c>connect(j='k for k in sample(N_post, size=k)')</c>).
    /// </summary>
    /// <remarks>
    /// Draws: for pre = 0, 1, … a partial Fisher–Yates shuffle of [0, post), as <see cref="FixedInDegree"/>
    /// does for sources; each row is then sorted.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="k"/> exceeds <paramref name="post"/>.</exception>
    public static Csr FixedOutDegree(int pre, int post, int k, RandomStream rng)
    {
        CheckSizes(pre, post);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (k > post)
        {
            throw new ArgumentException($"Cannot choose {k} distinct targets out of {post} postsynaptic neurons.", nameof(k));
        }

        int[] columns = new int[CheckedSynapseCount((long)pre * k)];
        int[] permutation = new int[post];
        for (int j = 0; j < post; j++)
        {
            permutation[j] = j;
        }

        int[] swapped = new int[k];
        int[] rowStart = new int[pre + 1];
        for (int i = 0; i < pre; i++)
        {
            int baseIndex = i * k;
            for (int t = 0; t < k; t++)
            {
                int r = t + rng.NextInt(post - t);
                swapped[t] = r;
                (permutation[t], permutation[r]) = (permutation[r], permutation[t]);
                columns[baseIndex + t] = permutation[t];
            }

            for (int t = k - 1; t >= 0; t--)
            {
                int r = swapped[t];
                (permutation[t], permutation[r]) = (permutation[r], permutation[t]);
            }

            Array.Sort(columns, baseIndex, k);
            rowStart[i + 1] = baseIndex + k;
        }

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

    private static void CheckProbability(double p, string name)
    {
        if (!(p >= 0.0 && p <= 1.0))
        {
            throw new ArgumentOutOfRangeException(name, p, "A probability must lie in [0, 1].");
        }
    }
}
