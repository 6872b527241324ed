using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Analysis;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Lowering;

/// <summary>
/// Lowers a population of neurons: parameters with overrides (scalars when homogeneous), the update
/// (exact propagator, numerical method or discrete map), which kernels vectorize, whether the update
/// finds the spikes itself, refractoriness, the summed input and the random stream.
/// </summary>
internal static class NeuronPopulationLowering
{
    public static NeuronPopulationPlan Lower(LoweringContext context, PopulationModel population, int? stream, string typeName)
    {
        var network = context.Network;
        using var use = context.UsedAt(network.FilePath, population.Span, population.Overrides);
        var parameters = new PopulationParameters(population.Model!.Parameters, population.Overrides);
        parameters.ReportCycles(context);
        bool addedTo = network.Connections.Any(c => c.Target.Population == population.Name
            && c.Synapse.OnPre.Concat(c.Synapse.OnPost).Any(s => s.Owner == VariableOwner.Post && s.Target.Builtin == Builtin.Input))
            || network.Convolutions.Any(c => c.Target == population.Name);
        var model = Resolve(population.Model!, addedTo);
        var aliases = model.Aliases.ToDictionary(a => a.Symbol.Name, a => a.Value, StringComparer.Ordinal);
        BoundExpression Expand(BoundExpression e) => e.ExpandAliases(aliases);
        bool Vectorizable(IEnumerable<BoundExpression> expressions) => expressions.Select(Expand).All(ExpressionFacts.IsVectorizable);

        var checks = ValueChecks.CheckNeurons(context, population, population.Model!, parameters);
        if (model.Refractory is { } refractoryPeriod && ExpressionFacts.References(new[] { Expand(refractoryPeriod) }).Any(n => model.State.Any(s => s.Symbol.Name == n)))
        {
            context.ReportUnsupported(model.FilePath, refractoryPeriod.Span, "a refractory period that depends on state variables; use parameters");
        }

        var update = Update(model, parameters, Expand);
        // What the update evaluates per neuron and step (for an exact update, only the drive that changes).
        var updateExpressions = update switch
        {
            ExactUpdatePlan exact => exact.Forcing.Where(f => f is not null && !exact.ForcingConstant).Select(f => f!).ToList(),
            _ => model.Equations.Where(e => !e.EventDriven).Select(e => e.Rhs).Concat(model.Update.Select(s => s.Value)).ToList(),
        };
        var regularly = network.Regularly.Where(r => r.Target.Population == population.Name).Select(r => new RegularlyPlan(
            context.Text(network.FilePath, r.Span), r.Steps,
            r.Target.StartValue is null ? null : r.Target.Start, r.Target.EndValue is null ? null : r.Target.End,
            r.Statements.ToEquatableArray())).ToEquatableArray();
        var kernelExpressions = model.Equations.Select(e => e.Rhs)
            .Concat(model.Aliases.Select(a => a.Value))
            .Concat(model.Update.Select(s => s.Value))
            .Concat(model.Reset.Select(s => s.Value))
            .Concat(regularly.SelectMany(r => r.Statements).Select(s => s.Value))
            .Concat(model.Threshold is null ? Array.Empty<BoundExpression>() : new[] { model.Threshold })
            .ToList();

        // A threshold that reads the summed input must see the step's input, which the update kernel reads and clears:
        // it then runs in that kernel (fused), whether or not that costs the update its vectors.
        bool thresholdReadsInput = model.Threshold is { } t && (Expand(t).Uses(Builtin.Input) || Expand(t).Uses(Builtin.GatedInput));
        bool readsInput = thresholdReadsInput || updateExpressions.Select(Expand).Any(e => e.Uses(Builtin.Input) || e.Uses(Builtin.GatedInput));
        var input = readsInput ? InputUse.Read : addedTo || kernelExpressions.Any(e => e.Uses(Builtin.Input)) ? InputUse.Cleared : InputUse.None;

        bool hasLoop = update.Changed.Count > 0 || input != InputUse.None;
        // Exponential Euler solves each equation with exprel, which has no vector form.
        bool updateVectorizable = Vectorizable(updateExpressions) && model.Method != IntegrationMethod.ExponentialEuler;
        bool fuses = model.Threshold is { } threshold && hasLoop
            && (thresholdReadsInput || updateVectorizable == Vectorizable(updateExpressions.Append(threshold)));

        var learned = network.Train?.Learned.Select(l => l.Name).Distinct().ToList() ?? new List<string>();
        var parameterPlans = parameters.Ordered.Select(p => new ParameterPlan(p.Name, p.Value, parameters.Heterogeneous.Contains(p.Name),
            learned.Contains(p.Name) && !parameters.Heterogeneous.Contains(p.Name), Unit(model.Parameters.First(d => d.Symbol.Name == p.Name).Symbol))).ToEquatableArray();
        StatePlan StateOf(BoundVariableDeclaration s) => new(s.Symbol.Name,
            population.Overrides.TryGetValue(s.Symbol.Name, out var o) ? o : s.Value, Unit(s.Symbol), s.Symbol.IsShared);
        // Per-neuron state has an array; shared state a scalar; a linked variable nothing of its own.
        var state = model.State.Where(s => !s.Symbol.IsShared && !s.Symbol.IsLinked).Select(StateOf).ToEquatableArray();
        var sharedState = model.State.Where(s => s.Symbol.IsShared).Select(StateOf).ToEquatableArray();
        var links = population.Links.Select(l => new LinkPlan(l.Variable.Name, l.Source, Naming.Member(l.Source), l.SourceVariable.Name,
            l.SourceVariable.IsShared, l.Broadcast, context.Text(network.FilePath, l.Span))).ToEquatableArray();
        ReportSharedReadingPerNeuronParameters(context, population, model, parameters);

        var refractory = model.Refractory is { } period
            ? new RefractoryPlan(period, context.Text(model.FilePath, period.Span), parameters.VariesPerElement(period),
                model.Equations.Where(e => e.UnlessRefractory).Select(e => e.Variable.Name).ToEquatableArray())
            : null;
        // Tools describe the model as written, whatever this population feeds it.
        var dynamics = NeuronDynamicsAnalysis.Analyze(population.Model!, out string? notAffine);

        bool recordsSpikes = network.Records.Any(r => r.Kind == RecordKind.Spikes && r.Population == population.Name);
        int real = network.DoublePrecision ? 8 : 4;
        int bytesPerNeuron = real * (state.Count + parameterPlans.Count(p => p.Heterogeneous) + (input == InputUse.None ? 0 : 1)
                + (update is ExactUpdatePlan { Heterogeneous: true } exactPerNeuron ? exactPerNeuron.Fields().Count() : 0))
            + sizeof(int) // the spike list
            + (refractory is null ? 0 : real * (refractory.Heterogeneous ? 2 : 1))
            + (recordsSpikes ? sizeof(int) : 0);
        return new NeuronPopulationPlan(
            population.Name, Naming.Member(population.Name), typeName,
            NetworkLowering.Size(context, population), recordsSpikes,
            kernelExpressions.Any(e => e.UsesRandom()) ? stream : null,
            Header(context, population, model).ToEquatableArray(),
            context.Location(network.FilePath, population.Span), bytesPerNeuron,
            model.Name,
            parameterPlans,
            state,
            new EquatableMap<BoundExpression>(aliases),
            update,
            fuses ? Vectorizable(updateExpressions.Append(model.Threshold!)) : updateVectorizable,
            model.Threshold,
            model.Threshold is null ? null : context.Text(model.FilePath, model.Threshold.Span),
            fuses,
            model.Threshold is not null && Vectorizable(new[] { model.Threshold }),
            model.Reset.ToEquatableArray(),
            refractory,
            input,
            network.Records.Where(r => r.Kind == RecordKind.State && r.Population == population.Name).Select(r => r.Variable!).Distinct().ToEquatableArray(),
            parameterPlans.Where(p => p.Learned).Select(p => p.Name).ToEquatableArray(),
            string.Join("\n", model.Equations.Select(e => context.Text(model.FilePath, e.Span)).Concat(model.Update.Select(s => context.Text(model.FilePath, s.Span)))),
            model.IsDiscrete ? "discrete" : model.Method switch
            {
                IntegrationMethod.Exact => "exact",
                IntegrationMethod.Euler => "euler",
                IntegrationMethod.RungeKutta4 => "rk4",
                IntegrationMethod.Heun => "heun",
                IntegrationMethod.ExponentialEuler => "exponential_euler",
                _ => "rk2",
            },
            dynamics,
            dynamics is null ? $"{model.Name}: {notAffine}" : null,
            checks,
            regularly)
        {
            SharedState = sharedState,
            Links = links,
        };
    }

