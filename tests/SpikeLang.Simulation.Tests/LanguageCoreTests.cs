using System;
using System.Linq;
using LanguageCore;
using Xunit;

namespace SpikeLang.Simulation.Tests;

/// <summary>Subgroups, Poisson drives, int() and where(), per-pair probabilities, fixed out-degree and parameter delays, run.</summary>
public class LanguageCoreTests
{
    [Fact]
    public void Subgroups_set_their_own_values_and_share_their_parents_state()
    {
        var net = new Subgroups();
        Assert.Equal(new[] { 2e-3, 4e-3, 6e-3, 8e-3, 0, 0, 0, 0, 0, 0 }, net.p.bias.ToArray());
        Assert.Equal(new[] { 0, 0, 0, 0, 0.25e-3, 0.25e-3, 0.25e-3, 0.25e-3, 0.25e-3, 0.25e-3 }, net.p.v.ToArray());
        Assert.Equal((4, 4, 6), (net.first.Count, net.rest.Start, net.rest.Count));
        Assert.Equal((5, 2), (net.middle.Start, net.middle.Count));

        net.source.SetSpikes(new[] { 5 });
        net.Step();
        Assert.Equal(1.25e-3, net.rest.v[1], 12);
        net.Step();
        // Sampled at the start of each step: the initial values, then those after step 0.
        Assert.Equal(new[] { 0.25e-3, 0.25e-3, 0.25e-3, 0.25e-3, 0.25e-3, 0.25e-3 }, net.rest.vMonitor.Sample(0).ToArray());
        Assert.Equal(new[] { 0.25e-3, 1.25e-3, 0.25e-3, 0.25e-3, 0.25e-3, 0.25e-3 }, net.rest.vMonitor.Sample(1).ToArray());
        // A subgroup's state is its parent's, not a copy.
        net.rest.v[0] = 7e-3;
        Assert.Equal(7e-3, net.p.v[4]);
    }

    [Fact]
    public void A_subgroup_counts_its_spikes_from_its_start()
    {
        var net = new Subgroups();
        net.source.SetSpikes(new[] { 1, 3, 5, 8 });
        net.Step();
        net.Step();
        // p spikes at 1, 3, 5, 8 in the second step; each subgroup sees its own, counted from its start.
        Assert.Equal(new[] { 1, 3, 5, 8 }, net.p.Spikes.ToArray());
        Assert.Equal(new[] { 1, 3 }, net.first.Spikes.ToArray());
        Assert.Equal(new[] { 1, 4 }, net.rest.Spikes.ToArray());
        Assert.Equal(new[] { 0 }, net.middle.Spikes.ToArray());
        Assert.Equal((4L, 2L, 2L, 1L), (net.p.SpikeCount, net.first.SpikeCount, net.rest.SpikeCount, net.middle.SpikeCount));
        Assert.Equal(new[] { 1, 3 }, net.first.SpikeMonitor.Indices.ToArray());
        Assert.Equal(new[] { 1L, 1L }, net.first.SpikeMonitor.Steps.ToArray());
        Assert.Equal(new[] { "first", "rest", "middle" }, ((SpikeLang.Runtime.INetwork)net).Subgroups.Select(g => g.Name));
        // p[5] spiked and was reset; p[6] kept its initial value.
        Assert.Equal(new[] { 0, 0.25e-3 }, ((SpikeLang.Runtime.IPopulation)net.middle).ReadState("v"));
    }

    [Fact]
    public void Exact_Poisson_drive_adds_whole_inputs_with_the_binomial_mean_and_variance()
    {
        var net = new Drives(seed: 3);
        const int steps = 1000;
        net.Run(steps);
        // Per neuron: Binomial(n · steps, p) inputs of 1 mV, with n = 50, p = rate · dt = 0.01.
        double[] counts = net.exact.v.ToArray().Select(v => v / 1e-3).ToArray();
        Assert.All(counts, c => Assert.Equal(Math.Round(c), c, 9));
        AssertMoments(counts, mean: 50 * steps * 0.01, variance: 50 * steps * 0.01 * 0.99);
    }

    [Fact]
    public void Large_Poisson_drive_uses_the_normal_approximation_as_Brian2()
    {
        var net = new Drives(seed: 4);
        const int steps = 100;
        net.Run(steps);
        // n = 10000, p = 0.01: each step adds N(100, 99) inputs, not rounded.
        double[] counts = net.normal.v.ToArray().Select(v => v / 1e-3).ToArray();
        Assert.Contains(counts, c => Math.Abs(c - Math.Round(c)) > 1e-6);
        AssertMoments(counts, mean: 100.0 * steps, variance: 99.0 * steps);
    }

