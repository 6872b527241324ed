using System;
using System.Linq;
using Examples.Brian2;
using Xunit;

namespace SpikeLang.Simulation.Tests.Brian2.Examples;

/// <summary>The AdEx examples: frompapers/Brette_Gerstner_2005.py (140 ms) and Touboul_Brette_2008.py (3 s + 1 s).</summary>
public class AdExTests
{
    [Fact]
    public void Brette_Gerstner_adapts_as_in_Brian2()
    {
        var brian2 = new Brian2Example("brette_gerstner_2005");
        var net = new BretteGerstner();
        net.Run(TimeSpan.FromMilliseconds(140));
        var steps = net.neurons.SpikeMonitor.Steps.ToArray();
        brian2.AssertMatches("spikes", steps.Length);
        brian2.AssertMatches("first_spike_ms", steps[0] * 0.1);
        brian2.AssertMatches("first_isi_ms", (steps[1] - steps[0]) * 0.1);
        brian2.AssertMatches("last_isi_ms", (steps[^1] - steps[^2]) * 0.1);
        brian2.AssertMatches("w_end_nA", net.neurons.w[0] / 1e-9);
    }

    [Fact]
    public void Touboul_Brette_fires_as_in_Brian2_across_the_bifurcation()
    {
        var brian2 = new Brian2Example("touboul_brette_2008");
        var net = new TouboulBrette();
        net.Run(TimeSpan.FromSeconds(4));
        // Brian2 creates its SpikeMonitor after 3 s (dt = 0.01 ms): the spikes of [3, 4) s
        int[] count = Brian2Example.Counts(net.neurons.SpikeMonitor, 200, fromStep: 300_000);
        brian2.AssertMatches("spikes", count.Sum());
        brian2.AssertMatches("mean_count_low", count.Take(50).Average());
        brian2.AssertMatches("mean_count_high", count.Skip(150).Average());
        Assert.Null(net.NonFinite);
    }
}
