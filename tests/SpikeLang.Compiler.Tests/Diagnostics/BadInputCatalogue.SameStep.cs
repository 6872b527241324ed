using Xunit;

namespace SpikeLang.Compiler.Tests.Diagnostics;

/// <summary>The catalogue's cases for <c>same_step</c> connections: cycles, what the step's order cannot honour, training.</summary>
public partial class BadInputCatalogueTests
{
    /// <summary>A leaky neuron without refractoriness and one with it; the networks below use them.</summary>
    private const string SameStepModels = """
        neuron Leak {
            state { v = 0 }
            equations { dv/dt = -v / (5 ms) }
            threshold v > 1
            reset { v = 0 }
        }
        neuron Refractory {
            state { v = 0 }
            equations { dv/dt = -v / (5 ms) (unless refractory) }
            threshold v > 1
            reset { v = 0 }
            refractory 2 ms
        }
        """;

    public static TheoryData<string, string, string, int, int, string> SameStepCases => new()
    {
        {
            "same_step: a cycle of two connections", SameStepModels + """

            network Net {
                population a = Leak[2]
                population b = Leak[2]
                connect a -> b all same_step on pre { v += 1 }
                connect b -> a all same_step on pre { v += 1 }
            }
            """, "SL0140", 18, 24, "a -> b (line 17), b -> a (line 18)|form a cycle|remove 'same_step' from one connection"
        },
        {
            "same_step: a population connected to itself", SameStepModels + """

            network Net {
                population a = Leak[2]
                connect a -> a all same_step on pre { v += 1 }
            }
            """, "SL0140", 16, 24, "a -> a (line 16)|give one of them a delay"
        },
        {
            "same_step: between two subgroups of one population", SameStepModels + """

            network Net {
                population p = Leak[4]
                subgroup e = p[0:2]
                subgroup i = p[2:4]
                connect e -> i all same_step on pre { v += 1 }
            }
            """, "SL0140", 18, 24, "e -> i (line 18; populations p -> p)|form a cycle"
        },
        {
            "same_step: a synapse with clock-driven equations", SameStepModels + """

            synapse Decaying {
                state { w = 1; g = 0 }
                equations { dg/dt = -g / (2 ms) }
                on pre { v += w }
            }
            network Net {
                population a = Leak[2]
                population b = Leak[2]
                connect a -> b all same_step synapse Decaying
            }
            """, "SL0141", 22, 24, "a -> b is same_step|clock-driven|'Decaying'|(event-driven)"
        },
        {
            "same_step: a synapse with a summed variable", SameStepModels + """

            neuron Summing {
                state { v = 0; total = 0 }
                threshold v > 1
            }
            synapse Sum {
                state { w = 1 }
                equations { total_post = w (summed) }
            }
            network Net {
                population a = Leak[2]
                population b = Summing[2]
                connect a -> b all same_step synapse Sum
            }
            """, "SL0141", 25, 24, "summed variables|start of the step"
        },
        {
            "same_step: a plastic synapse with 'on post'", SameStepModels + """

            synapse Plastic {
                state { w = 1 }
                on pre { v += w }
                on post { w += 0.1 }
            }
            network Net {
                population a = Leak[2]
                population b = Leak[2]
                connect a -> b all same_step synapse Plastic
            }
            """, "SL0141", 22, 24, "'on post'|'Plastic'|remove 'same_step'"
        },
        {
            "same_step: a refractory target", SameStepModels + """

            network Net {
                population a = Leak[2]
                population b = Refractory[2]
                connect a -> b all same_step on pre { v += 1 }
            }
            """, "SL0141", 17, 24, "target 'b' is refractory|refractory period"
        },
        {
            "training: a convolution from a population to itself", """
            network Net {
                input x[1, 4, 4]
                population h = Leaky[2, 4, 4]
                population out = Leaky[2]
                connect x -> h conv2d(kernel = 3, padding = 1) same_step
                connect h -> h conv2d(kernel = 3, padding = 1)
                connect h -> out dense
                train {
                    steps 25
                    loss cross_entropy(spike_count(out))
                }
            }
            """, "SL0501", 6, 5, "conv2d from 'h' to itself|dense self-connections"
        },
    };
}
