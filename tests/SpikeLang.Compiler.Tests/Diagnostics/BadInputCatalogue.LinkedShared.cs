using Xunit;

namespace SpikeLang.Compiler.Tests.Diagnostics;

/// <summary>The catalogue's cases for Brian2's linked variables (linked_var) and shared neuron variables and aliases.</summary>
public partial class BadInputCatalogueTests
{
    /// <summary>A source neuron S with x, and a neuron L whose I is linked; the networks below use them.</summary>
    private const string LinkModels = """
        neuron S {
            state { x = 0 }
            equations { dx/dt = -x / (5 ms) }
        }
        neuron L {
            state {
                v = 0
                I = 0 linked
            }
            equations { dv/dt = (I - v) / (10 ms) }
            threshold v > 1
        }
        """;

    public static TheoryData<string, string, string, int, int, string> LinkedSharedCases => new()
    {
        // ---- linked variables ----------------------------------------------------------------
        {
            "linked: assigned by the reset", """
            neuron N {
                state {
                    v = 0
                    I = 0 linked
                }
                threshold v > 1
                reset { I = 0 }
            }
            """, "SL0130", 7, 13, "'I' is linked|neuron 'N'|source's variable"
        },
        {
            "linked: given a differential equation", """
            neuron N {
                state { I = 0 linked }
                equations { dI/dt = -I / (10 ms) }
            }
            """, "SL0130", 3, 17, "'I' is linked|differential equation"
        },
        {
            "linked: set by a protocol phase", LinkModels + """

            network Net {
                population s = S[1]
                population p = L(I = linked_var(s, x))[3]
                protocol { phase a 1 ms { p.I = 1 } }
            }
            """, "SL0130", 16, 33, "'I' is linked|protocol phase"
        },
        {
            "linked: a population without its link", LinkModels + """

            network Net {
                population p = L[3]
            }
            """, "SL0131", 14, 16, "'p'|'L'|'I'|I = linked_var(SOURCE, VARIABLE)"
        },
        {
            "linked: a number instead of a link", LinkModels + """

            network Net {
                population p = L(I = 2)[3]
            }
            """, "SL0132", 14, 26, "'I'|not a link|linked_var(SOURCE, VARIABLE)"
        },
        {
            "linked: Brian2's index= is refused by name", LinkModels + """

            network Net {
                population s = S[6]
                population p = L(I = linked_var(s, x, index = i / 2))[3]
            }
            """, "SL0132", 15, 43, "index|not supported"
        },
        {
            "linked: the source is a Poisson population", LinkModels + """

            network Net {
                population s = poisson(rate = 5 Hz)[1]
                population p = L(I = linked_var(s, x))[3]
            }
            """, "SL0132", 15, 37, "Poisson|population of neurons"
        },
        {
            "linked: the source variable does not exist", LinkModels + """

            network Net {
                population s = S[1]
                population p = L(I = linked_var(s, y))[3]
            }
            """, "SL0132", 15, 40, "no state variable 'y'|x"
        },
        {
            "linked: a link for a variable that is not linked", LinkModels + """

            network Net {
                population s = S[1]
                population p = L(I = linked_var(s, x), v = linked_var(s, x))[3]
            }
            """, "SL0132", 15, 48, "'v'|no linked variable|v = ... linked"
        },
        {
            "linked: the source's dimension differs", """
            neuron S {
                state { x = 0 mV }
                equations { dx/dt = -x / (5 ms) }
            }
            neuron L {
                state { I = 0 nA linked }
            }
            network Net {
                population s = S[1]
                population p = L(I = linked_var(s, x))[3]
            }
            """, "SL0202", 10, 26, "'I'|current|s.x|voltage"
        },
        {
            "linked: a source of another size", LinkModels + """

            network Net {
                population s = S[4]
                population p = L(I = linked_var(s, x))[3]
            }
            """, "SL0133", 15, 26, "s.x|4 neurons|'p' has 3|1 neuron"
        },

        // ---- shared variables ----------------------------------------------------------------
        {
            "shared: assigned by the reset", """
            neuron N {
                state {
                    v = 0
                    g = 1 shared
                }
                threshold v > 1
                reset { v = 0; g = 2 }
            }
            """, "SL0134", 7, 20, "'g' is shared|run_regularly"
        },
        {
            "shared: a neuron's shared variable written by a connection", """
            neuron N {
                state {
                    v = 0
                    g = 1 shared
                }
                equations { dv/dt = -g * v / (10 ms) }
            }
            network Net {
                population a = N[2]
                population b = N[2]
                connect a -> b all on pre { g += 1 }
            }
            """, "SL0134", 11, 33, "'g' is shared|runs for each neuron"
        },
        {
            "shared: a differential equation", """
            neuron N {
                state { g = 1 shared }
                equations { dg/dt = -g / (10 ms) }
            }
            """, "SL0136", 3, 17, "'g' is shared|Brian2"
        },
        {
            "shared: '(shared)' on a differential equation", """
            neuron N {
                equations { dv/dt = -v / (10 ms) (shared) }
            }
            """, "SL0118", 2, 38, "'(shared)'|differential equation"
        },
        {
            "shared: an alias that reads a per-neuron variable", """
            neuron N {
                equations {
                    dv/dt = (B - v) / (10 ms)
                    B = 2 * v (shared)
                }
            }
            """, "SL0135", 4, 13, "Shared alias 'B'|'v'"
        },
        {
            "shared: an alias of a variable linked one to one", LinkModels.Replace("equations { dv/dt = (I - v) / (10 ms) }", "equations { dv/dt = (B - v) / (10 ms); B = 2 * I (shared) }") + """

            network Net {
                population s = S[3]
                population p = L(I = linked_var(s, x))[3]
            }
            """, "SL0135", 15, 26, "Shared alias 'B'|one to one"
        },
        {
            "shared: an alias of a parameter set per neuron", """
            neuron N {
                parameters { p = 1 }
                equations {
                    dv/dt = (B - v) / (10 ms)
                    B = 2 * p (shared)
                }
            }
            network Net {
                population n = N(p = i / N)[3]
            }
            """, "SL0135", 9, 26, "Shared alias 'B'|parameter 'p'"
        },
        {
            "shared: a random initial value", """
            neuron N {
                state { g = rand() shared }
            }
            """, "SL0135", 2, 17, "initial value of shared 'g'|random"
        },
        {
            "shared: run_regularly gives it a per-neuron value", """
            neuron N {
                state {
                    v = 0
                    g = 1 shared
                }
                equations { dv/dt = -g * v / (10 ms) }
            }
            network Net {
                population n = N[3]
                run_regularly n every 1 ms { g = v }
            }
            """, "SL0135", 10, 38, "shared 'g'|'v'"
        },
        {
            "shared: recorded", """
            neuron N {
                state { g = 1 shared }
            }
            network Net {
                population n = N[3]
                record state n.g
            }
            """, "SL0500", 6, 20, "shared variable 'g'|alias"
        },
        {
            "linked: read by synapse code", LinkModels + """

            network Net {
                population s = S[1]
                population p = L(I = linked_var(s, x))[3]
                connect p -> p all on pre { v += I_post }
            }
            """, "SL0500", 16, 38, "linked neuron variable 'I'"
        },
    };
}
