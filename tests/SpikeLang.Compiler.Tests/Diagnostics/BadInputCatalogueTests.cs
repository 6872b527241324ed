using System;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using SpikeLang.Compiler.Diagnostics;
using Xunit;
using Xunit.Abstractions;
using Diagnostic = SpikeLang.Compiler.Diagnostics.Diagnostic;

namespace SpikeLang.Compiler.Tests.Diagnostics;

/// <summary>
/// A catalogue of bad .snn inputs. Each case is a small program with one mistake and the diagnostic a
/// user should see for it: its id and its one-based line and column (as the CLI prints them), and a
/// message that names what is wrong and, where the compiler can know it, what to write instead.
/// The stress cases below (garbage, a megabyte of text, deep nesting, huge sums) check that the compiler
/// reports instead of crashing or overflowing the stack.
/// </summary>
public class BadInputCatalogueTests
{
    private readonly ITestOutputHelper _output;

    public BadInputCatalogueTests(ITestOutputHelper output) => _output = output;

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
            "units: fractional power of a voltage", """
            neuron N {
                parameters { a = (2 mV) ** 0.5 }
            }
            """, "SL0206", 2, 32, "whole power"
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
            """, "SL0304", 4, 35, "in-degree"
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

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_input_gets_the_expected_diagnostic(string name, string source, string id, int line, int column, string fragments)
    {
        var result = Compile.Text(source);
        string all = Describe(result);
        _output.WriteLine(name);
        _output.WriteLine(all);

        var match = result.Diagnostics.FirstOrDefault(d => d.Id == id && d.LineSpan.Start.Line + 1 == line && d.LineSpan.Start.Character + 1 == column);
        Assert.True(match is not null, $"{name}: expected {id} at ({line},{column}); got:\n{all}");

        var descriptor = DiagnosticDescriptors.All.Single(d => d.Id == id);
        Assert.Equal(descriptor.Severity, match!.Severity);
        AssertWellFormed(match);
        foreach (var fragment in fragments.Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            if (fragment.StartsWith('!'))
            {
                Assert.False(match.Message.Contains(fragment.Substring(1), StringComparison.Ordinal),
                    $"{name}: the message of {id} should not say \"{fragment.Substring(1)}\": {match.Message}");
                continue;
            }
            Assert.True(match.Message.Contains(fragment, StringComparison.Ordinal),
                $"{name}: the message of {id} should mention \"{fragment}\": {match.Message}");
        }
    }

    [Fact]
    public void The_catalogue_is_large_and_every_case_has_a_distinct_name()
    {
        var names = Cases.Select(row => (string)row[0]).ToList();
        Assert.True(names.Count >= 45, $"only {names.Count} cases");
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public void Every_descriptor_id_is_unique_and_well_formed()
    {
        var ids = DiagnosticDescriptors.All.Select(d => d.Id).ToList();
        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.Matches(@"^SL\d{4}$", id));
        var duplicates = ids.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "duplicate ids: " + string.Join(", ", duplicates));
        Assert.All(DiagnosticDescriptors.All, d => Assert.False(string.IsNullOrWhiteSpace(d.MessageFormat), d.Id));
    }

    // ---- garbage and size -----------------------------------------------------------------------

    [Fact]
    public void Binary_garbage_is_a_syntax_error_on_line_1()
    {
        var random = new Random(20250611);
        for (int trial = 0; trial < 25; trial++)
        {
            var bytes = new byte[4096];
            random.NextBytes(bytes);
            bytes[0] = 0;
            bytes[17] = 0;
            string text = Encoding.Latin1.GetString(bytes);

            var result = Compile.Text(text);

            Assert.True(result.HasErrors);
            Assert.Contains(result.Diagnostics, d => d.Id == "SL0001" && d.LineSpan.Start.Line == 0);
            var first = result.Diagnostics[0];
            Assert.Equal(("SL0001", 0, 0), (first.Id, first.LineSpan.Start.Line, first.LineSpan.Start.Character));
            Assert.Contains("U+0000", first.Message);
            Assert.All(result.Diagnostics, d => Assert.InRange(d.Span.End, 0, text.Length));
            Assert.All(result.Diagnostics, AssertWellFormed);
        }
    }

    [Fact]
    public void A_megabyte_of_garbage_completes_and_reports_at_the_start()
    {
        var random = new Random(7);
        var bytes = new byte[1 << 20];
        random.NextBytes(bytes);
        bytes[0] = (byte)'@';
        string text = Encoding.Latin1.GetString(bytes);

        var (result, elapsed) = Timed(() => Compile.Text(text));

        _output.WriteLine($"{elapsed.TotalMilliseconds:F0} ms, {result.Diagnostics.Count} diagnostics");
        Assert.True(result.HasErrors);
        var first = result.Diagnostics[0];
        Assert.Equal(("SL0001", 0, 0), (first.Id, first.LineSpan.Start.Line, first.LineSpan.Start.Character));
        Assert.Contains("'@'", first.Message);
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed}");
    }

    [Fact]
    public void A_megabyte_neuron_with_one_syntax_error_reports_it_where_it_is()
    {
        const int count = 20_000;
        const int broken = 12_345;
        var text = new StringBuilder("neuron Big {\n    parameters {\n");
        for (int k = 0; k < count; k++)
        {
            string value = k == broken ? ")" : $"{k}.5 ms";
            text.Append($"        p{k:D5} = {value} // padding".PadRight(52, '.')).Append('\n');
        }
        text.Append("    }\n}\n");
        Assert.True(text.Length >= 1_000_000, $"only {text.Length} characters");

        var (result, elapsed) = Timed(() => Compile.Text(text.ToString()));

        _output.WriteLine($"{text.Length} chars, {elapsed.TotalMilliseconds:F0} ms, {result.Diagnostics.Count} diagnostics");
        _output.WriteLine(string.Join("\n", result.Diagnostics.Take(5)));
        Assert.True(result.HasErrors);
        var first = result.Diagnostics[0];
        // line 1 is "neuron Big {", line 2 "parameters {", so p00000 is on line 3.
        Assert.Equal(("SL0001", 3 + broken, 18), (first.Id, first.LineSpan.Start.Line + 1, first.LineSpan.Start.Character + 1));
        Assert.Contains("an expression", first.Message);
        Assert.True(result.Diagnostics.Count <= 3, Describe(result));
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed}");
    }

    [Fact]
    public void A_megabyte_neuron_of_one_repeated_parameter_reports_the_first_repeat()
    {
        const int count = 20_000;
        var text = new StringBuilder("neuron Big {\n    parameters {\n");
        for (int k = 0; k < count; k++)
        {
            text.Append("        tau = 10 ms // the same parameter, again and again\n");
        }
        text.Append("    }\n}\n");
        Assert.True(text.Length >= 1_000_000, $"only {text.Length} characters");

        var (result, elapsed) = Timed(() => Compile.Text(text.ToString()));

        _output.WriteLine($"{text.Length} chars, {elapsed.TotalMilliseconds:F0} ms, {result.Diagnostics.Count} diagnostics");
        var first = result.Diagnostics[0];
        Assert.Equal(("SL0101", 4, 9), (first.Id, first.LineSpan.Start.Line + 1, first.LineSpan.Start.Character + 1));
        Assert.Contains("line 3", first.Message);
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed}");
    }

    [Fact]
    public void Errors_found_after_parsing_are_capped_per_file_like_parse_errors()
    {
        // SL0004 says "Stopped after 100 errors in this file": the parser stops there; so should the binder.
        var text = new StringBuilder("neuron N {\n    parameters {\n");
        for (int k = 0; k < 500; k++)
        {
            text.Append("        tau = 10 ms\n");
        }
        text.Append("    }\n}\n");

        var result = Compile.Text(text.ToString());

        int errors = result.Diagnostics.Count(d => d.IsError);
        Assert.True(errors <= 101, $"{errors} errors for one file; expected at most 100 and SL0004");
    }

    // ---- follow-on errors ------------------------------------------------------------------------

    [Fact]
    public void An_unknown_neuron_model_is_reported_once_without_follow_on_errors()
    {
        const string source = """
            network Net {
                population p = Lfi[10]
                connect p -> p all on pre { v += 1 mV }
                record state p.v
            }
            """;

        var result = Compile.Text(source);

        string all = Describe(result);
        _output.WriteLine(all);
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal(("SL0102", 2, 20), (error.Id, error.LineSpan.Start.Line + 1, error.LineSpan.Start.Character + 1));
    }

    [Fact]
    public void A_circle_of_network_parameters_is_reported_once_without_follow_on_errors()
    {
        const string source = """
            network Net {
                parameters {
                    n = m
                    m = n
                }
                population p = Lif[10]
            }
            """;

        var result = Compile.Text(source);

        string all = Describe(result);
        _output.WriteLine(all);
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal(("SL0115", 3, 9), (error.Id, error.LineSpan.Start.Line + 1, error.LineSpan.Start.Character + 1));
    }

    [Theory]
    [InlineData("    population p = Lif[10")]
    [InlineData("    population p = Lif")]
    public void A_population_with_a_syntax_error_does_not_also_warn_that_the_network_has_none(string line)
    {
        string source = "network Net {\n" + line + "\n}\n";

        var result = Compile.Text(source);

        string all = Describe(result);
        _output.WriteLine(all);
        Assert.Contains(result.Diagnostics, d => d.Id == "SL0001");
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "SL0124");
    }

    [Theory]
    [InlineData("parentheses")]
    [InlineData("signs")]
    [InlineData("calls")]
    [InlineData("powers")]
    [InlineData("nots")]
    public void An_expression_nested_500_deep_is_reported_not_a_crash(string kind)
    {
        const int depth = 500;
        string expression = kind switch
        {
            "parentheses" => new string('(', depth) + "1" + new string(')', depth),
            "signs" => string.Concat(Enumerable.Repeat("- ", depth)) + "1",
            "calls" => string.Concat(Enumerable.Repeat("abs(", depth)) + "1" + new string(')', depth),
            "powers" => string.Join(" ** ", Enumerable.Repeat("2", depth)),
            _ => string.Concat(Enumerable.Repeat("not ", depth)) + "(1 > 0)",
        };
        string source = "neuron N {\n    parameters { a = " + expression + " }\n}\n";

        var result = Compile.Text(source);

        _output.WriteLine(Describe(result));
        var nested = result.Diagnostics.Where(d => d.Id == "SL0003").ToList();
        Assert.NotEmpty(nested);
        var location = nested[0].LineSpan.Start;
        Assert.Equal(1, location.Line);
        Assert.InRange(location.Character + 1, 22, 22 + expression.Length);
        Assert.All(result.Diagnostics, AssertWellFormed);
    }

    [Fact]
    public void Too_deep_nesting_is_reported_once_not_also_as_a_missing_expression()
    {
        // 500 parentheses: SL0003 says what is wrong; an SL0001 "Expected an expression, found '('" at the
        // same place would contradict it (there is an expression there, only too deep).
        string source = "neuron N {\n    parameters { a = " + new string('(', 500) + "1" + new string(')', 500) + " }\n}\n";

        var result = Compile.Text(source);

        string all = Describe(result);
        _output.WriteLine(all);
        var nested = result.Diagnostics.Single(d => d.Id == "SL0003");
        Assert.Equal(2, nested.LineSpan.Start.Line + 1);
        Assert.True(result.Diagnostics.Count(d => d.IsError) == 1, all);
    }

    [Fact]
    public void A_sum_of_100000_terms_is_reported_without_overflowing_the_stack()
    {
        string sum = string.Join(" + ", Enumerable.Repeat("1", 100_000));
        string source = "neuron N {\n    parameters { a = " + sum + " }\n}\n";

        var (result, elapsed) = Timed(() => Compile.Text(source));

        _output.WriteLine($"{elapsed.TotalMilliseconds:F0} ms");
        _output.WriteLine(string.Join("\n", result.Diagnostics.Select(d => d.ToString()).Select(s => s.Length > 200 ? s.Substring(0, 200) : s)));
        var nested = result.Diagnostics.FirstOrDefault(d => d.Id == "SL0003");
        Assert.NotNull(nested);
        Assert.Equal((2, 22), (nested!.LineSpan.Start.Line + 1, nested.LineSpan.Start.Character + 1));
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed}");
    }

    [Fact]
    public void Five_mistakes_give_five_diagnostics_on_their_lines()
    {
        const string source = """
            neuron N {
                parameters { tau = 10 msec }
                state { v = 0 mV }
                equations { dv/dt = -v / tauu }
                threshold v > 1 ms
                reset { v = }
            }
            network Net {
                population p = N[0]
            }
            """;
        var expected = new[] { (2, "SL0105"), (4, "SL0100"), (5, "SL0200"), (6, "SL0001"), (9, "SL0300") };

        var result = Compile.Text(source);

        string all = Describe(result);
        _output.WriteLine(all);
        var errors = result.Diagnostics.Where(d => d.IsError).ToList();
        Assert.True(errors.Count >= 5, all);
        Assert.Equal(expected.Select(e => e.Item1).ToArray(),
            errors.Select(d => d.LineSpan.Start.Line + 1).Distinct().OrderBy(l => l).ToArray());
        foreach (var (line, id) in expected)
        {
            Assert.True(errors.Any(d => d.Id == id && d.LineSpan.Start.Line + 1 == line), $"no {id} on line {line}:\n{all}");
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static readonly Regex Canonical = new(@"^test\.snn\(\d+,\d+\): (error|warning) SL\d{4}: \S.*$", RegexOptions.Singleline);

    /// <summary>A message that reads as a sentence, with every placeholder filled, in the CLI's canonical form.</summary>
    private static void AssertWellFormed(Diagnostic diagnostic)
    {
        Assert.False(string.IsNullOrWhiteSpace(diagnostic.Message), diagnostic.Id);
        Assert.True(diagnostic.Message.Length >= 15, $"{diagnostic.Id}: message too short to act on: {diagnostic.Message}");
        Assert.DoesNotMatch(@"\{\d+\}", diagnostic.Message);
        Assert.Equal(diagnostic.Message.Trim(), diagnostic.Message);
        string line = diagnostic.ToString();
        Assert.Matches(Canonical, line);
        Assert.StartsWith($"test.snn({diagnostic.LineSpan.Start.Line + 1},{diagnostic.LineSpan.Start.Character + 1}): ", line);
    }

    private static string Describe(CompilationResult result) =>
        result.Diagnostics.Count == 0 ? "(no diagnostics)" : string.Join("\n", result.Diagnostics);

    private static string Crlf(string text) => text.Replace("\r\n", "\n").Replace("\n", "\r\n");

    private static (T Value, TimeSpan Elapsed) Timed<T>(Func<T> action)
    {
        var stopwatch = Stopwatch.StartNew();
        var value = action();
        return (value, stopwatch.Elapsed);
    }
}
