using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Emit;
using SpikeLang.Compiler.Syntax;
using static SpikeLang.Compiler.Training.Differentiation;

namespace SpikeLang.Compiler.Training;

/// <summary>
/// One trained population's discrete step as a differentiable map, derived at build time from its
/// neuron model: u = f(x, input) (the update statements composed), a spike s = H(h(u)) from the
/// threshold, and the reset x' = s ? r(u) : u. Holds every partial derivative the backward pass needs,
/// as expressions in x (the state before the step), u (after the update) and the layer's parameters.
/// </summary>
internal sealed class LayerStep
{
    private LayerStep(PopulationModel population, NeuronModel model)
    {
        Population = population;
        Model = model;
    }

    public PopulationModel Population { get; }

    public NeuronModel Model { get; }

    /// <summary>State variables in declaration order.</summary>
    public IReadOnlyList<string> States { get; private set; } = Array.Empty<string>();

    /// <summary>Initial value of each state variable (constant: training starts every sample from it).</summary>
    public IReadOnlyDictionary<string, double> Initial { get; private set; } = new Dictionary<string, double>();

    /// <summary>Parameter values in SI units, one per layer, in dependency order.</summary>
    public IReadOnlyList<(string Name, double Value)> Parameters { get; private set; } = Array.Empty<(string, double)>();

    /// <summary>Parameters trained with the weights (<c>learn NAME</c>).</summary>
    public IReadOnlyList<string> Learned { get; private set; } = Array.Empty<string>();

    /// <summary>
    /// The update as the simulator computes it: a discrete model's statements as written (run in order),
    /// or for a continuous model one statement per variable, x_r ← Σ P_rc·x_c + Σ Q_rc·b_c, the exact
    /// propagator (P = exp(A·dt), Q = ∫₀^dt exp(A·s) ds) applied to the old state at once.
    /// </summary>
    public IReadOnlyList<BoundAssignment> Update { get; private set; } = Array.Empty<BoundAssignment>();

    /// <summary>True when the update statements all read the state before the step (a propagator), not each other's results.</summary>
    public bool Simultaneous { get; private set; }

    /// <summary>A of dx/dt = A·x + b with the parameters filled in, for a continuous model; null for a discrete one.</summary>
    public double[,]? SystemMatrix { get; private set; }

    /// <summary>The propagator entries the update uses, as constants computed at construction: name, row, column, P or Q.</summary>
    public IReadOnlyList<(string Name, int Row, int Column, bool IsQ)> PropagatorEntries { get; private set; } = Array.Empty<(string, int, int, bool)>();

    /// <summary>The reset statements as written.</summary>
    public IReadOnlyList<BoundAssignment> Reset => Model.Reset;

    /// <summary>The threshold condition as written, or null for a non-spiking (readout) layer.</summary>
    public BoundExpression? Threshold => Model.Threshold;

    /// <summary>h(u), positive exactly when the threshold condition holds: the surrogate's argument.</summary>
    public BoundExpression? ThresholdDistance { get; private set; }

    /// <summary>∂f_j/∂x_i, ∂f_j/∂input and ∂f_j/∂p for each state j (f_j = x_j when the update leaves j alone).</summary>
    public Dictionary<(string Of, string By), BoundExpression> UpdateDerivatives { get; } = new();

    /// <summary>r_i(u) for each state the reset assigns.</summary>
    public Dictionary<string, BoundExpression> ResetValues { get; } = new(StringComparer.Ordinal);

    /// <summary>∂r_i/∂u_j and ∂r_i/∂p for each reset target i.</summary>
    public Dictionary<(string Of, string By), BoundExpression> ResetDerivatives { get; } = new();

    /// <summary>∂h/∂u_j and ∂h/∂p.</summary>
    public Dictionary<string, BoundExpression> ThresholdDerivatives { get; } = new(StringComparer.Ordinal);

    /// <summary>The state variable read out as the membrane by max_membrane / final_membrane: the one the threshold tests, else the first.</summary>
    public string Membrane { get; private set; } = "";

    /// <summary>The name under which derivatives by the summed input are kept.</summary>
    public const string Input = "input";

