using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SpikeLang.Runtime;

/// <summary>
/// Brian2's PoissonInput: n independent Poisson sources of one rate behind each target neuron, without
/// the sources as neurons. Each step, each target receives Binomial(n, p = rate·dt) input spikes, drawn
/// as Brian2 2.5 draws them (brian2/input/binomial.py): exactly, by inversion of the binomial
/// distribution, unless n·p &gt; 5 and n·(1 − p) &gt; 5, where the normal approximation
/// n·p + √(n·p·(1 − p))·randn() is used, unrounded, as Brian2 uses it.
/// </summary>
public sealed class PoissonDrive
{
    private readonly RandomStream _rng;
    private readonly double[]? _cumulative;
    // For each of GuideBuckets equal bins of [0, 1): how many cumulative entries lie at or below the bin's start,
    // so that a search starts at the right entry and, in most bins, ends there.
    private readonly int[]? _guide;
    private readonly double _mean;
    private readonly double _deviation;

    /// <param name="inputs">n, the sources behind each target (a whole number of at least 1).</param>
    /// <param name="rate">The rate of each source, in Hz.</param>
    /// <param name="dt">The time step, in seconds.</param>
    /// <param name="rng">The drive's own stream, so the draws do not depend on anything else.</param>
    /// <exception cref="ArgumentException">n is not a whole number of at least 1, or rate·dt lies outside [0, 1].</exception>
    public PoissonDrive(double inputs, double rate, double dt, RandomStream rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (!(inputs >= 1 && inputs == Math.Floor(inputs) && inputs <= int.MaxValue))
        {
            throw new ArgumentException($"A Poisson drive needs a whole number of inputs of at least 1, not {inputs}.", nameof(inputs));
        }
        double p = rate * dt;
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentException($"A Poisson drive's rate·dt must lie in [0, 1], but it is {p}.", nameof(rate));
        }
        _rng = rng;
        int n = Inputs = (int)inputs;
        _mean = n * p;
        if (p == 0 || p == 1)
        {
            // None or all of the sources spike in every step.
            return;
        }
        if (_mean > 5 && n * (1 - p) > 5)
        {
            _deviation = Math.Sqrt(n * p * (1 - p));
            return;
        }
        _cumulative = Cumulative(n, p);
        _guide = Guide(_cumulative);
    }

    /// <summary>n: the sources behind each target.</summary>
    public int Inputs { get; }

    /// <summary>P(X ≤ k) for k = 0, 1, …, the table the exact draws invert (empty for the normal approximation); for tests.</summary>
    internal ReadOnlySpan<double> CumulativeProbabilities => _cumulative;

    /// <summary>True when the counts are whole numbers (drawn exactly, or n·p when p is 0 or 1), false for the normal approximation.</summary>
    public bool Exact => _deviation == 0;

    /// <summary>Fills <paramref name="counts"/> with this step's number of input spikes of each target.</summary>
    public void Draw(Span<double> counts)
    {
        if (_cumulative is not { } cumulative)
        {
            if (_deviation == 0)
            {
                counts.Fill(_mean);
                return;
            }
            for (int k = 0; k < counts.Length; k++)
            {
                counts[k] = _mean + _deviation * _rng.NextGaussian();
            }
            return;
        }
        // Inversion: the count is the number of cumulative probabilities at or below a uniform draw u, found
        // from the guide entry of u's bin (exact: the bin start b/GuideBuckets is at or below u, a power-of-two
        // scaling rounds nothing) by stepping past the entries still at or below u, rarely more than one.
        _rng.FillUniform53(counts);
        int[] guide = _guide!;
        int i = 0;
        if (Avx2.IsSupported)
        {
            i = DrawGathered(counts, cumulative, guide);
        }
        for (; i < counts.Length; i++)
        {
            double u = counts[i];
            int count = guide[(int)(u * GuideBuckets)];
            while (u >= cumulative[count])
            {
                count++;
            }
            counts[i] = count;
        }
    }

    /// <summary>Bins of the guide table: a power of two, so that u·GuideBuckets is exact.</summary>
    private const int GuideBuckets = 4096;

    /// <summary>The guide search for four draws at a time, with gathers; returns how many elements it did.</summary>
    private static unsafe int DrawGathered(Span<double> counts, double[] cumulative, int[] guide)
    {
        int done = counts.Length & ~3;
        Vector256<double> buckets = Vector256.Create((double)GuideBuckets);
        fixed (double* table = cumulative)
        fixed (int* start = guide)
        fixed (double* u = counts)
        {
            for (int i = 0; i < done; i += 4)
            {
                Vector256<double> draw = Avx.LoadVector256(u + i);
                Vector128<int> count = Avx2.GatherVector128(start, Avx.ConvertToVector128Int32WithTruncation(draw * buckets), 4);
                while (true)
                {
                    Vector256<double> below = Avx.CompareGreaterThanOrEqual(draw, Avx2.GatherVector256(table, count, 8));
                    if (Avx.TestZ(below, below))
                    {
                        break;
                    }
                    // The lanes still at or past their entry (mask −1) move on; the table ends with 1 > u, so each stops.
                    count -= Vector256.Narrow(below.AsInt64(), below.AsInt64()).GetLower();
                }
                Avx.Store(u + i, Avx.ConvertToVector256Double(count));
            }
        }
        return done;
    }

    /// <summary>The guide of <see cref="GuideBuckets"/> bins: entry b counts the cumulative entries at or below b / GuideBuckets.</summary>
    private static int[] Guide(double[] cumulative)
    {
        var guide = new int[GuideBuckets];
        int count = 0;
        for (int b = 0; b < GuideBuckets; b++)
        {
            double binStart = (double)b / GuideBuckets;
            while (cumulative[count] <= binStart)
            {
                count++;
            }
            guide[b] = count;
        }
        return guide;
    }

    /// <summary>P(X ≤ k) for k = 0, 1, …, until it is 1 within double precision; the last entry is exactly 1, so a search always ends.</summary>
    /// <summary>
    /// P(X ≤ k) for k = 0, 1, … while the terms matter in double precision: past the mean, once a term
    /// falls below 10⁻¹⁷ the rest of the tail is smaller still, and the table ends with 1, so the count
    /// never exceeds the last entry (about 20 entries while n·p ≤ 5).
    /// </summary>
    private static double[] Cumulative(int n, double p)
    {
        var cumulative = new System.Collections.Generic.List<double>();
        double q = 1 - p;
        double term = Math.Pow(q, n);
        double sum = 0;
        for (int k = 0; k < n; k++)
        {
            sum += term;
            if (sum >= 1 || (k >= n * p && term < 1e-17))
            {
                break;
            }
            cumulative.Add(sum);
            term *= (double)(n - k) / (k + 1) * p / q;
        }
        cumulative.Add(1.0);
        return cumulative.ToArray();
    }
}
