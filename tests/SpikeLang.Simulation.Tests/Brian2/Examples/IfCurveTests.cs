using System;
using System.Linq;
using Examples.Brian2;
using Xunit;

namespace SpikeLang.Simulation.Tests.Brian2.Examples;

/// <summary>
/// examples/brian2/if_curve_lif.snn and if_curve_hodgkin_huxley.snn against Brian2's IF_curve_LIF.py and
/// IF_curve_Hodgkin_Huxley.py: the spike count of every neuron (one input current each).
/// </summary>
public class IfCurveTests
{
    [Fact]
    public void Lif_fires_as_Brian2_at_each_input()
    {
        var brian2 = new Brian2Example("if_curve_lif");
        var net = new IfCurveLIFExample();
        net.Run(TimeSpan.FromSeconds(brian2.Protocol("duration_s")));
        int[] count = Brian2Example.Counts(net.group.SpikeMonitor, net.group.Count);
        brian2.AssertMatches("total_spikes", count.Sum());
        brian2.AssertMatches("first_firing_index", Array.FindIndex(count, c => c > 0));
        brian2.AssertMatches("count_at", new[] { 500, 600, 700, 800, 900, 999 }.Select(k => (double)count[k]).ToArray());
    }

    [Fact]
    public void Hodgkin_Huxley_fires_as_Brian2_at_each_input()
    {
        var brian2 = new Brian2Example("if_curve_hh");
        double duration = brian2.Protocol("duration_s");
        var net = new IfCurveHodgkinHuxleyExample();
        net.Run(TimeSpan.FromSeconds(duration));
        int[] count = Brian2Example.Counts(net.group.SpikeMonitor, net.group.Count);
        brian2.AssertMatches("total_spikes", count.Sum());
        brian2.AssertMatches("first_tonic_index", Array.FindIndex(count, c => c >= 10));
        brian2.AssertMatches("rate_at", new[] { 20, 40, 60, 80, 99 }.Select(k => count[k] / duration).ToArray());
        Assert.Null(net.NonFinite);
    }
}
