using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;
using Xunit;

namespace SpikeLang.Compiler.Tests.Syntax;

/// <summary>
/// Keeps <c>grammar/spikelang.ebnf</c> and the parser in step: the reserved words, contextual keywords,
/// operators and keyword terminals of the grammar are compared with <see cref="SnnParser"/>'s tables and
/// with the <c>Keyword("...")</c> calls in its source, and a few parses check what the grammar's
/// comments promise (precedence, statement ends, where newlines are trivia, units).
/// </summary>
public class GrammarTests
{
    /// <summary>Rules that spell characters, not tokens: their one-letter terminals ("e", "d") are no keywords.</summary>
    private static readonly string[] CharacterLevelRules = { "exponent", "derivative_name" };

    /// <summary>Rules that list words or operators for reference rather than use them in a production.</summary>
    private static readonly string[] ListRules = { "reserved_word", "contextual_keyword", "operator" };

    /// <summary>Contextual keywords the grammar never asks for: the binder reads them as the word after "on".</summary>
    private static readonly string[] BinderOnlyContextualKeywords = { "pre", "post" };

    /// <summary>Reserved words no production uses: "linked" is read as any flag word, and reserved so it is never a unit.</summary>
    private static readonly string[] UnusedReservedWords = { "linked" };

    private static readonly Lazy<string> Root = new(() => FindRepositoryRoot());
    private static readonly Lazy<Ebnf> Grammar = new(() => Ebnf.Parse(File.ReadAllText(GrammarPath)));

    private static string GrammarPath => Path.Combine(Root.Value, "grammar", "spikelang.ebnf");

    // ---- locating the files ----------------------------------------------------------------------

