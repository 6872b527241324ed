using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CsCheck;

namespace SpikeLang.Generators.Tests.Properties;

/// <summary>
/// CsCheck generators of random, mostly valid .snn programs, directed by units and names: every expression is drawn
/// for a target dimension from the names in scope (with their dimensions), so most programs pass the unit checker.
/// This part: choices, numbers, names, the dimension-directed expression generator and neuron and synapse models.
/// ProgramGenerator.Network.cs: populations, connections, records, train blocks, networks, mistakes and probes.
/// </summary>
internal static partial class ProgramGenerator
{
    // ---- choices ---------------------------------------------------------------------------------

    /// <summary>A weighted choice that builds only the generator it picks (the alternatives recurse).</summary>
    public static Gen<T> Choose<T>(params (int Weight, Func<Gen<T>> Make)[] options)
    {
        var live = options.Where(o => o.Weight > 0).ToArray();
        int total = live.Sum(o => o.Weight);
        return Gen.Int[0, total - 1].SelectMany(r =>
        {
            foreach (var (weight, make) in live)
            {
                if (r < weight) return make();
                r -= weight;
            }
            throw new InvalidOperationException("unreachable");
        });
    }

    public static Gen<bool> Chance(int percent) => Gen.Int[0, 99].Select(r => r < percent);

    /// <summary>The value or null, with the given chance of a value.</summary>
    public static Gen<T?> Maybe<T>(int percent, Func<Gen<T>> make) where T : class =>
        Chance(percent).SelectMany(yes => yes ? make().Select(x => (T?)x) : Gen.Const((T?)null));

    /// <summary><paramref name="count"/> distinct items of <paramref name="pool"/> in random order.</summary>
    public static Gen<string[]> Distinct(IReadOnlyList<string> pool, int count) =>
        Gen.Int[0, 1_000_000].Array[pool.Count].Select(keys =>
            pool.Select((name, k) => (name, key: keys[k])).OrderBy(p => p.key).ThenBy(p => p.name, StringComparer.Ordinal)
                .Take(Math.Min(count, pool.Count)).Select(p => p.name).ToArray());

    // ---- numbers ----------------------------------------------------------------------------------

    /// <summary>A number in [low, high] with two significant digits, as .snn text.</summary>
    public static Gen<string> Number(double low, double high) =>
        Gen.Double[low, high].Select(x => Numbers.Format(RoundToSignificant(x, 2)));

