using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;
using static SpikeLang.Compiler.Lowering.Training.Differentiation;

namespace SpikeLang.Compiler.Lowering.Training;

/// <summary>
/// Lowers one trained population's model into a <see cref="LayerPlan"/>: the update composed into one
/// map per state, the threshold's distance and the reset, each differentiated symbolically at build time.
/// </summary>
internal static class LayerLowering
{
    /// <summary>The layer, or null after reporting why <paramref name="population"/> cannot be trained.</summary>
    public static LayerPlan? Lower(LoweringContext context, PopulationModel population, TrainModel train)
    {
        var model = population.Model!;
        string networkFile = context.Network.FilePath;
        using var use = context.UsedAt(networkFile, population.Span, population.Overrides);
        bool ok = true;
        void Unsupported(TextSpan span, string what, string path)
        {
            context.ReportUntrainable(path, span, what);
            ok = false;
        }

        if (!model.IsDiscrete && (model.Method != IntegrationMethod.Exact || model.Continuous is not { Matrix: not null, Forcing: not null }))
        {
            Unsupported(population.Span, $"training population '{population.Name}': its model '{model.Name}' is integrated with {model.Method}, and training differentiates exact linear propagators or discrete 'update' maps (write the model's update map, for example 'mem = beta * mem + input')", networkFile);
            return null;
        }
        if (model.Refractory is not null)
        {
            Unsupported(model.Refractory.Span, $"a refractory period in the trained model '{model.Name}'", model.FilePath);
        }

        // Parameters: constant, one value per layer.
        var overrides = population.Overrides;
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var parameters = new List<NamedValue>();
        BoundExpression WithParameters(BoundExpression e) =>
            e.Substitute(v => v.Symbol.Kind == VariableKind.Parameter && values.TryGetValue(v.Symbol.Name, out var known) ? Literal(known) : null);
        foreach (var (name, value) in new PopulationParameters(model.Parameters, overrides).Ordered)
        {
            if (ConstantEvaluator.TryEvaluate(WithParameters(value)) is not { } constant)
            {
                Unsupported(value.Span, $"parameter '{name}' of trained population '{population.Name}' is not one constant (training needs one value per layer)", overrides.ContainsKey(name) ? networkFile : model.FilePath);
                continue;
            }
            values[name] = constant;
            parameters.Add(new NamedValue(name, constant));
        }
        var learned = train.Learned.Select(l => l.Name).Where(values.ContainsKey).Distinct().ToList();
        if (!model.IsDiscrete && learned.Count > 0)
        {
            Unsupported(train.Learned.First(l => learned.Contains(l.Name)).Span, $"learning '{learned[0]}' of the continuous model '{model.Name}' (its propagator is computed once from the parameters; learn parameters of discrete 'update' models)", networkFile);
        }

        var initial = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var state in model.State)
        {
            if (ConstantEvaluator.TryEvaluate(WithParameters(state.Value)) is { } constant)
            {
                initial[state.Symbol.Name] = constant;
            }
            else
            {
                Unsupported(state.Value.Span, $"the initial value of '{state.Symbol.Name}' in trained model '{model.Name}' is not constant (every sample starts from the same state)", model.FilePath);
            }
        }
        var states = model.State.Select(s => s.Symbol.Name).ToList();

        var aliases = model.Aliases.ToDictionary(a => a.Symbol.Name, a => a.Value, StringComparer.Ordinal);
        BoundExpression Expand(BoundExpression e) => e.ExpandAliases(aliases);

        var used = model.Update.Select(s => s.Value).Concat(model.Equations.Select(e => e.Rhs)).Concat(model.Reset.Select(s => s.Value))
            .Concat(model.Threshold is null ? Array.Empty<BoundExpression>() : new[] { model.Threshold });
        foreach (var variable in used.SelectMany(e => Expand(e).Variables()))
        {
            if (variable.Symbol.Kind == VariableKind.Implicit && variable.Symbol.Builtin is not (Builtin.Input or Builtin.TimeStep))
            {
                Unsupported(variable.Span, $"'{variable.Symbol.Name}' in a trained model (the update map may use state, parameters, input and dt)", model.FilePath);
            }
        }
        var driven = model.IsDiscrete ? model.Update.Select(s => s.Value) : model.Equations.Where(e => !e.EventDriven).Select(e => e.Rhs);
        if (!driven.Any(e => Expand(e).Uses(Builtin.Input)))
        {
            Unsupported(model.Span, $"the update of trained model '{model.Name}' never reads 'input', so its layer cannot receive its dense connections", model.FilePath);
        }
        if (!ok)
        {
            return null;
        }

