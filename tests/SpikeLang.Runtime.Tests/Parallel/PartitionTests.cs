using System;
using System.Linq;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Runtime.Tests.Parallel;

/// <summary>The cuts of <see cref="Partition"/>: evenly for threads and ranks, by capacity for a chip's cores.</summary>
public class PartitionTests
{
    [Fact]
    public void A_range_ends_where_the_next_element_no_longer_fits_and_the_ranges_cover_every_element_once()
    {
        // Element i costs i % 7 + 1; a core holds 10.
        int used = 0, resets = 0;
        int[] starts = Partition.ByCapacity(40,
            (first, i) => (used += i % 7 + 1) <= 10 || Undo(i),
            () => { used = 0; resets++; },
            i => new InvalidOperationException($"element {i}"));

        bool Undo(int i)
        {
            used -= i % 7 + 1;
            return false;
        }

        Assert.Equal(0, starts[0]);
        Assert.Equal(40, starts[^1]);
        Assert.Equal(starts.Length - 1, resets);
        for (int range = 0; range + 1 < starts.Length; range++)
        {
            int cost = Enumerable.Range(starts[range], starts[range + 1] - starts[range]).Sum(i => i % 7 + 1);
            Assert.InRange(cost, 1, 10);
            // Greedy: the next element would not have fitted.
            if (starts[range + 1] < 40)
            {
                Assert.True(cost + starts[range + 1] % 7 + 1 > 10);
            }
        }
    }

    [Fact]
    public void The_first_element_of_a_range_may_cap_its_length()
    {
        int[] starts = Partition.ByCapacity(10, (first, i) => i - first < 4, () => { }, i => new InvalidOperationException());
        Assert.Equal(new[] { 0, 4, 8, 10 }, starts);
        Assert.Equal(new[] { 0 }, Partition.ByCapacity(0, (_, _) => true, () => { }, i => new InvalidOperationException()));
    }

    [Fact]
    public void An_element_that_fits_no_empty_range_is_reported_by_the_caller_s_exception()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Partition.ByCapacity(5, (first, i) => i != 3, () => { }, i => new ArgumentException($"neuron {i} does not fit")));
        Assert.Equal("neuron 3 does not fit", error.Message);
    }

    [Theory]
    [InlineData(1000, 3)]
    [InlineData(100_000, 7)]
    public void Even_ranges_start_at_multiples_of_16_ascend_and_cover_every_element(int count, int parts)
    {
        var starts = Enumerable.Range(0, parts + 1).Select(p => Partition.Start(count, parts, p)).ToArray();
        Assert.Equal(0, starts[0]);
        Assert.Equal(count, starts[^1]);
        Assert.All(starts[..^1], s => Assert.Equal(0, s % Partition.Alignment));
        Assert.True(starts.Zip(starts.Skip(1)).All(p => p.First <= p.Second));
    }
}