    /// <summary>
    /// A shared alias may read parameters, but only while they are one value for the population: a population that sets one
    /// per neuron (<c>p = i / N</c>) makes the alias differ per neuron, which is reported where that value is written.
    /// </summary>
    private static void ReportSharedReadingPerNeuronParameters(LoweringContext context, PopulationModel population, NeuronModel model, PopulationParameters parameters)
    {
        var aliases = model.Aliases.ToDictionary(a => a.Symbol.Name, a => a.Value, StringComparer.Ordinal);
        foreach (var alias in model.Aliases.Where(a => a.Symbol.IsShared))
        {
            foreach (var name in alias.Value.ExpandAliases(aliases).Variables().Where(v => v.Symbol.Kind == VariableKind.Parameter).Select(v => v.Symbol.Name).Distinct())
            {
                if (parameters.Heterogeneous.Contains(name))
                {
                    var (path, span) = population.Overrides.TryGetValue(name, out var written)
                        ? (context.Network.FilePath, written.Span)
                        : (model.FilePath, model.Parameters.First(p => p.Symbol.Name == name).Value.Span);
                    context.Report(Diagnostics.DiagnosticDescriptors.SharedValueVaries, path, span,
                        $"Shared alias '{alias.Symbol.Name}' of population '{population.Name}'", $"parameter '{name}', set per neuron here");
                }
            }
        }
    }