    [Fact]
    public void A_drive_onto_a_variable_held_while_refractory_is_dropped_then()
    {
        var net = new Drives(seed: 5, rate: 0.0);
        var spikes = new System.Collections.Generic.List<long>();
        for (long step = 0; step < 400; step++)
        {
            net.Step();
            if (net.held.Spikes.Length > 0)
            {
                Assert.Equal(new[] { 0, 1, 2 }, net.held.Spikes.ToArray());
                spikes.Add(step);
            }
        }
        // One input a step: v = k mV at the threshold of step k; 6 mV > 5 mV spikes at step 6, then
        // 100 refractory steps (6-105) drop the drive, and the count starts again at step 106.
        Assert.Equal(new long[] { 6, 112, 218, 324 }, spikes);
        // free is not held: it counts every step, drive or no drive; neuron 0 has no drive onto it.
        Assert.Equal(new[] { 0, 400e-3, 400e-3 }, net.held.free.ToArray().Select(v => Math.Round(v, 12)));
        // rate = 0 Hz silences the exact drive entirely.
        Assert.All(net.exact.v.ToArray(), v => Assert.Equal(0, v));
    }

    [Fact]
    public void Int_of_a_condition_and_where_give_numbers_with_units()
    {
        var net = new Conditions();
        net.Run(30);
        // d(lit)/dt = int(t >= 1 ms) / ms: 0 for the 10 steps before 1 ms, then 0.1 per step (20 steps).
        Assert.Equal(2.0, net.r.lit[0], 9);
        // dv/dt = 1 mV/ms while v < 0.5 mV: 0.1 mV per step until it reaches 0.5 mV, then it stays.
        Assert.Equal(0.5e-3, net.r.v[0], 12);
    }

    [Fact]
    public void Probability_may_depend_on_the_neurons_parameters()
    {
        var net = new Structure();
        var csr = net.line_to_line.Connectivity;
        for (int i = 0; i < 20; i++)
        {
            var expected = Enumerable.Range(i - 1, 3).Where(j => j >= 0 && j < 20);
            Assert.Equal(expected, csr.Columns.AsSpan(csr.RowStart[i], csr.RowStart[i + 1] - csr.RowStart[i]).ToArray());
        }
    }

    [Fact]
    public void Fixed_outdegree_gives_every_source_that_many_distinct_targets()
    {
        var csr = new Structure(seed: 7).line_to_line_2.Connectivity;
        for (int i = 0; i < 20; i++)
        {
            var row = csr.Columns.AsSpan(csr.RowStart[i], csr.RowStart[i + 1] - csr.RowStart[i]).ToArray();
            Assert.Equal(3, row.Length);
            Assert.Equal(3, row.Distinct().Count());
        }
    }

    [Fact]
    public void Synapse_values_may_depend_on_the_neurons_parameters()
    {
        var connection = new Structure().line_to_line_3;
        var csr = connection.Connectivity;
        var w = connection.w;
        for (int i = 0; i < 20; i++)
        {
            for (int k = csr.RowStart[i]; k < csr.RowStart[i + 1]; k++)
            {
                // float32 positions: x_pre - x_post of neighbours near 20 um keeps about 6 digits.
                Assert.Equal(Math.Exp(-Math.Abs(i - csr.Columns[k]) / 2.0), w[k], 1e-5);
            }
        }
    }

    [Fact]
    public void A_delay_from_a_network_parameter_is_one_delay_for_every_synapse()
    {
        var net = new Structure(d: 2.5e-3);
        Assert.Equal(25, net.source_to_target.DelaySteps);
        net.source.SetSpikes(new[] { 0 });
        net.Run(25);
        Assert.Equal(0, net.target.v[0]);
        net.Step();
        Assert.Equal(1e-3f, net.target.v[0]);
    }

    private static void AssertMoments(double[] values, double mean, double variance)
    {
        double m = values.Average();
        double v = values.Sum(x => (x - m) * (x - m)) / (values.Length - 1);
        // 2000 neurons: the sample mean is within 5 standard errors, the variance within 15 %.
        Assert.InRange(m, mean - 5 * Math.Sqrt(variance / values.Length), mean + 5 * Math.Sqrt(variance / values.Length));
        Assert.InRange(v, 0.85 * variance, 1.15 * variance);
    }
}
