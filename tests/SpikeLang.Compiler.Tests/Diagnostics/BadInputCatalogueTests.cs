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
public partial class BadInputCatalogueTests
{
    private readonly ITestOutputHelper _output;

    public BadInputCatalogueTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [MemberData(nameof(Cases))]
    [MemberData(nameof(NetworkCases))]
    [MemberData(nameof(LanguageCoreCases))]
    [MemberData(nameof(RecordingCases))]
    [MemberData(nameof(Brian2LibraryCases))]
    [MemberData(nameof(TrainingCases))]
    [MemberData(nameof(DataFileCases))]
    [MemberData(nameof(LinkedSharedCases))]
    [MemberData(nameof(ConvolutionCases))]
    [MemberData(nameof(SameStepCases))]
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
        var names = new[] { Cases, NetworkCases, LanguageCoreCases, RecordingCases, Brian2LibraryCases, TrainingCases, DataFileCases, LinkedSharedCases, ConvolutionCases, SameStepCases }
            .SelectMany(part => part.Select(row => (string)row[0])).ToList();
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
