using Xunit;

namespace SpikeLang.Compiler.Tests.Diagnostics;

/// <summary>The catalogue's cases for networks: sizes, slices, connectivity rules, delays, records and network parameters.</summary>
public partial class BadInputCatalogueTests
{
    public static TheoryData<string, string, string, int, int, string> NetworkCases => new()
    {
        {
            "network: negative population size", """
            network Net {
                population p = Lif[-5]
            }
            """, "SL0300", 2, 24, "'p'|-5"
        },
        {
            "network: zero population size", """
            network Net {
                population p = Lif[0]
            }
            """, "SL0300", 2, 24, "'p'|0"
        },
        {
            "network: population size that is not a constant", """
            network Net {
                population p = Lif[rand()]
            }
            """, "SL0303", 2, 24, "rand()"
        },
        {
            "network: slice past the end", """
            network Net {
                population p = Lif[10]
                connect p[0:20] -> p all
            }
            """, "SL0301", 3, 13, "[0:20]|10"
        },
        {
            "network: empty slice", """
            network Net {
                population p = Lif[10]
                connect p[5:2] -> p all
            }
            """, "SL0301", 3, 13, "[5:2]"
        },
        {
            "network: probability above one", """
            network Net {
                population p = Lif[10]
                connect p -> p probability 1.5
            }
            """, "SL0302", 3, 32, "1.5"
        },
        {
            "network: fixed_indegree larger than the source", """
            network Net {
                population a = Lif[5]
                population b = Lif[10]
                connect a -> b fixed_indegree 8
            }
            """, "SL0305", 4, 35, "8|5"
        },
        {
            "network: fixed_indegree zero", """
            network Net {
                population a = Lif[5]
                population b = Lif[10]
                connect a -> b fixed_indegree 0
            }
            """, "SL0311", 4, 35, "in-degree"
        },
        {
            "network: one_to_one between different sizes", """
            network Net {
                population a = Lif[5]
                population b = Lif[10]
                connect a -> b one_to_one
            }
            """, "SL0306", 4, 20, "5|10"
        },
        {
            "network: unknown neuron model", """
            network Net {
                population p = Izhikevic[10]
            }
            """, "SL0102", 2, 20, "'Izhikevic'|did you mean 'Izhikevich'"
        },
        {
            "network: population of a synapse model", """
            network Net {
                population p = Stdp[10]
            }
            """, "SL0102", 2, 20, "'Stdp'|synapse model"
        },
        {
            "network: unknown synapse model", """
            network Net {
                population p = Lif[10]
                connect p -> p all synapse Stpd
            }
            """, "SL0103", 3, 32, "'Stpd'|Stdp"
        },
        {
            "network: neuron model used as a synapse", """
            network Net {
                population p = Lif[10]
                connect p -> p all synapse Lif
            }
            """, "SL0103", 3, 32, "neuron model"
        },
        {
            "network: unknown population in connect", """
            network Net {
                population exc = Lif[10]
                connect exc -> inh all
            }
            """, "SL0104", 3, 20, "'inh'|population"
        },
        {
            "network: unknown population in record", """
            network Net {
                population exc = Lif[10]
                record spikes exe
            }
            """, "SL0104", 3, 19, "'exe'|did you mean 'exc'"
        },
        {
            "network: connection to an input population", """
            network Net {
                input x[10]
                population p = Lif[10]
                connect p -> x all
            }
            """, "SL0119", 4, 18, "'x'|connect from it"
        },
        {
            "network: connection to a poisson population", """
            network Net {
                population d = poisson(rate = 10 Hz)[10]
                population p = Lif[10]
                connect p -> d all
            }
            """, "SL0119", 4, 18, "'d'|Poisson"
        },
        {
            "network: record of a state variable the model lacks", """
            network Net {
                population p = Lif[10]
                record state p.u
            }
            """, "SL0122", 3, 20, "'u'|Lif|it has v"
        },
        {
            "network: record weights with no such connection", """
            network Net {
                population a = Lif[10]
                population b = Lif[10]
                record weights a -> b
            }
            """, "SL0120", 4, 5, "a -> b"
        },
        {
            "network: positional population override", """
            network Net {
                population p = Lif(10 ms)[10]
            }
            """, "SL0121", 2, 24, "named"
        },
        {
            "network: unknown override argument", """
            network Net {
                population p = Lif(tau = 10 ms)[10]
            }
            """, "SL0108", 2, 24, "'tau'|tau_m"
        },
        {
            "network: override given twice", """
            network Net {
                population p = Lif(v_th = -50 mV, v_th = -55 mV)[10]
            }
            """, "SL0123", 2, 39, "'v_th'"
        },
        {
            "network: override with the wrong dimension", """
            network Net {
                population p = Lif(v_th = 10 ms)[10]
            }
            """, "SL0202", 2, 31, "'v_th'|voltage|time"
        },
        {
            "network: poisson population without a rate", """
            network Net {
                population d = poisson[10]
            }
            """, "SL0120", 2, 20, "rate"
        },
        {
            "network: negative delay", """
            network Net {
                population p = Lif[10]
                connect p -> p all delay -1 ms
            }
            """, "SL0307", 3, 30, "delay"
        },
        {
            "network: negative dt", """
            network Net {
                dt = -0.1 ms
                population p = Lif[10]
            }
            """, "SL0304", 2, 10, "dt"
        },
        {
            "network: dt given twice", """
            network Net {
                dt = 0.1 ms
                dt = 0.2 ms
                population p = Lif[10]
            }
            """, "SL0114", 3, 5, "'dt'"
        },
        {
            "network: unknown precision", """
            network Net {
                precision half
                population p = Lif[10]
            }
            """, "SL0117", 2, 15, "'half'|'double'"
        },
        {
            "network: inline 'on post' in connect", """
            network Net {
                population p = Lif[10]
                connect p -> p all on post { v += 1 mV }
            }
            """, "SL0118", 3, 27, "'on post'"
        },
        {
            "network: inline 'on pre' assigns an unknown variable", """
            network Net {
                population p = Lif[10]
                connect p -> p all on pre { foo += 1 }
            }
            """, "SL0109", 3, 33, "'foo'|Lif"
        },
        {
            "network: synapse writes a variable the target neuron lacks", """
            synapse S {
                state { w = 1 }
                on pre { ge += w }
            }
            network Net {
                population p = Lif[10]
                connect p -> p all synapse S
            }
            """, "SL0109", 3, 14, "'ge'|Lif"
        },
        {
            "network: population size that is infinite", """
            network Net {
                population p = Lif[1/0]
            }
            """, "SL0308", 2, 24, "'p'|division by zero"
        },
        {
            "network: without populations", """
            network Net {
                dt = 0.1 ms
            }
            """, "SL0124", 1, 9, "'Net'|population"
        },
    };
}
