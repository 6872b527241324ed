using System;
using Xunit;

namespace SpikeLang.Runtime.Tests;

public class DeterministicMathTests
{
    [Fact]
    public void LogIsWithinOneUlpOfTheCLibrary()
    {
        var rng = new RandomStream(100);
        for (int i = 0; i < 200_000; i++)
        {
            // Spread inputs over many binades, including the (0, 1] range random draws use.
            double x = i % 2 == 0
                ? 1.0 - rng.NextDouble()
                : Math.ScaleB(1.0 + rng.NextDouble(), rng.NextInt(2000) - 1000);
            AssertWithinOneUlp(Math.Log(x), DeterministicMath.Log(x), x);
        }

        foreach (double x in new[] { 1.0, 2.0, 0.5, Math.E, 1.0 + 1e-15, 1.0 - 1e-16, double.Epsilon, 1e-310, double.MaxValue })
        {
            AssertWithinOneUlp(Math.Log(x), DeterministicMath.Log(x), x);
        }
    }

    [Fact]
    public void LogHandlesSpecialValues()
    {
        Assert.Equal(0.0, DeterministicMath.Log(1.0));
        Assert.Equal(double.NegativeInfinity, DeterministicMath.Log(0.0));
        Assert.Equal(double.PositiveInfinity, DeterministicMath.Log(double.PositiveInfinity));
        Assert.True(double.IsNaN(DeterministicMath.Log(-1.0)));
        Assert.True(double.IsNaN(DeterministicMath.Log(double.NaN)));
    }

    [Fact]
    public void Log1PKeepsTheDigitsOfSmallArguments()
    {
        foreach (double x in new[] { -0.0015, 1e-10, -1e-12, 0.3, -0.29, 0.4, 5.0, -0.9 })
        {
            if (Math.Abs(x) < 1e-2)
            {
                // Math.Log(1 + x) has already lost digits here; the alternating series has not.
                double series = 0, power = 1;
                for (int k = 1; k < 30; k++)
                {
                    power *= x;
                    series += (k % 2 == 1 ? power : -power) / k;
                }

                AssertWithinOneUlp(series, DeterministicMath.Log1P(x), x);
            }
            else
            {
                AssertWithinOneUlp(Math.Log(1.0 + x), DeterministicMath.Log1P(x), x, ulps: 3);
            }
        }

        Assert.Equal(0.0, DeterministicMath.Log1P(0.0));
    }

    private static void AssertWithinOneUlp(double expected, double actual, double x, double ulps = 1)
    {
        double ulp = Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected);
        Assert.True(Math.Abs(expected - actual) <= ulps * ulp, $"log({x:R}): expected {expected:R}, got {actual:R}");
    }
}