    /// <summary>
    /// The model as this population runs it. The summed input is 0 when no connection adds to it, so its
    /// propagator folds the drive into a constant; and an equation held while refractory reads the input
    /// gated (<see cref="Builtin.GatedInput"/>): what arrived while the neuron was refractory is dropped, as
    /// Brian2 drops writes to a variable flagged (unless refractory).
    /// </summary>
    private static NeuronModel Resolve(NeuronModel model, bool addedTo)
    {
        var zero = new BoundLiteral(0, Binding.ValueType.Number(null), default);
        BoundExpression Input(BoundExpression e, bool held) => WithoutZeroTerms(e.Substitute(v => v.Symbol.Builtin != Builtin.Input ? null
            : !addedTo ? zero
            : held ? new BoundVariable(Builtins.Symbol(Builtin.GatedInput), v.Owner, v.Span)
            : null));
        var aliases = model.Aliases.ToDictionary(a => a.Symbol.Name, a => a.Value, StringComparer.Ordinal);
        var equations = model.Equations.Select(e => e with
        {
            Rhs = Input(e.UnlessRefractory && model.Refractory is not null ? e.Rhs.ExpandAliases(aliases) : e.Rhs, e.UnlessRefractory && model.Refractory is not null),
        }).ToList();
        return model with
        {
            Equations = equations,
            Aliases = model.Aliases.Select(a => a with { Value = Input(a.Value, false) }).ToList(),
            Continuous = model.Continuous is { Matrix: not null, Forcing: { } forcing } system
                ? system with
                {
                    Forcing = forcing.Select((f, c) => f is null ? null : Input(f, equations.First(e => e.Variable.Name == system.Variables[c].Name && !e.EventDriven) is { UnlessRefractory: true } && model.Refractory is not null)).ToEquatableArray(),
                }
                : model.Continuous,
            Update = model.Update.Select(s => s with { Value = Input(s.Value, false) }).ToList(),
            Reset = model.Reset.Select(s => s with { Value = Input(s.Value, false) }).ToList(),
            Threshold = model.Threshold is null ? null : Input(model.Threshold, false),
        };
    }

    /// <summary>The expression with the terms that a literal 0 cancels removed (x + 0·c is x), so an input that is never written costs nothing.</summary>
    private static BoundExpression WithoutZeroTerms(BoundExpression expression)
    {
        static bool IsZero(BoundExpression e) => e is BoundLiteral { Value: 0 };
        switch (expression)
        {
            case BoundBinary binary:
                var left = WithoutZeroTerms(binary.Left);
                var right = WithoutZeroTerms(binary.Right);
                return binary.Operator switch
                {
                    BinaryOperator.Multiply when IsZero(left) || IsZero(right) => IsZero(left) ? left : right,
                    BinaryOperator.Divide when IsZero(left) => left,
                    BinaryOperator.Add when IsZero(right) => left,
                    BinaryOperator.Add when IsZero(left) => right,
                    BinaryOperator.Subtract when IsZero(right) => left,
                    _ => binary with { Left = left, Right = right },
                };
            case BoundUnary unary:
                return unary with { Operand = WithoutZeroTerms(unary.Operand) };
            case BoundCall call:
                return call with { Arguments = call.Arguments.Select(WithoutZeroTerms).ToEquatableArray() };
            default:
                return expression;
        }
    }

