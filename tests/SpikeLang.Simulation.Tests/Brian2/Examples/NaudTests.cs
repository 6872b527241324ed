using System;
using System.Linq;
using Examples.Brian2;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Simulation.Tests.Brian2.Examples;

/// <summary>
/// examples/brian2/naud_et_al_2008.snn against Brian2's frompapers/Naud_et_al_2008_adex_firing_patterns.py (0.6 s
/// per pattern): the spike count and the first interspike interval of each of the eight patterns.
/// </summary>
public class NaudTests
{
    [Fact]
    public void Each_pattern_fires_as_in_Brian2()
    {
        var brian2 = new Brian2Example("naud_2008");
        var net = new NaudFiringPatterns();
        net.Run(TimeSpan.FromSeconds(brian2.Protocol("duration_s")));
        SpikeMonitor[] monitors =
        {
            net.tonic_spiking.SpikeMonitor, net.adaptation.SpikeMonitor, net.initial_burst.SpikeMonitor,
            net.regular_bursting.SpikeMonitor, net.delayed_accelerating.SpikeMonitor,
            net.delayed_regular_bursting.SpikeMonitor, net.transient_spiking.SpikeMonitor, net.irregular_spiking.SpikeMonitor,
        };
        brian2.AssertMatches("spikes", monitors.Select(m => (double)m.Count).ToArray());
        brian2.AssertMatches("first_isi_ms", monitors.Select(m => m.Count >= 2 ? (m.Steps[1] - m.Steps[0]) * 0.1 : -1.0).ToArray());
        Assert.Null(net.NonFinite);
    }
}
