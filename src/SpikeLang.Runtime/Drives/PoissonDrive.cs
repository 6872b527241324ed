using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
    }

    /// <summary>n: the sources behind each target.</summary>
    public int Inputs { get; }

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
        // Inversion: the count is the number of cumulative probabilities at or below a uniform draw,
        // counted for four targets at once, up to the first entry above all four draws.
        _rng.FillUniform53(counts);
        ref double u = ref MemoryMarshal.GetReference(counts);
        Vector256<double> one = Vector256<double>.One;
        int i = 0;
        for (; i <= counts.Length - Vector256<double>.Count; i += Vector256<double>.Count)
        {
            Vector256<double> draw = Vector256.LoadUnsafe(ref u, (nuint)i);
            Vector256<double> count = Vector256<double>.Zero;
            foreach (double p in cumulative)
            {
                Vector256<double> above = Vector256.GreaterThanOrEqual(draw, Vector256.Create(p));
                if (above.AsUInt64() == Vector256<ulong>.Zero)
                {
                    // The table grows: no later entry is at or below any of the four draws.
                    break;
                }
                count += above & one;
            }
            count.StoreUnsafe(ref u, (nuint)i);
        }
        for (; i < counts.Length; i++)
        {
            int count = 0;
            foreach (double p in cumulative)
            {
                count += counts[i] >= p ? 1 : 0;
            }
            counts[i] = count;
        }
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
