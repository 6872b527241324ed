using System;
using System.Linq;
using Xunit;

namespace SpikeLang.Runtime.Tests;

public class PoissonDriveTests
{
    /// <summary>Each count from 0 to 6 is drawn as often as Binomial(1000, 0.002) says, within 5σ; n·p = 2 is drawn exactly.</summary>
    [Fact]
    public void Small_n_p_draws_the_exact_binomial()
    {
        var drive = new PoissonDrive(1000, 20, 1e-4, new RandomStream(31));
        Assert.True(drive.Exact);
        const int draws = 400_000;
        var counts = new double[draws];
        drive.Draw(counts);
        Assert.All(counts, c => Assert.Equal(Math.Floor(c), c));
        for (int k = 0; k <= 6; k++)
        {
            double p = Binomial(1000, 0.002, k);
            double observed = counts.Count(c => c == k);
            Statistics.WithinFiveSigma(observed, draws * p, Math.Sqrt(draws * p * (1 - p)), $"P(X = {k})");
        }
    }

    [Fact]
    public void Large_n_p_draws_Brian2s_unrounded_normal_approximation()
    {
        var drive = new PoissonDrive(10_000, 100, 1e-4, new RandomStream(32));
        Assert.False(drive.Exact);
        var counts = new double[100_000];
        drive.Draw(counts);
        double mean = counts.Average(), variance = counts.Sum(c => (c - mean) * (c - mean)) / (counts.Length - 1);
        Statistics.WithinFiveSigma(mean, 100, Math.Sqrt(99.0 / counts.Length), "mean");
        Statistics.WithinFiveSigma(variance, 99, 99 * Math.Sqrt(2.0 / counts.Length), "variance");
        Assert.Contains(counts, c => c != Math.Floor(c));
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(10_000.0, 7.0)]
    public void Rate_dt_of_zero_or_one_gives_none_or_all_of_the_inputs(double rate, double expected)
    {
        var counts = new double[9];
        new PoissonDrive(7, rate, 1e-4, new RandomStream(33)).Draw(counts);
        Assert.All(counts, c => Assert.Equal(expected, c));
    }

    [Fact]
    public void The_same_seed_draws_the_same_counts_for_any_length()
    {
        var a = new double[1003];
        var b = new double[1003];
        new PoissonDrive(500, 30, 1e-4, new RandomStream(34, 2)).Draw(a);
        new PoissonDrive(500, 30, 1e-4, new RandomStream(34, 2)).Draw(b);
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData(0.5, 10.0)]
    [InlineData(0.0, 10.0)]
    [InlineData(10.0, 20_000.0)]
    [InlineData(10.0, -1.0)]
    public void Bad_arguments_are_refused_with_what_is_wrong(double inputs, double rate)
    {
        var error = Assert.Throws<ArgumentException>(() => new PoissonDrive(inputs, rate, 1e-4, new RandomStream(35)));
        Assert.Contains(inputs < 1 || inputs != Math.Floor(inputs) ? "whole number" : "rate·dt", error.Message);
    }

    [Fact]
    public void FillUniform53_gives_uniforms_on_the_2_to_the_minus_53_grid()
    {
        var rng = new RandomStream(36);
        var values = new double[100_003];
        rng.FillUniform53(values);
        Assert.All(values, v => Assert.InRange(v, 0.0, Math.BitDecrement(1.0)));
        Assert.All(values, v => Assert.Equal(Math.Floor(v * (1UL << 53)), v * (1UL << 53)));
        Statistics.WithinFiveSigma(values.Average(), 0.5, Math.Sqrt(1.0 / 12 / values.Length), "mean");
        // Bits below 2⁻²⁴ are filled too, unlike the float generator's grid.
        Assert.Contains(values, v => v * (1 << 24) != Math.Floor(v * (1 << 24)));
    }

    private static double Binomial(int n, double p, int k)
    {
        double logChoose = 0;
        for (int m = 1; m <= k; m++)
        {
            logChoose += Math.Log(n - k + m) - Math.Log(m);
        }
        return Math.Exp(logChoose + k * Math.Log(p) + (n - k) * Math.Log(1 - p));
    }

    [Theory]
    [InlineData(1000, 20.0)] // n·p = 2: Brunel's regime C
    [InlineData(1000, 50.0)] // n·p = 5, the last exact mean
    [InlineData(3, 1000.0)] // a short table
    [InlineData(1000, 9990.0)] // n·(1 − p) = 1: a table of about n entries, the counts near n
    public void The_guided_search_gives_the_counts_of_plain_inversion(int n, double rate)
    {
        // The count is the number of cumulative probabilities at or below the uniform: counted here one by
        // one over the same uniforms (the drive's stream, seeded alike), for lengths with and without a tail.
        var drive = new PoissonDrive(n, rate, 1e-4, new RandomStream(11));
        var uniforms = new RandomStream(11);
        double[] table = drive.CumulativeProbabilities.ToArray();
        Assert.NotEmpty(table);
        foreach (int length in new[] { 12_500, 12_503, 3 })
        {
            for (int round = 0; round < 8; round++)
            {
                var counts = new double[length];
                var u = new double[length];
                drive.Draw(counts);
                uniforms.FillUniform53(u);
                for (int k = 0; k < length; k++)
                {
                    Assert.Equal(table.Count(p => u[k] >= p), counts[k]);
                }
            }
        }
    }
}
