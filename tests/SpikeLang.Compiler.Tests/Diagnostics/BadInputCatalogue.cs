using Xunit;

namespace SpikeLang.Compiler.Tests.Diagnostics;

/// <summary>The cases of the catalogue: one mistake per program, and what the user should be told.</summary>
public partial class BadInputCatalogueTests
{
    /// <summary>
    /// name, source, expected id, one-based line, one-based column, and '|'-separated fragments the
    /// message must contain (empty for none); a fragment starting with '!' must not appear.
    /// </summary>
    public static TheoryData<string, string, string, int, int, string> Cases => new()
    {
        // ---- syntax --------------------------------------------------------------------------
        {
            "syntax: missing expression", """
            neuron N {
                parameters { tau = }
            }
            """, "SL0001", 2, 24, "an expression|'}'"
        },
        {
            "syntax: missing expression at the end of a line", """
            neuron N {
                parameters {
                    tau =
                }
            }
            """, "SL0001", 3, 14, "an expression|end of line"
        },
        {
            "syntax: missing expression at the end of a line (CRLF)", Crlf("""
            neuron N {
                parameters {
                    tau =
                }
            }
            """), "SL0001", 3, 14, "an expression|end of line"
        },
        {
            "syntax: missing closing brace", """
            neuron N {
                parameters { tau = 10 ms }
                state { v = 0 mV }
            """, "SL0002", 1, 10, "neuron body|'}'"
        },
        {
            "syntax: stray token", """
            neuron N {
                parameters { tau = 10 ms ) }
            }
            """, "SL0001", 2, 30, "')'"
        },
        {
            "syntax: misspelled member keyword", """
            neuron N {
                parameter { tau = 10 ms }
            }
            """, "SL0001", 2, 5, "'parameters'|'parameter'"
        },
        {
            "syntax: unclosed block comment", """
            neuron N {
                parameters { tau = 10 ms }
                /* forgot to close this
            }
            """, "SL0001", 3, 5, "*/"
        },
        {
            "syntax: missing ']' in a population size", """
            network Net {
                population p = Lif[10
            }
            """, "SL0001", 2, 26, "']'"
        },
        {
            "syntax: missing ')' in a call", """
            neuron N {
                parameters { a = exp(1 }
            }
            """, "SL0001", 2, 28, "')'"
        },
        {
            "syntax: reserved word as a declaration name", """
            neuron all {
                state { v = 0 }
            }
            """, "SL0001", 1, 8, "reserved word"
        },
        {
            "syntax: missing '=' in a parameter", """
            neuron N {
                parameters { tau 10 ms }
            }
            """, "SL0001", 2, 22, "'='|'10'"
        },
        {
            "syntax: missing '->' in connect", """
            network Net {
                population a = Lif[10]
                connect a a all
            }
            """, "SL0001", 3, 15, "'->'"
        },
        {
            "syntax: character with no meaning", """
            neuron N {
                state { v = 0 # python comment }
            }
            """, "SL0001", 2, 19, "'#'"
        },
        {
            "syntax: two declarations on one line without ';'", """
            neuron N {
                parameters { a = 1 b = 2 }
            }
            """, "SL0001", 2, 24, "';'"
        },
        {
            "syntax: non-ASCII digits", """
            neuron N {
                parameters { a = ٣ }
            }
            """, "SL0001", 2, 22, ""
        },
        {
            "syntax: number too large", """
            neuron N {
                parameters { big = 1e400 }
            }
            """, "SL0006", 2, 24, "1e400"
        },
        {
            "syntax: namespace declared twice", """
            namespace A
            namespace B
            neuron N {
                state { v = 0 }
            }
            """, "SL0007", 2, 1, "'A'"
        },

        // ---- names and declarations ---------------------------------------------------------
        {
            "names: unknown name suggests the nearest", """
            neuron N {
                parameters { tau = 10 ms }
                state { v = 0 mV }
                equations { dv/dt = -v / taum }
            }
            """, "SL0100", 4, 30, "'taum'|did you mean 'tau'"
        },
        {
            "names: unknown one-letter name gets no unrelated suggestion", """
            neuron N {
                state { v = 0 }
                update { v = w }
            }
            """, "SL0100", 3, 18, "'w'|!did you mean 'N'"
        },
        {
            "names: function used without a call", """
            neuron N {
                parameters { a = exp }
            }
            """, "SL0100", 2, 22, "exp(x)"
        },
        {
            "names: unknown function", """
            neuron N {
                parameters { a = expp(1) }
            }
            """, "SL0106", 2, 22, "'expp'|did you mean 'exp'"
        },
        {
            "names: two parameters with one name", """
            neuron N {
                parameters {
                    tau = 10 ms
                    tau = 20 ms
                }
            }
            """, "SL0101", 4, 9, "'tau'|line 3"
        },
        {
            "names: parameter and state with one name", """
            neuron N {
                parameters { v = 0 mV }
                state { v = 0 mV }
            }
            """, "SL0101", 3, 13, "'v'|line 2"
        },
        {
            "names: built-in name redeclared", """
            neuron N {
                state { t = 0 }
            }
            """, "SL0101", 2, 13, "'t'|built-in"
        },
        {
            "names: two neurons with one name", """
            neuron N {
                parameters { a = 1 }
            }
            neuron N {
                parameters { b = 1 }
            }
            """, "SL0101", 4, 8, "'N'|line 1"
        },
        {
            "names: two populations with one name", """
            network Net {
                population p = Lif[10]
                population p = Lif[20]
            }
            """, "SL0101", 3, 16, "'p'|line 2"
        },
        {
            "names: two thresholds", """
            neuron N {
                state { v = 0 }
                threshold v > 1
                threshold v > 2
            }
            """, "SL0114", 4, 5, "'threshold'|keep one"
        },
        {
            "names: reset of an undeclared variable", """
            neuron N {
                state { v = 0 }
                threshold v > 1
                reset { u = 0 }
            }
            """, "SL0109", 4, 13, "'u'|state"
        },
        {
            "names: assigning a parameter", """
            neuron N {
                parameters { theta = 1 }
                state { v = 0 }
                threshold v > theta
                reset { theta = 2 }
            }
            """, "SL0110", 5, 13, "'theta'|parameter"
        },
        {
            "names: equations and update in one neuron", """
            neuron N {
                state { v = 0 }
                equations { dv/dt = -v / (10 ms) }
                update { v = v + 1 }
            }
            """, "SL0113", 4, 5, "'equations'|'update'"
        },
        {
            "names: circular parameter definitions", """
            neuron N {
                parameters {
                    a = b
                    b = a
                }
            }
            """, "SL0115", 3, 9, "a -> b -> a"
        },
        {
            "names: unknown integration method", """
            neuron N {
                state { v = 0 }
                equations { dv/dt = -v / (10 ms) }
                method rk3
            }
            """, "SL0117", 4, 12, "'rk3'|rk4"
        },
        {
            "names: equation for a parameter", """
            neuron N {
                parameters { tau = 10 ms; g = 1 }
                equations { dg/dt = -g / tau }
            }
            """, "SL0111", 3, 17, "'g'|state"
        },
        {
            "names: two equations for one variable", """
            neuron N {
                state { v = 0 }
                equations {
                    dv/dt = -v / (10 ms)
                    dv/dt = -v / (20 ms)
                }
            }
            """, "SL0112", 5, 9, "'v'"
        },
        {
            "names: unknown flag on a neuron parameter", """
            neuron N {
                parameters { tau = 10 ms shared }
            }
            """, "SL0116", 2, 30, "'shared'"
        },
        {
            "names: threshold in a synapse", """
            synapse S {
                state { w = 1 }
                threshold w > 1
                on pre { input += w }
            }
            """, "SL0118", 3, 5, "'threshold'|on pre"
        },
        {
            "names: unknown spike pathway", """
            synapse S {
                state { w = 1 }
                on spike { w += 1 }
            }
            """, "SL0117", 3, 8, "'spike'|'on pre'"
        },

        // ---- units and types -----------------------------------------------------------------
        {
            "units: unknown unit msec", """
            neuron N {
                parameters { tau = 20 msec }
            }
            """, "SL0105", 2, 27, "'msec'|did you mean 'ms'"
        },
        {
            "units: unit in the wrong case", """
            neuron N {
                parameters { v_th = -50 mv }
            }
            """, "SL0105", 2, 29, "'mv'|did you mean 'mV'"
        },
        {
            "units: adding voltage and time", """
            neuron N {
                state { v = 0 mV }
                equations { dv/dt = v + 1 ms }
            }
            """, "SL0200", 3, 25, "voltage|time"
        },
        {
            "units: equation without a time constant", """
            neuron N {
                parameters { tau = 10 ms }
                state { v = 0 mV }
                equations { dv/dt = v }
            }
            """, "SL0201", 4, 25, "voltage per time|voltage (V)"
        },
        {
            "units: reset with the wrong dimension", """
            neuron N {
                parameters { v_th = -50 mV }
                state { v = 0 mV }
                threshold v > v_th
                reset { v = 0 ms }
            }
            """, "SL0202", 5, 17, "'v'|voltage|time"
        },
        {
            "units: exp with two arguments", """
            neuron N {
                parameters { a = exp(1, 2) }
            }
            """, "SL0107", 2, 22, "exp(x)|1 argument|2"
        },
        {
            "units: clip with one argument", """
            neuron N {
                parameters { x = 1; y = clip(x) }
            }
            """, "SL0107", 2, 29, "clip(x, low, high)|3 arguments|1"
        },
        {
            "units: exp of a voltage", """
            neuron N {
                parameters { a = exp(2 mV) }
            }
            """, "SL0203", 2, 26, "exp|dimensionless|voltage"
        },
        {
            "units: threshold that is not a condition", """
            neuron N {
                state { v = 0 }
                threshold v + 1
            }
            """, "SL0204", 3, 15, "threshold|condition"
        },
        {
            "units: refractory period in volts", """
            neuron N {
                state { v = 0 }
                threshold v > 1
                refractory 2 mV
            }
            """, "SL0205", 4, 16, "refractory|time|voltage"
        },
        {
            "units: a third power of a voltage", """
            neuron N {
                parameters { a = (2 mV) ** 0.3 }
            }
            """, "SL0206", 2, 32, "whole or half power"
        },
        {
            "units: condition used as a number", """
            neuron N {
                parameters { a = 1 > 2 }
            }
            """, "SL0207", 2, 22, "condition"
        },
        {
            "units: dt in millivolts", """
            network Net {
                dt = 0.1 mV
                population p = Lif[10]
            }
            """, "SL0205", 2, 10, "dt|time|voltage"
        },

        // ---- equation analysis ---------------------------------------------------------------
        {
            "analysis: nonlinear event-driven equation", """
            synapse S {
                parameters { tau = 10 ms }
                equations {
                    dx/dt = -x * x / tau   event-driven
                }
                on pre { x += 1 }
            }
            """, "SL0400", 4, 17, "'x'|event-driven"
        },
        {
            "analysis: event-driven equation coupled to another variable", """
            synapse S {
                parameters { tau = 10 ms }
                state { w = 1 }
                equations {
                    dx/dt = (w - x) / tau   event-driven
                }
                on pre { x += 1 }
            }
            """, "SL0401", 5, 17, "'x'|'w'"
        },
        {
            "analysis: event-driven in a neuron", """
            neuron N {
                parameters { tau = 10 ms }
                equations {
                    dx/dt = -x / tau   event-driven
                }
            }
            """, "SL0403", 4, 28, "synapse"
        },
        {
            "analysis: method exact on a nonlinear system", """
            neuron N {
                parameters { tau = 10 ms }
                state { v = 0 mV }
                equations { dv/dt = -v * v / (tau * mV) }
                method exact
            }
            """, "SL0402", 5, 12, "dv/dt|rk2"
        },
        {
            "analysis: unless refractory without a refractory period", """
            neuron N {
                state { v = 0 }
                equations { dv/dt = -v / (10 ms) unless refractory }
                threshold v > 1
            }
            """, "SL0404", 3, 38, "'v'|refractory"
        },

        // ---- network values ------------------------------------------------------------------
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

        // ---- train ---------------------------------------------------------------------------
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

        // ---- whole files ---------------------------------------------------------------------
        { "file: empty", "", "SL0005", 1, 1, "neuron" },
        { "file: only a comment", "// nothing here yet\n", "SL0005", 1, 1, "neuron" },
    };
}
