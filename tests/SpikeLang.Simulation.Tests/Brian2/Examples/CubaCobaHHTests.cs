using System;
using System.Linq;
using Examples.Brian2;
using Xunit;

namespace SpikeLang.Simulation.Tests.Brian2.Examples;

/// <summary>
/// examples/brian2/cuba.snn and cobahh.snn against Brian2's CUBA.py (1 s) and COBAHH.py (0.5 s, shortened):
/// the mean rates of all, excitatory and inhibitory neurons.
/// </summary>
public class CubaCobaHHTests
{
    [Fact]
    public void Cuba_fires_at_Brian2s_rates()
    {
        var brian2 = new Brian2Example("cuba");
        var net = new CubaBrian2(seed: 1);
        net.Run(TimeSpan.FromSeconds(1.0));
        int[] count = Brian2Example.Counts(net.P.SpikeMonitor, 4000);
        brian2.AssertMatches("rate_hz", count.Sum() / 4000.0 / 1.0);
        brian2.AssertMatches("rate_e_hz", count.Take(3200).Sum() / 3200.0 / 1.0);
        brian2.AssertMatches("rate_i_hz", count.Skip(3200).Sum() / 800.0 / 1.0);
    }

    [Fact]
    public void CobaHH_fires_at_Brian2s_rates()
    {
        var brian2 = new Brian2Example("cobahh");
        double duration = brian2.Protocol("duration_s");
        var net = new CobaHH(seed: 1);
        net.Run(TimeSpan.FromSeconds(duration));
        int[] count = Brian2Example.Counts(net.P.SpikeMonitor, 4000);
        brian2.AssertMatches("rate_hz", count.Sum() / 4000.0 / duration);
        brian2.AssertMatches("rate_e_hz", count.Take(3200).Sum() / 3200.0 / duration);
        brian2.AssertMatches("rate_i_hz", count.Skip(3200).Sum() / 800.0 / duration);
        Assert.Null(net.NonFinite);
    }
}