    /// <summary>Lowers <paramref name="population"/>'s model, or reports why it cannot be trained and returns null.</summary>
    public static LayerStep? Lower(PopulationModel population, TrainModel train, EmitContext context)
    {
        var model = population.Model!;
        var step = new LayerStep(population, model);
        bool ok = true;
        void Unsupported(Text.TextSpan span, string what, string path)
        {
            context.ReportUntrainable(path, span, what);
            ok = false;
        }

        if (!model.IsDiscrete && (model.Method != IntegrationMethod.Exact || model.Continuous is not { Matrix: not null, Forcing: not null }))
        {
            Unsupported(population.Span, $"training population '{population.Name}': its model '{model.Name}' is integrated with {model.Method}, and training differentiates exact linear propagators or discrete 'update' maps (write the model's update map, for example 'mem = beta * mem + input')", context.Network.FilePath);
            return null;
        }
        if (model.Refractory is not null)
        {
            Unsupported(model.Refractory.Span, $"a refractory period in the trained model '{model.Name}'", model.FilePath);
        }

        // Parameters: constant, one value per layer.
        var overrides = population.Overrides;
        var parameters = new PopulationParameters(model.Parameters, overrides);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var ordered = new List<(string, double)>();
        foreach (var (name, value) in parameters.Ordered)
        {
            var substituted = Substitute(value, v => v.Symbol.Kind == VariableKind.Parameter && values.TryGetValue(v.Symbol.Name, out var known) ? Literal(known) : null);
            if (ConstantEvaluator.TryEvaluate(substituted) is not { } constant)
            {
                Unsupported(value.Span, $"parameter '{name}' of trained population '{population.Name}' is not one constant (training needs one value per layer)", overrides.ContainsKey(name) ? context.Network.FilePath : model.FilePath);
                continue;
            }
            values[name] = constant;
            ordered.Add((name, constant));
        }
        step.Parameters = ordered;
        step.Learned = train.Learned.Select(l => l.Name).Where(values.ContainsKey).Distinct().ToList();
        if (!model.IsDiscrete && step.Learned.Count > 0)
        {
            Unsupported(train.Learned.First(l => step.Learned.Contains(l.Name)).Span, $"learning '{step.Learned[0]}' of the continuous model '{model.Name}' (its propagator is computed once from the parameters; learn parameters of discrete 'update' models)", context.Network.FilePath);
        }

        var initial = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var state in model.State)
        {
            var substituted = Substitute(state.Value, v => v.Symbol.Kind == VariableKind.Parameter && values.TryGetValue(v.Symbol.Name, out var known) ? Literal(known) : null);
            if (ConstantEvaluator.TryEvaluate(substituted) is { } constant)
            {
                initial[state.Symbol.Name] = constant;
            }
            else
            {
                Unsupported(state.Value.Span, $"the initial value of '{state.Symbol.Name}' in trained model '{model.Name}' is not constant (every sample starts from the same state)", model.FilePath);
            }
        }
        step.Initial = initial;
        step.States = model.State.Select(s => s.Symbol.Name).ToList();

        var aliases = model.Aliases.ToDictionary(a => a.Symbol.Name, a => a.Value, StringComparer.Ordinal);
        BoundExpression Expand(BoundExpression e) =>
            Substitute(e, v => v.Symbol.Kind == VariableKind.Alias && aliases.TryGetValue(v.Symbol.Name, out var value) ? Expand(value) : null);

        foreach (var used in model.Update.Select(s => s.Value).Concat(model.Equations.Select(e => e.Rhs)).Concat(model.Reset.Select(s => s.Value)).Concat(model.Threshold is null ? Array.Empty<BoundExpression>() : new[] { model.Threshold })
                     .SelectMany(e => Expand(e).Variables()))
        {
            if (used.Symbol.Kind == VariableKind.Implicit && used.Symbol.Name is not ("input" or "dt"))
            {
                Unsupported(used.Span, $"'{used.Symbol.Name}' in a trained model (the update map may use state, parameters, input and dt)", model.FilePath);
            }
        }
        var driven = model.IsDiscrete ? model.Update.Select(s => s.Value) : model.Equations.Where(e => !e.EventDriven).Select(e => e.Rhs);
        if (!driven.SelectMany(e => Expand(e).Variables()).Any(v => v.Symbol.Name == "input" && v.Symbol.Kind == VariableKind.Implicit))
        {
            Unsupported(model.Span, $"the update of trained model '{model.Name}' never reads 'input', so its layer cannot receive its dense connections", model.FilePath);
        }
        if (!ok)
        {
            return null;
        }

        if (model.IsDiscrete)
        {
            step.Update = model.Update;
        }
        else
        {
            step.LowerPropagator(values, Expand);
        }

        // f: the update statements composed into one expression per state, in terms of the state before the step.
        var composed = step.States.ToDictionary(s => s, s => (BoundExpression)StateRef(model, s), StringComparer.Ordinal);
        foreach (var statement in step.Update)
        {
            var value = step.Simultaneous
                ? statement.Value
                : Substitute(Expand(statement.Value), v => v.Symbol.Kind == VariableKind.State ? composed[v.Symbol.Name] : null);
            composed[statement.Target.Name] = Assigned(statement.Operator, composed[statement.Target.Name], value);
        }
        var byName = step.States.Concat(new[] { Input }).Concat(step.Learned).ToList();
        foreach (var of in step.States)
        {
            foreach (var by in byName)
            {
                var d = Derive(composed[of], Is(by), out var why);
                if (d is null)
                {
                    Unsupported(model.Span, $"differentiating the update of '{model.Name}': {why} has no derivative", model.FilePath);
                    return null;
                }
                step.UpdateDerivatives[(of, by)] = d;
            }
        }

