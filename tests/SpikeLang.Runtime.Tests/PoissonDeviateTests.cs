using System;
using Xunit;

namespace SpikeLang.Runtime.Tests;

/// <summary>
/// <see cref="RandomStream.Poisson"/>, Brian2's poisson(l): the distribution on both sides of the switch from
/// Knuth's method to transformed rejection, the edge cases, and ln k! against exact sums.
/// </summary>
public class PoissonDeviateTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(4)]
    [InlineData(9.99)]
    [InlineData(10)]
    [InlineData(37.5)]
    [InlineData(2000)]
    public void Counts_have_the_mean_the_variance_and_the_zero_fraction_of_a_Poisson_law(double mean)
    {
        const int draws = 400_000;
        var rng = new RandomStream(7);
        double sum = 0, sumSquares = 0;
        int zeros = 0;
        for (int k = 0; k < draws; k++)
        {
            double count = rng.Poisson(mean);
            Assert.Equal(Math.Floor(count), count);
            Assert.True(count >= 0);
            sum += count;
            sumSquares += count * count;
            zeros += count == 0 ? 1 : 0;
        }
        double observedMean = sum / draws;
        double variance = sumSquares / draws - observedMean * observedMean;
        // sd of the sample mean sqrt(mean/n); of the sample variance about sqrt(2 mean² + mean)/sqrt(n)
        Statistics.WithinFiveSigma(observedMean, mean, Math.Sqrt(mean / draws), "mean");
        Statistics.WithinFiveSigma(variance, mean, Math.Sqrt((2 * mean * mean + mean) / draws), "variance");
        double p0 = Math.Exp(-mean);
        Statistics.WithinFiveSigma(zeros / (double)draws, p0, Math.Sqrt(p0 * (1 - p0) / draws) + 1e-9, "P(0)");
    }

    [Fact]
    public void The_same_seed_gives_the_same_counts_and_edge_cases_draw_nothing()
    {
        var a = new RandomStream(3);
        var b = new RandomStream(3);
        for (int k = 0; k < 1000; k++)
        {
            double mean = k % 2 == 0 ? 3 : 300;
            Assert.Equal(a.Poisson(mean), b.Poisson(mean));
        }
        var c = new RandomStream(3);
        var d = new RandomStream(3);
        Assert.Equal(0, c.Poisson(0));
        Assert.True(double.IsNaN(c.Poisson(-1)));
        Assert.True(double.IsNaN(c.Poisson(double.NaN)));
        Assert.Equal(d.NextUInt64(), c.NextUInt64());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(50)]
    [InlineData(170)]
    public void Log_factorial_matches_the_exact_sum(int k)
    {
        double exact = 0;
        for (int n = 2; n <= k; n++)
        {
            exact += Math.Log(n);
        }
        Assert.Equal(exact, RandomStream.LogFactorial(k), 1e-12 * Math.Max(1, exact));
    }
}