    /// <summary>
    /// The folder holding SpikeLang.sln, found by walking up from the test's output folder; when the build
    /// output lives elsewhere (<c>--artifacts-path</c>), from the working directory or this source file.
    /// </summary>
    private static string FindRepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        var starts = new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory(), Path.GetDirectoryName(sourceFile) };
        foreach (var start in starts.Where(s => !string.IsNullOrEmpty(s)))
        {
            for (var dir = new DirectoryInfo(start!); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SpikeLang.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException("SpikeLang.sln not found above " + string.Join(", ", starts));
    }

    [Fact]
    public void Grammar_file_is_found()
    {
        Assert.True(File.Exists(GrammarPath), GrammarPath);
    }

    [Fact]
    public void Grammar_is_well_formed()
    {
        var grammar = Grammar.Value;
        var undefined = grammar.Rules.SelectMany(r => r.Value.Where(t => t.Kind == EbnfTokenKind.Name).Select(t => (Rule: r.Key, Name: t.Text)))
            .Where(x => !grammar.Rules.ContainsKey(x.Name))
            .Select(x => $"{x.Name} (used in {x.Rule})")
            .Distinct()
            .ToList();
        Assert.True(undefined.Count == 0, "rules used but not defined: " + string.Join(", ", undefined));

        var referenced = new HashSet<string>(grammar.Rules.Values.SelectMany(b => b).Where(t => t.Kind == EbnfTokenKind.Name).Select(t => t.Text));
        var unreferenced = grammar.Rules.Keys.Where(k => !referenced.Contains(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { "compilation_unit", "operator" }, unreferenced);

        foreach (var rule in CharacterLevelRules.Concat(ListRules))
        {
            Assert.True(grammar.Rules.ContainsKey(rule), $"the grammar has no rule '{rule}'");
        }
    }

    // ---- words -----------------------------------------------------------------------------------

    [Fact]
    public void Reserved_words_of_grammar_and_parser_are_the_same()
    {
        AssertSameSet(SnnParser.ReservedWords, Grammar.Value.TerminalsOf("reserved_word"), "SnnParser.ReservedWords", "rule reserved_word");
    }

    [Fact]
    public void Contextual_keywords_of_grammar_and_parser_are_the_same()
    {
        AssertSameSet(SnnParser.ContextualKeywords, Grammar.Value.TerminalsOf("contextual_keyword"), "SnnParser.ContextualKeywords", "rule contextual_keyword");
        Assert.Empty(SnnParser.ContextualKeywords.Intersect(SnnParser.ReservedWords));
    }

    [Fact]
    public void Every_word_terminal_is_a_reserved_word_or_a_contextual_keyword()
    {
        var documented = new HashSet<string>(Grammar.Value.TerminalsOf("reserved_word").Concat(Grammar.Value.TerminalsOf("contextual_keyword")));
        var stray = ProductionWords().Where(w => !documented.Contains(w)).ToList();
        Assert.True(stray.Count == 0,
            "terminals that are words but neither reserved nor contextual keywords: " + string.Join(", ", stray));
    }

    [Fact]
    public void Keyword_terminals_of_grammar_and_keyword_calls_of_parser_are_the_same()
    {
        AssertSameSet(ParserKeywordCalls(), ProductionWords(), "Keyword(\"...\") and WordOp(\"...\") in SnnParser*.cs", "word terminals of the productions");
    }

    [Fact]
    public void Every_contextual_keyword_is_a_keyword_of_the_parser_or_read_by_the_binder()
    {
        var calls = ParserKeywordCalls();
        var used = ProductionWords();
        foreach (var word in Grammar.Value.TerminalsOf("contextual_keyword"))
        {
            if (BinderOnlyContextualKeywords.Contains(word))
            {
                Assert.False(used.Contains(word), $"'{word}' is documented as read by the binder only, yet a production uses it");
            }
            else
            {
                Assert.True(calls.Contains(word), $"contextual keyword '{word}': no Keyword(\"{word}\") in the parser");
                Assert.True(used.Contains(word), $"contextual keyword '{word}': no production uses it");
            }
        }
    }

    [Fact]
    public void Every_reserved_word_but_shared_is_used_by_a_production()
    {
        var used = ProductionWords();
        var unused = Grammar.Value.TerminalsOf("reserved_word").Where(w => !used.Contains(w)).OrderBy(w => w, StringComparer.Ordinal);
        Assert.Equal(UnusedReservedWords, unused);
    }

    // ---- operators -------------------------------------------------------------------------------

    [Fact]
    public void Operators_of_grammar_and_parser_are_the_same()
    {
        AssertSameSet(SnnParser.Operators, Grammar.Value.TerminalsOf("operator"), "SnnParser.Operators", "rule operator");
    }

    [Fact]
    public void Every_operator_is_used_by_a_production()
    {
        var used = new HashSet<string>(Grammar.Value.Rules
            .Where(r => !ListRules.Contains(r.Key))
            .SelectMany(r => r.Value)
            .Where(t => t.Kind == EbnfTokenKind.Terminal)
            .Select(t => t.Text));
        var unused = SnnParser.Operators.Where(op => !used.Contains(op)).ToList();
        Assert.True(unused.Count == 0, "operators no grammar rule uses: " + string.Join(" ", unused));
    }

    [Fact]
    public void Every_symbol_terminal_of_the_syntax_is_an_operator()
    {
        // Lexical rules spell characters (digits, comment delimiters); the syntactic ones use tokens only.
        var lexical = new HashSet<string>(CharacterLevelRules.Concat(ListRules)) { "digit", "line_comment", "block_comment", "identifier_start", "identifier_part" };
        var operators = new HashSet<string>(SnnParser.Operators);
        var stray = Grammar.Value.Rules
            .Where(r => !lexical.Contains(r.Key))
            .SelectMany(r => r.Value.Where(t => t.Kind == EbnfTokenKind.Terminal && !IsWord(t.Text) && !operators.Contains(t.Text)).Select(t => $"\"{t.Text}\" in {r.Key}"))
            .ToList();
        Assert.True(stray.Count == 0, "terminals that are neither words nor operators: " + string.Join(", ", stray));
    }

    // ---- what the grammar's comments promise -----------------------------------------------------

    [Theory]
    [InlineData("newline inside parentheses", "neuron A { threshold (a\n  + b) > 0 }")]
    [InlineData("newlines inside a slice and arguments", "network N {\n population p = M(a = 1,\n b = 2)[3\n ]\n connect p[0\n : 2] -> p all\n}")]
    [InlineData("brace-ended statements on one line", "neuron A { state { v = 0 } update { v = 1 } reset { v = 0 } }\nneuron B { } neuron C { }")]
    [InlineData("newline before a block's brace", "neuron A\n{\n  parameters\n  { a = 1 }\n}")]
    [InlineData("semicolons and blank lines", "neuron A {;\n\n parameters { a = 1;; b = 2; };\n};;")]
    [InlineData("CR LF line ends", "neuron A {\r\n  state { v = 0\r\n w = 1 }\r\n}\r\n")]
    [InlineData("comments", "// head\nneuron A { /* one */ state { v = 0 /* two\n lines */ } // tail\n}")]
    [InlineData("namespace", "namespace A.B . C\nneuron X { }")]
    [InlineData("juxtaposed unit and exponent", "neuron A { threshold 3ms + 5e-4 mV + 1E+3 Hz + .5 + 2em > 0 }")]
    [InlineData("spaced derivative and flags", "neuron A { equations { dv / dt = -v unless refractory\n da/dt = 1 event - driven\n dx = 2 } }")]
    [InlineData("contextual keywords as names", "network N { population input = state(dt = spikes)[1]\n input weights[2]\n record spikes input, weights; record state input.dt }")]
    [InlineData("flags after a value", "synapse S { state { w = 0 shared; c = 1 mV shared } }")]
    [InlineData("every assignment operator", "neuron A { update { a = 1; b += 2; c -= 3; d *= 4; e /= 5 } }")]
    [InlineData("connect in full", "network N { connect a[0:10] -> b probability 0.1 if i != j delay 1 ms synapse S(w = 1, 2)\n connect a -> b fixed_indegree 3 on pre { v += w }\n connect a -> b one_to_one\n connect a -> b dense }")]
    [InlineData("record weights and train", "network N { record weights a -> b\n train {\n steps 25\n encode x as poisson(max_rate = 100 Hz)\n loss f(g(out))\n } }")]
    [InlineData("call with a space before the parenthesis", "neuron A { threshold max (a, b) > f() }")]
    [InlineData("network parameters", "network N { parameters { n = 4000; p = 0.02 }\n population P = M[n]\n connect P[0:n] -> P probability p }")]
    [InlineData("other scripts' digits inside a word", "neuron A { threshold x\u0663 > 0 }")]
    [InlineData("Python's trailing point", "neuron A { threshold (2./x)**.5 > 1. }")]
    [InlineData("a file name in quotes", "timed_array I = file(\"data/I.csv\") * nA every 1 ms")]
    public void Grammar_examples_parse_cleanly(string what, string text)
    {
        var (_, diagnostics) = Parse(text);
        Assert.True(diagnostics.Count == 0, what + ":\n" + string.Join("\n", diagnostics));
    }

    [Theory]
    [InlineData("comparison is non-associative", "neuron A { threshold a < b < c }")]
    [InlineData("newline outside brackets ends the statement", "neuron A { threshold a\n + b }")]
    [InlineData("two members need a separator", "neuron A { threshold v > 1 refractory 2 ms }")]
    [InlineData("a contextual keyword is no unit", "neuron A { update { x = 2 state } }")]
    [InlineData("a multi-line block comment does not end a statement", "neuron A { state { x = 1 /* a\n */ y = 2 } }")]
    [InlineData("a dot followed by a letter is no part of the number", "neuron A { threshold 1.x > 0 }")]
    [InlineData("no exponent after a trailing dot", "neuron A { threshold 2.e3 > 0 }")]
    [InlineData("no trailing comma", "neuron A { threshold f(a,) }")]
    [InlineData("both slice bounds", "network N { connect a[:3] -> b all }")]
    [InlineData("synapse or on pre, not both", "network N { connect a -> b synapse S on pre { v += 1 } }")]
    [InlineData("reserved word as a name", "neuron A { state { delay = 1 } }")]
    [InlineData("reserved word as a declaration name", "neuron neuron { }")]
    [InlineData("assignments only in update", "neuron A { update { x == 1 } }")]
    [InlineData("no newline before a size", "network N { population p = M\n[3] }")]
    [InlineData("number digits are ASCII", "neuron A { threshold x > \u0663 }")]
    public void Grammar_rejects(string what, string text)
    {
        var (_, diagnostics) = Parse(text);
        Assert.True(diagnostics.Any(d => d.Id == "SL0001"), what + ": expected a syntax error, got:\n" + string.Join("\n", diagnostics));
    }

    [Theory]
    [InlineData("-2 ** 2 ** -x", "(- (** 2 (** 2 (- x))))")]
    [InlineData("a - b - c", "(- (- a b) c)")]
    [InlineData("a / b * c", "(* (/ a b) c)")]
    [InlineData("a + b * c ** 2", "(+ a (* b (** c 2)))")]
    [InlineData("not a and !b or c && d || e", "(or (or (and (not a) (not b)) (and c d)) e)")]
    [InlineData("a + 1 < b * 2 and c >= d", "(and (< (+ a 1) (* b 2)) (>= c d))")]
    [InlineData("2 ms ** 2 * -3 mV", "(* (** 2[ms] 2) (- 3[mV]))")]
    [InlineData("2e-x", "(- 2[e] x)")]
    [InlineData("1e3ms", "1e3[ms]")]
    [InlineData("f(a, b = 2 Hz) + g()", "(+ f(a, b=2[Hz]) g())")]
    [InlineData("(a + b) * c", "(* (+ a b) c)")]
    public void Expressions_follow_the_precedence_of_the_grammar(string expression, string expected)
    {
        var (unit, diagnostics) = Parse($"neuron A {{ threshold {expression} }}");
        Assert.True(diagnostics.Count == 0, string.Join("\n", diagnostics));
        var threshold = Assert.IsType<ThresholdMember>(Assert.Single(Assert.IsType<NeuronDeclaration>(Assert.Single(unit.Declarations)).Members));
        Assert.Equal(expected, Show(threshold.Condition));
    }

    [Fact]
    public void A_word_after_a_number_is_its_unit_when_it_can_be_one()
    {
        var (unit, diagnostics) = Parse("synapse S { state { a = 0 foo; b = 0 shared; c = 0 mV shared } }");
        Assert.Empty(diagnostics);
        var state = Assert.IsType<StateMember>(Assert.Single(Assert.IsType<SynapseDeclaration>(Assert.Single(unit.Declarations)).Members));
        var shown = state.Body.Items.Select(d => $"{d.Name.Name}={Show(d.Value)} [{string.Join(",", d.Flags.Select(f => f.Name))}]");
        Assert.Equal(new[] { "a=0[foo] []", "b=0 [shared]", "c=0[mV] [shared]" }, shown);
    }

    [Fact]
    public void A_derivative_names_the_variable_without_its_d()
    {
        var (unit, diagnostics) = Parse("neuron A { equations { dv/dt = 1; dt/dt = 2; dx = 3 } }");
        Assert.Empty(diagnostics);
        var equations = Assert.IsType<EquationsMember>(Assert.Single(Assert.IsType<NeuronDeclaration>(Assert.Single(unit.Declarations)).Members));
        var shown = equations.Body.Items.Select(e => e switch
        {
            DifferentialEquation d => "d/dt " + d.Variable.Name,
            AliasEquation a => "alias " + a.Name.Name,
            _ => "?",
        });
        Assert.Equal(new[] { "d/dt v", "d/dt t", "alias dx" }, shown);
    }

    [Fact]
    public void Slices_keep_both_bounds()
    {
        var (unit, diagnostics) = Parse("network N { connect P[0:3200] -> P[3200 : 4000] all }");
        Assert.Empty(diagnostics);
        var connect = Assert.IsType<ConnectMember>(Assert.Single(Assert.IsType<NetworkDeclaration>(Assert.Single(unit.Declarations)).Members));
        Assert.Equal("P[0:3200] -> P[3200:4000]",
            $"{connect.Source.Population.Name}[{Show(connect.Source.Start!)}:{Show(connect.Source.End!)}] -> " +
            $"{connect.Target.Population.Name}[{Show(connect.Target.Start!)}:{Show(connect.Target.End!)}]");
    }

    [Fact]
    public void Standard_library_parses_cleanly()
    {
        var files = Directory.GetFiles(Path.Combine(Root.Value, "src", "SpikeLang.Compiler", "StandardLibrary"), "*.snn");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var (_, diagnostics) = Parse(File.ReadAllText(file));
            Assert.True(diagnostics.Count == 0, Path.GetFileName(file) + ":\n" + string.Join("\n", diagnostics));
        }
    }

    // ---- known deviations (grammar/spikelang.ebnf, section 6); unskip when the parser is fixed ----

    [Fact]
    public void A_leading_comma_in_arguments_is_an_error()
    {
        var (_, diagnostics) = Parse("neuron A { threshold f(, x) }");
        Assert.Contains(diagnostics, d => d.Id == "SL0001");
    }

    [Fact]
    public void A_derivative_of_a_name_starting_with_a_digit_is_an_error()
    {
        var (_, diagnostics) = Parse("neuron A { equations { d1/dt = 1 } }");
        Assert.Contains(diagnostics, d => d.IsError);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static (CompilationUnit Unit, IReadOnlyList<Diagnostic> Diagnostics) Parse(string text)
    {
        var source = new SourceText("grammar-test.snn", text);
        var bag = new DiagnosticBag(source);
        var unit = SnnParser.Parse(source, bag);
        return (unit, bag.Items);
    }

    /// <summary>Word terminals of the productions, without the keyword lists and the character-level rules.</summary>
    private static HashSet<string> ProductionWords() =>
        new(Grammar.Value.Rules
            .Where(r => !ListRules.Contains(r.Key) && !CharacterLevelRules.Contains(r.Key))
            .SelectMany(r => r.Value)
            .Where(t => t.Kind == EbnfTokenKind.Terminal && IsWord(t.Text))
            .Select(t => t.Text), StringComparer.Ordinal);

    /// <summary>The words the parser matches with <c>Keyword("x")</c> or <c>WordOp("x", ...)</c>.</summary>
    private static HashSet<string> ParserKeywordCalls()
    {
        var folder = Path.Combine(Root.Value, "src", "SpikeLang.Compiler", "Syntax");
        var files = Directory.GetFiles(folder, "SnnParser*.cs");
        Assert.NotEmpty(files);
        var pattern = new Regex(@"\b(?:Keyword|WordOp)\(\s*""([^""]+)""");
        return new HashSet<string>(
            files.SelectMany(f => pattern.Matches(File.ReadAllText(f)).Cast<Match>().Select(m => m.Groups[1].Value)),
            StringComparer.Ordinal);
    }

    private static bool IsWord(string text) => Regex.IsMatch(text, @"^[A-Za-z][A-Za-z0-9_]*$");

    private static void AssertSameSet(IEnumerable<string> parser, IEnumerable<string> grammar, string parserName, string grammarName)
    {
        var p = new HashSet<string>(parser, StringComparer.Ordinal);
        var g = new HashSet<string>(grammar, StringComparer.Ordinal);
        var onlyParser = p.Except(g).OrderBy(s => s, StringComparer.Ordinal).ToList();
        var onlyGrammar = g.Except(p).OrderBy(s => s, StringComparer.Ordinal).ToList();
        Assert.True(onlyParser.Count == 0 && onlyGrammar.Count == 0,
            $"in {parserName} only: [{string.Join(" ", onlyParser)}]; in {grammarName} only: [{string.Join(" ", onlyGrammar)}]");
    }

    /// <summary>A compact prefix form: <c>(+ a (* b 2[ms]))</c>.</summary>
    private static string Show(Expression e) => e switch
    {
        NumberExpression n => n.Text,
        QuantityExpression q => $"{q.Number.Text}[{q.Unit.Name}]",
        NameExpression n => n.Name.Name,
        UnaryExpression u => $"({UnarySymbol(u.Operator)} {Show(u.Operand)})",
        BinaryExpression b => $"({BinarySymbol(b.Operator)} {Show(b.Left)} {Show(b.Right)})",
        CallExpression c => $"{c.Callee.Name}({string.Join(", ", c.Arguments.Select(a => (a.Name is null ? "" : a.Name.Name + "=") + Show(a.Value)))})",
        _ => e.GetType().Name,
    };

    private static string UnarySymbol(UnaryOperator op) => op switch
    {
        UnaryOperator.Negate => "-",
        UnaryOperator.Plus => "+",
        UnaryOperator.Not => "not",
        _ => op.ToString(),
    };

    private static string BinarySymbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.Power => "**",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.Equal => "==",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.And => "and",
        BinaryOperator.Or => "or",
        _ => op.ToString(),
    };
}

