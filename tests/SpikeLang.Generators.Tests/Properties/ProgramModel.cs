using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;

namespace SpikeLang.Generators.Tests.Properties;

/// <summary>
/// A physical dimension as exponents of time, voltage and current: every unit of the language is a product of
/// these (S = A/V, F = A·s/V, Ohm = V/A, Hz = 1/s), so the generator can multiply and divide dimensions exactly.
/// </summary>
internal readonly record struct Dim(int T, int V, int I)
{
    public static readonly Dim None = new(0, 0, 0);
    public static readonly Dim Time = new(1, 0, 0);
    public static readonly Dim Voltage = new(0, 1, 0);
    public static readonly Dim Current = new(0, 0, 1);
    public static readonly Dim Conductance = new(0, -1, 1);
    public static readonly Dim Capacitance = new(1, -1, 1);
    public static readonly Dim Frequency = new(-1, 0, 0);
    public static readonly Dim Resistance = new(0, 1, -1);

    /// <summary>The dimensions models are written in; the others only appear inside expressions.</summary>
    public static readonly ImmutableArray<Dim> Named = ImmutableArray.Create(None, Time, Voltage, Current, Conductance, Capacitance, Frequency, Resistance);

    public static Dim operator *(Dim a, Dim b) => new(a.T + b.T, a.V + b.V, a.I + b.I);

    public static Dim operator /(Dim a, Dim b) => new(a.T - b.T, a.V - b.V, a.I - b.I);

    public Dim Pow(int n) => new(T * n, V * n, I * n);

    public bool IsNone => this == None;

    public bool IsNamed => Named.Contains(this);

    /// <summary>The square root when every exponent is even.</summary>
    public Dim? Sqrt => T % 2 == 0 && V % 2 == 0 && I % 2 == 0 ? new Dim(T / 2, V / 2, I / 2) : null;

    public override string ToString() =>
        this == None ? "1" : this == Time ? "time" : this == Voltage ? "voltage" : this == Current ? "current"
        : this == Conductance ? "conductance" : this == Capacitance ? "capacitance" : this == Frequency ? "frequency"
        : this == Resistance ? "resistance" : $"s^{T} V^{V} A^{I}";

    /// <summary>Units of a named dimension with a range of typical magnitudes in that unit.</summary>
    public static ImmutableArray<(string Unit, double Low, double High)> UnitsOf(Dim d) =>
        d == Time ? ImmutableArray.Create(("ms", 0.5, 30.0), ("us", 200.0, 5000.0), ("s", 0.001, 0.05))
        : d == Voltage ? ImmutableArray.Create(("mV", 0.5, 70.0), ("V", 0.001, 0.05), ("uV", 100.0, 5000.0))
        : d == Current ? ImmutableArray.Create(("nA", 0.1, 5.0), ("pA", 50.0, 800.0))
        : d == Conductance ? ImmutableArray.Create(("nS", 1.0, 50.0), ("uS", 0.01, 0.5))
        : d == Capacitance ? ImmutableArray.Create(("pF", 50.0, 300.0), ("nF", 0.05, 0.3))
        : d == Frequency ? ImmutableArray.Create(("Hz", 1.0, 100.0), ("kHz", 0.01, 0.2))
        : d == Resistance ? ImmutableArray.Create(("MOhm", 1.0, 100.0), ("kOhm", 1000.0, 50000.0))
        : ImmutableArray<(string, double, double)>.Empty;

    /// <summary>A unit expression of any dimension built from ms, mV and nA, in parentheses: (mV / ms).</summary>
    public string UnitExpression()
    {
        var up = new List<string>();
        var down = new List<string>();
        foreach (var (unit, power) in new[] { ("ms", T), ("mV", V), ("nA", I) })
        {
            if (power == 0) continue;
            string factor = Math.Abs(power) == 1 ? unit : $"{unit} ** {Math.Abs(power)}";
            (power > 0 ? up : down).Add(factor);
        }
        string text = (up.Count == 0 ? "1" : string.Join(" * ", up)) + string.Concat(down.Select(f => " / " + f));
        return "(" + text + ")";
    }
}

