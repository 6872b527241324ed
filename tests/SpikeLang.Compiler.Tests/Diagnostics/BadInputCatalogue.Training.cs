using Xunit;

namespace SpikeLang.Compiler.Tests.Diagnostics;

/// <summary>The catalogue's cases for the <c>train</c> block: settings, losses, readouts, surrogates and what a trainer can learn.</summary>
public partial class BadInputCatalogueTests
{
    public static TheoryData<string, string, string, int, int, string> TrainingCases => new()
    {
        {
            "train: unknown setting", """
            network Net {
                input x[4]
                population out = Leaky[2]
                connect x -> out dense
                train {
                    step 25
                    loss cross_entropy(spike_count(out))
                }
            }
            """, "SL0117", 6, 9, "'step'|did you mean 'steps'"
        },
        {
            "train: unknown optimizer", """
            network Net {
                input x[4]
                population out = Leaky[2]
                connect x -> out dense
                train {
                    steps 25
                    loss cross_entropy(spike_count(out))
                    optimizer adamw(lr = 1e-3)
                }
            }
            """, "SL0117", 8, 19, "'adamw'|adam"
        },
        {
            "train: no loss", """
            network Net {
                input x[4]
                population out = Leaky[2]
                connect x -> out dense
                train {
                    steps 25
                }
            }
            """, "SL0120", 5, 5, "'loss'|cross_entropy"
        },
        {
            "train: encoding a population that is not an input", """
            network Net {
                input x[4]
                population out = Leaky[2]
                connect x -> out dense
                train {
                    steps 25
                    loss cross_entropy(spike_count(out))
                    encode out as current
                }
            }
            """, "SL0118", 8, 16, "'out'|input|neurons"
        },
        {
            "train: misspelled surrogate argument", """
            network Net {
                input x[4]
                population out = Leaky[2]
                connect x -> out dense
                train {
                    steps 25
                    loss cross_entropy(spike_count(out))
                    surrogate fast_sigmoid(slop = 25)
                }
            }
            """, "SL0108", 8, 32, "'slop'|slope"
        },
    };
}
