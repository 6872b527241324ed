using System;
using System.Linq;
using Examples.AdaptiveThreshold;
using Examples.Cuba;
using Examples.IfCurve;
using Xunit;

namespace SpikeLang.Simulation.Tests;

/// <summary>The example networks, as shipped, against what Brian2 and the analytic formulas give.</summary>
public class ExampleNetworkTests
{
    [Fact]
    public void Cuba_fires_in_the_range_Brian2_gives()
    {
        var net = new Cuba(seed: 1);
        net.Run(TimeSpan.FromSeconds(1));
        double rate = net.P.SpikeCount / (double)net.P.Count;
        // Brian2's CUBA example (same model, same connectivity statistics) settles at about 5-6 Hz.
        Assert.InRange(rate, 5.0, 6.5);
        Assert.Equal(net.P.SpikeCount, net.P.SpikeMonitor.Count);
    }

    [Fact]
    public void Cuba_keeps_about_80_synapses_per_neuron_at_any_size()
    {
        foreach (double n in new[] { 1000.0, 4000.0, 16000.0 })
        {
            var net = new Cuba(seed: 2, n: n);
            long synapses = net.P_to_P.Connectivity.SynapseCount + net.P_to_P_2.Connectivity.SynapseCount;
            double perNeuron = synapses / n;
            Assert.InRange(perNeuron, 78, 82);
            Assert.Equal((int)(0.8 * n), net.P_to_P.SourceEnd);
        }
    }

    [Fact]
    public void A_step_allocates_nothing()
    {
        var net = new Cuba(seed: 1);
        net.P.SpikeMonitor.EnsureCapacity(1_000_000);
        AssertSteadyStateAllocatesNothing(() => net.Run(1000));

        var adaptive = new AdaptiveThreshold(seed: 1);
        adaptive.n.SpikeMonitor.EnsureCapacity(100_000);
        adaptive.Run(TimeSpan.FromSeconds(2)); // Run makes room in the state monitors; Step alone must then allocate nothing
        adaptive.n.vMonitor.EnsureCapacity(100_000);
        adaptive.n.vtMonitor.EnsureCapacity(100_000);
        AssertSteadyStateAllocatesNothing(() =>
        {
            for (int k = 0; k < 1000; k++)
            {
                adaptive.Step();
            }
        });
    }

    [Fact]
    public void A_step_with_plastic_synapses_allocates_nothing()
    {
        var net = new Examples.SongMillerAbbott.SongMillerAbbott(seed: 1);
        AssertSteadyStateAllocatesNothing(() => net.Run(1000));
    }

    [Fact]
    public void A_step_that_reads_a_linked_variable_and_a_shared_alias_allocates_nothing()
    {
        var net = new Examples.Brian2.BretteGuigon2003(seed: 1);
        net.neurons.SpikeMonitor.EnsureCapacity(1_000_000);
        net.neurons.BMonitor.EnsureCapacity(200_000);
        AssertSteadyStateAllocatesNothing(() =>
        {
            for (int k = 0; k < 1000; k++)
            {
                net.Step();
            }
        });
    }

    /// <summary>
    /// Tiered compilation may allocate on the calling thread while the kernels are first promoted, and
    /// the runtime's own bookkeeping now and then charges a few bytes to a window while other tests run
    /// in parallel; so the check waits (at most 30 rounds) for a round without allocation, then asks for
    /// three more, each the least of three windows.
    /// </summary>
    private static void AssertSteadyStateAllocatesNothing(Action round)
    {
        long Window()
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            round();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        long Measure() => Math.Min(Window(), Math.Min(Window(), Window()));

        int warmup = 0;
        while (Measure() != 0 && ++warmup < 30)
        {
        }
        Assert.True(warmup < 30, "every round allocated");
        Assert.Equal(new long[3], new[] { Measure(), Measure(), Measure() });
    }

    [Fact]
    public void The_same_seed_gives_the_same_spikes_and_another_seed_other_spikes()
    {
        var a = new Cuba(seed: 5);
        var b = new Cuba(seed: 5);
        var c = new Cuba(seed: 6);
        a.Run(2000);
        b.Run(2000);
        c.Run(2000);
        Assert.True(a.P.SpikeMonitor.Indices.SequenceEqual(b.P.SpikeMonitor.Indices));
        Assert.True(a.P.SpikeMonitor.Steps.SequenceEqual(b.P.SpikeMonitor.Steps));
        Assert.False(a.P.SpikeMonitor.Indices.SequenceEqual(c.P.SpikeMonitor.Indices));
    }

    [Fact]
    public void If_curve_rates_are_within_2_percent_of_the_analytic_rate()
    {
        const double duration = 5;
        var net = new IfCurve(seed: 1);
        net.Run(TimeSpan.FromSeconds(duration));
        var counts = net.lif.SpikeMonitor.CountPerNeuron;
        double tau = net.lif.tau_m, r = net.lif.r_m, theta = net.lif.v_th - net.lif.v_reset, tRef = net.lif.t_ref;
        int firing = 0;
        for (int i = 0; i < net.lif.Count; i++)
        {
            double drive = r * net.lif.i_ext[i];
            double analytic = drive > theta ? 1.0 / (tRef + tau * Math.Log(drive / (drive - theta))) : 0;
            double simulated = counts[i] / duration;
            if (analytic < 5)
            {
                Assert.True(simulated <= 5, $"neuron {i} below rheobase fired at {simulated} Hz");
                continue;
            }
            firing++;
            Assert.True(Math.Abs(simulated - analytic) / analytic < 0.02, $"neuron {i}: {simulated} Hz vs {analytic} Hz");
        }
        Assert.True(firing > 20, $"only {firing} neurons above rheobase");
    }

    [Fact]
    public void The_adaptive_threshold_rises_with_every_spike_and_decays_back()
    {
        var net = new AdaptiveThreshold(seed: 1);
        net.Run(TimeSpan.FromSeconds(1));
        Assert.InRange(net.n.SpikeCount, 20, 500);
        var vt = net.n.vtMonitor;
        float peak = 0;
        for (int k = 0; k < vt.Samples; k++)
        {
            peak = Math.Max(peak, vt.At(k, 0));
        }
        Assert.True(peak > net.n.vt_rest + net.n.dvt, $"peak {peak}");
        // After a spike the threshold jumps by exactly dvt: the reset of step s is seen at the start of step s + 1.
        long first = net.n.SpikeMonitor.Steps[0];
        Assert.Equal(first, vt.Steps[(int)first]);
        Assert.Equal(vt.At((int)first + 1, 0) - vt.At((int)first, 0), net.n.dvt, 3);
    }

    [Fact]
    public void Describe_reports_structure_parameters_and_weights()
    {
        var net = new Cuba(seed: 1, n: 1000);
        var description = net.Describe();
        Assert.Equal("Cuba", description.Name);
        Assert.Equal(1e-4, description.Dt);
        var population = Assert.Single(description.Populations);
        Assert.Equal(("P", 1000, "CubaLif", "exact"), (population.Name, population.Size, population.Model, population.Discretization));
        Assert.Equal(0.02, population.Parameters["tau_m"][0], 6);
        Assert.Equal(2, description.Connections.Count);
        Assert.Equal((800, 1000), (description.Connections[1].SourceStart, description.Connections[1].SourceEnd));
    }
}
