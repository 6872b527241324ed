using System.Linq;
using Brian2Features;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Simulation.Tests.Brian2;

/// <summary>A protocol's phases follow each other from step 0, each applying its settings at its first step.</summary>
public class ProtocolTests
{
    [Fact]
    public void Phases_apply_their_settings_at_their_first_step_however_the_network_is_run()
    {
        var net = new Phased(seed: 5, level: 3e-3);
        Assert.Equal(new[] { ("warmup", 0L, 10L), ("learning", 10L, 20L), ("rest", 30L, 10L) },
            ((INetwork)net).Phases.Select(p => (p.Name, p.FirstStep, p.Steps)));
        Assert.Equal(40, Phased.ProtocolSteps);

        net.Run(10);
        Assert.All(net.S_to_P.w.ToArray(), w => Assert.Equal(1f, w));
        Assert.All(net.P.drive.ToArray(), d => Assert.Equal(0f, d));

        for (int k = 0; k < 20; k++)
        {
            net.Step(); // the same as Run: the settings belong to the steps
        }
        Assert.Equal(0.5f, net.S_to_P.eta);
        Assert.All(net.P.drive.ToArray().Take(5), d => Assert.Equal(3e-3f, d));
        Assert.All(net.P.drive.ToArray().Skip(5), d => Assert.Equal(0f, d));
        float[] learned = net.S_to_P.w.ToArray();
        Assert.Contains(learned, w => w > 1f);

        net.Run(15); // past the end: the last phase holds
        Assert.Equal(0f, net.S_to_P.eta);
        Assert.All(net.P.drive.ToArray(), d => Assert.Equal(0f, d));
        Assert.Equal(learned, net.S_to_P.w.ToArray());
    }

    [Fact]
    public void A_setting_reaches_shared_and_per_synapse_variables_of_every_connection_between_the_populations()
    {
        var net = new TwoKinds();
        net.Step();
        Assert.Equal(0.25f, net.A_to_B.eta);
        Assert.All(net.A_to_B_2.eta.ToArray(), eta => Assert.Equal(0.25f, eta));
    }
}