/// <summary>A name visible to an expression, with its dimension (null: fits any, like the summed 'input').</summary>
/// <param name="Positive">Known to be a positive constant, so it may divide (time constants, capacitances).</param>
internal sealed record Sym(string Name, Dim? Dim, bool Positive = false);

internal sealed record Decl(string Name, Dim Dim, string Value, bool Positive = false, bool Shared = false);

internal sealed record Equation(string Variable, string Rhs, bool UnlessRefractory = false, bool EventDriven = false);

internal sealed record Assignment(string Target, string Operator, string Value)
{
    public override string ToString() => $"{Target} {Operator} {Value}";
}

/// <summary>A neuron model or synapse model as written; unused parts are empty or null.</summary>
internal sealed record ModelDecl(
    bool IsSynapse,
    string Name,
    ImmutableArray<Decl> Parameters,
    ImmutableArray<Decl> State,
    ImmutableArray<Decl> Aliases,
    ImmutableArray<Equation> Equations,
    ImmutableArray<Assignment>? Update,
    string? Threshold,
    ImmutableArray<Assignment>? Reset,
    string? Refractory,
    string? Method,
    ImmutableArray<Assignment>? OnPre,
    ImmutableArray<Assignment>? OnPost)
{
    /// <summary>What populations and connections may set (parameters and state) and what records may read.</summary>
    public IEnumerable<Decl> Settable => Parameters.Concat(State);

    /// <summary>State declared in state { } plus variables that only have an equation (dimensionless, start at 0).</summary>
    public IEnumerable<Decl> AllState => State.Concat(Equations.Where(e => State.All(s => s.Name != e.Variable))
        .Select(e => new Decl(e.Variable, Dim.None, "0")));
}

internal enum PopulationKind { Neurons, Poisson, Input }

internal sealed record Population(string Name, PopulationKind Kind, string? Model, ImmutableArray<(string Name, string Value)> Arguments, string SizeText, int Size);

internal sealed record PopulationRef(string Population, int? Start, int? End, string? StartText = null, string? EndText = null)
{
    public override string ToString() => Start is null ? Population : $"{Population}[{StartText ?? Start.ToString()}:{EndText ?? End.ToString()}]";
}

internal sealed record Connection(
    PopulationRef Source,
    PopulationRef Target,
    string? Rule,
    string? Condition,
    string? Delay,
    string? Synapse,
    ImmutableArray<(string Name, string Value)> SynapseArguments,
    ImmutableArray<Assignment>? OnPre);

internal sealed record NetworkDecl(
    string Name,
    ImmutableArray<Decl> Parameters,
    string? Dt,
    bool DoublePrecision,
    ImmutableArray<Population> Populations,
    ImmutableArray<Connection> Connections,
    ImmutableArray<string> Records,
    ImmutableArray<string>? Train);

/// <summary>Layout choices that do not change the meaning: one-line blocks, semicolons, comments, wrapped lines.</summary>
internal sealed record Layout(bool OneLineBlocks, bool Semicolons, bool Comments, bool WrapLongExpressions, bool BraceOnNextLine);

/// <summary>
/// A generated program: its declarations, a layout, and tags naming what was drawn on purpose that a counter cannot
/// see in the model (a deliberate mistake, a probe of a known weak spot, an unusual name).
/// </summary>
internal sealed record SnnProgram(
    string? NamespaceSuffix,
    ImmutableArray<ModelDecl> Models,
    ImmutableArray<NetworkDecl> Networks,
    Layout Layout,
    ImmutableArray<string> Tags,
    bool UnclosedBrace = false)
{
    /// <summary>The .snn text, in namespace <paramref name="ns"/> (plus the drawn suffix) so many programs fit one C# compilation.</summary>
    public string ToSnn(string ns) => new SnnPrinter(Layout).Print(this, NamespaceSuffix is null ? ns : ns + "." + NamespaceSuffix);

    public override string ToString() => ToSnn("P0");
}

