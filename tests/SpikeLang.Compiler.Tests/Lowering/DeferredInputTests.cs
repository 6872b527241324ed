using System.Linq;
using SpikeLang.Compiler.Lowering;
using SpikeLang.Compiler.Text;
using Xunit;

namespace SpikeLang.Compiler.Tests.Lowering;

/// <summary>
/// Synaptic input to a variable held while refractory goes through an accumulator only when no code
/// during delivery can tell: every write a sum, no read of the variable. Otherwise the writes stay gated
/// one by one, as Brian2 runs them.
/// </summary>
public class DeferredInputTests
{
    private const string Model = """
        neuron HeldLif {
            parameters { tau = 20 ms }
            state { v = 0 mV; u = 0 mV }
            equations { dv/dt = -v / tau  (unless refractory)
                        du/dt = -u / tau }
            threshold v > 20 mV
            reset { v = 10 mV }
            refractory 2 ms
        }
        """;

    private static NeuronPopulationPlan Population(string network)
    {
        var result = SnnCompiler.Compile(new SourceText("n.snn", Model + network));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Networks.Single().Populations.OfType<NeuronPopulationPlan>().First(p => p.Name == "a");
    }

    [Fact]
    public void Sums_and_drives_into_a_held_variable_are_accumulated()
    {
        var plan = Population("""
            network N {
                population a = HeldLif[10]
                connect a -> a probability 0.5 delay 1.5 ms on pre { v += 0.1 mV }
                connect a -> a probability 0.5 on pre { v -= 0.2 mV * 2 }
                drive a.v += poisson(n = 100, rate = 10 Hz, weight = 0.1 mV)
            }
            """);

        Assert.Equal(new[] { "v" }, plan.DeferredInputs.ToArray());
    }

    [Theory]
    [InlineData("on pre { v += 0.1 * (20 mV - v_post) }")] // reads the variable it sums into
    [InlineData("on pre { v = 15 mV }")] // not a sum
    [InlineData("on pre { u += 0.1 * v_post }")] // another statement reads it
    [InlineData("on pre { v_pre += 0.1 mV }")] // a presynaptic write
    [InlineData("on pre { u += 0.1 * v_pre }")] // read through the presynaptic side
    public void Writes_that_some_code_could_observe_stay_gated_one_by_one(string onPre)
    {
        var plan = Population($$"""
            network N {
                population a = HeldLif[10]
                connect a -> a probability 0.5 {{onPre}}
                drive a.v += poisson(n = 100, rate = 10 Hz, weight = 0.1 mV)
            }
            """);

        Assert.Empty(plan.DeferredInputs);
    }

    [Fact]
    public void A_variable_not_held_while_refractory_is_written_directly()
    {
        var plan = Population("""
            network N {
                population a = HeldLif[10]
                connect a -> a probability 0.5 on pre { u += 0.1 mV }
            }
            """);

        Assert.Empty(plan.DeferredInputs);
    }
}
