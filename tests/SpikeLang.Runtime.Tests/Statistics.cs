using System;
using Xunit;

namespace SpikeLang.Runtime.Tests;

internal static class Statistics
{
    /// <summary>Asserts |observed − expected| ≤ 5σ, a bound a correct generator fails about once in 1.7 million runs.</summary>
    public static void WithinFiveSigma(double observed, double expected, double sigma, string what)
    {
        double deviation = Math.Abs(observed - expected);
        Assert.True(deviation <= 5.0 * sigma, $"{what}: observed {observed}, expected {expected} ± 5×{sigma}");
    }
}
