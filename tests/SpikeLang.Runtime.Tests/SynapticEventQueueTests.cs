using System;
using System.Collections.Generic;
using CsCheck;
using Xunit;

namespace SpikeLang.Runtime.Tests;

public class SynapticEventQueueTests
{
    [Fact]
    public void DeliversEachEventExactlyAtItsDueStep()
    {
        Gen.Select(Gen.Int[0, 12], Gen.Int[0, 4], Gen.ULong).Sample((maxDelay, initialCapacity, seed) =>
        {
            var rng = new RandomStream(seed);
            var queue = new SynapticEventQueue(maxDelay, initialCapacity);
            var expected = new Dictionary<int, List<int>>();
            int nextSynapse = 0;
            for (int step = 0; step < 60; step++)
            {
                int events = rng.NextInt(6);
                for (int e = 0; e < events; e++)
                {
                    int delay = rng.NextInt(maxDelay + 1);
                    int synapse = nextSynapse++;
                    queue.Schedule(delay, synapse);
                    if (!expected.TryGetValue(step + delay, out List<int>? list))
                    {
                        expected[step + delay] = list = new List<int>();
                    }

                    list.Add(synapse);
                }

                int[] due = queue.Due.ToArray();
                Assert.Equal(expected.TryGetValue(step, out List<int>? now) ? now.ToArray() : [], due);
                expected.Remove(step);
                queue.Advance();
            }

            int pending = 0;
            foreach (List<int> list in expected.Values)
            {
                pending += list.Count;
            }

            Assert.Equal(pending, queue.Pending);
        }, iter: 200);
    }

    [Fact]
    public void SlotsGrowByDoublingWithoutLosingEvents()
    {
        var queue = new SynapticEventQueue(3, initialCapacityPerSlot: 1);
        for (int s = 0; s < 100; s++)
        {
            queue.Schedule(2, s);
        }

        queue.Schedule(2, [100, 101, 102]);
        queue.Advance();
        queue.Advance();
        int[] due = queue.Due.ToArray();
        Assert.Equal(103, due.Length);
        for (int s = 0; s < due.Length; s++)
        {
            Assert.Equal(s, due[s]);
        }

        queue.Advance();
        Assert.True(queue.Due.IsEmpty);
        Assert.Equal(0, queue.Pending);
    }

    [Fact]
    public void ZeroDelayIsDueNowAndClearDropsEverything()
    {
        var queue = new SynapticEventQueue(2);
        queue.Schedule(0, 7);
        Assert.Equal(new[] { 7 }, queue.Due.ToArray());
        queue.Schedule(2, 8);
        queue.Clear();
        Assert.Equal(0, queue.Pending);
        Assert.Throws<ArgumentOutOfRangeException>(() => queue.Schedule(3, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => queue.Schedule(-1, 1));
    }

    [Fact]
    public void ScheduleAndAdvanceAllocateNothingWithinCapacity()
    {
        var queue = new SynapticEventQueue(15, initialCapacityPerSlot: 4);
        queue.EnsureSlotCapacity(256);
        int[] row = new int[50];
        int counter = 0;
        Action step = () =>
        {
            for (int k = 0; k < 100; k++)
            {
                queue.Schedule((k + counter) % 16, k);
            }

            queue.Schedule(counter % 16, row);
            counter++;
            _ = queue.Due.Length;
            queue.Advance();
        };
        Assert.Equal(0, Allocation.BytesAllocatedBy(step, measuredCalls: 200));
    }
}
