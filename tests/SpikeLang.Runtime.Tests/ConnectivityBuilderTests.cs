using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using Xunit;

namespace SpikeLang.Runtime.Tests;

public class ConnectivityBuilderTests
{
    [Fact]
    public void AllConnectsEveryPair()
    {
        Csr csr = ConnectivityBuilder.All(3, 4);
        Assert.Equal(12, csr.SynapseCount);
        Assert.Equal(new[] { 0, 4, 8, 12 }, csr.RowStart);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(new[] { 0, 1, 2, 3 }, csr.Row(i).ToArray());
        }

        Assert.Equal(0, ConnectivityBuilder.All(0, 5).SynapseCount);
        Assert.Equal(6, ConnectivityBuilder.All(6, 0).RowStart.Length - 1);
    }

    [Fact]
    public void OneToOneConnectsTheDiagonal()
    {
        Csr csr = ConnectivityBuilder.OneToOne(5);
        Assert.Equal(5, csr.SynapseCount);
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(new[] { i }, csr.Row(i).ToArray());
        }
    }

    [Theory]
    [InlineData(1000, 1000, 0.02)]
    [InlineData(300, 200, 0.5)]
    [InlineData(4000, 4000, 0.001)]
    public void ProbabilityGivesTheExpectedNumberOfSortedSynapses(int pre, int post, double p)
    {
        Csr csr = ConnectivityBuilder.Probability(pre, post, p, Whole(20, post));
        double pairs = (double)pre * post;
        Statistics.WithinFiveSigma(csr.SynapseCount, pairs * p, Math.Sqrt(pairs * p * (1 - p)), "synapses");
        AssertWellFormed(csr, strictlyAscending: true);

        // Every row and column must be reachable: compare the two halves of each axis.
        long firstRows = csr.RowStart[pre / 2];
        double halfPairs = (double)(pre / 2) * post;
        Statistics.WithinFiveSigma(firstRows, halfPairs * p, Math.Sqrt(halfPairs * p * (1 - p)), "synapses in the first rows");
        long firstColumns = 0;
        foreach (int c in csr.Columns)
        {
            if (c < post / 2)
            {
                firstColumns++;
            }
        }

        halfPairs = (double)pre * (post / 2);
        Statistics.WithinFiveSigma(firstColumns, halfPairs * p, Math.Sqrt(halfPairs * p * (1 - p)), "synapses in the first columns");
    }

    [Fact]
    public void ProbabilityIsDeterministicAndHandlesTheExtremes()
    {
        Csr a = ConnectivityBuilder.Probability(500, 400, 0.05, Whole(21, 400));
        Csr b = ConnectivityBuilder.Probability(500, 400, 0.05, Whole(21, 400));
        Assert.Equal(a.RowStart, b.RowStart);
        Assert.Equal(a.Columns, b.Columns);
        Assert.Equal(0, ConnectivityBuilder.Probability(10, 10, 0.0, Whole(1, 10)).SynapseCount);
        Assert.Equal(100, ConnectivityBuilder.Probability(10, 10, 1.0, Whole(1, 10)).SynapseCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => ConnectivityBuilder.Probability(10, 10, 1.5, Whole(1, 10)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConnectivityBuilder.Probability(10, 10, double.NaN, Whole(1, 10)));
    }

    [Fact]
    public void FixedInDegreeGivesEveryColumnExactlyKDistinctSources()
    {
        const int pre = 100, post = 500, k = 10;
        Csr csr = ConnectivityBuilder.FixedInDegree(pre, post, k, Whole(22, post));
        Assert.Equal(post * k, csr.SynapseCount);
        AssertWellFormed(csr, strictlyAscending: true);
        var sources = new HashSet<int>[post];
        for (int j = 0; j < post; j++)
        {
            sources[j] = new HashSet<int>();
        }

        for (int i = 0; i < pre; i++)
        {
            foreach (int j in csr.Row(i))
            {
                Assert.True(sources[j].Add(i), $"source {i} twice for column {j}");
            }
        }

        foreach (HashSet<int> set in sources)
        {
            Assert.Equal(k, set.Count);
        }

        // Sources are uniform: each presynaptic neuron is chosen with probability k/pre per column.
        double p = (double)k / pre;
        for (int i = 0; i < pre; i++)
        {
            int outDegree = csr.RowStart[i + 1] - csr.RowStart[i];
            Statistics.WithinFiveSigma(outDegree, post * p, Math.Sqrt(post * p * (1 - p)), $"out-degree of {i}");
        }
    }

    [Fact]
    public void FixedInDegreeEdgeCases()
    {
        Csr full = ConnectivityBuilder.FixedInDegree(5, 3, 5, Whole(23, 3));
        Assert.Equal(15, full.SynapseCount);
        Assert.Equal(0, ConnectivityBuilder.FixedInDegree(5, 3, 0, Whole(23, 3)).SynapseCount);
        Assert.Throws<ArgumentException>(() => ConnectivityBuilder.FixedInDegree(5, 3, 6, Whole(23, 3)));
    }

    [Fact]
    public void WhereHonoursTheConditionAndTheProbability()
    {
        const int n = 200;
        Csr all = ConnectivityBuilder.Where(n, n, (i, j, _) => i != j, 1.0, Whole(24, n));
        Assert.Equal(n * (n - 1), all.SynapseCount);
        AssertNoDiagonal(all);
        AssertWellFormed(all, strictlyAscending: true);

        Csr half = ConnectivityBuilder.Where(n, n, (i, j, _) => i != j, 0.5, Whole(24, n));
        AssertNoDiagonal(half);
        AssertWellFormed(half, strictlyAscending: true);
        double pairs = n * (n - 1);
        Statistics.WithinFiveSigma(half.SynapseCount, pairs * 0.5, Math.Sqrt(pairs * 0.25), "synapses");

        Assert.Equal(0, ConnectivityBuilder.Where(n, n, (i, j, _) => throw new InvalidOperationException(), 0.0, Whole(1, n)).SynapseCount);
    }

    /// <summary>Every target of a connection, drawn from stream 0 of <paramref name="seed"/>.</summary>
    private static TargetDraws Whole(ulong seed, int post) => new(seed, 0, 0, 0, post);

    /// <summary>The random rules build one rank's targets exactly as they build them among all targets.</summary>
    [Fact]
    public void A_range_of_targets_gets_the_synapses_it_gets_among_all_targets()
    {
        const int pre = 300, post = 200, origin = 8;
        var rules = new (string Name, Func<TargetDraws, Csr> Build)[]
        {
            ("probability", d => ConnectivityBuilder.Probability(pre, post, 0.05, d)),
            ("fixed in-degree", d => ConnectivityBuilder.FixedInDegree(pre, post, 7, d)),
            ("fixed out-degree", d => ConnectivityBuilder.FixedOutDegree(pre, post, 9, d)),
            ("condition", d => ConnectivityBuilder.Where(pre, post, (i, j, rng) => (i + j) % 3 != 0 && rng.NextDouble() < 0.5, 0.2, d)),
            ("pair probability", d => ConnectivityBuilder.Where(pre, post, null, (i, j, _) => j / (double)post, d)),
            ("all", d => ConnectivityBuilder.All(pre, post, d.First, d.End)),
        };
        foreach (var (name, build) in rules)
        {
            Csr whole = build(new TargetDraws(5, 40, origin, 0, post));
            // Ranks cut the target population at multiples of 16: this connection's targets start at its index 8.
            // A rank that owns none of the slice builds no synapses, wherever its empty range lies.
            foreach (var (first, end) in new[] { (0, 56), (56, 120), (120, post), (0, 0), (30, 30), (post, post) })
            {
                Csr part = build(new TargetDraws(5, 40, origin, first, end));
                for (int i = 0; i < pre; i++)
                {
                    Assert.True(whole.Row(i).ToArray().Where(j => j >= first && j < end).SequenceEqual(part.Row(i).ToArray()), $"{name}: row {i} of targets [{first}, {end})");
                }
            }
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => ConnectivityBuilder.Probability(pre, post, 0.1, new TargetDraws(5, 40, origin, 50, post)));
    }

    /// <summary>Several threads draw parts of the targets, each block with its own stream: the same synapses as one.</summary>
    [Fact]
    public void Threads_build_the_synapses_one_thread_builds()
    {
        const int pre = 400, post = 13_000;
        var draws = new TargetDraws(9, 12, 3, 0, post);
        var rules = new (string Name, Func<int, Csr> Build)[]
        {
            ("probability", t => ConnectivityBuilder.Probability(pre, post, 0.01, draws, t)),
            ("fixed in-degree", t => ConnectivityBuilder.FixedInDegree(pre, post, 5, draws, t)),
            ("condition", t => ConnectivityBuilder.Where(pre, post, (i, j, rng) => (i ^ j) % 7 == 0 && rng.NextDouble() < 0.5, 0.5, draws, t)),
        };
        foreach (var (name, build) in rules)
        {
            Csr one = build(1), three = build(3);
            Assert.True(one.SynapseCount > 10_000, name);
            Assert.Equal(one.RowStart, three.RowStart);
            Assert.Equal(one.Columns, three.Columns);
        }

        // A refused value surfaces as one thread would throw it, not wrapped.
        var error = Assert.Throws<ArgumentException>(() => ConnectivityBuilder.Where(pre, post, null, (i, j, _) => j == 9_000 ? 2.0 : 0.0, draws, 3));
        Assert.Contains("i = 0, j = 9000", error.Message);
    }

    [Fact]
    public void FromPairsRoundTripsAnyMultisetOfPairs()
    {
        Gen.Select(Gen.Int[1, 30], Gen.Int[1, 30], Gen.Int[0, 200], Gen.ULong).Sample((pre, post, count, seed) =>
        {
            var rng = new RandomStream(seed);
            int[] preIndex = new int[count], postIndex = new int[count];
            for (int k = 0; k < count; k++)
            {
                preIndex[k] = rng.NextInt(pre);
                postIndex[k] = rng.NextInt(post);
            }

            Csr csr = ConnectivityBuilder.FromPairs(pre, post, preIndex, postIndex, out int[] synapseOfPair);
            Assert.Equal(count, csr.SynapseCount);
            AssertWellFormed(csr, strictlyAscending: false);
            int[] rowOf = csr.BuildRowIndex();
            var used = new bool[count];
            for (int k = 0; k < count; k++)
            {
                int s = synapseOfPair[k];
                Assert.False(used[s]);
                used[s] = true;
                Assert.Equal(preIndex[k], rowOf[s]);
                Assert.Equal(postIndex[k], csr.Columns[s]);
            }

            // Equal pairs keep their input order (a stable sort).
            for (int k = 0; k < count; k++)
            {
                for (int m = k + 1; m < count; m++)
                {
                    if (preIndex[k] == preIndex[m] && postIndex[k] == postIndex[m])
                    {
                        Assert.True(synapseOfPair[k] < synapseOfPair[m]);
                    }
                }
            }
        }, iter: 200);
    }

    [Fact]
    public void FromPairsRejectsBadInput()
    {
        Assert.Throws<ArgumentException>(() => ConnectivityBuilder.FromPairs(3, 3, new[] { 0, 1 }, new[] { 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConnectivityBuilder.FromPairs(3, 3, new[] { 3 }, new[] { 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConnectivityBuilder.FromPairs(3, 3, new[] { 0 }, new[] { -1 }));
    }

    private static void AssertNoDiagonal(Csr csr)
    {
        for (int i = 0; i < csr.Rows; i++)
        {
            Assert.DoesNotContain(i, csr.Row(i).ToArray());
        }
    }

    private static void AssertWellFormed(Csr csr, bool strictlyAscending)
    {
        // Re-validating through the public constructor checks lengths, ranges and row order.
        _ = new Csr(csr.Rows, csr.ColumnCount, csr.RowStart, csr.Columns);
        if (strictlyAscending)
        {
            for (int i = 0; i < csr.Rows; i++)
            {
                ReadOnlySpan<int> row = csr.Row(i);
                for (int k = 1; k < row.Length; k++)
                {
                    Assert.True(row[k - 1] < row[k]);
                }
            }
        }
    }
}
