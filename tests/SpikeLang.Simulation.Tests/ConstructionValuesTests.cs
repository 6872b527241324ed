using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Simulation.Tests;

/// <summary>Networks/ConstructionValues.snn: built-ins at construction, recorded aliases, a threshold on the input, delays from parameters.</summary>
public class ConstructionValuesTests
{
    [Fact]
    public void Index_over_size_divides_as_real_numbers_and_floor_of_an_index_compiles()
    {
        var net = new ConstructionValues();
        Assert.Equal(new[] { 0f, 0.25e-3f, 0.5e-3f, 0.75e-3f }, net.ramp.v.ToArray());
        // floor(i / 2) + ceil(4 / 3)
        Assert.Equal(new[] { 2f, 2f, 3f, 3f }, net.ramp.step.ToArray());
    }

    [Fact]
    public void A_recorded_alias_is_computed_from_the_state_after_each_step_for_a_population_and_a_subgroup()
    {
        var net = new ConstructionValues();
        net.Run(3);
        var twice = ((INetwork)net).Populations.Single(p => p.Name == "ramp").StateMonitors.Single(m => m.Variable == "twice");
        Assert.Equal(3, twice.Samples);
        for (int neuron = 0; neuron < 4; neuron++)
        {
            Assert.Equal(2 * net.ramp.v[neuron], twice.ValueAt(2, neuron), 1e-9);
        }
        // A subgroup records the alias of its parent's neurons 2 and 3.
        var head = ((INetwork)net).Subgroups.Single(g => g.Name == "head").StateMonitors.Single(m => m.Variable == "twice");
        Assert.Equal(new[] { 2 * net.ramp.v[2], 2 * net.ramp.v[3] }, new[] { (float)head.ValueAt(2, 0), (float)head.ValueAt(2, 1) });
    }

    [Fact]
    public void Synapse_values_read_the_sizes_of_the_connected_slices()
    {
        var net = new ConstructionValues();
        // 2 presynaptic neurons, a slice of 2 postsynaptic ones.
        Assert.All(net.starter_to_listener.w.ToArray(), w => Assert.Equal(2.2f, w, 1e-6f));
    }

    [Fact]
    public void A_threshold_on_the_summed_input_sees_the_input_of_its_step()
    {
        var net = new ConstructionValues();
        // The starters spike in step 0. Listeners 1 and 2 see their input (w = 2.2) in step 1; listener 0 sees it
        // after the 1 ms delay (10 steps), in step 11.
        net.Run(2);
        Assert.Equal(2, net.listener.SpikeCount);
        net.Run(9);
        Assert.Equal(2, net.listener.SpikeCount);
        net.Run(1);
        Assert.Equal(3, net.listener.SpikeCount);
        Assert.Equal(new[] { 0 }, net.listener.Spikes.ToArray());
    }

    [Fact]
    public void A_delay_given_at_construction_must_not_be_negative()
    {
        var factory = new ConstructionValues.Factory();
        var error = Assert.Throws<ArgumentException>(() => factory.Create(1, new Dictionary<string, double> { ["d"] = -0.001 }));
        Assert.Equal("The delay of connection starter_to_listener_2 (ConstructionValues.snn line 28) must be a finite value of at least 0, but it is -0.001.", error.Message);
    }
}