internal enum EbnfTokenKind
{
    Name,
    Terminal,
    Special,
    Symbol,
}

internal sealed record EbnfToken(EbnfTokenKind Kind, string Text);

/// <summary>
/// A reader for the ISO-style EBNF of grammar/spikelang.ebnf: rules <c>name = body ;</c> with comma
/// concatenation, double-quoted terminals, <c>? special ?</c> sequences and <c>(* comments *)</c>.
/// Comments are dropped, so a word quoted inside a comment is no terminal.
/// </summary>
internal sealed class Ebnf
{
    private Ebnf(Dictionary<string, IReadOnlyList<EbnfToken>> rules) => Rules = rules;

    public IReadOnlyDictionary<string, IReadOnlyList<EbnfToken>> Rules { get; }

    public IEnumerable<string> TerminalsOf(string rule)
    {
        Assert.True(Rules.ContainsKey(rule), $"the grammar has no rule '{rule}'");
        return Rules[rule].Where(t => t.Kind == EbnfTokenKind.Terminal).Select(t => t.Text);
    }

    public static Ebnf Parse(string text)
    {
        var tokens = Tokenize(text);
        var rules = new Dictionary<string, IReadOnlyList<EbnfToken>>(StringComparer.Ordinal);
        int i = 0;
        while (i < tokens.Count)
        {
            var (name, line) = tokens[i];
            if (name.Kind != EbnfTokenKind.Name || i + 1 >= tokens.Count || tokens[i + 1].Token.Text != "=")
            {
                throw new FormatException($"line {line}: expected 'name =' to start a rule, found '{name.Text}'");
            }
            i += 2;
            var body = new List<EbnfToken>();
            var open = new Stack<string>();
            while (true)
            {
                if (i >= tokens.Count)
                {
                    throw new FormatException($"rule '{name.Text}' (line {line}) has no ';'");
                }
                var token = tokens[i++].Token;
                if (token.Kind == EbnfTokenKind.Symbol && token.Text == ";")
                {
                    break;
                }
                if (token.Kind == EbnfTokenKind.Symbol && token.Text == "=")
                {
                    throw new FormatException($"rule '{name.Text}' (line {line}): '=' inside a rule; a ';' is missing");
                }
                if (token.Kind == EbnfTokenKind.Symbol && token.Text is "(" or "[" or "{")
                {
                    open.Push(token.Text);
                }
                else if (token.Kind == EbnfTokenKind.Symbol && token.Text is ")" or "]" or "}")
                {
                    string expected = token.Text switch { ")" => "(", "]" => "[", _ => "{" };
                    if (open.Count == 0 || open.Pop() != expected)
                    {
                        throw new FormatException($"rule '{name.Text}' (line {line}): unbalanced '{token.Text}'");
                    }
                }
                body.Add(token);
            }
            if (open.Count != 0)
            {
                throw new FormatException($"rule '{name.Text}' (line {line}): unclosed '{open.Peek()}'");
            }
            if (body.Count == 0)
            {
                throw new FormatException($"rule '{name.Text}' (line {line}) is empty");
            }
            if (rules.ContainsKey(name.Text))
            {
                throw new FormatException($"rule '{name.Text}' is defined twice (line {line})");
            }
            rules.Add(name.Text, body);
        }
        return new Ebnf(rules);
    }