    private static double RoundToSignificant(double x, int digits)
    {
        if (x == 0) return 0;
        double scale = Math.Pow(10, digits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(x))));
        return Math.Round(x * scale) / scale;
    }

    /// <summary>A positive literal of a named dimension: 12 ms, 0.5 nA, 3.</summary>
    public static Gen<string> PositiveLiteral(Dim d)
    {
        var units = Dim.UnitsOf(d);
        if (units.IsEmpty)
        {
            return d.IsNone ? Number(0.1, 5) : Number(0.2, 5).Select(x => $"({x} * {d.UnitExpression()})");
        }
        return Gen.Int[0, units.Length - 1].SelectMany(k => Number(units[k].Low, units[k].High).Select(x => $"{x} {units[k].Unit}"));
    }

    /// <summary>A literal of any sign, or (unless <paramref name="definite"/>) a bare 0, which fits every dimension.</summary>
    public static Gen<string> Literal(Dim d, bool definite = false) => Choose(
        (6, () => PositiveLiteral(d)),
        (2, () => PositiveLiteral(d).Select(x => "-" + x)),
        (definite && !d.IsNone ? 0 : 1, () => Gen.Const("0")));

    // ---- names ------------------------------------------------------------------------------------

    public static readonly string[] ParameterNames = { "tau_a", "tau_b", "tau_s", "v_th1", "e_l1", "e_rev", "g_l1", "c_m1", "i_0", "theta1", "alpha", "beta1", "k_a", "r_in", "delta", "gain", "bias", "v_r1", "amp", "tau_c1" };
    public static readonly string[] StateNames = { "v", "u", "w_s", "g_e", "g_i", "x1", "y1", "mem", "vt", "h_a", "q", "z1", "act", "cur" };
    public static readonly string[] AliasNames = { "i_syn", "drive", "leak", "ratio" };
    public static readonly string[] ImplicitNames = { "z_imp", "trace1", "s_imp" };
    public static readonly string[] NeuronModelNames = { "N1", "Cell", "Unit1", "Relay", "Neu", "Izh2", "Res" };
    public static readonly string[] SynapseModelNames = { "Syn1", "Kick", "Plastic", "Hebb", "Trace" };
    public static readonly string[] PopulationNames = { "pa", "pb", "exc", "inh", "src", "dst", "hid", "outp", "layer1", "group_a" };
    public static readonly string[] NetworkNames = { "Net", "Circuit", "Brain", "Sim", "Model1" };

    /// <summary>
    /// Valid .snn names that are hard on the C# emitter: C# keywords, members and locals of the generated classes,
    /// runtime and framework type names, the emitter's own field prefixes, non-ASCII letters.
    /// </summary>
    public static readonly string[] HostileVariableNames =
    {
        "class", "int", "double", "object", "value", "this", "base", "params", "Count", "Spikes", "SpikeCount", "Real",
        "Math", "Span", "init", "seed", "step", "k", "_step", "_v", "p_tau_a", "result", "\u03c4", "Dt", "Time",
        "spikes", "lastSpike", "rng", "var", "nameof",
    };
    public static readonly string[] HostileTypeNames =
    {
        "Real", "Math", "System", "Span", "RandomStream", "SpikeMonitor", "Csr", "WeightSet", "NetworkDescriptor",
        "Propagator", "Step", "Run", "Describe", "Time", "Dt", "object", "class", "seed", "init", "Lif",
        "SpikeLang", "var", "Factory", "Parameters", "ConstructionChecks",
    };

    /// <summary>What the generator may draw for one program: a few programs get names chosen to hurt.</summary>
    public sealed record Style(bool HostileNames, bool Probes);

    /// <summary>A name from <paramref name="safe"/> (already distinct), now and then replaced by a hostile one.</summary>
    public static Gen<string> MaybeHostile(Style style, string safe, IReadOnlyList<string> hostile, ICollection<string> taken) =>
        !style.HostileNames
            ? Gen.Const(safe)
            : Chance(25).SelectMany(yes => yes
                ? Gen.OneOf(hostile.Where(h => !taken.Contains(h)).DefaultIfEmpty(safe).ToArray())
                : Gen.Const(safe));

    // ---- expressions ------------------------------------------------------------------------------

    /// <summary>
    /// The names an expression may use, and whether it may draw random numbers. <paramref name="Definite"/>: the
    /// expression defines a declaration's dimension, so neither a bare 0 nor the summed input (which fit any
    /// dimension and so have none) may appear in it.
    /// </summary>
    public sealed record Scope(ImmutableArray<Sym> Names, bool Random = false, bool Definite = false)
    {
        public Scope With(params Sym[] more) => this with { Names = Names.AddRange(more) };

        public Scope With(IEnumerable<Sym> more) => this with { Names = Names.AddRange(more) };
    }

    private static readonly Dim[] Factors = { Dim.None, Dim.Time, Dim.Voltage, Dim.Current, Dim.Conductance, Dim.Frequency, Dim.Capacitance, Dim.Resistance };

    /// <summary>
    /// An expression of dimension <paramref name="d"/>: a literal, a name of that dimension, a sum of two such, a
    /// product or quotient whose factors' dimensions multiply to it, a function of dimensionless arguments, a power
    /// or a square root, a sign, min/max/abs/clip, and (where allowed) random numbers. Compound terms are always
    /// parenthesised, so precedence never matters. Divisors are positive constants, so NaN comes from the model only.
    /// </summary>
    public static Gen<string> Expr(Dim d, Scope s, int depth)
    {
        var exact = s.Names.Where(n => n.Dim == d).Select(n => n.Name).ToArray();
        var wildcards = s.Definite ? Array.Empty<string>() : s.Names.Where(n => n.Dim is null).Select(n => n.Name).ToArray();
        bool nested = depth > 0;
        return Choose(
            (3, () => Literal(d, s.Definite)),
            (exact.Length > 0 ? 6 : 0, () => Gen.OneOf(exact)),
            (wildcards.Length > 0 ? 1 : 0, () => Gen.OneOf(wildcards)),
            (d.IsNone ? 1 : 0, () => Gen.OneOf("pi", "e", "2", "0.5")),
            (nested ? 4 : 0, () => Gen.Select(Expr(d, s, depth - 1), Gen.OneOf("+", "-"), Expr(d, s, depth - 1), (a, op, b) => $"({a} {op} {b})")),
            (nested ? 3 : 0, () => Product(d, s, depth - 1)),
            (nested ? 3 : 0, () => Quotient(d, s, depth - 1)),
            (nested ? 1 : 0, () => Expr(d, s, depth - 1).Select(a => $"-{a}")),
            (nested ? 1 : 0, () => Expr(d, s, depth - 1).Select(a => $"abs({a})")),
            (nested ? 1 : 0, () => Gen.Select(Gen.OneOf("min", "max"), Expr(d, s, depth - 1), Expr(d, s, depth - 1), (f, a, b) => $"{f}({a}, {b})")),
            (nested ? 1 : 0, () => Gen.Select(Expr(d, s, depth - 1), Literal(d, true), PositiveLiteral(d), (x, low, high) => $"clip({x}, {low}, {high})")),
            (nested && d.IsNone ? 3 : 0, () => Gen.Select(Gen.OneOf("exp(-abs({0}))", "tanh({0})", "sin({0})", "cos({0})", "log(1 + abs({0}))", "floor({0})", "ceil({0})", "({0}) ** 2", "sqrt(abs({0}))"),
                Expr(Dim.None, s, depth - 1), (f, x) => string.Format(System.Globalization.CultureInfo.InvariantCulture, f, x))),
            (nested && d.Sqrt is { } root && !d.IsNone ? 1 : 0, () => Expr(d.Sqrt!.Value, s, depth - 1).Select(x => $"({x}) ** 2")),
            (nested && !d.IsNone ? 1 : 0, () => Expr(d.Pow(2), s, depth - 1).Select(x => $"sqrt(abs({x}))")),
            (s.Random ? 1 : 0, () => RandomOf(d)));
    }

    /// <summary>A random draw of dimension d: rand(), randn(), uniform(a, b), normal(m, s).</summary>
    public static Gen<string> RandomOf(Dim d) => Choose(
        (d.IsNone ? 1 : 0, () => Gen.OneOf("rand()", "randn()")),
        (2, () => Gen.Select(PositiveLiteral(d), PositiveLiteral(d), (a, b) => $"uniform({a}, {b})")),
        (1, () => Gen.Select(Literal(d), PositiveLiteral(d), (m, sd) => $"normal({m}, {sd})")));

    /// <summary>A product of two expressions whose dimensions multiply to d, preferring factors with named dimensions.</summary>
    private static Gen<string> Product(Dim d, Scope s, int depth)
    {
        var nice = Factors.Where(f => (d / f).IsNamed).ToArray();
        var factors = nice.Length > 0 ? nice : new[] { Dim.None };
        return Gen.OneOf(factors).SelectMany(f => Gen.Select(Expr(f, s, depth), Expr(d / f, s, depth), (a, b) => $"({a} * {b})"));
    }

    /// <summary>A quotient with a positive constant divisor (a positive name, a positive literal or a unit).</summary>
    private static Gen<string> Quotient(Dim d, Scope s, int depth)
    {
        var nice = Factors.Where(q => (d * q).IsNamed).DefaultIfEmpty(Dim.None).ToArray();
        return Gen.OneOf(nice).SelectMany(q => Gen.Select(Expr(d * q, s, depth), Divisor(q, s), (a, b) => $"({a} / {b})"));
    }

    public static Gen<string> Divisor(Dim q, Scope s)
    {
        var positive = s.Names.Where(n => n.Dim == q && n.Positive).Select(n => n.Name).ToArray();
        var units = Dim.UnitsOf(q).Select(u => u.Unit).ToArray();
        return Choose(
            (positive.Length > 0 ? 4 : 0, () => Gen.OneOf(positive)),
            (3, () => PositiveLiteral(q)),
            (units.Length > 0 ? 1 : 0, () => Gen.OneOf(units)));
    }

    /// <summary>A positive value: a positive name or literal, or a positive combination (for time constants and the like).</summary>
    public static Gen<string> PositiveValue(Dim d, Scope s)
    {
        var positive = s.Names.Where(n => n.Dim == d && n.Positive).Select(n => n.Name).ToArray();
        var index = s.Names.Any(n => n.Name == "i") && s.Names.Any(n => n.Name == "N");
        return Choose(
            (5, () => PositiveLiteral(d)),
            (positive.Length > 0 ? 3 : 0, () => Gen.OneOf(positive)),
            (positive.Length > 0 ? 1 : 0, () => Gen.Select(Gen.OneOf(positive), Number(0.5, 3), (p, k) => $"{k} * {p}")),
            (s.Random ? 1 : 0, () => Gen.Select(PositiveLiteral(d), PositiveLiteral(d), (a, b) => $"uniform({a}, {b})")),
            (index ? 1 : 0, () => PositiveLiteral(d).Select(x => $"{x} * (1 + i / N)")));
    }

    /// <summary>A condition comparing two expressions of one dimension, sometimes combined with and / or / not.</summary>
    public static Gen<string> Condition(Dim d, string left, Scope s) => Choose(
        (6, () => Gen.Select(Gen.OneOf(">", ">=", "<", "!="), Expr(d, s, 1), (op, right) => $"{left} {op} {right}")),
        (1, () => Gen.Select(Gen.OneOf("and", "or", "&&", "||"), Expr(d, s, 0), Expr(d, s, 0), (op, a, b) => $"({left} > {a}) {op} ({left} > {b})")),
        (1, () => Expr(d, s, 0).Select(a => $"not ({left} < {a})")));
}