        // r: the reset statements composed, in terms of u (the state after the update).
        var reset = step.States.ToDictionary(s => s, s => (BoundExpression)StateRef(model, s), StringComparer.Ordinal);
        foreach (var statement in model.Reset)
        {
            var value = Substitute(Expand(statement.Value), v => v.Symbol.Kind == VariableKind.State ? reset[v.Symbol.Name] : null);
            reset[statement.Target.Name] = Assigned(statement.Operator, reset[statement.Target.Name], value);
        }
        foreach (var target in model.Reset.Select(s => s.Target.Name).Distinct())
        {
            step.ResetValues[target] = reset[target];
            foreach (var by in step.States.Concat(step.Learned))
            {
                var d = Derive(reset[target], Is(by), out var why);
                if (d is null)
                {
                    Unsupported(model.Span, $"differentiating the reset of '{model.Name}': {why} has no derivative", model.FilePath);
                    return null;
                }
                step.ResetDerivatives[(target, by)] = d;
            }
        }

        if (model.Threshold is { } threshold)
        {
            if (Expand(threshold) is not BoundBinary { Operator: BinaryOperator.Greater or BinaryOperator.GreaterOrEqual or BinaryOperator.Less or BinaryOperator.LessOrEqual } comparison)
            {
                Unsupported(threshold.Span, $"the threshold of trained model '{model.Name}' (training needs one comparison, such as 'v > v_th', whose two sides give the surrogate's argument)", model.FilePath);
                return null;
            }
            bool above = comparison.Operator is BinaryOperator.Greater or BinaryOperator.GreaterOrEqual;
            var distance = above ? Subtract(comparison.Left, comparison.Right) : Subtract(comparison.Right, comparison.Left);
            step.ThresholdDistance = distance;
            foreach (var by in step.States.Concat(step.Learned))
            {
                var d = Derive(distance, Is(by), out var why);
                if (d is null)
                {
                    Unsupported(threshold.Span, $"differentiating the threshold of '{model.Name}': {why} has no derivative", model.FilePath);
                    return null;
                }
                step.ThresholdDerivatives[by] = d;
            }
            step.Membrane = comparison.Variables().FirstOrDefault(v => v.Symbol.Kind == VariableKind.State)?.Symbol.Name ?? step.States[0];
        }
        else
        {
            step.Membrane = step.States[0];
        }
        return step;
    }

    /// <summary>
    /// The exact update of a linear continuous model as statements over propagator constants, term for
    /// term in the simulator's order (structural zeros of P skipped, as its kernel skips them).
    /// </summary>
    private void LowerPropagator(IReadOnlyDictionary<string, double> parameters, Func<BoundExpression, BoundExpression> expand)
    {
        var system = Model.Continuous!;
        int k = system.Variables.Count;
        var a = new double[k, k];
        for (int r = 0; r < k; r++)
        {
            for (int c = 0; c < k; c++)
            {
                if (system.Matrix![r][c] is { } coefficient)
                {
                    var constant = Substitute(expand(coefficient), v => v.Symbol.Kind == VariableKind.Parameter && parameters.TryGetValue(v.Symbol.Name, out var known) ? Literal(known) : null);
                    a[r, c] = ConstantEvaluator.TryEvaluate(constant) ?? double.NaN;
                }
            }
        }
        SystemMatrix = a;
        var reach = NeuronPopulationEmitter.Reachability(system);
        var entries = new List<(string, int, int, bool)>();
        var statements = new List<BoundAssignment>();
        BoundExpression Entry(string name, int r, int c, bool isQ)
        {
            entries.Add((name, r, c, isQ));
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
                    Term(new BoundBinary(BinaryOperator.Multiply, Entry($"P_{r}_{c}", r, c, false), StateRef(Model, system.Variables[c].Name), Binding.ValueType.Number(null), default));
                }
            }
            for (int c = 0; c < k; c++)
            {
                if (reach[r, c] && system.Forcing![c] is { } forcing)
                {
                    Term(new BoundBinary(BinaryOperator.Multiply, Entry($"Q_{r}_{c}", r, c, true), expand(forcing), Binding.ValueType.Number(null), default));
                }
            }
            statements.Add(new BoundAssignment(system.Variables[r], VariableOwner.Self, AssignmentOperator.Assign, sum!, default));
        }
        PropagatorEntries = entries;
        Update = statements;
        Simultaneous = true;
    }

    /// <summary>Matches the variable a derivative is taken by: a state, the summed input, or a parameter.</summary>
    private static Func<VariableSymbol, bool> Is(string name) => symbol => symbol.Name == name
        && symbol.Kind is VariableKind.State or VariableKind.Parameter || (name == Input && symbol.Kind == VariableKind.Implicit && symbol.Name == Input);

    private static BoundVariable StateRef(NeuronModel model, string name)
    {
        var symbol = model.State.First(s => s.Symbol.Name == name).Symbol;
        return new BoundVariable(symbol, VariableOwner.Self, default);
    }
}
