using Xunit;

namespace SpikeLang.Compiler.Tests.Diagnostics;

/// <summary>
/// The catalogue's cases for Brian2's library: noise and methods, units, spike generators, timed arrays, summed
/// variables, run_regularly and protocols.
/// </summary>
public partial class BadInputCatalogueTests
{
    public static TheoryData<string, string, string, int, int, string> Brian2LibraryCases => new()
    {
        {
            "noise: xi in a discrete update", """
            neuron A {
                state { v = 0 mV }
                update { v = v + 1 mV * xi }
            }
            """, "SL0406", 3, 29, "'xi'|differential equations|randn()"
        },
        {
            "noise: a method that cannot integrate it", """
            neuron B {
                parameters { tau = 10 ms; sigma = 1 mV }
                state { v = 0 mV }
                equations { dv/dt = -v / tau + sigma * sqrt(2 / tau) * xi }
                method rk4
            }
            """, "SL0407", 5, 12, "rk4|euler|heun"
        },
        {
            "noise: not linear in xi", """
            neuron C {
                parameters { tau = 10 ms }
                state { v = 0 mV }
                equations { dv/dt = -v / tau + 1 mV / ms * xi * xi * ms }
            }
            """, "SL0408", 4, 25, "f + g·xi"
        },
        {
            "method: exponential Euler of an equation not linear in its variable", """
            neuron D {
                parameters { tau = 10 ms }
                state { v = 0 mV }
                equations { dv/dt = -v * v / (tau * mV) }
                method exponential_euler
            }
            """, "SL0409", 4, 25, "exponential_euler|A + B·x|rk4"
        },
        {
            "units: a power that is neither whole nor half", """
            neuron E {
                parameters { x = 2 * ms**0.3 }
            }
            """, "SL0206", 2, 30, "whole or half power"
        },
        {
            "units: a Brian2 unit misspelled", """
            neuron F {
                parameters { x = 2 mvolts }
            }
            """, "SL0105", 2, 24, "'mvolts'|mV"
        },
        {
            "generator: fewer times than indices", """
            network A {
                population S = spikes(indices = [0, 1], times = [1] * ms)[2]
            }
            """, "SL0312", 2, 53, "2 indices but 1 times"
        },
        {
            "generator: an index beyond the sources", """
            network A {
                population T = spikes(indices = [0, 3], times = [1, 2] * ms)[2]
            }
            """, "SL0313", 2, 37, "Index 3|[0, 2)"
        },
        {
            "generator: two spikes of one source in one step", """
            network A {
                population U = spikes(indices = [0, 0], times = [1, 1.01] * ms)[2]
            }
            """, "SL0314", 2, 53, "Source 0|twice"
        },
        {
            "generator: a period shorter than the schedule", """
            network A {
                population V = spikes(indices = [0], times = [6] * ms, period = 5 ms)[2]
            }
            """, "SL0315", 2, 69, "longer than the last spike time"
        },
        {
            "generator: times in volts", """
            network A {
                population W = spikes(indices = [0], times = [1] * mV)[2]
            }
            """, "SL0205", 2, 50, "time (s)|voltage (V)"
        },
        {
            "list: a list as a parameter value", """
            network A {
                population X = Lif(v = [1, 2] * mV)[2]
            }
            """, "SL0316", 2, 28, "spikes(...)"
        },
        {
            "remainder: of a time by a voltage", """
            neuron R {
                state { v = 0 mV }
                equations { dv/dt = ((t % 1 mV) / ms) * mV / ms }
            }
            """, "SL0200", 3, 26, "take the remainder of|time (s)|voltage (V)"
        },
        {
            "timestep: of a voltage", """
            neuron T {
                parameters { n = timestep(5 mV, 0.1 ms) }
            }
            """, "SL0203", 2, 31, "timestep|a time|voltage (V)"
        },
        {
            "timed array: a step of zero", """
            timed_array a = [0, 1] * nA every 0 ms
            """, "SL0304", 1, 35, "step|greater than zero"
        },
        {
            "timed array: rows of different lengths", """
            timed_array b = [[1, 2], [3]] * Hz every 1 ms
            """, "SL0317", 1, 26, "first (2 values)|has 1"
        },
        {
            "timed array: read with a neuron index it has no columns for", """
            timed_array c = [1, 2] * nA every 1 ms
            neuron N {
                state { v = 0 mV }
                equations { dv/dt = c(t, 0) * MOhm / ms }
            }
            """, "SL0318", 4, 25, "c(t): a time"
        },
        {
            "timed array: read at a voltage", """
            timed_array c = [1, 2] * nA every 1 ms
            neuron M {
                state { v = 0 mV }
                equations { dv/dt = c(1 mV) * MOhm / ms }
            }
            """, "SL0205", 4, 27, "time (s)|voltage (V)"
        },
        {
            "summed: a target without _post or _pre", Leaky + """
            synapse Gap {
                state { w = 1 }
                equations { v = w * (v_pre - v_post) (summed) }
            }
            network Net {
                population p = N[10]
                connect p -> p all synapse Gap
            }
            """, "SL0128", 11, 17, "'v_post'"
        },
        {
            "summed: into the summed input", Leaky + """
            synapse Gap {
                state { w = 1 }
                equations { input_post = w * (v_pre - v_post) / ohm (summed) }
            }
            network Net {
                population p = N[10]
                connect p -> p all synapse Gap
            }
            """, "SL0128", 11, 17, "declare a state variable"
        },
        {
            "summed: a value that reads its own target", """
            neuron G {
                state { v = 0; I = 0 }
                equations { dv/dt = (I - v) / (10 ms) }
            }
            synapse Gap {
                equations { I_post = I_post + v_pre (summed) }
            }
            network Net {
                population p = G[10]
                connect p -> p all synapse Gap
            }
            """, "SL0128", 6, 17, "reads the variable it sums into"
        },
        {
            "summed: into a variable the neuron integrates", Leaky + """
            synapse Gap {
                equations { v_post = 1 mV (summed) }
            }
            network Net {
                population p = N[10]
                connect p -> p all synapse Gap
            }
            """, "SL0128", 14, 5, "integrates 'v' itself"
        },
        {
            "summed: two connections into the same neurons' variable", """
            neuron G {
                state { v = 0; I = 0 }
                equations { dv/dt = (I - v) / (10 ms) }
            }
            synapse Gap {
                equations { I_post = v_pre (summed) }
            }
            network Net {
                population p = G[10]
                connect p[0:5] -> p[0:6] all synapse Gap
                connect p[5:10] -> p[4:10] all synapse Gap
            }
            """, "SL0129", 11, 5, "line 10"
        },
        {
            "summed: in a neuron", """
            neuron G {
                state { v = 0 }
                equations {
                    dv/dt = -v / (10 ms)
                    u = 2 * v (summed)
                }
            }
            """, "SL0118", 5, 19, "synapse model"
        },
        {
            "summed: on a differential equation", """
            synapse S {
                state { g = 0 }
                equations { dg/dt = -g / (5 ms) (summed) }
            }
            """, "SL0118", 3, 37, "x_post = expression (summed)"
        },
        {
            "run_regularly: a non-positive interval", Leaky + """
            network Net {
                population p = N[10]
                run_regularly p every 0 ms { v = 0 mV }
            }
            """, "SL0304", 11, 27, "interval of run_regularly|greater than zero"
        },
        {
            "run_regularly: an interval that is not a whole number of steps", Leaky + """
            network Net {
                population p = N[10]
                run_regularly p every 0.25 ms { v = 0 mV }
            }
            """, "SL0319", 11, 27, "0.00025 s|multiple of dt"
        },
        {
            "run_regularly: a parameter written", Leaky + """
            network Net {
                population p = N[10]
                run_regularly p every 1 ms { tau = 5 ms }
            }
            """, "SL0110", 11, 34, "'tau'"
        },
        {
            "run_regularly: on a Poisson population", Leaky + """
            network Net {
                population p = poisson(rate = 5 Hz)[10]
                run_regularly p every 1 ms { v = 0 mV }
            }
            """, "SL0119", 11, 19, "Poisson"
        },
        {
            "run_regularly: white noise in its code", Leaky + """
            network Net {
                population p = N[10]
                run_regularly p every 1 ms { v = 1 mV * xi }
            }
            """, "SL0406", 11, 45, "xi"
        },
        {
            "protocol: a phase of negative duration", Leaky + """
            network Net {
                population p = N[10]
                protocol {
                    phase rest -1 s
                }
            }
            """, "SL0304", 12, 20, "duration of phase 'rest'"
        },
        {
            "protocol: a phase that is not a whole number of steps", Leaky + """
            network Net {
                population p = N[10]
                protocol { phase rest 0.05 ms }
            }
            """, "SL0319", 11, 27, "phase 'rest'|multiple of dt"
        },
        {
            "protocol: a parameter set by a phase", Leaky + """
            network Net {
                population p = N[10]
                protocol { phase learn 1 s { p.tau = 5 ms } }
            }
            """, "SL0122", 11, 36, "is a parameter"
        },
        {
            "protocol: a connection that does not exist", Leaky + """
            network Net {
                population p = N[10]
                population q = N[10]
                protocol { phase learn 1 s { p -> q.w = 0.5 } }
            }
            """, "SL0120", 12, 34, "connection p -> q"
        },
        {
            "protocol: two phases of one name", Leaky + """
            network Net {
                population p = N[10]
                protocol {
                    phase a 1 s
                    phase a 2 s
                }
            }
            """, "SL0101", 13, 15, "as a phase at line 12"
        },
        {
            "protocol: a value in the wrong unit", Leaky + """
            network Net {
                population p = N[10]
                protocol { phase a 1 s { p.v = 5 nA } }
            }
            """, "SL0205", 11, 36, "voltage"
        },
    };
}
