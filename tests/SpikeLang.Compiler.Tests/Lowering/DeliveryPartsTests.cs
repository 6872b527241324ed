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

    private static bool InParts(string connect) => Connection(connect).DeliversInParts;

    /// <summary>Whether <paramref name="connect"/>'s 'on post' runs in parts, with synapse Plastic given by its 'on post' code.</summary>
    private static bool PostInParts(string connect, string onPost) =>
        Connection(connect, $"synapse Plastic {{\n on pre {{ v += 1 mV }}\n on post {{ {onPost} }}\n}}\n").DeliversPostInParts;

    private static SpikeLang.Compiler.Lowering.ConnectionPlan Connection(string connect, string synapses = "")
    {
        var result = SnnCompiler.Compile(new SourceText("n.snn", Model + synapses + $"network N {{\n population a = PartsLif[10]\n population b = PartsLif[10]\n {connect}\n}}"));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Networks.Single().Connections.Single();
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

    [Theory]
    [InlineData("connect a -> b probability 0.5 synapse Plastic", "u += 1 mV")] // writes the target that spiked
    [InlineData("connect a -> a probability 0.5 synapse Plastic", "u += 0.1 * v_pre")] // reads what 'on post' does not write
    public void On_post_confined_to_its_targets_runs_by_the_same_ranges(string connect, string onPost) => Assert.True(PostInParts(connect, onPost));

    [Theory]
    [InlineData("connect a -> b probability 0.5 synapse Plastic", "v_pre += 1 mV")] // writes the source
    [InlineData("connect a -> a probability 0.5 synapse Plastic", "u += 0.1 * u_pre")] // reads what other ranges write
    [InlineData("connect a -> b probability 0.5 delay 1 ms + 2 ms * rand() synapse Plastic", "u += 1 mV")] // 'on pre' on one thread
    public void On_post_that_another_range_could_see_stays_on_one_thread(string connect, string onPost) => Assert.False(PostInParts(connect, onPost));
}
