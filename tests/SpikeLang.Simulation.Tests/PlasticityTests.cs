using System;
using Xunit;

namespace SpikeLang.Simulation.Tests;

/// <summary>The standard Stdp synapse against its window, one spike pair at a time (event-driven traces).</summary>
public class PlasticityTests
{
    private const double APlus = 0.01, AMinus = -0.012, TauPlus = 0.0168, TauMinus = 0.0337;

    /// <summary>Pre spike at step 200 + max(0, -d), post spike d steps later; returns the weight change.</summary>
    private static double WeightChange(int deltaSteps)
    {
        var net = new StdpPair();
        int preStep = 200 + Math.Max(0, -deltaSteps);
        int postStep = preStep + deltaSteps;
        float w0 = net.pre_to_post.w[0];
        for (int step = 0; step <= Math.Max(preStep, postStep) + 2; step++)
        {
            if (step == preStep)
            {
                net.pre.SetSpikes(new[] { 0 });
            }
            if (step == postStep - 1)
            {
                // The relay fires in the step after its drive is delivered.
                net.drive.SetSpikes(new[] { 0 });
            }
            net.Step();
            if (step == postStep)
            {
                Assert.Equal(1, net.post.Spikes.Length);
            }
        }
        return net.pre_to_post.w[0] - w0;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(50)]
    [InlineData(200)]
    [InlineData(400)]
    [InlineData(-1)]
    [InlineData(-10)]
    [InlineData(-50)]
    [InlineData(-200)]
    [InlineData(-400)]
    public void The_weight_change_follows_the_STDP_window(int deltaSteps)
    {
        double delta = deltaSteps * 1e-4;
        double expected = delta > 0 ? APlus * Math.Exp(-delta / TauPlus) : AMinus * Math.Exp(delta / TauMinus);
        double measured = WeightChange(deltaSteps);
        Assert.True(Math.Abs(measured - expected) / Math.Abs(expected) < 1e-4, $"dt = {delta * 1000} ms: {measured} vs {expected}");
    }

    [Fact]
    public void Traces_decay_only_when_an_event_reaches_the_synapse()
    {
        var net = new StdpPair();
        net.pre.SetSpikes(new[] { 0 });
        net.Step();
        Assert.Equal((float)APlus, net.pre_to_post.trace_pre[0], 6);
        net.Run(1000);
        // Nothing reached the synapse since: the stored trace is still the value at its last event.
        Assert.Equal((float)APlus, net.pre_to_post.trace_pre[0], 6);
    }

    [Fact]
    public void Nearest_neighbour_pairing_counts_only_the_closest_spike_and_soft_bounds_scale_the_change()
    {
        var net = new PairingRules();
        // pre at steps 100 and 200, post at steps 300 and 400 (the relay fires the step after its drive).
        double allToAll = 0, nearest = 0, tripletAfterFirstPost = 0;
        for (int step = 0; step <= 402; step++)
        {
            if (step is 100 or 200)
            {
                net.pre.SetSpikes(new[] { 0 });
            }
            if (step is 299 or 399)
            {
                net.drive.SetSpikes(new[] { 0 });
            }
            net.Step();
            if (step == 302)
            {
                allToAll = net.pre_to_post.w[0] - 0.5;
                nearest = net.pre_to_post_2.w[0] - 0.5;
                tripletAfterFirstPost = net.pre_to_post_3.w[0];
            }
        }
        double tau = 0.02, first = Math.Exp(-0.02 / tau), second = Math.Exp(-0.01 / tau);
        Assert.Equal(0.01 * (first + second), allToAll, 5);
        // Soft bound: the change is scaled by (w_max - w) / w_max = 0.5.
        Assert.Equal(0.01 * second * 0.5, nearest, 5);
        // Triplet: the second post spike sees the slow postsynaptic trace of the first, o2 = e^(-10 ms / 125 ms).
        double r1 = Math.Exp(-0.03 / 0.0168) + Math.Exp(-0.02 / 0.0168);
        double expected = r1 * (5e-10 + 6.2e-3 * Math.Exp(-0.01 / 0.125));
        Assert.Equal(expected, net.pre_to_post_3.w[0] - tripletAfterFirstPost, 5);
    }
}
