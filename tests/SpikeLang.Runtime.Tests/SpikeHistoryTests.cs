using System;
using System.Collections.Generic;
using Xunit;

namespace SpikeLang.Runtime.Tests;

public class SpikeHistoryTests
{
    // A different, recognisable spike set per step: step t fires neurons t mod n and (3t + 1) mod n, or nothing every fifth step.
    private static int[] SpikesOf(int step, int neurons) =>
        step % 5 == 4 ? [] : step % neurons == (3 * step + 1) % neurons ? [step % neurons] : [Math.Min(step % neurons, (3 * step + 1) % neurons), Math.Max(step % neurons, (3 * step + 1) % neurons)];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    public void ReturnsTheSpikesOfTheRequestedStepForEveryDelayAcrossWraparound(int maxDelay)
    {
        const int neurons = 10;
        var history = new SpikeHistory(neurons, maxDelay);
        for (int step = 0; step < 4 * (maxDelay + 1) + 3; step++)
        {
            history.Push(SpikesOf(step, neurons));
            for (int d = 0; d <= maxDelay; d++)
            {
                int[] expected = step - d >= 0 ? SpikesOf(step - d, neurons) : [];
                Assert.Equal(expected, history.Delayed(d).ToArray());
            }
        }
    }

    [Fact]
    public void ReadsEmptyBeforeAnythingWasPushedAndAfterClear()
    {
        var history = new SpikeHistory(4, 3);
        Assert.True(history.Delayed(0).IsEmpty);
        Assert.True(history.Delayed(3).IsEmpty);
        history.Push([1, 2]);
        history.Clear();
        Assert.True(history.Delayed(0).IsEmpty);
        Assert.Equal(4, history.Neurons);
        Assert.Equal(3, history.MaxDelaySteps);
    }

    [Fact]
    public void RejectsBadArguments()
    {
        var history = new SpikeHistory(2, 3);
        Assert.Throws<ArgumentException>(() => history.Push([0, 1, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => history.Delayed(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => history.Delayed(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpikeHistory(-1, 0));
    }

    [Fact]
    public void PushAndDelayedAllocateNothing()
    {
        var history = new SpikeHistory(1000, 20);
        int[] spikes = new int[1000];
        for (int i = 0; i < spikes.Length; i++)
        {
            spikes[i] = i;
        }

        int sum = 0;
        Action step = () =>
        {
            history.Push(spikes.AsSpan(0, 37));
            sum += history.Delayed(0).Length + history.Delayed(20).Length;
        };
        Assert.Equal(0, Allocation.BytesAllocatedBy(step, measuredCalls: 100));
    }
    [Fact]
    public void A_step_busier_than_any_before_widens_every_slot_and_keeps_what_they_hold()
    {
        const int neurons = 5000, maxDelay = 4;
        var history = new SpikeHistory(neurons, maxDelay);
        var pushed = new List<int[]>();
        // Quiet steps, a burst past the first capacity, quiet steps, then every neuron at once: reads across each growth.
        foreach (int count in new[] { 3, 0, 7, SpikeHistory.InitialCapacity + 1, 2, 5, 1, 4000, neurons, 9, 0 })
        {
            int[] spikes = new int[count];
            for (int k = 0; k < count; k++)
            {
                spikes[k] = (k * 7 + count) % neurons;
            }
            history.Push(spikes);
            pushed.Add(spikes);
            for (int d = 0; d <= maxDelay && d < pushed.Count; d++)
            {
                Assert.Equal(pushed[^(d + 1)], history.Delayed(d).ToArray());
            }
        }

        // Another rank's spikes joined in place of a quiet step's: more than that slot held.
        int[] joined = new int[3000];
        for (int k = 0; k < joined.Length; k++)
        {
            joined[k] = k;
        }
        history.Replace(1, joined);
        Assert.Equal(joined, history.Delayed(1).ToArray());
        Assert.Equal(pushed[^1], history.Delayed(0).ToArray());
    }

    [Fact]
    public void Once_widened_pushes_as_busy_allocate_nothing_and_quiet_networks_hold_little()
    {
        var history = new SpikeHistory(1_000_000, 200);
        // 201 slots of InitialCapacity spikes, not of a million neurons (804 MB).
        Assert.True(Allocation.BytesAllocatedBy(() => new SpikeHistory(1_000_000, 200), measuredCalls: 1) < 2_000_000);

        int[] burst = new int[5000];
        history.Push(burst);
        Assert.Equal(0, Allocation.BytesAllocatedBy(() => history.Push(burst), measuredCalls: 50));
    }
}
