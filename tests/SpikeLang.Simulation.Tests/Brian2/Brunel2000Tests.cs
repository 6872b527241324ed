using System;
using Examples.Brunel2000;
using Xunit;

namespace SpikeLang.Simulation.Tests.Brian2;

/// <summary>
/// examples/Brunel2000 against Brian2 2.5.1 running frompapers/Brunel_2000.py (tests/reference/brian2/brunel2000.json,
/// recorded by bench/brian2/brunel2000_brian2.py over 5 seeds): the mean rate of each regime of Fig. 8 over the
/// full 0.6 s, within 10 % or two of Brian2's standard deviations over seeds, whichever is wider.
/// </summary>
public class Brunel2000Tests
{
    [Theory]
    [InlineData("A", 3.0, 2.0)]
    [InlineData("B", 6.0, 4.0)]
    [InlineData("C", 5.0, 2.0)]
    [InlineData("D", 4.5, 0.9)]
    public void Each_regime_fires_at_Brian2s_rate(string regime, double g, double eta)
    {
        var reference = Brian2Reference.Load("brunel2000.json").GetProperty("regimes").GetProperty(regime);
        Assert.Equal(g, reference.GetProperty("g").GetDouble());
        Assert.Equal(eta, reference.GetProperty("nu_ext_over_nu_thr").GetDouble());
        double mean = reference.GetProperty("rate_hz_mean").GetDouble();
        double sd = reference.GetProperty("rate_hz_sd").GetDouble();

        var net = new Brunel2000(seed: 1, g: g, eta: eta);
        net.Run(TimeSpan.FromSeconds(0.6));
        double rate = net.neurons.SpikeCount / (double)net.neurons.Count / net.Time;

        double tolerance = Math.Max(0.1 * mean, 2 * sd);
        Assert.True(Math.Abs(rate - mean) <= tolerance,
            $"regime {regime}: {rate:0.###} Hz, Brian2 {mean:0.###} ± {sd:0.###} Hz (tolerance {tolerance:0.###})");
        Assert.Null(net.NonFinite);
    }
}
