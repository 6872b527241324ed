using System;
using System.Linq;
using Recording;
using Xunit;

namespace SpikeLang.Simulation.Tests;

/// <summary>
/// <c>record state P[a:b].v every T</c>, <c>record spikes P[a:b]</c>, <c>record rate P window W</c> and
/// <c>record weights A -> B every T</c> in generated networks, each checked against a full recording of
/// the same quantity.
/// </summary>
public class RecordingTests
{
    private const int Steps = 3000;

    [Fact]
    public void A_slice_sampled_every_millisecond_is_the_full_trace_at_those_steps()
    {
        var net = new Recorded(seed: 3);
        net.Run(Steps);

        var v = net.p.vMonitor;
        var u = net.p.uMonitor;
        Assert.Equal((2, 3, 10, "V", "p"), (v.Start, v.Neurons, v.Interval, v.Unit, v.Source));
        Assert.Equal(Steps / 10, v.Samples);
        Assert.Equal(Steps, u.Samples);
        Assert.True(net.p.SpikeCount > 10, $"only {net.p.SpikeCount} spikes");
        for (int k = 0; k < v.Samples; k++)
        {
            long step = v.Steps[k];
            Assert.Equal(10L * k, step);
            for (int i = 0; i < v.Neurons; i++)
            {
                // u obeys v's equation and is reset with it, so the two are the same numbers.
                Assert.Equal(u.At((int)step, 2 + i), v.At(k, i));
            }
        }
    }

    [Fact]
    public void A_slice_of_spikes_counts_from_its_start()
    {
        var net = new Recorded(seed: 3);
        net.Run(Steps);

        var all = net.whole.SpikeMonitor;
        var slice = net.p.SpikeMonitor;
        Assert.Equal((1, 4), (slice.Start, slice.Neurons));
        var expected = Enumerable.Range(0, all.Count).Where(k => all.Indices[k] is >= 1 and < 5)
            .Select(k => (all.Steps[k], all.Indices[k] - 1)).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Enumerable.Range(0, slice.Count).Select(k => (slice.Steps[k], slice.Indices[k])).ToList());
        Assert.Equal(Enumerable.Range(1, 4).Select(i => net.whole.SpikeMonitor.CountPerNeuron[i]).ToArray(), slice.CountPerNeuron.ToArray());
    }

    [Fact]
    public void The_rate_and_its_smoothing_are_Brian2s()
    {
        var net = new Recorded(seed: 3);
        net.Run(Steps);
        var rate = net.whole.RateMonitor;
        rate.Complete();

        // Brian2: rate = spikes / dt / N per step; smooth_rate(window='flat', width=2 ms) = int(2 ms / 2 / dt) * 2 + 1 = 21 steps.
        Assert.Equal(21, rate.Window);
        var spikes = new double[Steps];
        var monitor = net.whole.SpikeMonitor;
        for (int k = 0; k < monitor.Count; k++)
        {
            spikes[monitor.Steps[k]]++;
        }
        var raw = spikes.Select(s => s / Recorded.Dt / 6).ToArray();
        Assert.Equal(Steps, rate.Samples);
        Assert.Equal(Enumerable.Range(0, Steps).Select(s => (long)s).ToArray(), rate.Steps.ToArray());
        Assert.Equal(raw, rate.Rates.ToArray());
        for (int s = 0; s < Steps; s++)
        {
            // numpy's convolve(mode='same'): the centred window, nothing outside the run.
            double sum = 0;
            for (int k = s - 10; k <= s + 10; k++)
            {
                sum += k >= 0 && k < Steps ? raw[k] : 0;
            }
            Assert.Equal(sum / 21, rate.Smoothed[s], 9);
        }
        Assert.Equal(1, net.src.RateMonitor.Window);
        Assert.Equal(net.src.SpikeCount, (long)Math.Round(net.src.RateMonitor.Rates.ToArray().Sum() * 20 * Recorded.Dt));
    }

    [Fact]
    public void Weights_are_sampled_at_the_start_of_every_sampled_step()
    {
        var net = new Recorded(seed: 3);
        var monitor = ((SpikeLang.Runtime.INetwork)net).SynapseMonitors.Single();
        Assert.Same(net.src_to_p.wMonitor, monitor);
        Assert.Equal(("src -> p", "w", 120, 10), (monitor.Source, monitor.Variable, monitor.Neurons, monitor.Interval));

        net.Run(Steps);
        double[] before = net.src_to_p.w.ToArray();
        net.Step();
        var w = net.src_to_p.wMonitor;
        Assert.Equal(Steps / 10 + 1, w.Samples);
        Assert.Equal(Steps, w.Steps[^1]);
        Assert.Equal(before, w.Sample(w.Samples - 1).ToArray());
        // Plasticity moved them between samples.
        Assert.NotEqual(w.Sample(0).ToArray(), w.Sample(w.Samples - 1).ToArray());
    }

    [Fact]
    public void Streaming_keeps_one_buffer_and_hands_on_every_sample_in_order()
    {
        var reference = new Recorded(seed: 3);
        reference.Run(Steps);

        var net = new Recorded(seed: 3);
        var seen = new System.Collections.Generic.List<(long Step, double Value)>();
        net.p.uMonitor.Stream(m =>
        {
            for (int k = 0; k < m.Samples; k++)
            {
                seen.Add((m.Steps[k], m.ValueAt(k, 4)));
            }
        }, bufferSamples: 64);
        net.Run(Steps);
        Assert.True(net.p.uMonitor.Capacity == 64, $"capacity {net.p.uMonitor.Capacity}");
        net.p.uMonitor.Flush();

        Assert.Equal(Steps, net.p.uMonitor.TotalSamples);
        Assert.Equal(Enumerable.Range(0, Steps).Select(s => ((long)s, reference.p.uMonitor.At(s, 4))).ToList(), seen);
    }
}
