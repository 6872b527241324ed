using System;
using Xunit;

namespace SpikeLang.Runtime.Tests;

public class SpikeMonitorTests
{
    [Fact]
    public void RecordsStepsIndicesAndCountsAcrossGrowth()
    {
        var monitor = new SpikeMonitor(5, initialCapacity: 2);
        monitor.Record(0, [1, 3]);
        monitor.Record(1, []);
        monitor.Record(2, [0, 1, 4]);
        Assert.Equal(5, monitor.Count);
        Assert.Equal(new long[] { 0, 0, 2, 2, 2 }, monitor.Steps.ToArray());
        Assert.Equal(new[] { 1, 3, 0, 1, 4 }, monitor.Indices.ToArray());
        Assert.Equal(new[] { 1, 2, 0, 1, 1 }, monitor.CountPerNeuron.ToArray());
    }

    [Fact]
    public void ClearKeepsCountsUntilReset()
    {
        var monitor = new SpikeMonitor(3);
        monitor.Record(4, [2]);
        monitor.Clear();
        Assert.Equal(0, monitor.Count);
        Assert.Equal(new[] { 0, 0, 1 }, monitor.CountPerNeuron.ToArray());
        monitor.Record(5, [0]);
        Assert.Equal(new long[] { 5 }, monitor.Steps.ToArray());
        monitor.ResetCounts();
        Assert.Equal(new[] { 0, 0, 0 }, monitor.CountPerNeuron.ToArray());
    }

    [Fact]
    public void EnsureCapacityReservesRoom()
    {
        var monitor = new SpikeMonitor(3, initialCapacity: 0);
        monitor.EnsureCapacity(1000);
        Assert.True(monitor.Capacity >= 1000);
        Assert.Throws<IndexOutOfRangeException>(() => monitor.Record(0, [3]));
    }

    [Fact]
    public void RecordAllocatesNothingWithinCapacity()
    {
        var monitor = new SpikeMonitor(1000, initialCapacity: 0);
        monitor.EnsureCapacity(100_000);
        int[] spikes = new int[40];
        for (int i = 0; i < spikes.Length; i++)
        {
            spikes[i] = 25 * i;
        }

        long step = 0;
        Action record = () => monitor.Record(step++, spikes);
        Assert.Equal(0, Allocation.BytesAllocatedBy(record, measuredCalls: 200));
        Assert.Equal(1003 * 40, monitor.Count);
    }
}
