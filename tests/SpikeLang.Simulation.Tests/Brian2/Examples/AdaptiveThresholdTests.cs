using System;
using Examples.Brian2;
using Xunit;

namespace SpikeLang.Simulation.Tests.Brian2.Examples;

/// <summary>examples/brian2/adaptive_threshold.snn against Brian2's examples/adaptive_threshold.py (2 s).</summary>
public class AdaptiveThresholdTests
{
    [Fact]
    public void Fires_at_Brian2s_rate()
    {
        var brian2 = new Brian2Example("adaptive_threshold");
        double duration = brian2.Protocol("duration_s");
        var net = new AdaptiveThresholdExample(seed: 1);
        net.Run(TimeSpan.FromSeconds(duration));
        brian2.AssertMatches("rate_hz", net.IF.SpikeCount / duration);
    }
}
