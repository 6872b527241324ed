using System.Linq;
using SpikeLang.Compiler.Binding;
using Xunit;

namespace SpikeLang.Compiler.Tests.Binding;

/// <summary>Brian2's linked variables and shared neuron variables as the binder sees them.</summary>
public class LinkedSharedBindingTests
{
    private const string Models = """
        neuron Src {
            state { x = 0; s = 2 shared }
            equations { dx/dt = -x / (5 ms) }
        }
        neuron Reader {
            parameters { p = 1 }
            state {
                v = 0
                I = 0 linked
                g = 1 shared
            }
            equations {
                B = 2 / (1 + exp(-2 * I)) - g (shared)
                dv/dt = (p * B - v) / (10 ms)
            }
        }
        """;

    private static NetworkModel Network(string populations) =>
        Compile.Clean(Models + "\nnetwork Net {\n" + populations + "\n}\n").Networks.Single();

    [Fact]
    public void Flags_make_linked_and_shared_symbols_that_stay_state()
    {
        var model = Compile.Neuron(Models, "Reader");
        var linked = model.State.Single(s => s.Symbol.Name == "I").Symbol;
        var shared = model.State.Single(s => s.Symbol.Name == "g").Symbol;
        Assert.Equal((VariableKind.State, true, false), (linked.Kind, linked.IsLinked, linked.IsShared));
        Assert.Equal((VariableKind.State, false, true), (shared.Kind, shared.IsLinked, shared.IsShared));
        Assert.True(model.Aliases.Single(a => a.Symbol.Name == "B").Symbol.IsShared);
        // Neither has an equation, so the equations see them as inputs that change in time.
        Assert.Equal(new[] { "v" }, model.Equations.Select(e => e.Variable.Name));
    }

    [Fact]
    public void A_source_of_one_neuron_is_read_by_all()
    {
        var network = Network("population src = Src[1]\npopulation r = Reader(I = linked_var(src, x))[10]");
        var link = network.Populations.Single(p => p.Name == "r").Links.Single();
        Assert.Equal(("I", "src", "x", true), (link.Variable.Name, link.Source, link.SourceVariable.Name, link.Broadcast));
        // The link is no override: the model's value of I only gives its unit.
        Assert.False(network.Populations.Single(p => p.Name == "r").Overrides.ContainsKey("I"));
    }

    [Fact]
    public void A_shared_source_is_one_value_whatever_its_size()
    {
        var network = Network("population src = Src[4]\npopulation r = Reader(I = linked_var(src, s))[10]");
        Assert.True(network.Populations.Single(p => p.Name == "r").Links.Single().Broadcast);
    }

    [Fact]
    public void A_source_of_the_same_size_is_read_one_to_one_unless_a_shared_alias_reads_it()
    {
        // Reader's shared alias B reads I, so a one-to-one link is refused (SL0135); a model without it is fine.
        var error = Compile.Error(Models + "\nnetwork Net {\npopulation src = Src[10]\npopulation r = Reader(I = linked_var(src, x))[10]\n}\n", "SL0135");
        Assert.Contains("one to one", error.Message);
        var network = Compile.Clean("""
            neuron Src {
                state { x = 0 }
            }
            neuron Plain {
                state { v = 0; I = 0 linked }
                equations { dv/dt = (I - v) / (10 ms) }
            }
            network Net {
                population src = Src[10]
                population r = Plain(I = linked_var(src, x))[10]
            }
            """).Networks.Single();
        Assert.False(network.Populations.Single(p => p.Name == "r").Links.Single().Broadcast);
    }

    [Fact]
    public void Shared_variables_may_be_set_by_run_regularly_a_protocol_and_the_initial_value()
    {
        var network = Network("""
            population src = Src[1]
            population r = Reader(I = linked_var(src, x), g = 3)[10]
            run_regularly r every 1 ms { g = g + 1; v = v + g }
            protocol { phase a 1 ms { r.g = 2 } }
            """);
        var regularly = network.Regularly.Single();
        Assert.Equal(new[] { true, false }, regularly.Statements.Select(s => s.Target.IsShared));
        Assert.True(network.Phases.Single().Settings.Single().Variable.IsShared);
    }

    [Fact]
    public void A_link_to_a_population_declared_later_is_an_unknown_population()
    {
        // As Brian2's linked_var takes an existing group: the source comes first, so it updates first in a step.
        Compile.Error(Models + "\nnetwork Net {\npopulation r = Reader(I = linked_var(src, x))[10]\npopulation src = Src[1]\n}\n", "SL0104");
    }

    [Fact]
    public void The_chip_and_NIR_dynamics_refuse_a_linked_variable_by_name()
    {
        var model = Compile.Neuron(Models, "Reader");
        Assert.Null(SpikeLang.Compiler.Analysis.NeuronDynamicsAnalysis.Analyze(model, out string? reason));
        Assert.Contains("'I' is a linked variable", reason);
    }
}