    private static UpdatePlan Update(NeuronModel model, PopulationParameters parameters, Func<BoundExpression, BoundExpression> expand)
    {
        if (model.IsDiscrete)
        {
            return new DiscreteUpdatePlan(model.Update.ToEquatableArray(), model.Update.Select(s => s.Target.Name).Distinct().ToEquatableArray());
        }
        if (model.Continuous is not { } system)
        {
            return new NoUpdatePlan();
        }
        var variables = system.Variables.Select(v => v.Name).ToEquatableArray();
        if (model.Method == IntegrationMethod.Exact && system is { Kind: OdeKind.Linear, Matrix: { } matrix, Forcing: { } forcing })
        {
            var reach = Reachability(matrix);
            return new ExactUpdatePlan(variables, matrix, forcing,
                Enumerable.Range(0, variables.Count).Select(r => Enumerable.Range(0, variables.Count).Select(c => reach[r, c]).ToEquatableArray()).ToEquatableArray(),
                matrix.SelectMany(row => row).Any(c => c is not null && !parameters.IsRunConstant(expand(c))),
                forcing.All(f => f is null || parameters.IsRunConstant(expand(f))));
        }
        var rhs = variables.Select(v => model.Equations.First(e => e.Variable.Name == v && !e.EventDriven).Rhs).ToEquatableArray();
        return new NumericalUpdatePlan(model.Method, variables, rhs, system.NonlinearReason)
        {
            Noises = rhs.SelectMany(r => expand(r).Noises()).Distinct().ToEquatableArray(),
            Linear = model.Method == IntegrationMethod.ExponentialEuler ? ExponentialEuler(variables, rhs, model) : null,
        };
    }

    /// <summary>Each right-hand side as Constant + Rate·x in its own variable x (binding has checked that it is).</summary>
    private static EquatableArray<LinearRhsPlan> ExponentialEuler(EquatableArray<string> variables, EquatableArray<BoundExpression> rhs, NeuronModel model) =>
        ExponentialEuler(variables, rhs, model.Aliases.ToDictionary(a => a.Symbol.Name, a => a.Value, StringComparer.Ordinal));

    /// <summary>The same for any model's equations (a synapse's clock-driven ones too), given its aliases.</summary>
    internal static EquatableArray<LinearRhsPlan> ExponentialEuler(EquatableArray<string> variables, EquatableArray<BoundExpression> rhs,
        IReadOnlyDictionary<string, BoundExpression> aliases)
    {
        return variables.Select((v, r) =>
        {
            var form = LinearForm.Decompose(rhs[r], new HashSet<string>(StringComparer.Ordinal) { v }, aliases, out _, conditional: true)!;
            return new LinearRhsPlan(form.Constant, form.Coefficients.TryGetValue(v, out var rate) ? rate : null);
        }).ToEquatableArray();
    }

    /// <summary>
    /// Which entries of exp(A·dt) can be non-zero: entry (r, c) when variable r depends on c through a
    /// chain of non-zero coefficients. Kernels skip the structural zeros.
    /// </summary>
    public static bool[,] Reachability(EquatableArray<EquatableArray<BoundExpression?>> matrix)
    {
        int k = matrix.Count;
        var reach = new bool[k, k];
        for (int r = 0; r < k; r++)
        {
            reach[r, r] = true;
            for (int c = 0; c < k; c++)
            {
                reach[r, c] |= matrix[r][c] is not null;
            }
        }
        for (int m = 0; m < k; m++)
        {
            for (int r = 0; r < k; r++)
            {
                for (int c = 0; c < k; c++)
                {
                    reach[r, c] |= reach[r, m] && reach[m, c];
                }
            }
        }
        return reach;
    }

