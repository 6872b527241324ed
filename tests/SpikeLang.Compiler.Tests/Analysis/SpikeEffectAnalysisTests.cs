using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Analysis;
using SpikeLang.Compiler.Binding;
using Xunit;

namespace SpikeLang.Compiler.Tests.Analysis;

public class SpikeEffectAnalysisTests
{
    private const string Target = """
        neuron T {
            parameters { tau = 10 ms }
            state { v = 0 mV; ge = 0 mV }
            equations { dv/dt = (ge - v) / tau; dge/dt = -ge / tau }
        }
        """;

    /// <summary>The spike effect of the single connection of a network s -> t written as <paramref name="connect"/>.</summary>
    private static SpikeEffect? Effect(string connect, string declarations = "")
    {
        var network = Compile.Clean($$"""
            {{Target}}
            {{declarations}}
            network N {
                parameters { g = 2 }
                population s = poisson(rate = 10 Hz)[2]
                population t = T[2]
                {{connect}}
            }
            """).Networks.Single();
        var connection = network.Connections.Single();
        return SpikeEffectAnalysis.Analyze(connection.Synapse, connection.SynapseOverrides);
    }

    private static double Constant(SpikeEffect effect, double g = 2) =>
        ConstantEvaluator.TryEvaluate(effect.Constant!, s => s.Kind == VariableKind.NetworkParameter && s.Name == "g" ? g : null)!.Value;

    [Fact]
    public void Static_adds_its_weight_to_the_summed_input()
    {
        var effect = Effect("connect s -> t all")!;
        Assert.Equal(("input", "w", false), (effect.Target, effect.SynapseVariable, effect.Plastic));
        Assert.Null(effect.Constant);
    }

    [Fact]
    public void Inline_on_pre_adds_a_constant_in_SI_units()
    {
        var effect = Effect("connect s -> t all on pre { ge += 1.62 mV }")!;
        Assert.Equal(("ge", null, false), (effect.Target, effect.SynapseVariable, effect.Plastic));
        Assert.Equal(1.62e-3, Constant(effect), 15);
    }

    [Fact]
    public void Subtracting_a_constant_adds_its_negation_and_network_parameters_stay_symbolic()
    {
        var effect = Effect("connect s -> t all on pre { v -= 3 mV * g }")!;
        Assert.Equal("v", effect.Target);
        Assert.Equal(-6e-3, Constant(effect), 15);
        Assert.Equal(-9e-3, Constant(effect, g: 3), 15);
    }

    [Fact]
    public void Stdp_adds_its_weight_and_is_plastic()
    {
        var effect = Effect("connect s -> t all synapse Stdp")!;
        Assert.Equal(("input", "w", true), (effect.Target, effect.SynapseVariable, effect.Plastic));
    }

    [Fact]
    public void A_constant_from_synapse_parameters_uses_the_connections_override()
    {
        const string synapse = """
            synapse Kick {
                parameters { base = 1 mV; k = 2 * base }
                on pre { ge += k }
            }
            """;
        Assert.Equal(2e-3, Constant(Effect("connect s -> t all synapse Kick", synapse)!), 15);
        Assert.Equal(6e-3, Constant(Effect("connect s -> t all synapse Kick(base = 3 mV)", synapse)!), 15);
    }

    [Theory]
    [InlineData("on pre { ge += 2 * 1 mV; v += 1 mV }")]
    [InlineData("on pre { ge = 1 mV }")]
    [InlineData("on pre { ge += v_pre }")]
    public void Anything_but_one_increment_of_a_neuron_variable_has_no_effect_description(string code)
    {
        Assert.Null(Effect($"connect t -> t all {code}"));
    }

    [Fact]
    public void A_synapse_whose_on_post_changes_the_neuron_has_no_effect_description()
    {
        const string synapse = """
            synapse Both {
                state { w = 1 mV }
                on pre { ge += w }
                on post { v += w }
            }
            """;
        Assert.Null(Effect("connect s -> t all synapse Both", synapse));
    }

    [Fact]
    public void A_weight_drawn_per_synapse_is_a_synapse_variable_not_a_constant()
    {
        const string synapse = """
            synapse Drawn {
                parameters { scale = uniform(0, 1) * mV }
                on pre { ge += scale }
            }
            """;
        Assert.Null(Effect("connect s -> t all synapse Drawn", synapse));
    }
}
