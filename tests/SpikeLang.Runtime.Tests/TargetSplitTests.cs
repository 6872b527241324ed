using System.Linq;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Runtime.Tests;

/// <summary>The runs of each row onto each thread's targets, and the postsynaptic spikes each thread takes.</summary>
public class TargetSplitTests
{
    // 3 sources onto 64 targets: row 0 onto 0, 15, 16, 40, 63; row 1 onto none; row 2 onto 31, 32.
    private static readonly Csr Rows = new(3, 64, [0, 5, 5, 7], [0, 15, 16, 40, 63, 31, 32]);

    [Fact]
    public void Each_row_is_cut_where_it_crosses_into_the_next_range()
    {
        var split = new TargetSplit(Rows, 0, 64, 2);

        Assert.Equal(32, split.PartStart(1));
        Assert.Equal(new[] { 0, 3, 5, 5, 5, 5, 5, 6, 7 }, split.Offsets);
    }

    [Fact]
    public void Each_part_takes_the_spikes_of_its_own_targets_and_together_they_take_each_once()
    {
        // A rank that owns targets [16, 64) in three ranges; the target population's neuron 100 is column 0.
        var split = new TargetSplit(Rows, 16, 64, 3);
        int[] spikes = [100, 115, 116, 131, 132, 147, 148, 163, 170];

        int[][] parts = Enumerable.Range(0, 3).Select(p => split.Within(spikes, p, 100).ToArray()).ToArray();

        Assert.Equal(new[] { 16, 32, 48, 64 }, Enumerable.Range(0, 4).Select(split.PartStart));
        Assert.Equal(new[] { 116, 131 }, parts[0]);
        Assert.Equal(new[] { 132, 147 }, parts[1]);
        Assert.Equal(new[] { 148, 163 }, parts[2]);
    }
}
