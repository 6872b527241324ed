using Xunit;

namespace SpikeLang.Compiler.Tests.Diagnostics;

/// <summary>The catalogue's cases for conditions as numbers, drives, subgroups, degrees and delays.</summary>
public partial class BadInputCatalogueTests
{
    private const string Leaky = """
        neuron N {
            parameters { tau = 10 ms; i_on = 1 nA; t_on = 5 ms }
            state { v = 0 mV }
            equations { dv/dt = -v / tau }
            threshold v > 10 mV
            reset { v = 0 mV }
            refractory 2 ms
        }

        """;

    public static TheoryData<string, string, string, int, int, string> LanguageCoreCases => new()
    {
        {
            "condition: a condition times a unit", Leaky + """
            neuron M {
                parameters { i_on = 1 nA; t_on = 5 ms }
                state { v = 0 mV }
                equations { dv/dt = i_on * (t > t_on) * 1 Ohm / ms }
            }
            """, "SL0207", 12, 32, "int(condition)"
        },
        {
            "condition: where() with branches of different units", Leaky + """
            neuron M {
                state { v = 0 mV }
                equations { dv/dt = where(v > 1 mV, 1 mV / ms, 1 nA) }
            }
            """, "SL0203", 11, 52, "where|voltage per time|current"
        },
        {
            "condition: where() without a condition first", Leaky + """
            neuron M {
                state { v = 0 mV }
                equations { dv/dt = where(1 mV, 1 mV / ms, 0 mV / ms) }
            }
            """, "SL0204", 11, 31, "first argument of where|condition"
        },
        {
            "drive: a variable the model does not have", Leaky + """
            network Net {
                population p = N[10]
                drive p.u += poisson(n = 100, rate = 10 Hz, weight = 0.1 mV)
            }
            """, "SL0122", 11, 13, "'u'|has v"
        },
        {
            "drive: a weight in the wrong unit", Leaky + """
            network Net {
                population p = N[10]
                drive p.v += poisson(n = 100, rate = 10 Hz, weight = 0.1 nA)
            }
            """, "SL0202", 11, 58, "voltage|current"
        },
        {
            "drive: a rate too high for the time step", Leaky + """
            network Net {
                dt = 1 ms
                population p = N[10]
                drive p.v += poisson(n = 100, rate = 2 kHz, weight = 0.1 mV)
            }
            """, "SL0302", 12, 42, "rate × dt|[0, 1]|2"
        },
        {
            "drive: a fractional number of inputs", Leaky + """
            network Net {
                population p = N[10]
                drive p.v += poisson(n = 10.5, rate = 10 Hz, weight = 0.1 mV)
            }
            """, "SL0311", 11, 30, "whole number|10.5"
        },
        {
            "drive: a missing argument", Leaky + """
            network Net {
                population p = N[10]
                drive p.v += poisson(n = 100, weight = 0.1 mV)
            }
            """, "SL0120", 11, 18, "rate|poisson(n = 1000, rate = 10 Hz, weight = 0.1 mV)"
        },
        {
            "drive: a source that is not poisson", Leaky + """
            network Net {
                population p = N[10]
                drive p.v += noise(n = 100, rate = 10 Hz, weight = 0.1 mV)
            }
            """, "SL0117", 11, 18, "'noise'|poisson"
        },
        {
            "drive: onto an input population", Leaky + """
            network Net {
                input x[10]
                drive x.v += poisson(n = 100, rate = 10 Hz, weight = 0.1 mV)
            }
            """, "SL0119", 11, 11, "'x'|input"
        },
        {
            "subgroup: a slice beyond the population", Leaky + """
            network Net {
                population p = N[10]
                subgroup e = p[0:20]
            }
            """, "SL0301", 11, 18, "[0:20]|10 neurons"
        },
        {
            "subgroup: a name already taken", Leaky + """
            network Net {
                population p = N[10]
                subgroup p = p[0:5]
            }
            """, "SL0101", 11, 14, "'p'|already declared"
        },
        {
            "subgroup: an override in the wrong unit", Leaky + """
            network Net {
                population p = N[10]
                subgroup e = p[0:5](tau = 5 mV)
            }
            """, "SL0202", 11, 31, "'tau'|time|voltage"
        },
        {
            "subgroup: a slice of a subgroup beyond the subgroup", Leaky + """
            network Net {
                population p = N[10]
                subgroup e = p[2:6]
                connect e[0:5] -> p
            }
            """, "SL0301", 12, 13, "[0:5]|'e' of 4 neurons"
        },
        {
            "connect: a delay in the wrong unit", Leaky + """
            network Net {
                population p = N[10]
                connect p -> p delay 2 mV on pre { v += 1 mV }
            }
            """, "SL0205", 11, 26, "delay|time|voltage"
        },
        {
            "connect: a delay expression of the wrong unit", Leaky + """
            network Net {
                population p = N[10]
                connect p -> p delay (i + j) * 1 mV on pre { v += 1 mV }
            }
            """, "SL0205", 11, 26, "delay|time|voltage"
        },
        {
            "connect: an out-degree larger than the target", Leaky + """
            network Net {
                population p = N[10]
                connect p -> p fixed_outdegree 20 on pre { v += 1 mV }
            }
            """, "SL0305", 11, 36, "source|20 distinct targets|out-degree"
        },
        {
            "connect: a fractional out-degree", Leaky + """
            network Net {
                population p = N[10]
                connect p -> p fixed_outdegree 2.5 on pre { v += 1 mV }
            }
            """, "SL0311", 11, 36, "out-degree|2.5"
        },
        {
            "connect: a probability of the wrong unit", Leaky + """
            network Net {
                population p = N[10]
                connect p -> p probability (i - j) * 1 ms on pre { v += 1 mV }
            }
            """, "SL0205", 11, 32, "probability|dimensionless"
        },
    };
}
