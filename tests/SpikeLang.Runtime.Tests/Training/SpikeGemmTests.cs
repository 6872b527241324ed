using System;
using CsCheck;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Runtime.Tests.Training;

public sealed class SpikeGemmTests
{
    private static float[] Spikes(int length, double rate, Random random)
    {
        var s = new float[length];
        for (int i = 0; i < length; i++)
        {
            s[i] = random.NextDouble() < rate ? 1f : 0f;
        }

        return s;
    }

    private static float[] Uniform(int length, Random random)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return values;
    }

    private static void CheckAgainstNaive(bool tb, int m, int n, int k, float alpha, float beta, int pad, double rate, int seed, WorkerPool? pool = null)
    {
        var random = new Random(seed);
        int lds = k + pad, ldb = (tb ? k : n) + pad, ldc = n + pad;
        float[] s = Spikes(m * lds, rate, random);
        float[] b = Uniform((tb ? n : k) * ldb, random);
        float[] c = Uniform(m * ldc, random);
        float[] before = (float[])c.Clone();
        Sgemm.ComputeSpikes(tb, m, n, k, alpha, s, lds, b, ldb, beta, c, ldc, pool);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < ldc; j++)
            {
                if (j >= n)
                {
                    Assert.True(before[i * ldc + j] == c[i * ldc + j], $"padding C[{i},{j}] was written");
                    continue;
                }

                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    sum += (double)s[i * lds + p] * (tb ? b[j * ldb + p] : b[p * ldb + j]);
                }

                double expected = alpha * sum + (beta == 0 ? 0 : beta * (double)before[i * ldc + j]);
                double tolerance = 1e-6 * (k + 4) * (Math.Abs(alpha) + Math.Abs(beta) + 1);
                Assert.True(Math.Abs(c[i * ldc + j] - expected) <= tolerance, $"tb={tb} m={m} n={n} k={k}: C[{i},{j}] = {c[i * ldc + j]}, expected {expected}");
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Matches_the_naive_loop(bool tb)
    {
        int seed = 0;
        foreach ((int m, int n, int k) in new[] { (1, 1, 1), (3, 10, 17), (9, 600, 33), (40, 10, 1000) })
        {
            CheckAgainstNaive(tb, m, n, k, 1f, 0f, 0, rate: 0.2, seed++);
            CheckAgainstNaive(tb, m, n, k, -0.5f, 1f, 2, rate: 0.9, seed++);
        }

        using var pool = new WorkerPool(3);
        CheckAgainstNaive(tb, 700, 10, 1000, 2f, 0.5f, 1, rate: 0.1, seed, pool);
    }

    [Fact]
    public void Rows_without_spikes_give_beta_C_and_beta_zero_ignores_NaN()
    {
        float[] c = [float.NaN, float.NaN, 4f, 6f];
        Sgemm.ComputeSpikes(false, 2, 2, 3, 1f, new float[6], 3, [1f, 2f, 3f, 4f, 5f, 6f], 2, 0f, c, 2);
        Assert.Equal(new float[4], c);
        c = [1f, 2f, 4f, 6f];
        Sgemm.ComputeSpikes(false, 2, 2, 3, 1f, [0f, 1f, 1f, 0f, 0f, 0f], 3, [1f, 2f, 3f, 4f, 5f, 6f], 2, 0.5f, c, 2);
        Assert.Equal(new float[] { 8.5f, 11f, 2f, 3f }, c);
    }

    [Fact]
    public void Gives_the_same_bits_whatever_the_thread_count()
    {
        var random = new Random(8);
        int m = 512, n = 10, k = 1000;
        float[] s = Spikes(m * k, 0.15, random), w = Uniform(n * k, random);
        float[]? reference = null;
        foreach (int workers in new[] { 1, 2, 3 })
        {
            using var pool = new WorkerPool(workers);
            var c = new float[m * n];
            Sgemm.ComputeSpikes(true, m, n, k, 1f, s, k, w, k, 0f, c, n, pool);
            reference ??= c;
            Assert.True(reference.AsSpan().SequenceEqual(c), $"{workers} workers differ from 1");
        }
    }

    [Fact]
    public void Property_matches_the_naive_loop()
    {
        Gen.Select(Gen.Bool, Gen.Int[1, 30], Gen.Int[1, 40], Gen.Int[1, 200], Gen.Int[0, 2], Gen.Int[0, 1000])
            .Sample((tb, m, n, k, pad, seed) => CheckAgainstNaive(tb, m, n, k, seed % 2 == 0 ? 1f : -1.5f, seed % 3 == 0 ? 0f : 0.5f, pad, rate: seed % 10 / 10.0, seed), iter: 150);
    }
}