/// <summary>Prints a <see cref="SnnProgram"/> in the concrete syntax of grammar/spikelang.ebnf.</summary>
internal sealed class SnnPrinter
{
    private readonly Layout _layout;
    private readonly StringBuilder _text = new();
    private int _comment;

    public SnnPrinter(Layout layout) => _layout = layout;

    public string Print(SnnProgram program, string ns)
    {
        if (_layout.Comments) _text.Append("// generated program\n");
        _text.Append("namespace ").Append(ns).Append('\n');
        foreach (var model in program.Models)
        {
            _text.Append('\n');
            PrintModel(model);
        }
        foreach (var network in program.Networks)
        {
            _text.Append('\n');
            PrintNetwork(network);
        }
        string result = _text.ToString();
        if (program.UnclosedBrace)
        {
            int last = result.LastIndexOf('}');
            result = result.Remove(last, 1);
        }
        return result;
    }

    private string Open => _layout.BraceOnNextLine ? "\n{" : " {";

    private string Sep => _layout.Semicolons ? "; " : "\n        ";

    private void Block(string indent, string head, IEnumerable<string> items)
    {
        var list = items.ToList();
        if (_layout.OneLineBlocks || list.Count <= 1)
        {
            _text.Append(indent).Append(head).Append(" { ").Append(string.Join("; ", list)).Append(list.Count == 0 ? "}" : " }").Append('\n');
            return;
        }
        _text.Append(indent).Append(head).Append(" {\n");
        if (_layout.Semicolons)
        {
            _text.Append(indent).Append("    ").Append(string.Join("; ", list)).Append('\n');
        }
        else
        {
            foreach (var item in list) _text.Append(indent).Append("    ").Append(item).Append(Comment()).Append('\n');
        }
        _text.Append(indent).Append("}\n");
    }

    /// <summary>Now and then a trailing comment, with characters that must be escaped if they reach C# strings.</summary>
    private string Comment()
    {
        if (!_layout.Comments) return "";
        return (_comment++ % 3) switch
        {
            0 => "  // note \"quoted\" \\ back",
            1 => "",
            _ => "  /* block */",
        };
    }

    /// <summary>
    /// Wraps an expression over two lines when the layout asks for it, at its first binary operator, inside an extra
    /// pair of parentheses (where the grammar makes a newline trivia).
    /// </summary>
    private string Wrap(string expression)
    {
        if (!_layout.WrapLongExpressions) return expression;
        int cut = new[] { " + ", " - ", " * ", " / " }.Select(op => expression.IndexOf(op, StringComparison.Ordinal)).Where(k => k > 0).DefaultIfEmpty(-1).Min();
        return cut < 0
            ? "(\n            " + expression + ")"
            : "(" + expression.Substring(0, cut) + "\n            " + expression.Substring(cut + 1) + ")";
    }

