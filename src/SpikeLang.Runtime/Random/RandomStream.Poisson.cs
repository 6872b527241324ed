using System;

namespace SpikeLang.Runtime;

/// <summary>Poisson deviates: Brian2's <c>poisson(l)</c> in .snn code.</summary>
public sealed partial class RandomStream
{
    /// <summary>Below this mean, <see cref="Poisson"/> multiplies uniforms; from it on, it uses transformed rejection.</summary>
    private const double PoissonRejectionMean = 10;

    /// <summary>
    /// A Poisson-distributed count with mean <paramref name="mean"/>, as Brian2's <c>poisson(l)</c> (which numpy
    /// and Brian2's C++ draw with the same two methods). Logarithms come from the fdlibm port, so the counts are
    /// the same on every machine.
    /// </summary>
    /// <remarks>
    /// Exact algorithm (part of the reproducibility contract):
    /// <list type="bullet">
    /// <item>mean 0: 0, without a draw; a negative or NaN mean: NaN, which the finite-state check reports.</item>
    /// <item>mean &lt; 10 (Knuth): k = 0, s = 0; repeatedly s += ln(1 − NextDouble()); return k once s &lt; −mean,
    /// else k += 1. The sum of logarithms is the logarithm of Knuth's product, which cannot underflow.</item>
    /// <item>otherwise Hörmann's PTRS (transformed rejection with squeeze, 1993), with ln k! from
    /// <see cref="LogFactorial"/>.</item>
    /// </list>
    /// </remarks>
    public double Poisson(double mean)
    {
        if (mean == 0)
        {
            return 0;
        }
        if (!(mean > 0) || double.IsInfinity(mean))
        {
            return double.NaN;
        }
        if (mean < PoissonRejectionMean)
        {
            double sum = 0;
            for (int k = 0; ; k++)
            {
                sum += DeterministicMath.Log(1.0 - NextDouble());
                if (sum < -mean)
                {
                    return k;
                }
            }
        }

        double root = Math.Sqrt(mean);
        double logMean = DeterministicMath.Log(mean);
        double b = 0.931 + 2.53 * root;
        double a = -0.059 + 0.02483 * b;
        double inverseAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true)
        {
            double u = NextDouble() - 0.5;
            double v = NextDouble();
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
            if (DeterministicMath.Log(v) + DeterministicMath.Log(inverseAlpha) - DeterministicMath.Log(a / (us * us) + b)
                <= -mean + k * logMean - LogFactorial(k))
            {
                return k;
            }
        }
    }

    /// <summary>ln k! for a whole k ≥ 0: exact sums below 10, Stirling's series (to 1/k⁹, error below 1e-15) above.</summary>
    internal static double LogFactorial(double k)
    {
        if (k < 10)
        {
            double sum = 0;
            for (int n = 2; n <= (int)k; n++)
            {
                sum += DeterministicMath.Log(n);
            }
            return sum;
        }
        double x = k + 1;
        double inverse = 1 / x, inverse2 = inverse * inverse;
        // ln Γ(x) = (x − ½) ln x − x + ½ ln 2π + 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷) + 1/(1188x⁹)
        double series = inverse * (1.0 / 12 - inverse2 * (1.0 / 360 - inverse2 * (1.0 / 1260 - inverse2 * (1.0 / 1680 - inverse2 / 1188))));
        return (x - 0.5) * DeterministicMath.Log(x) - x + 0.91893853320467274178 + series;
    }
}
