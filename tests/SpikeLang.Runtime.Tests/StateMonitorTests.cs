using System;
using Xunit;

namespace SpikeLang.Runtime.Tests;

public class StateMonitorTests
{
    [Fact]
    public void RecordsSamplesAcrossGrowth()
    {
        var monitor = new StateMonitor<float>("v", 3);
        for (int k = 0; k < 40; k++)
        {
            monitor.Record(10L * k, [k, k + 0.5f, -k]);
        }

        Assert.Equal("v", monitor.Variable);
        Assert.Equal(3, monitor.Neurons);
        Assert.Equal(40, monitor.Samples);
        Assert.Equal(390L, monitor.Steps[39]);
        Assert.Equal(new[] { 17f, 17.5f, -17f }, monitor.Sample(17).ToArray());
        Assert.Equal(-39f, monitor.At(39, 2));
        Assert.Equal(0.5f, monitor.At(0, 1));
    }

    [Fact]
    public void RejectsBadShapesAndIndices()
    {
        var monitor = new StateMonitor<double>("vt", 2, initialSamples: 4);
        Assert.Throws<ArgumentException>(() => monitor.Record(0, [1.0]));
        monitor.Record(0, [1.0, 2.0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => monitor.Sample(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => monitor.At(0, 2));
        monitor.Clear();
        Assert.Equal(0, monitor.Samples);
    }

    [Fact]
    public void RecordAllocatesNothingWithinCapacity()
    {
        var monitor = new StateMonitor<float>("v", 4000);
        monitor.EnsureCapacity(1000);
        Assert.True(monitor.Capacity >= 1000);
        float[] values = new float[4000];
        long step = 0;
        Action record = () => monitor.Record(step++, values);
        Assert.Equal(0, Allocation.BytesAllocatedBy(record, measuredCalls: 150));
    }
}
