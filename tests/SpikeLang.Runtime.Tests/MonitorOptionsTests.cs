using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace SpikeLang.Runtime.Tests;

/// <summary>Slices, intervals and streaming of the monitors, and the rate monitor's smoothing.</summary>
public class MonitorOptionsTests
{
    [Fact]
    public void A_state_monitor_takes_its_slice_on_multiples_of_its_interval()
    {
        var monitor = new StateMonitor<float>("v", 6, new MonitorOptions { Source = "P", Start = 2, Count = 3, Interval = 4, Unit = "V" });
        for (long step = 0; step < 10; step++)
        {
            monitor.Record(step, Enumerable.Range(0, 6).Select(i => step * 10f + i).ToArray());
        }
        Assert.Equal(new long[] { 0, 4, 8 }, monitor.Steps.ToArray());
        Assert.Equal(new[] { 42f, 43f, 44f }, monitor.Sample(1).ToArray());
        Assert.Equal((2, 3, 4, "V", "P", 4), (monitor.Start, monitor.Neurons, monitor.Interval, monitor.Unit, monitor.Source, monitor.BytesPerValue));
        Assert.Throws<ArgumentException>(() => monitor.Record(12, new float[3]));
    }

    [Theory]
    [InlineData(-1, null, 1)]
    [InlineData(4, 3, 1)]
    [InlineData(0, null, 0)]
    public void A_slice_or_interval_that_does_not_fit_is_refused(int start, int? count, int interval)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new StateMonitor<double>("v", 6, new MonitorOptions { Start = start, Count = count, Interval = interval }));
    }

    [Fact]
    public void Reserve_makes_room_for_the_samples_of_the_steps_only()
    {
        var monitor = new StateMonitor<double>("v", 2, new MonitorOptions { Interval = 10 });
        monitor.Reserve(1000);
        Assert.Equal(100, monitor.Capacity);
        var big = new StateMonitor<float>("v", 1_000_000);
        Assert.Throws<InvalidOperationException>(() => big.Reserve(5_000_000_000));
    }

    [Fact]
    public void A_streamed_state_monitor_holds_one_buffer_and_hands_on_each_sample_once()
    {
        var monitor = new StateMonitor<double>("v", 2);
        var seen = new List<(long Step, double V1)>();
        var bytes = new List<byte>();
        monitor.Stream(m =>
        {
            for (int k = 0; k < m.Samples; k++)
            {
                seen.Add((m.Steps[k], m.ValueAt(k, 1)));
            }
            bytes.AddRange(m.ValueBytes.ToArray());
        }, bufferSamples: 3);
        for (long step = 0; step < 10; step++)
        {
            monitor.Reserve(100); // no effect while streaming
            monitor.Record(step, [step, -step]);
            Assert.True(monitor.Samples < 3);
        }
        Assert.Equal(9, seen.Count);
        monitor.Flush();
        Assert.Equal(Enumerable.Range(0, 10).Select(s => ((long)s, -(double)s)).ToList(), seen);
        Assert.Equal(10, monitor.TotalSamples);
        Assert.Equal(10 * 2 * 8, bytes.Count);
        Assert.Equal(3, monitor.Capacity);
    }

    [Fact]
    public void A_spike_slice_counts_from_its_start_and_leaves_out_the_rest()
    {
        var monitor = new SpikeMonitor(10, new MonitorOptions { Start = 3, Count = 4, Source = "P" });
        monitor.Record(0, [0, 3, 5, 7, 9]);
        monitor.Record(1, [6]);
        monitor.Record(2, [1, 2]);
        Assert.Equal(new[] { 0, 2, 3 }, monitor.Indices.ToArray());
        Assert.Equal(new long[] { 0, 0, 1 }, monitor.Steps.ToArray());
        Assert.Equal(new[] { 1, 0, 1, 1 }, monitor.CountPerNeuron.ToArray());
        Assert.Equal((3, 4, "P"), (monitor.Start, monitor.Neurons, monitor.Source));
    }

    [Fact]
    public void A_streamed_spike_monitor_flushes_before_it_would_overflow()
    {
        var monitor = new SpikeMonitor(4);
        var blocks = new List<int[]>();
        monitor.Stream(m => blocks.Add(m.Indices.ToArray()), bufferSpikes: 5);
        monitor.Record(0, [0, 1, 2]);
        monitor.Record(1, [0, 1, 2]);
        monitor.Record(2, [3]);
        monitor.Flush();
        Assert.Equal(new[] { new[] { 0, 1, 2 }, new[] { 0, 1, 2, 3 } }, blocks);
        Assert.Equal(7, monitor.TotalCount);
        Assert.Equal(0, monitor.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(21)]
    public void The_smoothed_rate_is_numpys_centred_convolution(int window)
    {
        var counts = new[] { 0, 3, 1, 0, 0, 7, 2, 0, 1, 1, 0, 0, 4 };
        const double dt = 1e-3;
        var monitor = new RateMonitor(10, dt, window, "P");
        var blocks = new List<double>();
        var smoothed = new List<double>();
        monitor.Stream(m =>
        {
            blocks.AddRange(m.Rates.ToArray());
            smoothed.AddRange(window > 1 ? m.Smoothed.ToArray() : m.Rates.ToArray());
        }, bufferSamples: 4);
        for (int s = 0; s < counts.Length; s++)
        {
            monitor.Record(s, counts[s]);
        }
        monitor.Complete();

        var raw = counts.Select(c => c / dt / 10.0).ToArray();
        Assert.Equal(raw, blocks);
        int half = window / 2;
        for (int s = 0; s < raw.Length; s++)
        {
            double sum = 0;
            for (int k = s - half; k <= s + half; k++)
            {
                sum += k >= 0 && k < raw.Length ? raw[k] : 0;
            }
            Assert.Equal(sum / window, smoothed[s], 9);
        }
        Assert.Equal(counts.Length, monitor.TotalSamples);
        Assert.Throws<InvalidOperationException>(() => monitor.Record(99, 0));
    }

    [Theory]
    [InlineData(5e-3, 1e-4, 51)]
    [InlineData(2e-3, 1e-4, 21)]
    [InlineData(5e-5, 1e-4, 1)]
    public void A_window_in_seconds_becomes_Brian2s_odd_number_of_steps(double width, double dt, int steps)
    {
        Assert.Equal(steps, RateMonitor.WindowSteps(width, dt));
    }
}
