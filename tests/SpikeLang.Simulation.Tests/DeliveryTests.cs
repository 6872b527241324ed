using System;
using System.Linq;
using Xunit;

namespace SpikeLang.Simulation.Tests;

public class DeliveryTests
{
    [Fact]
    public void Input_spikes_reach_targets_in_the_same_step_or_after_their_delay()
    {
        var net = new Delivery();
        net.source.SetSpikes(new[] { 1, 3 });
        net.Step();
        Assert.Equal(new float[] { 0, 1, 0, 1 }, net.now.hits.ToArray());
        Assert.Equal(1e-3f, net.now.v[1]);
        Assert.Equal(new float[] { 0, 0, 0, 0 }, net.later.hits.ToArray());

        // A 2 ms delay is 20 steps: the spike of step 0 arrives in step 20.
        net.Run(19);
        Assert.Equal(0f, net.later.hits[1]);
        net.Step();
        Assert.Equal(new float[] { 0, 1, 0, 1 }, net.later.hits.ToArray());
        Assert.Equal(new[] { 0, 1, 0, 1 }, net.now.hits.ToArray().Select(h => (int)h));
    }

    [Fact]
    public void Per_synapse_delays_deliver_each_synapse_on_its_own_step()
    {
        var net = new Delivery();
        Assert.Equal(-1, net.source_to_spread.DelaySteps);
        Assert.Equal(new[] { 10, 20, 30, 40 }, net.source_to_spread.SynapseDelaySteps.ToArray());
        net.source.SetSpikes(new[] { 0, 1, 2, 3 });
        var arrivals = new long[4];
        for (int step = 0; step <= 45; step++)
        {
            net.Step();
            for (int j = 0; j < 4; j++)
            {
                if (net.spread.hits[j] == 1 && arrivals[j] == 0)
                {
                    arrivals[j] = step;
                }
            }
        }
        Assert.Equal(new long[] { 10, 20, 30, 40 }, arrivals);
    }

    [Fact]
    public void Slices_and_conditions_use_indices_local_to_the_slice()
    {
        var net = new Delivery();
        Assert.Equal(2, net.source_to_sliced.Connectivity.SynapseCount);
        net.source.SetSpikes(new[] { 0, 1, 2, 3 });
        net.Step();
        Assert.Equal(new float[] { 0, 0, 1, 0, 1, 0 }, net.sliced.hits.ToArray());
    }

    [Fact]
    public void Input_spikes_are_validated()
    {
        var net = new Delivery();
        Assert.Throws<ArgumentOutOfRangeException>(() => net.source.SetSpikes(new[] { 4 }));
        Assert.Throws<ArgumentException>(() => net.source.SetSpikes(new int[5]));
    }

    [Fact]
    public void Poisson_sources_fire_at_their_rate_and_network_parameters_change_it()
    {
        var net = new Sources(seed: 3);
        net.Run(TimeSpan.FromSeconds(1));
        double expected = 1000 * 50.0;
        Assert.InRange(net.noise.SpikeCount, expected - 5 * Math.Sqrt(expected), expected + 5 * Math.Sqrt(expected));
        Assert.Equal(net.noise.SpikeCount, net.noise.SpikeMonitor.Count);

        var faster = new Sources(seed: 3, n: 200, rate: 200);
        faster.Run(TimeSpan.FromSeconds(1));
        double expectedFaster = 200 * 200.0;
        Assert.Equal(200, faster.noise.Count);
        Assert.InRange(faster.noise.SpikeCount, expectedFaster - 5 * Math.Sqrt(expectedFaster), expectedFaster + 5 * Math.Sqrt(expectedFaster));
    }

    [Fact]
    public void An_override_named_like_a_network_parameter_takes_the_network_value()
    {
        Assert.Equal(0.005f, new SameNames().p.tau_m, 6);
        Assert.Equal(0.02f, new SameNames(tau_m: 0.02).p.tau_m, 6);
    }

    [Fact]
    public void Inline_on_pre_code_sees_the_network_parameters()
    {
        var net = new InlineParameter(jump: 0.005);
        net.source.SetSpikes(new[] { 0 });
        net.Step();
        Assert.Equal(0.005f, net.target.v[0], 6);
        var defaults = new InlineParameter();
        defaults.source.SetSpikes(new[] { 0 });
        defaults.Step();
        Assert.Equal(0.002f, defaults.target.v[0], 6);
    }

    [Fact]
    public void Invalid_network_parameters_are_rejected_with_a_clear_message()
    {
        var error = Assert.Throws<ArgumentException>(() => new Sources(n: 0.5));
        Assert.Contains("size of 'noise'", error.Message);
    }
}
