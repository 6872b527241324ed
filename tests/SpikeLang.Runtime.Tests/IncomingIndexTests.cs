using System.Collections.Generic;
using CsCheck;
using Xunit;

namespace SpikeLang.Runtime.Tests;

public class IncomingIndexTests
{
    [Fact]
    public void GroupsEverySynapseUnderItsPostsynapticNeuron()
    {
        Gen.Select(Gen.Int[0, 40], Gen.Int[1, 40], Gen.Double[0.0, 1.0], Gen.ULong).Sample((pre, post, p, seed) =>
        {
            Csr csr = ConnectivityBuilder.Probability(pre, post, p, new TargetDraws(seed, 0, 0, 0, post));
            IncomingIndex index = IncomingIndex.Build(csr);
            int[] rowOf = csr.BuildRowIndex();
            Assert.Equal(post + 1, index.ColumnStart.Length);
            Assert.Equal(csr.SynapseCount, index.Synapses.Length);
            var seen = new HashSet<int>();
            for (int j = 0; j < post; j++)
            {
                System.ReadOnlySpan<int> incoming = index.Incoming(j);
                System.ReadOnlySpan<int> sources = index.IncomingSources(j);
                for (int k = 0; k < incoming.Length; k++)
                {
                    int s = incoming[k];
                    Assert.True(seen.Add(s));
                    Assert.Equal(j, csr.Columns[s]);
                    Assert.Equal(rowOf[s], sources[k]);
                    if (k > 0)
                    {
                        Assert.True(incoming[k - 1] < s);
                    }
                }
            }

            Assert.Equal(csr.SynapseCount, seen.Count);
        }, iter: 200);
    }
    [Fact]
    public void Threads_group_the_synapses_as_one_thread_does()
    {
        // 3.2 M synapses: three ranges of rows, each counted and written on its own thread.
        const int pre = 4000, post = 8000;
        Csr csr = ConnectivityBuilder.Probability(pre, post, 0.1, new TargetDraws(3, 0, 0, 0, post), threads: 2);
        IncomingIndex one = IncomingIndex.Build(csr), three = IncomingIndex.Build(csr, threads: 3);

        Assert.True(csr.SynapseCount > 3 * Partition.MinimumSynapsesPerPart);
        Assert.Equal(one.ColumnStart, three.ColumnStart);
        Assert.Equal(one.Synapses, three.Synapses);
        Assert.Equal(one.Sources, three.Sources);
    }
}
