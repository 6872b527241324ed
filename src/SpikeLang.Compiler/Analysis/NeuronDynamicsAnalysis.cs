using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Analysis;

/// <summary>
/// Writes a neuron model's dynamics as matrices when they are affine in the state and the summed
/// input, for tools that translate networks into other formats (NIR, neuromorphic chips). Unlike
/// <see cref="OdeClassifier"/>, which asks whether exp(A·dt) can integrate the equations, this asks
/// whether A, B and c exist at all: it treats <c>input</c> as a variable, covers discrete update maps,
/// and covers every state variable, including those only events change.
/// </summary>
internal static class NeuronDynamicsAnalysis
{
    private static readonly string InputName = Builtins.Name(Builtin.Input);

    /// <summary>The affine form of <paramref name="model"/>, or null with the reason it has none.</summary>
    public static AffineDynamics? Analyze(NeuronModel model, out string? reason)
    {
        // Neither has a value per neuron that the matrices could hold: a linked variable is another population's, a
        // shared one is the population's and changes when the host or run_regularly sets it.
        if (model.State.FirstOrDefault(s => s.Symbol.IsLinked || s.Symbol.IsShared)?.Symbol is { } special)
        {
            reason = special.IsLinked
                ? $"'{special.Name}' is a linked variable (linked_var), read from another population each step"
                : $"'{special.Name}' is a shared variable, one value for the population that the host and run_regularly may change";
            return null;
        }
        var aliases = model.Aliases.ToDictionary(a => a.Symbol.Name, a => a.Value);
        var variables = model.State.Select(s => s.Symbol).ToList();
        var names = new HashSet<string>(variables.Select(v => v.Name)) { InputName };

        // The right-hand side of each variable's equation (continuous) or its value after the update
        // map (discrete), over the state at the start of the step; null means dx/dt = 0 or x' = x.
        var right = model.IsDiscrete ? ComposeUpdate(model, aliases) : model.Equations
            .Where(e => !e.EventDriven)
            .ToDictionary(e => e.Variable.Name, e => e.Rhs.ExpandAliases(aliases));

        var matrix = new List<EquatableArray<BoundExpression?>>();
        var constant = new List<BoundExpression?>();
        var input = new List<BoundExpression?>();
        foreach (var variable in variables)
        {
            string equation = model.IsDiscrete ? $"the update of '{variable.Name}'" : $"d{variable.Name}/dt";
            if (!right.TryGetValue(variable.Name, out var rhs))
            {
                matrix.Add(new EquatableArray<BoundExpression?>(variables.Select(v => model.IsDiscrete && v.Name == variable.Name ? One(v) : null)));
                constant.Add(null);
                input.Add(null);
                continue;
            }
            var form = LinearForm.Decompose(rhs, names, new Dictionary<string, BoundExpression>(), out string? why);
            if (form is null)
            {
                reason = $"{equation} is not affine in the state: {why}";
                return null;
            }
            var parts = form.Coefficients.Values.Concat(form.Constant is null ? Enumerable.Empty<BoundExpression>() : new[] { form.Constant });
            if (parts.Select(FirstVarying).FirstOrDefault(v => v is not null) is { } varying)
            {
                reason = $"{equation} is not affine with fixed coefficients: it uses {varying}";
                return null;
            }
            matrix.Add(new EquatableArray<BoundExpression?>(variables.Select(v => form.Coefficients.TryGetValue(v.Name, out var c) ? c : null)));
            constant.Add(form.Constant);
            input.Add(form.Coefficients.TryGetValue(InputName, out var b) ? b : null);
        }

        reason = null;
        var held = model.Equations.Where(e => e.UnlessRefractory && !e.EventDriven).Select(e => e.Variable.Name).ToList();
        var refractory = model.Refractory is null ? null : model.Refractory.ExpandAliases(aliases);
        if (refractory is not null && (Mentions(refractory, names) || FirstVarying(refractory) is not null))
        {
            reason = "the refractory period changes during a run";
            return null;
        }
        return new AffineDynamics(model.IsDiscrete, new EquatableArray<VariableSymbol>(variables), new EquatableArray<EquatableArray<BoundExpression?>>(matrix),
            new EquatableArray<BoundExpression?>(constant), new EquatableArray<BoundExpression?>(input), new EquatableArray<string>(held), refractory,
            Threshold(model, aliases, names), Reset(model, aliases, names));
    }