    /// <summary>The population as written, for the generated file's header: its equations and the discretization chosen, with the reason.</summary>
    private static IEnumerable<string> Header(LoweringContext context, PopulationModel population, NeuronModel model)
    {
        yield return $"Population {population.Name}: {NetworkLowering.Size(context, population).Describe()} × {model.Name}";
        foreach (var equation in model.Equations)
        {
            yield return "  " + context.Text(model.FilePath, equation.Span);
        }
        foreach (var alias in model.Aliases)
        {
            yield return $"  {alias.Symbol.Name} = {context.Text(model.FilePath, alias.Value.Span)}{(alias.Symbol.IsShared ? " (shared)" : "")}";
        }
        foreach (var link in population.Links)
        {
            yield return $"  linked: {context.Text(context.Network.FilePath, link.Span)} ({(link.Broadcast ? "one value, read by every neuron" : "neuron i reads source neuron i")})";
        }
        foreach (var statement in model.Update)
        {
            yield return $"  update: {context.Text(model.FilePath, statement.Span)}";
        }
        if (model.Threshold is { } threshold)
        {
            yield return $"  threshold {context.Text(model.FilePath, threshold.Span)}";
        }
        foreach (var statement in model.Reset)
        {
            yield return $"  reset: {context.Text(model.FilePath, statement.Span)}";
        }
        if (model.Refractory is { } refractory)
        {
            yield return $"  refractory {context.Text(model.FilePath, refractory.Span)}";
        }
        foreach (var line in Discretization(model))
        {
            yield return "  " + line;
        }
    }

    /// <summary>The discretization the compiler chose, and why.</summary>
    private static IEnumerable<string> Discretization(NeuronModel model)
    {
        if (model.IsDiscrete)
        {
            yield return "Discretization: none needed, the update map runs once per step, statements in order.";
            yield break;
        }
        if (model.Continuous is not { } system)
        {
            yield return "Discretization: none, the model has no equations.";
            yield break;
        }
        switch (model.Method)
        {
            case IntegrationMethod.Exact:
                yield return "Discretization: exact. The equations are linear with constant coefficients, dx/dt = A·x + b,";
                yield return "so x(t + dt) = P·x(t) + Q·b with P = exp(A·dt) and Q = ∫₀^dt exp(A·s) ds, computed once at";
                yield return "construction from the parameters (b, which holds the synaptic input, is constant over a step).";
                break;
            case IntegrationMethod.Euler when model.Equations.Any(e => e.Rhs.Noises().Count > 0):
                yield return "Discretization: Euler-Maruyama, x(t + dt) = x + dt·f(x) + g(x)·z·sqrt(dt) for dx/dt = f(x) + g(x)·xi,";
                yield return "with z a standard normal draw per neuron, step and noise name (xi = z / sqrt(dt)).";
                break;
            case IntegrationMethod.Euler:
                yield return "Discretization: forward Euler, x(t + dt) = x + dt·f(x).";
                break;
            case IntegrationMethod.Heun:
                yield return "Discretization: Heun, k1 = f(x), k2 = f(x + dt·k1), x(t + dt) = x + dt/2·(k1 + k2); with white noise";
                yield return "the stochastic Heun scheme (Stratonovich), both stages seeing the same draw z (xi = z / sqrt(dt)).";
                break;
            case IntegrationMethod.ExponentialEuler:
                yield return "Discretization: exponential Euler, each dx/dt = A + B·x (A, B at the start of the step) solved exactly:";
                yield return "x(t + dt) = x + dt·(A + B·x)·exprel(B·dt), where exprel(y) = (e^y − 1)/y.";
                break;
            case IntegrationMethod.RungeKutta4:
                yield return "Discretization: classical Runge-Kutta 4, x(t + dt) = x + dt/6·(k1 + 2·k2 + 2·k3 + k4).";
                break;
            default:
                yield return "Discretization: Runge-Kutta 2 (midpoint), k1 = f(x), k2 = f(x + dt/2·k1), x(t + dt) = x + dt·k2.";
                break;
        }
        if (system.Kind == OdeKind.Nonlinear)
        {
            yield return $"(not exact because {system.NonlinearReason})";
        }
    }

    /// <summary>How a variable's unit reads in the generated documentation.</summary>
    public static string Unit(VariableSymbol symbol) =>
        symbol.Dimension is { } d ? (d.IsDimensionless ? "units of 1" : "SI units: " + d.Describe()) : "SI units";
}
