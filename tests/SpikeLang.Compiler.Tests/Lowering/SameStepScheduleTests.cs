using System.Linq;
using SpikeLang.Compiler.Lowering;
using SpikeLang.Compiler.Text;
using Xunit;

namespace SpikeLang.Compiler.Tests.Lowering;

/// <summary>
/// <c>same_step</c> is parsed and bound onto the connection, and the schedule updates each same-step source,
/// finds its spikes and delivers them before its target's update; a network without it keeps Brian2's order.
/// </summary>
public class SameStepScheduleTests
{
    private const string Model = """
        neuron Leak {
            state { v = 0 }
            equations { dv/dt = -v / (5 ms) }
            threshold v > 1
            reset { v = 0 }
        }
        """;

    private static NetworkPlan Plan(string body)
    {
        var result = SnnCompiler.Compile(new SourceText("n.snn", Model + $"network N {{\n{body}\n}}"));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Networks.Single();
    }

    private static string[] Kernels(NetworkPlan plan) =>
        plan.Schedule.Where(c => c.Kind is KernelKind.NeuronUpdate or KernelKind.Threshold or KernelKind.Deliver or KernelKind.Reset)
            .Select(c => $"{c.Kind} {c.Member}").ToArray();

    [Fact]
    public void Same_step_is_bound_onto_the_connection_and_its_plan()
    {
        var result = SnnCompiler.Compile(new SourceText("n.snn", Model + "network N {\n population a = Leak[2]\n population b = Leak[2]\n connect a -> b all same_step on pre { v += 1 }\n connect b -> a all on pre { v += 1 }\n}"));

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var connections = result.Model.Networks.Single().Connections;
        Assert.NotNull(connections[0].SameStep);
        Assert.Null(connections[1].SameStep);
        Assert.Equal(new[] { true, false }, result.Networks.Single().Connections.Select(c => c.SameStep));
    }

    [Fact]
    public void A_same_step_chain_updates_each_population_after_the_delivery_from_its_source()
    {
        // Declared target first: the order comes from the connections.
        var plan = Plan("""
             input x[2]
             population c = Leak[2]
             population b = Leak[2]
             connect b -> c all same_step on pre { v += 1 }
             connect x -> b all same_step on pre { v += 1 }
             connect c -> b all on pre { v += 1 }
            """);

        Assert.Equal(new[]
        {
            "Threshold x", "Deliver x_to_b",
            "NeuronUpdate b", "Deliver b_to_c", // Leak's threshold is fused into its update
            "NeuronUpdate c",
            "Deliver c_to_b",
            "Reset c", "Reset b",
        }, Kernels(plan));
    }

    [Fact]
    public void Without_same_step_every_population_updates_before_any_threshold_and_delivery()
    {
        var plan = Plan("""
             input x[2]
             population c = Leak[2]
             population b = Leak[2]
             connect b -> c all on pre { v += 1 }
             connect x -> b all on pre { v += 1 }
            """);

        Assert.Equal(new[]
        {
            "NeuronUpdate c", "NeuronUpdate b",
            "Threshold x",
            "Deliver b_to_c", "Deliver x_to_b",
            "Reset c", "Reset b",
        }, Kernels(plan));
    }

    [Fact]
    public void Same_step_after_a_delay_is_a_syntax_error_at_same_step()
    {
        var result = SnnCompiler.Compile(new SourceText("n.snn", Model + "network N {\n population a = Leak[2]\n population b = Leak[2]\n connect a -> b all delay 1 ms same_step on pre { v += 1 }\n}"));

        var error = Assert.Single(result.Diagnostics, d => d.Severity == SpikeLang.Compiler.Diagnostics.DiagnosticSeverity.Error);
        Assert.Equal(9, error.LineSpan.Start.Line + 1);
    }
}
