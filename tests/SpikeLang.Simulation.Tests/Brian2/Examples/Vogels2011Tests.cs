using System;
using System.Linq;
using Examples.Brian2;
using Xunit;

namespace SpikeLang.Simulation.Tests.Brian2.Examples;

/// <summary>
/// examples/brian2/vogels_et_al_2011.snn against Brian2's Vogels_et_al_2011.py, shortened as the reference is
/// (a static phase, then a plastic one): the excitatory rate at the end of each phase and the I -> E weights at
/// the end. The protocol's second phase switches plasticity on, as Brian2's second run() does.
/// </summary>
public class Vogels2011Tests
{
    [Fact]
    public void Inhibitory_plasticity_brings_the_rate_down_as_in_Brian2()
    {
        var brian2 = new Brian2Example("vogels_2011");
        double staticSeconds = brian2.Protocol("static_s"), plasticSeconds = brian2.Protocol("plastic_s");
        Assert.Equal(new[] { staticSeconds, plasticSeconds }, Vogels2011.Phases.Select(p => p.Steps * Vogels2011.Dt), new ToleranceComparer(1e-9));

        var net = new Vogels2011(seed: 1);
        net.Run(Vogels2011.ProtocolSteps);
        long Steps(double seconds) => (long)Math.Round(seconds / Vogels2011.Dt);
        double end = staticSeconds + plasticSeconds;
        int before = Brian2Example.Counts(net.Pe.SpikeMonitor, 8000, Steps(staticSeconds - 0.2), Steps(staticSeconds)).Sum();
        int after = Brian2Example.Counts(net.Pe.SpikeMonitor, 8000, Steps(end - 0.2), Steps(end)).Sum();
        brian2.AssertMatches("rate_before_hz", before / 8000.0 / 0.2);
        brian2.AssertMatches("rate_after_hz", after / 8000.0 / 0.2);
        double[] w = net.Pi_to_Pe.w.ToArray().Select(x => (double)x).ToArray();
        brian2.AssertMatches("w_mean", w.Average());
        Assert.Equal(1e-2, net.Pi_to_Pe.eta, 12);
    }

    private sealed class ToleranceComparer(double tolerance) : System.Collections.Generic.IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
