using System.Linq;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Text;
using Xunit;

namespace SpikeLang.Compiler.Tests.Training;

/// <summary>
/// What the trainer cannot train is an error at the construct, with the reason (SL0501), never a wrong
/// trainer. <see cref="SnnCompiler.Compile(SourceText[])"/> finds it, so <c>spikelang check</c> reports what the build would.
/// </summary>
public class TrainabilityTests
{
    private const string Models = """
        neuron Unit {
            parameters { beta = 0.9; theta = 1 }
            state { mem = 0 }
            update { mem = beta * mem + input }
            threshold mem > theta
            reset { mem -= theta }
        }
        neuron Quadratic {
            parameters { tau = 10 ms }
            state { v = 0 }
            equations { dv/dt = (v * v + input) / tau }
            threshold v > 1
            reset { v = 0 }
        }
        neuron Readout {
            state { mem = 0 }
            update { mem = 0.9 * mem + input }
        }

        """;

    private static Diagnostic Only(string network, string id, string fragment)
    {
        var result = SnnCompiler.Compile(new SourceText("t.snn", Models + network));
        var matches = result.Diagnostics.Where(d => d.Id == id).ToList();
        Assert.True(matches.Count == 1, $"expected one {id}, got:\n{string.Join("\n", result.Diagnostics)}");
        Assert.Contains(fragment, matches[0].Message);
        Assert.Empty(result.Networks);
        return matches[0];
    }

    private static int Line(Diagnostic d) => d.LineSpan.Start.Line + 1;

    [Fact]
    public void A_trained_connection_must_be_dense()
    {
        var d = Only("""
            network N {
                input x[4]
                population h = Unit[3]
                connect x -> h all
                train { steps 5; loss cross_entropy(spike_count(h)) }
            }
            """, "SL0501", "a connection that is neither 'dense' nor a convolution");
        Assert.Equal(4 + Models.Split('\n').Length - 1, Line(d));
    }

    [Fact]
    public void A_nonlinear_continuous_model_is_refused_naming_its_method()
    {
        Only("""
            network N {
                input x[4]
                population h = Quadratic[3]
                connect x -> h dense
                train { steps 5; loss cross_entropy(spike_count(h)) }
            }
            """, "SL0501", "its model 'Quadratic' is integrated with");
    }

    [Fact]
    public void A_loop_between_two_populations_is_refused()
    {
        Only("""
            network N {
                input x[4]
                population a = Unit[3]
                population b = Unit[3]
                connect x -> a dense
                connect a -> b dense
                connect b -> a dense
                train { steps 5; loss cross_entropy(spike_count(b)) }
            }
            """, "SL0501", "a loop between different populations");
    }

    [Fact]
    public void Spike_counts_of_a_model_without_threshold_are_refused()
    {
        Only("""
            network N {
                input x[4]
                population r = Readout[3]
                connect x -> r dense
                train { steps 5; loss cross_entropy(spike_count(r)) }
            }
            """, "SL0501", "has no threshold, so it never spikes (use max_membrane or final_membrane)");
    }

    [Fact]
    public void Learning_an_unknown_parameter_lists_the_known_ones()
    {
        var d = Only("""
            network N {
                input x[4]
                population h = Unit[3]
                connect x -> h dense
                train { steps 5; loss cross_entropy(spike_count(h)); learn betta }
            }
            """, "SL0117", "'betta' is not a valid learnable parameter");
        Assert.Contains("beta", d.Message);
    }

    [Fact]
    public void A_dense_connection_takes_no_plastic_synapse()
    {
        Only("""
            network N {
                input x[4]
                population h = Unit[3]
                connect x -> h dense synapse Stdp
            }
            """, "SL0118", "a dense connection is a trainable weight matrix");
    }

    [Fact]
    public void Detach_reset_takes_true_or_false()
    {
        Only("""
            network N {
                input x[4]
                population h = Unit[3]
                connect x -> h dense
                train { steps 5; loss cross_entropy(spike_count(h)); detach_reset maybe }
            }
            """, "SL0117", "use true, false");
    }
}
