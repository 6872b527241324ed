using System;
using CsCheck;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Runtime.Tests.Training;

public sealed class SgemmTests
{
    // Reference: the textbook triple loop in double, on the same strided storage.
    private static double[] Naive(bool ta, bool tb, int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc)
    {
        var result = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    double x = ta ? a[p * lda + i] : a[i * lda + p];
                    double y = tb ? b[j * ldb + p] : b[p * ldb + j];
                    sum += x * y;
                }

                result[i * n + j] = alpha * sum + (beta == 0 ? 0 : beta * (double)c[i * ldc + j]);
            }
        }

        return result;
    }

    private static float[] Random(int length, Random random)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return values;
    }

    private static void CheckAgainstNaive(bool ta, bool tb, int m, int n, int k, float alpha, float beta, int pad, int seed, WorkerPool? pool = null)
    {
        var random = new Random(seed);
        int lda = (ta ? m : k) + pad, ldb = (tb ? k : n) + pad, ldc = n + pad;
        float[] a = Random((ta ? k : m) * lda, random);
        float[] b = Random((tb ? n : k) * ldb, random);
        float[] c = Random(m * ldc, random);
        double[] expected = Naive(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        float[] before = (float[])c.Clone();
        if (pool is null)
        {
            Sgemm.Compute(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        }
        else
        {
            Sgemm.Compute(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, pool);
        }

        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < ldc; j++)
            {
                if (j >= n)
                {
                    Assert.True(before[i * ldc + j] == c[i * ldc + j], $"padding C[{i},{j}] was written");
                    continue;
                }

                // Float32 sums of k products of values in [−1, 1]: error grows at most like k·ε.
                double tolerance = 1e-6 * (k + 4) * (Math.Abs(alpha) + Math.Abs(beta) + 1);
                double actual = c[i * ldc + j];
                Assert.True(Math.Abs(actual - expected[i * n + j]) <= tolerance,
                    $"ta={ta} tb={tb} m={m} n={n} k={k}: C[{i},{j}] = {actual}, expected {expected[i * n + j]}");
            }
        }
    }

    public static TheoryData<bool, bool> Transposes() => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    [Theory]
    [MemberData(nameof(Transposes))]
    public void Matches_the_naive_loop_for_small_and_odd_shapes(bool ta, bool tb)
    {
        int seed = 1;
        foreach ((int m, int n, int k) in new[] { (1, 1, 1), (1, 17, 3), (7, 1, 5), (6, 16, 1), (13, 31, 29), (5, 33, 257), (37, 19, 600) })
        {
            CheckAgainstNaive(ta, tb, m, n, k, alpha: 1f, beta: 0f, pad: 0, seed: seed++);
            CheckAgainstNaive(ta, tb, m, n, k, alpha: -0.5f, beta: 0.75f, pad: 3, seed: seed++);
        }
    }

    [Theory]
    [MemberData(nameof(Transposes))]
    public void Matches_the_naive_loop_on_multiple_threads(bool ta, bool tb)
    {
        using var pool = new WorkerPool(3);
        CheckAgainstNaive(ta, tb, 130, 203, 300, alpha: 1.5f, beta: 1f, pad: 5, seed: 7, pool);
    }

    [Fact]
    public void Beta_zero_ignores_NaN_in_C()
    {
        float[] a = [1, 2, 3, 4];
        float[] b = [1, 0, 0, 1];
        float[] c = [float.NaN, float.NaN, float.NaN, float.NaN];
        Sgemm.Compute(false, false, 2, 2, 2, 1f, a, 2, b, 2, 0f, c, 2);
        Assert.Equal(a, c);

        c = [float.NaN, float.PositiveInfinity, float.NaN, float.NaN];
        Sgemm.Compute(false, false, 2, 2, 0, 1f, a, 2, b, 2, 0f, c, 2);
        Assert.Equal(new float[4], c);
    }

    [Fact]
    public void Alpha_zero_or_empty_k_only_scales_C()
    {
        float[] c = [1, 2, 3, 4];
        Sgemm.Compute(false, false, 2, 2, 3, 0f, [], 3, [], 2, 2f, c, 2);
        Assert.Equal(new float[] { 2, 4, 6, 8 }, c);
        Sgemm.Compute(true, true, 2, 2, 0, 1f, [], 2, [], 1, 0.5f, c, 2);
        Assert.Equal(new float[] { 1, 2, 3, 4 }, c);
    }

    [Fact]
    public void Results_are_bit_identical_whatever_the_thread_count()
    {
        var random = new Random(3);
        int m = 200, n = 150, k = 700;
        float[] a = Random(m * k, random), b = Random(n * k, random), initial = Random(m * n, random);
        float[]? reference = null;
        foreach (int workers in new[] { 1, 2, 3, 5 })
        {
            using var pool = new WorkerPool(workers);
            float[] c = (float[])initial.Clone();
            Sgemm.Compute(false, true, m, n, k, 0.7f, a, k, b, k, 0.3f, c, n, pool);
            if (reference is null)
            {
                reference = c;
            }
            else
            {
                Assert.True(reference.AsSpan().SequenceEqual(c), $"{workers} workers gave different bits than 1 worker");
            }
        }
    }

    [Fact]
    public void Bad_shapes_are_clear_errors()
    {
        float[] six = new float[6];
        var stride = Assert.Throws<ArgumentOutOfRangeException>(() => Sgemm.Compute(false, false, 2, 3, 2, 1f, six, 1, six, 3, 0f, six, 3));
        Assert.Contains("A (stored m×k) has 2 columns per row", stride.Message);
        var length = Assert.Throws<ArgumentException>(() => Sgemm.Compute(false, false, 2, 3, 2, 1f, six, 2, six, 3, 0f, new float[5], 3));
        Assert.Contains("C is 2×3 with row stride 3, which needs 6 elements, but the span holds 5", length.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Sgemm.Compute(false, false, -1, 3, 2, 1f, six, 2, six, 3, 0f, six, 3));
    }

    [Fact]
    public void Property_matches_the_naive_loop_for_random_shapes_and_scalars()
    {
        Gen.Select(Gen.Bool, Gen.Bool, Gen.Int[1, 40], Gen.Int[1, 40], Gen.Int[1, 300], Gen.Int[0, 3], Gen.Int[0, 1000])
            .Sample((ta, tb, m, n, k, pad, seed) =>
            {
                float alpha = new[] { 1f, -2f, 0.25f }[seed % 3];
                float beta = new[] { 0f, 1f, -0.5f }[seed / 3 % 3];
                CheckAgainstNaive(ta, tb, m, n, k, alpha, beta, pad, seed);
            }, iter: 200);
    }
}
