using System.Linq;
using SpikeLang.Compiler.Text;
using Xunit;

namespace SpikeLang.Compiler.Tests.Lowering;

/// <summary>
/// What the simulator cannot run is found by lowering, inside <see cref="SnnCompiler.Compile(SourceText[])"/>:
/// <c>spikelang check</c> reports exactly what the build reports (SL0500), located at the construct.
/// </summary>
public class BackendSupportTests
{
    [Theory]
    [InlineData("""
        network N {
            population a = Lif[10]
            connect a -> a fixed_indegree 2 if i != j
        }
        """, "a condition together with fixed_indegree", 3)]
    [InlineData("""
        neuron Held {
            state { v = 0 mV; r = 2 ms }
            equations { dv/dt = -v / (10 ms) }
            threshold v > 1 mV
            refractory r
        }
        network N { population a = Held[3] }
        """, "a refractory period that depends on state variables", 5)]
    [InlineData("""
        synapse Noisy {
            state { w = 1 mV }
            on pre { v += w * rand() }
        }
        network N {
            population a = Lif[3]
            connect a -> a synapse Noisy
        }
        """, "random numbers in 'on pre', 'on post' or summed code", 3)]
    public void Compile_reports_what_the_simulator_cannot_run(string text, string fragment, int line)
    {
        var result = SnnCompiler.Compile(new SourceText("n.snn", text));

        var error = Assert.Single(result.Diagnostics, d => d.Id == "SL0500");
        Assert.Contains(fragment, error.Message);
        Assert.Equal(line, error.LineSpan.Start.Line + 1);
        Assert.Empty(result.Networks);
        Assert.Equal(result.Diagnostics, SnnCompiler.Generate(new[] { new SourceText("n.snn", text) }).Diagnostics);
    }
}
