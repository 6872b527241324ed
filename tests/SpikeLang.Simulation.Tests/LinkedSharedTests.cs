using System.Linq;
using LinkedShared;
using Xunit;

namespace SpikeLang.Simulation.Tests;

/// <summary>
/// Linked variables read their source's value where they are used; populations update in declaration order and a
/// source is declared first, so in a step a linked population reads what its source has just become. Shared variables
/// are one value per population, set by the host, a protocol phase or run_regularly, and seen by every neuron.
/// </summary>
public class LinkedSharedTests
{
    [Fact]
    public void A_linked_variable_of_a_one_neuron_source_equals_the_source_in_every_neuron_and_step()
    {
        var net = new LinkedBroadcast();
        double expected = 0;
        for (int step = 1; step <= 5; step++)
        {
            net.Step();
            Assert.Equal(net.src.x[0], net.f.I);
            // The ramp has updated before the followers in this step: they integrated x = step·dt.
            expected += step * 1e-3 * 1e-3;
            Assert.All(net.f.v.ToArray(), v => Assert.Equal(expected, v, 15));
        }
        // Monitors sample at the start of a step: what the followers would read then is the source's value then.
        for (int sample = 0; sample < 5; sample++)
        {
            Assert.All(net.f.seenMonitor.Sample(sample).ToArray(), seen => Assert.Equal(net.src.xMonitor.Sample(sample)[0], seen, 15));
        }
    }

    [Fact]
    public void A_linked_variable_of_a_source_of_the_same_size_reads_the_neuron_of_the_same_index()
    {
        var net = new LinkedOneToOne();
        net.Run(3);
        Assert.Equal(new[] { 3e-3, 6e-3, 9e-3, 12e-3 }, net.src.x.ToArray().Select(x => System.Math.Round(x, 12)));
        Assert.Equal(net.src.x.ToArray(), net.f.I.ToArray());
        // Follower i integrated (1 + 2 + 3)·(i + 1)·dt·dt.
        Assert.Equal(Enumerable.Range(1, 4).Select(k => 6.0 * k * 1e-6), net.f.v.ToArray().Select(v => System.Math.Round(v, 15)));
        Assert.Equal(new[] { 2e-3, 4e-3, 6e-3, 8e-3 }, net.f.seenMonitor.Sample(2).ToArray().Select(x => System.Math.Round(x, 12)));
    }

    [Fact]
    public void The_constructor_refuses_network_parameters_that_break_a_one_to_one_link()
    {
        Assert.Equal(4, new LinkedSized().f.Count);
        var error = Assert.Throws<System.ArgumentException>(() => new LinkedSized(n: 5));
        Assert.Contains("linked to 'src'", error.Message);
        Assert.Contains("(5)", error.Message);
    }

    [Fact]
    public void A_shared_variable_set_by_the_host_is_seen_by_every_neuron_and_its_shared_alias()
    {
        var net = new SharedByHost();
        net.Step();
        net.n.g = 3;
        net.Step();
        Assert.All(net.n.v.ToArray(), v => Assert.Equal(4e-3, v, 15));
        Assert.Equal(new[] { 2.0, 2, 2, 2 }, net.n.BMonitor.Sample(0).ToArray());
        Assert.Equal(new[] { 6.0, 6, 6, 6 }, net.n.BMonitor.Sample(1).ToArray());
    }

    [Fact]
    public void A_shared_variable_set_by_a_protocol_phase_changes_for_the_whole_population()
    {
        var net = new SharedByProtocol();
        Assert.Equal(5, net.n.g);
        net.Run(5);
        // Two steps at g = 5 (the population's value), three at g = 2: a slice sets the one value of all neurons.
        Assert.Equal(2, net.n.g);
        Assert.All(net.n.v.ToArray(), v => Assert.Equal(16e-3, v, 15));
    }

    [Fact]
    public void Run_regularly_sets_a_shared_variable_once_and_its_later_statements_read_the_new_value()
    {
        var net = new SharedByRunRegularly();
        net.Run(3);
        // Steps 0 and 2 run the code: g becomes 2, then 3 (once each time, though the slice has two neurons), and
        // neurons 1 and 2 get the new g added to v. Every neuron integrates g·dt per step: 2, 2 and 3 ms·1/s.
        Assert.Equal(3, net.n.g);
        Assert.Equal(7e-3, net.n.v[0], 15);
        Assert.All(net.n.v.ToArray().Skip(1), v => Assert.Equal(2 + 3 + 7e-3, v, 12));
    }
}