        var propagator = model.IsDiscrete ? null : Propagator(model, values, Expand);
        var update = propagator?.Statements ?? model.Update.ToList();
        bool simultaneous = propagator is not null;

        // f: the update statements composed into one expression per state, in terms of the state before the step.
        var composed = states.ToDictionary(s => s, s => (BoundExpression)StateRef(model, s), StringComparer.Ordinal);
        foreach (var statement in update)
        {
            var value = simultaneous
                ? statement.Value
                : Expand(statement.Value).Substitute(v => v.Symbol.Kind == VariableKind.State ? composed[v.Symbol.Name] : null);
            composed[statement.Target.Name] = Assigned(statement.Operator, composed[statement.Target.Name], value);
        }
        var updateDerivatives = new List<Derivative>();
        foreach (var of in states)
        {
            foreach (var by in states.Append(LayerPlan.Input).Concat(learned))
            {
                var d = Derive(composed[of], Is(by), out var why);
                if (d is null)
                {
                    context.ReportUntrainable(model.FilePath, model.Span, $"differentiating the update of '{model.Name}': {why} has no derivative");
                    return null;
                }
                updateDerivatives.Add(new Derivative(of, by, d));
            }
        }

        // r: the reset statements composed, in terms of u (the state after the update).
        var reset = states.ToDictionary(s => s, s => (BoundExpression)StateRef(model, s), StringComparer.Ordinal);
        foreach (var statement in model.Reset)
        {
            var value = Expand(statement.Value).Substitute(v => v.Symbol.Kind == VariableKind.State ? reset[v.Symbol.Name] : null);
            reset[statement.Target.Name] = Assigned(statement.Operator, reset[statement.Target.Name], value);
        }
        var resetValues = new Dictionary<string, BoundExpression>(StringComparer.Ordinal);
        var resetDerivatives = new List<Derivative>();
        foreach (var target in model.Reset.Select(s => s.Target.Name).Distinct())
        {
            resetValues[target] = reset[target];
            foreach (var by in states.Concat(learned))
            {
                var d = Derive(reset[target], Is(by), out var why);
                if (d is null)
                {
                    context.ReportUntrainable(model.FilePath, model.Span, $"differentiating the reset of '{model.Name}': {why} has no derivative");
                    return null;
                }
                resetDerivatives.Add(new Derivative(target, by, d));
            }
        }

        BoundExpression? distance = null;
        var thresholdDerivatives = new Dictionary<string, BoundExpression>(StringComparer.Ordinal);
        string membrane = states[0];
        if (model.Threshold is { } threshold)
        {
            if (Expand(threshold) is not BoundBinary { Operator: BinaryOperator.Greater or BinaryOperator.GreaterOrEqual or BinaryOperator.Less or BinaryOperator.LessOrEqual } comparison)
            {
                context.ReportUntrainable(model.FilePath, threshold.Span, $"the threshold of trained model '{model.Name}' (training needs one comparison, such as 'v > v_th', whose two sides give the surrogate's argument)");
                return null;
            }
            bool above = comparison.Operator is BinaryOperator.Greater or BinaryOperator.GreaterOrEqual;
            distance = above ? Subtract(comparison.Left, comparison.Right) : Subtract(comparison.Right, comparison.Left);
            foreach (var by in states.Concat(learned))
            {
                var d = Derive(distance, Is(by), out var why);
                if (d is null)
                {
                    context.ReportUntrainable(model.FilePath, threshold.Span, $"differentiating the threshold of '{model.Name}': {why} has no derivative");
                    return null;
                }
                thresholdDerivatives[by] = d;
            }
            membrane = comparison.Variables().FirstOrDefault(v => v.Symbol.Kind == VariableKind.State)?.Symbol.Name ?? membrane;
        }

