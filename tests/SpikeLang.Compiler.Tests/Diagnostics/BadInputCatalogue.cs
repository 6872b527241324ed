using Xunit;

namespace SpikeLang.Compiler.Tests.Diagnostics;

/// <summary>
/// The cases of the catalogue, one mistake per program and what the user should be told: here the language
/// itself (syntax, names, units, equations, whole files); networks, the language core, recording, Brian2's
/// library and training have their own files.
/// </summary>
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
            // Once bound, the alias used to send the analysis of the equation round the cycle until the stack overflowed.
            "names: an alias defined through itself inside a function", """
            neuron N {
                state { v = 0 }
                equations {
                    dv/dt = -v / (10*ms) + a / (10*ms)
                    a = sin(a)
                }
                threshold v > 1
                reset { v = 0 }
            }
            """, "SL0115", 5, 9, "a -> a"
        },
        {
            "names: aliases defined through each other", """
            neuron N {
                state { v = 0 }
                equations {
                    dv/dt = (a - v) / (10*ms)
                    a = b + 1
                    b = 2 * a
                }
                threshold v > 1
                reset { v = 0 }
            }
            """, "SL0115", 5, 9, "a -> b -> a"
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

        // ---- whole files ---------------------------------------------------------------------
        { "file: empty", "", "SL0005", 1, 1, "neuron" },
        { "file: only a comment", "// nothing here yet\n", "SL0005", 1, 1, "neuron" },
    };
}
