using System;
using Xunit;

namespace SpikeLang.Runtime.Tests;

public class RandomStreamTests
{
    private const int Draws = 1_000_000;

    [Fact]
    public void MatchesTheReferenceXoshiro256StarStarSeededBySplitMix64()
    {
        // First outputs of the authors' C code (xoshiro256starstar.c) seeded with splitmix64.c from 42.
        ulong[] expected = [0x15780B2E0C2EC716UL, 0x6104D9866D113A7EUL, 0xAE17533239E499A1UL, 0xECB8AD4703B360A1UL, 0xFDE6DC7FE2EC5E64UL];
        var rng = new RandomStream(42);
        foreach (ulong value in expected)
        {
            Assert.Equal(value, rng.NextUInt64());
        }
    }

    [Fact]
    public void FillUniformSingleMatchesTheReferenceEightLaneXoshiro128StarStar()
    {
        // Top 24 bits of the authors' xoshiro128starstar.c, one instance per lane, seeded as documented.
        uint[] expected =
        [
            15175481, 46712, 11797710, 7662188, 8504138, 3935105, 7739572, 10363453,
            10071289, 2306795, 10877244, 14384658, 5078647, 12494210, 7914088, 14931907,
        ];
        var rng = new RandomStream(42);
        float[] values = new float[16];
        rng.FillUniform(values);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i] / 16777216.0f, values[i]);
        }
    }

    [Fact]
    public void SameSeedAndStreamGiveTheSameSequence()
    {
        var a = new RandomStream(123, 7);
        var b = new RandomStream(123, 7);
        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(a.NextUInt64(), b.NextUInt64());
            Assert.Equal(a.NextGaussian(), b.NextGaussian());
        }

        float[] fa = new float[37], fb = new float[37];
        a.FillUniform(fa);
        b.FillUniform(fb);
        Assert.Equal(fa, fb);
    }

    [Fact]
    public void DifferentStreamsAndSeedsDiffer()
    {
        ulong[] first = new ulong[8];
        for (int stream = 0; stream < 8; stream++)
        {
            first[stream] = new RandomStream(5, (ulong)stream).NextUInt64();
        }

        Assert.Equal(first.Length, new System.Collections.Generic.HashSet<ulong>(first).Count);
        Assert.NotEqual(new RandomStream(5).NextUInt64(), new RandomStream(6).NextUInt64());

        // Streams must not be shifted copies of each other either.
        var a = new RandomStream(9, 1);
        var b = new RandomStream(9, 2);
        var seen = new System.Collections.Generic.HashSet<ulong>();
        for (int i = 0; i < 1000; i++)
        {
            seen.Add(a.NextUInt64());
        }

        for (int i = 0; i < 1000; i++)
        {
            Assert.DoesNotContain(b.NextUInt64(), seen);
        }
    }

    [Fact]
    public void NextDoubleIsUniformOnTheUnitInterval()
    {
        var rng = new RandomStream(1);
        double sum = 0, sumSquares = 0;
        for (int i = 0; i < Draws; i++)
        {
            double u = rng.NextDouble();
            Assert.True(u >= 0.0 && u < 1.0);
            sum += u;
            sumSquares += u * u;
        }

        AssertUniformMoments(sum, sumSquares, Draws);
    }

    [Fact]
    public void NextSingleIsUniformOnTheUnitInterval()
    {
        var rng = new RandomStream(2);
        double sum = 0, sumSquares = 0;
        for (int i = 0; i < Draws; i++)
        {
            float u = rng.NextSingle();
            Assert.True(u >= 0f && u < 1f);
            sum += u;
            sumSquares += (double)u * u;
        }

        AssertUniformMoments(sum, sumSquares, Draws);
    }

    [Fact]
    public void FillUniformIsUniformForFloatsAndDoubles()
    {
        var rng = new RandomStream(3);
        float[] floats = new float[Draws + 5];
        rng.FillUniform(floats);
        double sum = 0, sumSquares = 0;
        foreach (float u in floats)
        {
            Assert.True(u >= 0f && u < 1f);
            sum += u;
            sumSquares += (double)u * u;
        }

        AssertUniformMoments(sum, sumSquares, floats.Length);

        double[] doubles = new double[Draws];
        rng.FillUniform(doubles);
        sum = 0;
        sumSquares = 0;
        foreach (double u in doubles)
        {
            Assert.True(u >= 0.0 && u < 1.0);
            sum += u;
            sumSquares += u * u;
        }

        AssertUniformMoments(sum, sumSquares, doubles.Length);
    }

    [Fact]
    public void FillUniformInPiecesContinuesTheSameLaneSequenceAtBlockBoundaries()
    {
        var whole = new RandomStream(4);
        var pieces = new RandomStream(4);
        float[] all = new float[64];
        whole.FillUniform(all);
        float[] first = new float[24], second = new float[40];
        pieces.FillUniform(first);
        pieces.FillUniform(second);
        Assert.Equal(all.AsSpan(0, 24).ToArray(), first);
        Assert.Equal(all.AsSpan(24).ToArray(), second);
    }

    [Fact]
    public void UniformScalesToTheRange()
    {
        var rng = new RandomStream(5);
        double sum = 0;
        for (int i = 0; i < Draws; i++)
        {
            double x = rng.Uniform(-60e-3, -50e-3);
            Assert.True(x >= -60e-3 && x < -50e-3);
            sum += x;
        }

        double width = 10e-3;
        Statistics.WithinFiveSigma(sum / Draws, -55e-3, width * Math.Sqrt(1.0 / 12 / Draws), "mean");
    }

    [Fact]
    public void NextGaussianHasUnitNormalMoments()
    {
        var rng = new RandomStream(6);
        double sum = 0, sumSquares = 0, sumCubes = 0;
        for (int i = 0; i < Draws; i++)
        {
            double x = rng.NextGaussian();
            sum += x;
            sumSquares += x * x;
            sumCubes += x * x * x;
        }

        double mean = sum / Draws;
        double variance = sumSquares / Draws - mean * mean;
        Statistics.WithinFiveSigma(mean, 0.0, Math.Sqrt(1.0 / Draws), "mean");
        Statistics.WithinFiveSigma(variance, 1.0, Math.Sqrt(2.0 / Draws), "variance");
        Statistics.WithinFiveSigma(sumCubes / Draws, 0.0, Math.Sqrt(15.0 / Draws), "third moment");
    }

    [Fact]
    public void NormalShiftsAndScales()
    {
        var rng = new RandomStream(7);
        double sum = 0, sumSquares = 0;
        for (int i = 0; i < Draws; i++)
        {
            double x = rng.Normal(2.0, 0.5);
            sum += x;
            sumSquares += x * x;
        }

        double mean = sum / Draws;
        Statistics.WithinFiveSigma(mean, 2.0, 0.5 / Math.Sqrt(Draws), "mean");
        Statistics.WithinFiveSigma(sumSquares / Draws - mean * mean, 0.25, 0.25 * Math.Sqrt(2.0 / Draws), "variance");
    }

    [Fact]
    public void GaussianAndBernoulliDrawsArePinned()
    {
        // Pins the documented algorithms: a change here breaks every saved network's reproducibility.
        var rng = new RandomStream(42);
        Assert.Equal(PinnedGaussian, rng.NextGaussian());
        int[] spikes = new int[100_000];
        int n = rng.DrawBernoulli(0.0015f, 100_000, spikes);
        Assert.Equal(PinnedGeometric, spikes.AsSpan(0, 5).ToArray());
        Assert.Equal(PinnedGeometricCount, n);
        n = rng.DrawBernoulli(0.25f, 100_000, spikes);
        Assert.Equal(PinnedVector, spikes.AsSpan(0, 5).ToArray());
        Assert.Equal(PinnedVectorCount, n);
    }

    [Fact]
    public void NextIntIsInRangeAndUnbiased()
    {
        var rng = new RandomStream(8);
        const int buckets = 7;
        int[] counts = new int[buckets];
        for (int i = 0; i < Draws; i++)
        {
            int k = rng.NextInt(buckets);
            Assert.InRange(k, 0, buckets - 1);
            counts[k]++;
        }

        double p = 1.0 / buckets;
        foreach (int c in counts)
        {
            Statistics.WithinFiveSigma(c, Draws * p, Math.Sqrt(Draws * p * (1 - p)), "bucket");
        }

        Assert.Equal(0, rng.NextInt(1));
        for (int i = 0; i < 1000; i++)
        {
            Assert.InRange(rng.NextInt(int.MaxValue), 0, int.MaxValue - 1);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextInt(0));
    }

    [Theory]
    [InlineData(0.001f)]
    [InlineData(0.0156f)]
    [InlineData(0.015625f)]
    [InlineData(0.1f)]
    [InlineData(0.9f)]
    public void DrawBernoulliSpikesWithProbabilityP(float p)
    {
        var rng = new RandomStream(9);
        const int count = 100_003; // not a multiple of 8: exercises the tail every call
        const int calls = 10;
        int[] spikes = new int[count];
        long total = 0, firstHalf = 0;
        for (int call = 0; call < calls; call++)
        {
            int n = rng.DrawBernoulli(p, count, spikes);
            AssertAscendingBelow(spikes.AsSpan(0, n), count);
            total += n;
            for (int k = 0; k < n && spikes[k] < count / 2; k++)
            {
                firstHalf++;
            }
        }

        double trials = (double)count * calls;
        Statistics.WithinFiveSigma(total, trials * p, Math.Sqrt(trials * p * (1 - p)), "spike count");
        // Positions must be uniform too, not just the count.
        double half = (double)(count / 2) * calls;
        Statistics.WithinFiveSigma(firstHalf, half * p, Math.Sqrt(half * p * (1 - p)), "spikes in the first half");
    }

    [Fact]
    public void DrawBernoulliPerNeuronFollowsEachProbability()
    {
        var rng = new RandomStream(10);
        const int count = 1003;
        float[] p = new float[count];
        for (int i = 0; i < count; i++)
        {
            p[i] = i % 3 == 0 ? 0f : i % 3 == 1 ? 0.05f : 0.6f;
        }

        int[] spikes = new int[count];
        int[] perClass = new int[3];
        const int calls = 1000;
        for (int call = 0; call < calls; call++)
        {
            int n = rng.DrawBernoulli(p, spikes);
            AssertAscendingBelow(spikes.AsSpan(0, n), count);
            for (int k = 0; k < n; k++)
            {
                perClass[spikes[k] % 3]++;
            }
        }

        Assert.Equal(0, perClass[0]);
        double trials = calls * (double)(count / 3);
        Statistics.WithinFiveSigma(perClass[1], trials * 0.05, Math.Sqrt(trials * 0.05 * 0.95), "p = 0.05");
        Statistics.WithinFiveSigma(perClass[2], trials * 0.6, Math.Sqrt(trials * 0.6 * 0.4), "p = 0.6");
    }

    [Fact]
    public void DrawBernoulliAgreesWithThePerNeuronOverloadAboveTheGeometricThreshold()
    {
        foreach (float probability in new[] { RandomStream.GeometricThreshold, 0.0625f, 0.123456f, 0.3f, 0.5f, 0.999f })
        {
            var a = new RandomStream(11);
            var b = new RandomStream(11);
            float[] p = new float[4099];
            Array.Fill(p, probability);
            int[] sa = new int[p.Length], sb = new int[p.Length];
            for (int call = 0; call < 5; call++)
            {
                int na = a.DrawBernoulli(probability, p.Length, sa);
                int nb = b.DrawBernoulli(p, sb);
                Assert.Equal(sb.AsSpan(0, nb).ToArray(), sa.AsSpan(0, na).ToArray());
            }
        }
    }

    [Fact]
    public void DrawBernoulliEdgeCases()
    {
        var rng = new RandomStream(12);
        int[] spikes = new int[20];
        Assert.Equal(0, rng.DrawBernoulli(0f, 20, spikes));
        Assert.Equal(0, rng.DrawBernoulli(float.NaN, 20, spikes));
        Assert.Equal(0, rng.DrawBernoulli(0.5f, 0, spikes));
        Assert.Equal(20, rng.DrawBernoulli(1f, 20, spikes));
        Assert.Equal(19, spikes[19]);
        Assert.Equal(20, rng.DrawBernoulli(new float[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 }, spikes));
        Assert.Equal(0, rng.DrawBernoulli(new float[20], spikes));
        Assert.Throws<ArgumentException>(() => rng.DrawBernoulli(0.5f, 21, spikes));
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.DrawBernoulli(0.5f, -1, spikes));
        Assert.Throws<ArgumentException>(() => rng.DrawBernoulli(new float[21], spikes));

        // A tiny probability on a huge population must not overflow the skip arithmetic.
        int[] big = new int[1_000_000];
        int n = rng.DrawBernoulli(1e-30f, big.Length, big);
        Assert.Equal(0, n);
    }

    [Fact]
    public void HotPathsAllocateNothing()
    {
        var rng = new RandomStream(13);
        int[] spikes = new int[4000];
        float[] rates = new float[4000];
        Array.Fill(rates, 0.01f);
        float[] uniforms = new float[4000];
        double[] doubles = new double[100];
        Action geometric = () => rng.DrawBernoulli(0.0015f, 4000, spikes);
        Action vector = () => rng.DrawBernoulli(0.3f, 4000, spikes);
        Action perNeuron = () => rng.DrawBernoulli(rates, spikes);
        Action fill = () =>
        {
            rng.FillUniform(uniforms);
            rng.FillUniform(doubles);
            rng.FillGaussian(doubles);
            rng.NextGaussian();
            rng.NextInt(1000);
        };
        Assert.Equal(0, Allocation.BytesAllocatedBy(geometric));
        Assert.Equal(0, Allocation.BytesAllocatedBy(vector));
        Assert.Equal(0, Allocation.BytesAllocatedBy(perNeuron));
        Assert.Equal(0, Allocation.BytesAllocatedBy(fill));
    }

    // Computed by an independent Python transcription of the documented algorithms (CPython's math.log, not this library's).
    private const double PinnedGaussian = -0.7262191382447857;
    private static readonly int[] PinnedGeometric = [759, 2482, 5683, 6662, 7509];
    private const int PinnedGeometricCount = 145;
    private static readonly int[] PinnedVector = [1, 5, 9, 19, 23];
    private const int PinnedVectorCount = 25076;

    private static void AssertUniformMoments(double sum, double sumSquares, int n)
    {
        double mean = sum / n;
        double variance = sumSquares / n - mean * mean;
        Statistics.WithinFiveSigma(mean, 0.5, Math.Sqrt(1.0 / 12 / n), "mean");
        Statistics.WithinFiveSigma(variance, 1.0 / 12, Math.Sqrt((1.0 / 80 - 1.0 / 144) / n), "variance");
    }

    private static void AssertAscendingBelow(ReadOnlySpan<int> indices, int count)
    {
        int previous = -1;
        foreach (int i in indices)
        {
            Assert.True(i > previous && i < count, $"index {i} after {previous} (count {count})");
            previous = i;
        }
    }
}