    /// <summary>
    /// Runs the update statements symbolically, in order, so later statements see earlier assignments:
    /// the result gives each assigned variable's new value in terms of the values at the step's start.
    /// </summary>
    private static Dictionary<string, BoundExpression> ComposeUpdate(NeuronModel model, IReadOnlyDictionary<string, BoundExpression> aliases)
    {
        var current = new Dictionary<string, BoundExpression>();
        foreach (var statement in model.Update)
        {
            var value = Substitute(statement.Value.ExpandAliases(aliases), current);
            var target = current.TryGetValue(statement.Target.Name, out var before)
                ? before
                : new BoundVariable(statement.Target, VariableOwner.Self, statement.Span);
            current[statement.Target.Name] = statement.Operator switch
            {
                AssignmentOperator.Assign => value,
                AssignmentOperator.AddAssign => Binary(BinaryOperator.Add, target, value),
                AssignmentOperator.SubtractAssign => Binary(BinaryOperator.Subtract, target, value),
                AssignmentOperator.MultiplyAssign => Binary(BinaryOperator.Multiply, target, value),
                _ => Binary(BinaryOperator.Divide, target, value),
            };
        }
        return current;
    }

    private static AffineThreshold? Threshold(NeuronModel model, IReadOnlyDictionary<string, BoundExpression> aliases, ISet<string> names)
    {
        if (model.Threshold is null || model.Threshold.ExpandAliases(aliases) is not BoundBinary comparison)
        {
            return null;
        }
        var (variable, value, inclusive) = comparison.Operator switch
        {
            BinaryOperator.Greater => (comparison.Left, comparison.Right, false),
            BinaryOperator.GreaterOrEqual => (comparison.Left, comparison.Right, true),
            BinaryOperator.Less => (comparison.Right, comparison.Left, false),
            BinaryOperator.LessOrEqual => (comparison.Right, comparison.Left, true),
            _ => (null, null, false),
        };
        return variable is BoundVariable { Owner: VariableOwner.Self, Symbol.Kind: VariableKind.State } state && IsConstant(value!, names)
            ? new AffineThreshold(state.Symbol.Name, inclusive, value!)
            : null;
    }

    private static EquatableArray<AffineReset>? Reset(NeuronModel model, IReadOnlyDictionary<string, BoundExpression> aliases, ISet<string> names)
    {
        var reset = new List<AffineReset>();
        foreach (var statement in model.Reset)
        {
            var value = statement.Value.ExpandAliases(aliases);
            if (statement.Owner != VariableOwner.Self || statement.Target.Kind != VariableKind.State || !IsConstant(value, names))
            {
                return null;
            }
            switch (statement.Operator)
            {
                case AssignmentOperator.Assign:
                    reset.Add(new AffineReset(statement.Target.Name, false, value));
                    break;
                case AssignmentOperator.AddAssign:
                    reset.Add(new AffineReset(statement.Target.Name, true, value));
                    break;
                case AssignmentOperator.SubtractAssign:
                    reset.Add(new AffineReset(statement.Target.Name, true, new BoundUnary(UnaryOperator.Negate, value, value.Type, value.Span)));
                    break;
                default:
                    return null;
            }
        }
        return new EquatableArray<AffineReset>(reset);
    }

    /// <summary>True when the expression is fixed for each neuron during a run: no state, input, time or noise.</summary>
    private static bool IsConstant(BoundExpression expression, ISet<string> names) =>
        !Mentions(expression, names) && FirstVarying(expression) is null;

    private static bool Mentions(BoundExpression expression, ISet<string> names) =>
        expression.Variables().Any(v => v.Owner == VariableOwner.Self && names.Contains(v.Symbol.Name));

    /// <summary>What makes a coefficient change during a run (the time, random noise), described for a message; else null.</summary>
    private static string? FirstVarying(BoundExpression expression) => expression switch
    {
        BoundVariable { Symbol.Builtin: Builtin.Time } => "the time t",
        BoundVariable { Symbol.Builtin: Builtin.NotRefractory or Builtin.LastSpike } v => $"the neuron's refractory state ({v.Symbol.Name})",
        BoundVariable { Symbol.Builtin: Builtin.Noise } v => $"white noise ({v.Symbol.Name})",
        BoundCall call when BuiltinFunctions.Info(call.Function).IsRandom => $"random noise ({BuiltinFunctions.Info(call.Function).Name}())",
        BoundCall call => call.Arguments.Select(FirstVarying).FirstOrDefault(v => v is not null),
        BoundUnary unary => FirstVarying(unary.Operand),
        BoundBinary binary => FirstVarying(binary.Left) ?? FirstVarying(binary.Right),
        _ => null,
    };

    /// <summary>The expression with state variables replaced by what the update has assigned them so far.</summary>
    private static BoundExpression Substitute(BoundExpression expression, IReadOnlyDictionary<string, BoundExpression> current) =>
        expression.Substitute(v => v is { Owner: VariableOwner.Self, Symbol.Kind: VariableKind.State } && current.TryGetValue(v.Symbol.Name, out var value) ? value : null);

    private static BoundExpression One(VariableSymbol at) => new BoundLiteral(1, ValueType.Number(Units.Dimension.None), at.DeclarationSpan);

    private static BoundExpression Binary(BinaryOperator op, BoundExpression left, BoundExpression right) =>
        new BoundBinary(op, left, right, left.Type, left.Span.Union(right.Span));
}
