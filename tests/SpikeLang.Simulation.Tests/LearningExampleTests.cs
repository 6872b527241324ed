using System;
using System.Collections.Generic;
using System.Linq;
using Examples.SongMillerAbbott;
using Examples.StdpWindow;
using Examples.SynfireChain;
using Xunit;

namespace SpikeLang.Simulation.Tests;

/// <summary>The StdpWindow, SongMillerAbbott and SynfireChain examples' networks, as shipped.</summary>
public class LearningExampleTests
{
    /// <summary>One pre/post pair in a fresh StdpWindow network, as the example measures it.</summary>
    private static double StdpWindowChange(int deltaSteps)
    {
        var net = new StdpWindow();
        int preStep = 20 + Math.Max(0, -deltaSteps);
        int postStep = preStep + deltaSteps;
        double w0 = net.pre_to_post.w[0];
        for (int step = 0; step <= Math.Max(preStep, postStep) + 2; step++)
        {
            if (step == preStep)
            {
                net.pre.SetSpikes(new[] { 0 });
            }
            if (step == postStep - 1)
            {
                net.drive.SetSpikes(new[] { 0 });
            }
            net.Step();
            Assert.Equal(step == postStep ? 1 : 0, net.post.Spikes.Length);
        }
        return net.pre_to_post.w[0] - w0;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(100)]
    [InlineData(-100)]
    [InlineData(1000)]
    [InlineData(-1000)]
    public void StdpWindow_matches_the_formula_to_1e_4_out_to_100_ms(int deltaSteps)
    {
        var reference = new StdpWindow();
        double delta = deltaSteps * StdpWindow.Dt;
        double expected = delta > 0
            ? reference.a_p * Math.Exp(-delta / reference.tau_p)
            : reference.a_m * Math.Exp(delta / reference.tau_m);
        double measured = StdpWindowChange(deltaSteps);
        Assert.True(Math.Abs(measured - expected) < 1e-4 * Math.Abs(expected), $"dt = {delta * 1e3} ms: {measured} vs {expected}");
    }

    [Fact]
    public void StdpWindow_counts_a_same_step_pair_as_pre_before_post()
    {
        Assert.Equal(new StdpWindow().a_p, StdpWindowChange(0), 12);
    }

    /// <summary>
    /// 100 simulated seconds (the example's default, about 0.3 s of wall time): the weights leave the uniform
    /// distribution for the bounds. Brian2's synapses/STDP.py, run here for seeds 1 to 20 (examples/SongMillerAbbott/README.md),
    /// gives an output rate of 22.6 to 26.9 Hz, 22 to 27 % of the weights in the lowest tenth of [0, gmax] and
    /// 17 to 21 % in the highest.
    /// </summary>
    [Fact]
    public void SongMillerAbbott_weights_become_bimodal_as_in_Brian2()
    {
        const double gmax = 0.01;
        var net = new SongMillerAbbott(seed: 1);
        net.Run(TimeSpan.FromSeconds(100));

        var tenths = new int[10];
        foreach (float w in net.inputs_to_out.w)
        {
            Assert.InRange(w, 0f, (float)gmax);
            tenths[Math.Clamp((int)(w / gmax * 10), 0, 9)]++;
        }
        double n = net.inputs_to_out.w.Length;
        double lowest = tenths[0] / n, highest = tenths[9] / n;
        double middle = tenths.Skip(2).Take(6).Average() / n;

        // Bimodal: both end tenths hold about twice their uniform share and three times a middle tenth.
        Assert.InRange(lowest, 0.20, 0.30);
        Assert.InRange(highest, 0.15, 0.24);
        Assert.True(lowest > 3 * middle && highest > 3 * middle, $"tenths: {string.Join(",", tenths)}");

        double rate = net.@out.SpikeCount / net.Time;
        Assert.InRange(rate, 21, 30);
    }

