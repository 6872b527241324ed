using System;
using System.Linq;
using Brian2Features;
using Xunit;

namespace SpikeLang.Simulation.Tests.Brian2;

/// <summary>White noise xi, Heun and exponential Euler, Brian2's unit names, half powers and functions, run.</summary>
public class Brian2FeaturesTests
{
    [Fact]
    public void White_noise_gives_the_Ornstein_Uhlenbeck_variance()
    {
        var net = new Noise(seed: 11);
        net.Run(TimeSpan.FromSeconds(0.1)); // ten time constants: stationary
        double[] v = net.ou.v.ToArray();
        double mean = v.Average(), variance = v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1);
        // sigma² = 4 mV²; Euler-Maruyama's bias at dt/tau = 0.01 is 0.5 %, the sampling error about 2.2 %.
        Assert.InRange(variance, 4e-6 * 0.9, 4e-6 * 1.1);
        Assert.InRange(mean, -5 * 2e-3 / Math.Sqrt(v.Length), 5 * 2e-3 / Math.Sqrt(v.Length));
    }

    [Fact]
    public void Multiplicative_noise_is_integrated_as_Stratonovich_by_Heun()
    {
        var net = new Noise(seed: 12);
        net.Run(TimeSpan.FromSeconds(0.5));
        double[] x = net.gbm.x.ToArray();
        // Stratonovich: E[x] = exp((mu + s²/2)·t) = exp(0.5625); Itô (Euler-Maruyama) would give exp(0.5).
        double expected = Math.Exp((1 + 0.25 / 2) * 0.5);
        double sd = Math.Sqrt(Math.Exp(2 * 1.125 * 0.5) * (Math.Exp(0.25 * 0.5) - 1)) / Math.Sqrt(x.Length);
        Assert.InRange(x.Average(), expected - 5 * sd, expected + 5 * sd);
        Assert.True(Math.Abs(x.Average() - Math.Exp(0.5)) > 5 * sd, "the mean is Itô's, not Stratonovich's");
    }

    [Fact]
    public void Exponential_Euler_is_exact_for_linear_equations_and_Heun_second_order()
    {
        var net = new Methods();
        net.Run(100);
        double exact = -60e-3 + 60e-3 * Math.Exp(-100 * 0.1 / 10);
        Assert.Equal(exact, net.exponential.v[0], 14);
        // Heun's error per unit time is O(dt²): (dt/tau)²/6 relative, about 1e-5 here.
        Assert.Equal(exact, net.heun.v[0], 6);
        Assert.NotEqual(exact, net.heun.v[0], 12);
    }

    [Fact]
    public void Brian2s_units_half_powers_and_functions_have_Brians_values()
    {
        var net = new Methods();
        var f = net.functions;
        Assert.Equal(2e-8, f.area, 2e-23); // 20 000 µm²
        Assert.Equal(2e-10, f.cm_area, 2e-25); // 1 µF/cm² over it
        Assert.Equal(3e-3 * Math.Sqrt(1e-3), f.noise_scale, 15);
        Assert.Equal(1 - 1 + 2 + 1 + 1 + 0 + 0, f.folded, 12);
        Assert.Equal(2.0, f.concentration, 12); // 2 mM = 2 mol/m³
        Assert.Equal(7 + 1.5 + 1, f.remainder, 12);
        Assert.Equal(28, f.steps);
        Assert.Equal(0, f.one_sided);
        net.Run(10);
        Assert.Equal(0.5 * 10 * 0.1, f.q[0], 9);
        Assert.Equal(-5.5 * 10 * 0.1, f.below[0], 9);
        // poisson(2.5) per neuron: whole counts with mean and variance 2.5 (sd of the mean 0.011)
        double[] counts = f.counts.ToArray();
        Assert.All(counts, c => Assert.Equal(Math.Floor(c), c));
        double mean = counts.Average();
        Assert.InRange(mean, 2.5 - 0.06, 2.5 + 0.06);
        Assert.InRange(counts.Select(c => (c - mean) * (c - mean)).Average(), 2.5 - 0.15, 2.5 + 0.15);
        Assert.Equal((1 - Math.Exp(-0.5)) / 0.5, f.y[0], 9);
        Assert.Equal(Math.Sinh(0.5) + Math.Tan(0.25) + Math.Asin(0.5) + Math.Acos(0.5), f.z[0], 9);
    }

    [Fact]
    public void A_spike_generator_spikes_at_its_steps_every_period_with_the_hosts_spikes()
    {
        var net = new Generator();
        var seen = new System.Collections.Generic.List<(long Step, int[] Spikes)>();
        for (long step = 0; step < 110; step++)
        {
            if (step == 20)
            {
                net.S.SetSpikes(new[] { 0, 2 }); // joins the scheduled 2 of step 20
            }
            net.Step();
            if (net.S.Spikes.Length > 0)
            {
                seen.Add((step, net.S.Spikes.ToArray()));
            }
        }
        var expected = new System.Collections.Generic.List<(long, int[])>();
        for (long start = 0; start < 110; start += 50)
        {
            expected.Add((start + 10, new[] { 0, 1 }));
            expected.Add((start + 20, start == 0 ? new[] { 0, 2 } : new[] { 2 }));
            expected.Add((start + 30, new[] { 1 }));
        }
        Assert.Equal(expected.Where(e => e.Item1 < 110).Select(e => $"{e.Item1}:{string.Join(",", e.Item2)}"),
            seen.Select(e => $"{e.Step}:{string.Join(",", e.Spikes)}"));
        Assert.Equal(9, net.S.SpikeMonitor.Count);
        Assert.Equal(9, net.S.SpikeCount);
    }

    [Fact]
    public void Host_spikes_for_every_source_join_a_step_that_has_scheduled_spikes()
    {
        // Step 10 schedules sources 0 and 1; with the host's 0, 1 and 2 that is five before duplicates merge, in three sources.
        var net = new Generator();
        net.Run(10);
        net.S.SetSpikes(new[] { 0, 1, 2 });
        net.Step();
        Assert.Equal(new[] { 0, 1, 2 }, net.S.Spikes.ToArray());
        Assert.Equal(3, net.S.SpikeCount);
    }

    [Fact]
    public void A_spike_generator_without_a_period_spikes_once_in_time_order()
    {
        var net = new Generator();
        var steps = new System.Collections.Generic.List<(long, int)>();
        for (long step = 0; step < 100; step++)
        {
            net.Step();
            foreach (int i in net.once.Spikes)
            {
                steps.Add((step, i));
            }
        }
        Assert.Equal(new[] { (2L, 0), (5L, 2) }, steps);
    }

    [Fact]
    public void A_timed_array_drives_the_equations_bin_by_bin_and_holds_its_last_value()
    {
        var net = new Stimulation();
        net.Run(100);
        Assert.Equal(0, net.p.v[0], 15); // I = 0 for the first 10 ms
        net.Run(100);
        // 1 nA through 10 MOhm for 10 ms with tau = 10 ms: 10 mV·(1 − e⁻¹), exactly (the bins align with the steps).
        Assert.Equal(10e-3 * (1 - Math.Exp(-1)), net.p.v[0], 12);
        // Neuron 1 reads column 1: 20 Hz until 5 ms, then 40 Hz (tau = 1 ms).
        double at5 = 20 * (1 - Math.Exp(-5));
        Assert.Equal(40 + (at5 - 40) * Math.Exp(-(20 - 5)), net.p.r[1], 9);
        net.Run(400);
        // Bins of 10 ms drive v toward R·I = 0, 10, 20, 10 mV, and past the table the last value holds: 10 mV.
        double v = 0;
        foreach (double target in new[] { 0, 10e-3, 20e-3, 10e-3, 10e-3, 10e-3 })
        {
            v = target + (v - target) * Math.Exp(-1);
        }
        Assert.Equal(v, net.p.v[0], 12);
        Assert.Equal(40, net.p.r[1], 9);
    }
}
