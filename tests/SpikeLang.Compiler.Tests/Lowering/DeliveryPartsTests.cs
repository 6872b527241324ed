using System.Linq;
using SpikeLang.Compiler.Text;
using Xunit;

namespace SpikeLang.Compiler.Tests.Lowering;

/// <summary>
/// A connection delivers on several threads, each over a range of targets, only when no thread can see
/// another's writes: the order of the sums, and so the spikes, must not depend on the threads.
/// </summary>
public class DeliveryPartsTests
{
    private const string Model = """
        neuron PartsLif {
            parameters { tau = 20 ms }
            state { v = 0 mV; u = 0 mV }
            equations { dv/dt = -v / tau
                        du/dt = -u / tau }
            threshold v > 20 mV
            reset { v = 10 mV }
        }
        """;

    private static bool InParts(string connect, string populations = "population a = PartsLif[10]\n population b = PartsLif[10]")
    {
        var result = SnnCompiler.Compile(new SourceText("n.snn", Model + $"network N {{\n {populations}\n {connect}\n}}"));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Networks.Single().Connections.Single().DeliversInParts;
    }

    [Theory]
    [InlineData("connect a -> b probability 0.5 on pre { v += 0.1 * v_pre }")] // reads another population
    [InlineData("connect a -> a probability 0.5 on pre { v += 1 mV }")]
    [InlineData("connect a -> a probability 0.5 on pre { v += 0.1 * u_pre }")] // u is not written here
    [InlineData("connect a -> a probability 0.5 delay 2 ms on pre { v += 1 mV }")]
    public void Writes_confined_to_the_target_split_by_target_ranges(string connect) => Assert.True(InParts(connect));

    [Theory]
    [InlineData("connect a -> a probability 0.5 on pre { v += 0.1 * v_pre }")] // reads what other ranges write
    [InlineData("connect a -> b probability 0.5 on pre { v_pre += 1 mV }")] // writes the source
    [InlineData("connect a -> b probability 0.5 delay 1 ms + 2 ms * rand() on pre { v += 1 mV }")] // events queued per synapse
    public void Writes_another_range_could_see_stay_on_one_thread(string connect) => Assert.False(InParts(connect));
}