    private void PrintModel(ModelDecl m)
    {
        _text.Append(m.IsSynapse ? "synapse " : "neuron ").Append(m.Name).Append(Open).Append('\n');
        const string I = "    ";
        if (m.Parameters.Length > 0) Block(I, "parameters", m.Parameters.Select(p => $"{p.Name} = {p.Value}"));
        if (m.State.Length > 0) Block(I, "state", m.State.Select(s => $"{s.Name} = {s.Value}" + (s.Shared ? " shared" : "")));
        if (m.Equations.Length > 0 || m.Aliases.Length > 0)
        {
            var lines = m.Aliases.Select(a => $"{a.Name} = {Wrap(a.Value)}")
                .Concat(m.Equations.Select(e => $"d{e.Variable}/dt = {Wrap(e.Rhs)}" + (e.UnlessRefractory ? "  unless refractory" : "") + (e.EventDriven ? "  event-driven" : "")));
            // Equations always one per line: a flag must end its statement.
            _text.Append(I).Append("equations {\n");
            foreach (var line in lines) _text.Append(I).Append("    ").Append(line).Append(Comment()).Append('\n');
            _text.Append(I).Append("}\n");
        }
        if (m.Update is { } update) Block(I, "update", update.Select(a => a.ToString()));
        if (m.Threshold is { } threshold) _text.Append(I).Append("threshold ").Append(Wrap(threshold)).Append('\n');
        if (m.Reset is { } reset) Block(I, "reset", reset.Select(a => a.ToString()));
        if (m.Refractory is { } refractory) _text.Append(I).Append("refractory ").Append(refractory).Append('\n');
        if (m.Method is { } method) _text.Append(I).Append("method ").Append(method).Append('\n');
        if (m.OnPre is { } onPre) Block(I, "on pre", onPre.Select(a => a.ToString()));
        if (m.OnPost is { } onPost) Block(I, "on post", onPost.Select(a => a.ToString()));
        _text.Append("}\n");
    }

    private void PrintNetwork(NetworkDecl n)
    {
        const string I = "    ";
        _text.Append("network ").Append(n.Name).Append(Open).Append('\n');
        if (n.Parameters.Length > 0) Block(I, "parameters", n.Parameters.Select(p => $"{p.Name} = {p.Value}"));
        if (n.Dt is { } dt) _text.Append(I).Append("dt = ").Append(dt).Append('\n');
        if (n.DoublePrecision) _text.Append(I).Append("precision double\n");
        foreach (var p in n.Populations)
        {
            _text.Append(I).Append(p.Kind switch
            {
                PopulationKind.Input => $"input {p.Name}[{p.SizeText}]",
                PopulationKind.Poisson => $"population {p.Name} = poisson({Arguments(p.Arguments)})[{p.SizeText}]",
                _ => $"population {p.Name} = {p.Model}{(p.Arguments.Length == 0 ? "" : "(" + Arguments(p.Arguments) + ")")}[{p.SizeText}]",
            }).Append(Comment()).Append('\n');
        }
        foreach (var c in n.Connections)
        {
            var line = new StringBuilder($"connect {c.Source} -> {c.Target}");
            if (c.Rule is { } rule) line.Append(' ').Append(rule);
            if (c.Condition is { } condition) line.Append(" if ").Append(condition);
            if (c.Delay is { } delay) line.Append(" delay ").Append(delay);
            if (c.Synapse is { } synapse) line.Append(" synapse ").Append(synapse).Append(c.SynapseArguments.Length == 0 ? "" : "(" + Arguments(c.SynapseArguments) + ")");
            if (c.OnPre is { } onPre) line.Append(" on pre { ").Append(string.Join("; ", onPre)).Append(" }");
            _text.Append(I).Append(line).Append('\n');
        }
        foreach (var r in n.Records) _text.Append(I).Append(r).Append('\n');
        if (n.Train is { } train)
        {
            _text.Append(I).Append("train {\n");
            foreach (var setting in train) _text.Append(I).Append("    ").Append(setting).Append('\n');
            _text.Append(I).Append("}\n");
        }
        _text.Append("}\n");
    }

    private static string Arguments(IEnumerable<(string Name, string Value)> arguments) =>
        string.Join(", ", arguments.Select(a => $"{a.Name} = {a.Value}"));
}

internal static class Numbers
{
    /// <summary>A short invariant decimal: 0.25, 12, 1.5e-05.</summary>
    public static string Format(double value)
    {
        string text = value.ToString("0.###", CultureInfo.InvariantCulture);
        return text == "0" && value != 0 ? value.ToString("0.###e0", CultureInfo.InvariantCulture) : text;
    }
}
