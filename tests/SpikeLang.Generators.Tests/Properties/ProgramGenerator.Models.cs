using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CsCheck;

namespace SpikeLang.Generators.Tests.Properties;

/// <summary>Neuron and synapse models, their parameters, state, equations and spike code.</summary>
internal static partial class ProgramGenerator
{
    /// <summary>Draws <paramref name="count"/> items one after the other, each seeing those drawn before it.</summary>
    public static Gen<ImmutableArray<T>> Fold<T>(int count, Func<ImmutableArray<T>, int, Gen<T>> step)
    {
        Gen<ImmutableArray<T>> result = Gen.Const(ImmutableArray<T>.Empty);
        for (int k = 0; k < count; k++)
        {
            int index = k;
            result = result.SelectMany(done => step(done, index).Select(done.Add));
        }
        return result;
    }

    /// <summary>Dimensions a time constant, capacitance, conductance, resistance or rate has: these are always positive here.</summary>
    public static bool PositiveDimension(Dim d) => d == Dim.Time || d == Dim.Capacitance || d == Dim.Conductance || d == Dim.Resistance || d == Dim.Frequency;

    private static readonly Gen<Dim> ParameterDim = Gen.Frequency(
        (4, Gen.Const(Dim.Time)), (3, Gen.Const(Dim.Voltage)), (2, Gen.Const(Dim.None)), (1, Gen.Const(Dim.Current)),
        (1, Gen.Const(Dim.Conductance)), (1, Gen.Const(Dim.Capacitance)), (1, Gen.Const(Dim.Frequency)), (1, Gen.Const(Dim.Resistance)));

    private static readonly Gen<Dim> StateDim = Gen.Frequency(
        (4, Gen.Const(Dim.Voltage)), (3, Gen.Const(Dim.None)), (1, Gen.Const(Dim.Current)), (1, Gen.Const(Dim.Conductance)));

    /// <summary>Parameters: positive constants for positive dimensions, signed ones otherwise, sometimes defined from earlier ones.</summary>
    private static Gen<ImmutableArray<Decl>> Parameters(Style style, IReadOnlyList<string> pool, int min, int max, ISet<string> taken) =>
        from count in Gen.Int[min, max]
        from names in Distinct(pool.Where(n => !taken.Contains(n)).ToList(), count)
        from parameters in Fold<Decl>(names.Length, (done, k) =>
            from name in MaybeHostile(style, names[k], HostileVariableNames, taken.Concat(names).Concat(done.Select(d => d.Name)).ToList())
            from d in ParameterDim
            from value in PositiveDimension(d)
                ? Choose((6, () => PositiveLiteral(d)), (done.Any(p => p.Dim == d && p.Positive) ? 1 : 0, () => PositiveValue(d, new Scope(Symbols(done)))))
                : Choose((5, () => Literal(d, definite: true)), (done.Length > 0 ? 1 : 0, () => Expr(d, new Scope(Symbols(done), Definite: true), 1)))
            select new Decl(name, d, value, Positive: PositiveDimension(d)))
        select parameters;

    public static ImmutableArray<Sym> Symbols(IEnumerable<Decl> declarations) =>
        declarations.Select(d => new Sym(d.Name, d.Dim, d.Positive)).ToImmutableArray();

    private static readonly ImmutableArray<Sym> NeuronBuiltIns = ImmutableArray.Create(
        new Sym("t", Dim.Time), new Sym("dt", Dim.Time, Positive: true), new Sym("i", Dim.None), new Sym("N", Dim.None, Positive: true));

    private enum NeuronKind { Continuous, Discrete, Passive, Stateless }