    private static List<(EbnfToken Token, int Line)> Tokenize(string text)
    {
        var tokens = new List<(EbnfToken, int)>();
        int i = 0;
        int LineAt(int position) => 1 + text.Take(position).Count(c => c == '\n');
        string Until(string close, int from, string what)
        {
            int end = text.IndexOf(close, from, StringComparison.Ordinal);
            if (end < 0)
            {
                throw new FormatException($"line {LineAt(from)}: unclosed {what}");
            }
            string inner = text.Substring(from, end - from);
            i = end + close.Length;
            return inner;
        }

        while (i < text.Length)
        {
            char c = text[i];
            int start = i;
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '(' && i + 1 < text.Length && text[i + 1] == '*')
            {
                // Comments nest, as in ISO 14977: the header's "(* text *)" is inside a comment.
                int depth = 0;
                do
                {
                    if (i + 1 >= text.Length)
                    {
                        throw new FormatException($"line {LineAt(start)}: unclosed comment");
                    }
                    if (text[i] == '(' && text[i + 1] == '*')
                    {
                        depth++;
                        i += 2;
                    }
                    else if (text[i] == '*' && text[i + 1] == ')')
                    {
                        depth--;
                        i += 2;
                    }
                    else
                    {
                        i++;
                    }
                }
                while (depth > 0);
            }
            else if (c == '"')
            {
                string terminal = Until("\"", i + 1, "terminal");
                if (terminal.Length == 0 || terminal.Contains('\n'))
                {
                    throw new FormatException($"line {LineAt(start)}: empty or multi-line terminal");
                }
                tokens.Add((new EbnfToken(EbnfTokenKind.Terminal, terminal), LineAt(start)));
            }
            else if (c == '?')
            {
                tokens.Add((new EbnfToken(EbnfTokenKind.Special, Until("?", i + 1, "special sequence").Trim()), LineAt(start)));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }
                tokens.Add((new EbnfToken(EbnfTokenKind.Name, text.Substring(start, i - start)), LineAt(start)));
            }
            else if ("=,|[]{}();-".IndexOf(c) >= 0)
            {
                i++;
                tokens.Add((new EbnfToken(EbnfTokenKind.Symbol, c.ToString()), LineAt(start)));
            }
            else
            {
                throw new FormatException($"line {LineAt(start)}: unexpected character '{c}' (terminals take double quotes)");
            }
        }
        return tokens;
    }
}
