using System.Linq;
using SpikeLang.Compiler.Binding;
using Xunit;

namespace SpikeLang.Compiler.Tests.Binding;

public class NameResolutionTests
{
    private const string Neurons = """
        neuron Src {
            state { v = 0 mV; x = 0 }
            threshold v > 10 mV
        }
        neuron Dst {
            parameters { tau = 10 ms }
            state { v = 0 mV; g = 0; x = 0 }
            equations { dv/dt = -v / tau }
        }
        """;

    private static ConnectionModel Connect(string synapse) =>
        Compile.Clean(Neurons + synapse + """

            network Net {
                population a = Src[2]
                population b = Dst[3]
                connect a -> b all synapse Syn
            }
            """).Networks.Single().Connections.Single();

    [Fact]
    public void Unqualified_names_resolve_to_the_synapse_then_the_postsynaptic_neuron()
    {
        var connection = Connect("""
            synapse Syn {
                state { w = 0.5; x = 1 }
                on pre { g += w; x += 1 }
            }
            """);
        var statements = connection.Synapse.OnPre;
        Assert.Equal(VariableOwner.Post, statements[0].Owner);
        Assert.Equal("g", statements[0].Target.Name);
        Assert.Equal(VariableOwner.Self, statements[1].Owner);
    }

    [Fact]
    public void Pre_and_post_suffixes_select_the_neuron()
    {
        var connection = Connect("""
            synapse Syn {
                state { w = 0.5; x = 1 }
                on pre { x_post += w; g += x_pre + x }
            }
            """);
        var onPre = connection.Synapse.OnPre;
        Assert.Equal((VariableOwner.Post, "x"), (onPre[0].Owner, onPre[0].Target.Name));
        var sum = Assert.IsType<BoundBinary>(onPre[1].Value);
        var pre = Assert.IsType<BoundVariable>(sum.Left);
        var self = Assert.IsType<BoundVariable>(sum.Right);
        Assert.Equal((VariableOwner.Pre, "x"), (pre.Owner, pre.Symbol.Name));
        Assert.Equal(VariableOwner.Self, self.Owner);
    }

    [Fact]
    public void A_synapse_variable_named_like_a_suffix_is_the_synapse_own()
    {
        var connection = Connect("""
            synapse Syn {
                state { a_pre = 0 }
                on pre { a_pre += 1 }
            }
            """);
        Assert.Equal(VariableOwner.Self, connection.Synapse.OnPre[0].Owner);
    }

    [Fact]
    public void A_name_the_target_lacks_is_reported_at_its_use_with_the_connection_in_the_message()
    {
        var diagnostic = Compile.Error(Neurons + """
            synapse Syn { on pre { missing += 1 } }
            network Net {
                population a = Src[2]
                population b = Dst[3]
                connect a -> b all synapse Syn
            }
            """, "SL0109");
        Assert.Contains("missing", diagnostic.Message);
        Assert.Equal(9, diagnostic.LineSpan.Start.Line + 1);
    }

    [Fact]
    public void Quantities_are_converted_to_SI_and_parameters_bind_in_dependency_order()
    {
        var neuron = Compile.Neuron("""
            neuron N {
                parameters { a = 2 * b; b = 20 ms; rate = 1 / b }
                state { v = 0 mV }
            }
            """, "N");
        Assert.Equal(new[] { "b", "a", "rate" }, neuron.Parameters.Select(p => p.Symbol.Name));
        var b = Assert.IsType<BoundLiteral>(neuron.Parameters[0].Value);
        Assert.Equal(0.02, b.Value, 12);
        Assert.Equal(SpikeLang.Compiler.Units.Dimension.FrequencyDimension, neuron.Parameters[2].Symbol.Dimension);
    }

    [Fact]
    public void Units_can_be_used_as_values_in_expressions()
    {
        var neuron = Compile.Neuron("""
            neuron N {
                parameters { k = 3 / ms; g = 5 nS * mV }
                state { v = 0 mV }
            }
            """, "N");
        Assert.Equal(SpikeLang.Compiler.Units.Dimension.FrequencyDimension, neuron.Parameters[0].Symbol.Dimension);
        Assert.Equal(SpikeLang.Compiler.Units.Dimension.CurrentDimension, neuron.Parameters[1].Symbol.Dimension);
    }

    [Fact]
    public void User_models_shadow_standard_ones_and_standard_ones_are_available()
    {
        var model = Compile.Clean("""
            neuron Leaky { state { mem = 0 } update { mem = 0.5 * mem + input } threshold mem > 2; reset { mem = 0 } }
            network Net {
                input x[4]
                population a = Leaky[2]
                population b = Izhikevich(a = 0.1)[3]
                population c = AdEx[3]
                connect x -> a dense
                connect a -> b all synapse Stdp(a_plus = 0.02)
                connect b -> c one_to_one
            }
            """);
        Assert.Contains(model.Neurons, n => n.Name == "Leaky");
        var network = model.Networks.Single();
        var update = (BoundBinary)network.Populations.Single(p => p.Name == "a").Model!.Update[0].Value; // 0.5 * mem + input
        Assert.Equal(0.5, ((BoundLiteral)((BoundBinary)update.Left).Left).Value);
        Assert.Contains("a", network.Populations.Single(p => p.Name == "b").Overrides.Keys);
        Assert.Equal("Stdp", network.Connections[1].Synapse.Name);
    }
}