    /// <summary>
    /// A neuron model: parameters, state with initial values, then continuous equations (with aliases, an implicit
    /// variable, unless refractory, noise under euler, a method), a discrete update, or nothing; a threshold, a reset
    /// and a refractory period. A stateless neuron (threshold on t only) is drawn only as a probe.
    /// </summary>
    public static Gen<ModelDecl> Neuron(string name, Style style) =>
        from kind in Gen.Frequency(
            (70, Gen.Const(NeuronKind.Continuous)), (18, Gen.Const(NeuronKind.Discrete)), (8, Gen.Const(NeuronKind.Passive)),
            (style.Probes ? 6 : 0, Gen.Const(NeuronKind.Stateless)))
        let taken = new HashSet<string>(StringComparer.Ordinal)
        from parameters in Parameters(style, ParameterNames, kind == NeuronKind.Stateless ? 1 : 0, 4, taken)
        let constants = new Scope(Symbols(parameters))
        from stateCount in Gen.Int[kind == NeuronKind.Stateless ? 0 : 1, kind == NeuronKind.Stateless ? 0 : 3]
        from stateNames in Distinct(StateNames, stateCount)
        from state in Fold<Decl>(stateNames.Length, (done, k) =>
            from n in MaybeHostile(style, stateNames[k], HostileVariableNames, parameters.Select(p => p.Name).Concat(stateNames).Concat(done.Select(d => d.Name)).ToList())
            from d in StateDim
            from init in Choose(
                (4, () => Literal(d, definite: true)),
                (parameters.Any(p => p.Dim == d) ? 3 : 0, () => Gen.OneOf(parameters.Where(p => p.Dim == d).Select(p => p.Name).ToArray())),
                (2, () => Gen.Select(PositiveLiteral(d), PositiveLiteral(d), (a, b) => $"uniform({a}, {b})")),
                (1, () => Gen.Select(Literal(d, definite: true), PositiveLiteral(d), (m, sd) => $"normal({m}, {sd})")),
                (1, () => PositiveLiteral(d).Select(x => $"{x} * i / N")))
            select new Decl(n, d, init))
        from refractory in kind is NeuronKind.Stateless or NeuronKind.Passive ? Gen.Const((string?)null)
            : Maybe(35, () => Choose((4, () => PositiveValue(Dim.Time, constants)), (1, () => Gen.Int[1, 5].Select(k => $"{k} * dt"))))
        from method in kind != NeuronKind.Continuous ? Gen.Const((string?)null)
            : Gen.Frequency((70, Gen.Const((string?)null)), (12, Gen.Const((string?)"euler")), (6, Gen.Const((string?)"rk2")), (6, Gen.Const((string?)"rk4")), (6, Gen.Const((string?)"exact")))
        let full = new Scope(Symbols(parameters).AddRange(Symbols(state)).AddRange(NeuronBuiltIns).Add(new Sym("input", null)))
        from aliases in kind != NeuronKind.Continuous ? Gen.Const(ImmutableArray<Decl>.Empty)
            : Chance(20).SelectMany(yes => !yes ? Gen.Const(ImmutableArray<Decl>.Empty)
                : from n in Gen.OneOf(AliasNames)
                  from d in StateDim
                  from value in Expr(d, full with { Definite = true }, 1)
                  select ImmutableArray.Create(new Decl(n, d, value)))
        let withAliases = full.With(Symbols(aliases))
        from equations in kind != NeuronKind.Continuous ? Gen.Const(ImmutableArray<(Equation Equation, bool Linear)>.Empty)
            : Equations(state, constants, withAliases, refractory is not null, method == "euler")
        from implicitVariable in kind != NeuronKind.Continuous ? Gen.Const(((Equation, bool)?)null)
            : Chance(10).SelectMany(yes => !yes ? Gen.Const(((Equation, bool)?)null)
                : from n in Gen.OneOf(ImplicitNames)
                  from tau in Divisor(Dim.Time, constants)
                  from shape in Gen.OneOf("-{0} / {1}", "(1 - {0}) / {1}")
                  select ((Equation, bool)?)(new Equation(n, string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, n, tau)), true))
        let allEquations = implicitVariable is { } extra ? equations.Add(extra) : equations
        let linear = allEquations.All(e => e.Linear)
        from update in kind != NeuronKind.Discrete ? Gen.Const((ImmutableArray<Assignment>?)null)
            : Updates(state, full).Select(u => (ImmutableArray<Assignment>?)u)
        let readable = state.Concat(aliases).ToList()
        from threshold in kind == NeuronKind.Stateless
            ? Gen.Select(Gen.OneOf(">=", ">"), PositiveValue(Dim.Time, constants), (op, time) => (string?)$"t {op} {time}")
            : readable.Count == 0 ? Gen.Const((string?)null)
            : Maybe(90, () => Gen.OneOf(readable.ToArray()).SelectMany(x => Condition(x.Dim, x.Name, full.With(Symbols(aliases)) with { Random = false })))
        from reset in threshold is null || state.Length == 0 ? Gen.Const((ImmutableArray<Assignment>?)null)
            : Chance(75).SelectMany(yes => !yes ? Gen.Const((ImmutableArray<Assignment>?)null) : Resets(state, constants).Select(r => (ImmutableArray<Assignment>?)r))
        select new ModelDecl(false, name, parameters, state, aliases,
            allEquations.Select(e => e.Equation).ToImmutableArray(), update, threshold, reset, refractory,
            method == "exact" && !linear ? null : method,
            null, null);

    /// <summary>
    /// One equation for most state variables: a leak towards a constant (linear), a decay (linear), or any
    /// expression of the right dimension (often nonlinear); noise only under euler, as rk2 and rk4 refuse it.
    /// </summary>
    private static Gen<ImmutableArray<(Equation Equation, bool Linear)>> Equations(ImmutableArray<Decl> state, Scope constants, Scope full, bool refractory, bool noise) =>
        Fold<(Equation?, bool)>(state.Length, (done, k) =>
            from has in Chance(85)
            from shape in Gen.Int[0, 3]
            let x = state[k]
            let rate = x.Dim / Dim.Time
            from tau in Divisor(Dim.Time, constants)
            from rhs in shape switch
            {
                0 => Expr(x.Dim, constants, 1).Select(target => (Text: $"({target} - {x.Name}) / {tau}", Linear: true)),
                1 => Gen.Const((Text: $"-{x.Name} / {tau}", Linear: true)),
                2 => Expr(x.Dim, full, 1).Select(target => (Text: $"({target} - {x.Name} + input) / {tau}", Linear: false)),
                _ => Expr(rate, full, 2).Select(e => (Text: e, Linear: false)),
            }
            from noisy in noise ? Chance(30) : Gen.Const(false)
            from sigma in PositiveLiteral(rate)
            from unless in refractory ? Chance(50) : Gen.Const(false)
            select (has ? new Equation(x.Name, noisy ? $"{rhs.Text} + {sigma} * sqrt(1 ms / dt) * randn()" : rhs.Text, unless) : null, rhs.Linear && !noisy))
        .Select(list => list.Where(e => e.Item1 is not null).Select(e => (e.Item1!, e.Item2)).ToImmutableArray());

    /// <summary>A discrete-time map: x = a * x + ..., x += ..., often with the summed input.</summary>
    private static Gen<ImmutableArray<Assignment>> Updates(ImmutableArray<Decl> state, Scope full) =>
        Fold<Assignment>(state.Length, (done, k) =>
            from shape in Gen.Int[0, 2]
            let x = state[k]
            from a in Number(0.5, 0.99)
            from drive in Expr(x.Dim, full, 1)
            select shape switch
            {
                0 => new Assignment(x.Name, "=", $"{a} * {x.Name} + input"),
                1 => new Assignment(x.Name, "=", $"{a} * {x.Name} + {drive}"),
                _ => new Assignment(x.Name, "+=", drive),
            });

    /// <summary>One or two assignments after a spike: set, add, subtract, scale.</summary>
    private static Gen<ImmutableArray<Assignment>> Resets(ImmutableArray<Decl> state, Scope constants) =>
        from count in Gen.Int[1, Math.Min(2, state.Length)]
        from targets in Distinct(state.Select(s => s.Name).ToList(), count)
        from assignments in Fold<Assignment>(targets.Length, (done, k) =>
            from op in Gen.OneOf("=", "=", "+=", "-=", "*=", "/=")
            let x = state.First(s => s.Name == targets[k])
            from value in op switch
            {
                "*=" => Number(0.1, 0.9),
                "/=" => Number(1.5, 4),
                _ => Expr(x.Dim, constants, 1),
            }
            select new Assignment(x.Name, op, value))
        select assignments;

    /// <summary>Where a synapse's spike lands: the summed input (any model), or a state variable of one model.</summary>
    public sealed record PostTarget(string? Model, string Variable, Dim Dim);

    private static readonly string[] TraceNames = { "apre", "apost", "tr3" };

    /// <summary>
    /// A synapse model: a weight w in the dimension of its target, up to two event-driven traces with their time
    /// constants, sometimes a clock-driven eligibility variable and a shared reward, 'on pre' that delivers w and
    /// updates traces and weight, and sometimes 'on post'.
    /// </summary>
    public static Gen<ModelDecl> Synapse(string name, Style style, PostTarget target) =>
        from traceCount in Gen.Int[0, 2]
        from tauValues in PositiveLiteral(Dim.Time).Array[traceCount + 1]
        let wDim = target.Variable == "input" ? Dim.None : target.Dim
        from amplitudes in Number(0.01, 0.5).Array[2]
        from wMax in PositiveLiteral(wDim)
        from wInit in Choose((3, () => PositiveLiteral(wDim)), (1, () => Gen.Select(PositiveLiteral(wDim), PositiveLiteral(wDim), (a, b) => $"uniform({a}, {b})")))
        from clock in Chance(25)
        from shared in Chance(10)
        from euler in Chance(30)
        from onPost in traceCount > 0 ? Chance(60) : Gen.Const(false)
        from step in PositiveLiteral(wDim)
        let traces = TraceNames.Take(traceCount).ToArray()
        let parameters = Enumerable.Range(0, traceCount).Select(k => new Decl($"tau_{traces[k]}", Dim.Time, tauValues[k], Positive: true))
            .Append(new Decl("w_max", wDim, wMax, Positive: true))
            .Concat(clock ? new[] { new Decl("tau_elig", Dim.Time, tauValues[traceCount], Positive: true) } : Array.Empty<Decl>())
            .ToImmutableArray()
        let state = new[] { new Decl("w", wDim, wInit) }
            .Concat(traces.Select(t => new Decl(t, Dim.None, "0")))
            .Concat(clock ? new[] { new Decl("elig", Dim.None, "0") } : Array.Empty<Decl>())
            .Concat(shared ? new[] { new Decl("rew", Dim.None, "0", Shared: true) } : Array.Empty<Decl>())
            .ToImmutableArray()
        let equations = traces.Select(t => new Equation(t, $"-{t} / tau_{t}", EventDriven: true))
            .Concat(clock ? new[] { new Equation("elig", "-elig / tau_elig") } : Array.Empty<Equation>())
            .ToImmutableArray()
        let pre = new List<Assignment> { new(target.Variable, "+=", "w") }
            .Concat(traces.Take(1).Select(t => new Assignment(t, "+=", amplitudes[0])))
            .Concat(traces.Length > 1 ? new[] { new Assignment("w", "=", $"clip(w - {step} * {traces[1]}, 0, w_max)") } : Array.Empty<Assignment>())
            .Concat(clock && traces.Length > 1 ? new[] { new Assignment("elig", "+=", traces[1]) } : Array.Empty<Assignment>())
            .Concat(clock && shared ? new[] { new Assignment("w", "+=", $"{step} * rew * elig") } : Array.Empty<Assignment>())
            .ToImmutableArray()
        let post = !onPost ? (ImmutableArray<Assignment>?)null
            : traces.Skip(1).Select(t => new Assignment(t, "+=", amplitudes[1]))
                .Append(new Assignment("w", "=", $"clip(w + {step} * {traces[0]}, 0, w_max)"))
                .ToImmutableArray()
        select new ModelDecl(true, name, parameters, state, ImmutableArray<Decl>.Empty, equations, null, null, null, null,
            clock && euler ? "euler" : null, pre, post);
}
