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
    [Theory]
    // CUBA: rows of 80 are too short to share, so its targets decide (as its neurons' update is cut).
    [InlineData(16_000, 1_280_000L, 16_000, 2, 1)]
    [InlineData(256_000, 20_480_000L, 256_000, 2, 2)]
    // Brunel's excitatory connection: 12 500 targets, rows of 1 250, 12.5 M synapses.
    [InlineData(12_500, 12_500_000L, 10_000, 2, 2)]
    [InlineData(12_500, 12_500_000L, 10_000, 16, 9)]
    // Long rows but too few synapses in all for a hand-off.
    [InlineData(1_000, 500_000L, 1_000, 8, 1)]
    // Never more parts than the targets fill at 16 each.
    [InlineData(40, 40_000_000L, 10_000, 8, 2)]
    [InlineData(0, 0L, 0, 4, 1)]
    public void Delivery_is_shared_for_many_targets_or_long_rows(int targets, long synapses, int rows, int threads, int expected)
    {
        Assert.Equal(expected, Partition.DeliveryParts(targets, synapses, rows, threads));
    }
}
