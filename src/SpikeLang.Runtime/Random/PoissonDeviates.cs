using System;

namespace SpikeLang.Runtime;

/// <summary>What <see cref="PoissonDeviates"/> draws from: uniforms in [0, 1) and a natural logarithm.</summary>
internal interface IPoissonSource
{
    /// <summary>The next uniform number in [0, 1).</summary>
    double NextDouble();

    /// <summary>The natural logarithm of <paramref name="x"/>.</summary>
    double Log(double x);
}

/// <summary>
/// Brian2's <c>poisson(l)</c>: the one algorithm of the CPU simulator's <see cref="RandomStream.Poisson"/> and of the GPU
/// simulator's counter-based draws (SpikeLang.Gpu's <c>CounterStream</c>), generic over where the uniforms and the
/// logarithm come from (a struct, so that a device kernel calls it without virtual calls).
/// </summary>
internal static class PoissonDeviates
{
    /// <summary>Below this mean, <see cref="Draw"/> multiplies uniforms; from it on, it uses transformed rejection.</summary>
    public const double RejectionMean = 10;

    /// <summary>A Poisson-distributed count with mean <paramref name="mean"/>; the algorithm of <see cref="RandomStream.Poisson"/>.</summary>
    public static double Draw<TSource>(ref TSource source, double mean)
        where TSource : struct, IPoissonSource
    {
        if (mean == 0)
        {
            return 0;
        }
        if (!(mean > 0) || double.IsInfinity(mean))
        {
            return double.NaN;
        }
        if (mean < RejectionMean)
        {
            double sum = 0;
            for (int k = 0; ; k++)
            {
                sum += source.Log(1.0 - source.NextDouble());
                if (sum < -mean)
                {
                    return k;
                }
            }
        }

        double root = Math.Sqrt(mean);
        double logMean = source.Log(mean);
        double b = 0.931 + 2.53 * root;
        double a = -0.059 + 0.02483 * b;
        double inverseAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true)
        {
            double u = source.NextDouble() - 0.5;
            double v = source.NextDouble();
            double us = 0.5 - Math.Abs(u);
            double k = Math.Floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr)
            {
                return k;
            }
            if (k < 0 || (us < 0.013 && v > us))
            {
                continue;
            }
            if (source.Log(v) + source.Log(inverseAlpha) - source.Log(a / (us * us) + b)
                <= -mean + k * logMean - LogFactorial(ref source, k))
            {
                return k;
            }
        }
    }

    /// <summary>ln k! for a whole k ≥ 0: exact sums below 10, Stirling's series (to 1/k⁹, error below 1e-15) above.</summary>
    public static double LogFactorial<TSource>(ref TSource source, double k)
        where TSource : struct, IPoissonSource
    {
        if (k < 10)
        {
            double sum = 0;
            for (int n = 2; n <= (int)k; n++)
            {
                sum += source.Log(n);
            }
            return sum;
        }
        double x = k + 1;
        double inverse = 1 / x, inverse2 = inverse * inverse;
        // ln Γ(x) = (x − ½) ln x − x + ½ ln 2π + 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷) + 1/(1188x⁹)
        double series = inverse * (1.0 / 12 - inverse2 * (1.0 / 360 - inverse2 * (1.0 / 1260 - inverse2 * (1.0 / 1680 - inverse2 / 1188))));
        return (x - 0.5) * source.Log(x) - x + 0.91893853320467274178 + series;
    }
}