        var kernelExpressions = update.Select(s => s.Value).Concat(model.Reset.Select(s => s.Value))
            .Concat(model.Threshold is null ? Array.Empty<BoundExpression>() : new[] { model.Threshold })
            .Concat(updateDerivatives.Select(d => d.Value)).Concat(resetDerivatives.Select(d => d.Value)).Concat(thresholdDerivatives.Values);
        return new LayerPlan(
            population.Name,
            model.Name,
            NetworkLowering.Size(context, population),
            states.ToEquatableArray(),
            new EquatableMap<double>(initial),
            parameters.ToEquatableArray(),
            learned.ToEquatableArray(),
            update.ToEquatableArray(),
            simultaneous,
            propagator?.Matrix,
            propagator?.Entries ?? EquatableArray.Empty<PropagatorEntry>(),
            model.Reset.ToEquatableArray(),
            model.Threshold,
            distance,
            new DerivativeTable(updateDerivatives.ToEquatableArray()),
            new EquatableMap<BoundExpression>(resetValues),
            new DerivativeTable(resetDerivatives.ToEquatableArray()),
            new EquatableMap<BoundExpression>(thresholdDerivatives),
            membrane,
            kernelExpressions.All(ExpressionFacts.IsVectorizable));
    }

    private sealed record PropagatorForm(EquatableArray<EquatableArray<double>> Matrix, EquatableArray<PropagatorEntry> Entries, List<BoundAssignment> Statements);

    /// <summary>
    /// The exact update of a linear continuous model as statements over propagator constants, term for
    /// term in the simulator's order (structural zeros of P skipped, as its kernel skips them).
    /// </summary>
    private static PropagatorForm Propagator(NeuronModel model, IReadOnlyDictionary<string, double> parameters, Func<BoundExpression, BoundExpression> expand)
    {
        var system = model.Continuous!;
        int k = system.Variables.Count;
        var a = new double[k][];
        for (int r = 0; r < k; r++)
        {
            a[r] = new double[k];
            for (int c = 0; c < k; c++)
            {
                if (system.Matrix!.Value[r][c] is { } coefficient)
                {
                    var constant = expand(coefficient).Substitute(v => v.Symbol.Kind == VariableKind.Parameter && parameters.TryGetValue(v.Symbol.Name, out var known) ? Literal(known) : null);
                    a[r][c] = ConstantEvaluator.TryEvaluate(constant) ?? double.NaN;
                }
            }
        }
        var reach = NeuronPopulationLowering.Reachability(system.Matrix!.Value);
        var entries = new List<PropagatorEntry>();
        var statements = new List<BoundAssignment>();
        BoundExpression Entry(string name, int r, int c, bool isQ)
        {
            entries.Add(new PropagatorEntry(name, r, c, isQ));
            return new BoundVariable(new VariableSymbol(name, VariableKind.Parameter, null, default), VariableOwner.Self, default);
        }
        for (int r = 0; r < k; r++)
        {
            BoundExpression? sum = null;
            void Term(BoundExpression term) => sum = sum is null ? term : new BoundBinary(BinaryOperator.Add, sum, term, Binding.ValueType.Number(null), default);
            for (int c = 0; c < k; c++)
            {
                if (reach[r, c])
                {
                    Term(new BoundBinary(BinaryOperator.Multiply, Entry($"P_{r}_{c}", r, c, false), StateRef(model, system.Variables[c].Name), Binding.ValueType.Number(null), default));
                }
            }
            for (int c = 0; c < k; c++)
            {
                if (reach[r, c] && system.Forcing!.Value[c] is { } forcing)
                {
                    Term(new BoundBinary(BinaryOperator.Multiply, Entry($"Q_{r}_{c}", r, c, true), expand(forcing), Binding.ValueType.Number(null), default));
                }
            }
            statements.Add(new BoundAssignment(system.Variables[r], VariableOwner.Self, AssignmentOperator.Assign, sum!, default));
        }
        return new PropagatorForm(a.Select(row => row.ToEquatableArray()).ToEquatableArray(), entries.ToEquatableArray(), statements);
    }

    /// <summary>Matches the variable a derivative is taken by: a state, the summed input, or a parameter.</summary>
    private static Func<VariableSymbol, bool> Is(string name) => symbol => name == LayerPlan.Input
        ? symbol.Builtin == Builtin.Input
        : symbol.Name == name && symbol.Kind is VariableKind.State or VariableKind.Parameter;

    private static BoundVariable StateRef(NeuronModel model, string name) =>
        new(model.State.First(s => s.Symbol.Name == name).Symbol, VariableOwner.Self, default);
}