    /// <summary>Spikes of the group within the densest 4 ms after the volley, and their median time (ms).</summary>
    private static (int Count, double MedianMs) DensestWindow(List<(double TimeMs, int Neuron)> spikes, int group)
    {
        var times = spikes.Where(s => s.Neuron / 100 == group && s.TimeMs >= 45).Select(s => s.TimeMs).OrderBy(t => t).ToArray();
        int best = 0;
        double median = double.NaN;
        for (int a = 0, b = 0; b < times.Length; b++)
        {
            while (times[b] - times[a] > 4)
            {
                a++;
            }
            if (b - a + 1 > best)
            {
                best = b - a + 1;
                median = times[(a + b) / 2];
            }
        }
        return (best, median);
    }

    /// <summary>The example's volley: <paramref name="a"/> sources spike once each, around 50 ms with spread sigma.</summary>
    private static List<(double TimeMs, int Neuron)> SynfireRun(int a, double sigmaMs, ulong seed)
    {
        var net = new SynfireChain(seed);
        var random = new Random(12345);
        var byStep = new Dictionary<long, List<int>>();
        for (int source = 0; source < a; source++)
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            double ms = 50 + sigmaMs * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            long step = (long)Math.Round(ms * 1e-3 / SynfireChain.Dt);
            if (!byStep.TryGetValue(step, out var sources))
            {
                byStep[step] = sources = new List<int>();
            }
            sources.Add(source);
        }
        long steps = (long)Math.Round(0.13 / SynfireChain.Dt);
        for (long step = 0; step < steps; step++)
        {
            if (byStep.TryGetValue(step, out var sources))
            {
                net.volley.SetSpikes(sources.ToArray());
            }
            net.Step();
        }
        var monitor = net.chain.SpikeMonitor;
        var spikes = new List<(double, int)>(monitor.Count);
        for (int k = 0; k < monitor.Count; k++)
        {
            spikes.Add((monitor.Steps[k] * SynfireChain.Dt * 1e3, monitor.Indices[k]));
        }
        return spikes;
    }

    [Fact]
    public void SynfireChain_carries_a_strong_volley_to_the_last_group()
    {
        var spikes = SynfireRun(a: 100, sigmaMs: 1, seed: 1);
        double previous = 50;
        for (int g = 0; g < 10; g++)
        {
            var (count, median) = DensestWindow(spikes, g);
            Assert.True(count >= 80, $"group {g}: {count} spikes in its densest 4 ms");
            if (g > 0)
            {
                // One synaptic delay (5 ms) plus a rise time of under 2 ms from group to group.
                Assert.InRange(median - previous, 5, 7);
            }
            previous = median;
        }
    }

    [Fact]
    public void SynfireChain_loses_a_weak_volley_in_the_background()
    {
        var spikes = SynfireRun(a: 40, sigmaMs: 1, seed: 1);
        for (int g = 2; g < 10; g++)
        {
            var (count, _) = DensestWindow(spikes, g);
            Assert.True(count < 30, $"group {g}: {count} spikes in its densest 4 ms");
        }
    }

    /// <summary>
    /// The background noise (randn() in an Euler step): Brian2's frompapers/Diesmann_et_al_1999.py neuron, with
    /// these connections and no volley, fires at 3.4 Hz over the chain (two seeds, from 0.1 s to 1 s) and 2.3 Hz
    /// in the first group, which no group drives. 0.3 s here (about 1000 spikes) keep the test fast.
    /// </summary>
    [Fact]
    public void SynfireChain_background_rate_matches_Brian2()
    {
        var net = new SynfireChain(seed: 3);
        net.Run(TimeSpan.FromSeconds(0.05));
        long before = net.chain.SpikeCount;
        var first = net.chain.SpikeMonitor.CountPerNeuron.ToArray();
        net.Run(TimeSpan.FromSeconds(0.3));
        double rate = (net.chain.SpikeCount - before) / 0.3 / net.chain.Count;
        var counts = net.chain.SpikeMonitor.CountPerNeuron.ToArray();
        double firstGroup = Enumerable.Range(0, 100).Sum(i => counts[i] - first[i]) / 0.3 / 100;
        Assert.InRange(rate, 3.0, 3.8);
        Assert.InRange(firstGroup, 1.6, 3.0);
    }
}
