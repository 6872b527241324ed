using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SpikeLang.Compiler.Analysis;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Text;
using SpikeLang.Compiler.Units;

namespace SpikeLang.Compiler.Lowering;

/// <summary>
/// The checks a population's values get once its overrides are known: a parameter is checked whether it
/// is declared in the model or set by the population (<c>Lif(t_ref = -2 ms)</c>), at the place its value
/// is written. Values that are constants (literals and network parameters at their defaults) are checked
/// here; those that differ per neuron are checked by the generated constructor.
/// </summary>
internal static class ValueChecks
{
    /// <summary>Checks the population's constant values; returns what the generated constructor must check instead.</summary>
    public static ConstructionChecks CheckNeurons(LoweringContext context, PopulationModel population, NeuronModel model, PopulationParameters parameters)
    {
        var network = context.Network;
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var aliases = model.Aliases.ToDictionary(a => a.Symbol.Name, a => a.Value, StringComparer.Ordinal);
        double? Evaluate(BoundExpression e) => context.Evaluate(e.ExpandAliases(aliases), s =>
            s.Kind == VariableKind.Parameter && values.TryGetValue(s.Name, out double v) ? v : s.Builtin == Builtin.TimeStep ? network.Dt : null);
        // Values that use network parameters are checked here at their defaults, and by the constructor for the values it is given.
        var fixedParameters = new HashSet<string>(StringComparer.Ordinal);
        bool Fixed(BoundExpression e) => e.ExpandAliases(aliases).Variables().All(v =>
            v.Symbol.Kind is VariableKind.Constant || v.Symbol.Builtin == Builtin.TimeStep || (v.Symbol.Kind == VariableKind.Parameter && fixedParameters.Contains(v.Symbol.Name)))
            && !e.UsesRandom();
        (string Path, TextSpan Span) Origin(string parameter) => population.Overrides.TryGetValue(parameter, out var written)
            ? (network.FilePath, written.Span)
            : (model.FilePath, model.Parameters.First(p => p.Symbol.Name == parameter).Value.Span);
        // Where the fault of an expression lies: the first parameter in it that this population sets, else the expression itself.
        (string Path, TextSpan Span) Blame(BoundExpression e, string path) =>
            e.ExpandAliases(aliases).Variables().Select(v => v.Symbol.Name).FirstOrDefault(population.Overrides.ContainsKey) is { } set
                ? Origin(set)
                : (path, e.Span);
        string of = $"of population '{population.Name}'";

        foreach (var (name, value) in parameters.Ordered.Where(p => !parameters.Heterogeneous.Contains(p.Name)))
        {
            if (Evaluate(value) is not { } constant)
            {
                continue;
            }
            var (path, span) = Origin(name);
            if (double.IsNaN(constant) || double.IsInfinity(constant))
            {
                context.Report(DiagnosticDescriptors.NotFinite, path, span, $"Parameter '{name}' {of}", Format(constant));
                continue;
            }
            CheckSingle(context, network, path, span, $"Parameter '{name}' {of}", constant);
            values[name] = constant;
            if (Fixed(value))
            {
                fixedParameters.Add(name);
            }
        }

        foreach (var state in model.State)
        {
            var value = population.Overrides.TryGetValue(state.Symbol.Name, out var o) ? o : state.Value;
            var path = population.Overrides.ContainsKey(state.Symbol.Name) ? network.FilePath : model.FilePath;
            if (Evaluate(value) is { } initial)
            {
                if (double.IsNaN(initial) || double.IsInfinity(initial))
                {
                    context.Report(DiagnosticDescriptors.NotFinite, path, value.Span, $"The initial value of '{state.Symbol.Name}' {of}", Format(initial));
                }
                else
                {
                    CheckSingle(context, network, path, value.Span, $"The initial value of '{state.Symbol.Name}' {of}", initial);
                }
            }
        }

        bool refractoryKnown = model.Refractory is null || Fixed(model.Refractory);
        if (model.Refractory is { } refractory && Evaluate(refractory) is { } period)
        {
            var (path, span) = refractory is BoundVariable { Symbol.Kind: VariableKind.Parameter } p ? Origin(p.Symbol.Name) : Blame(refractory, model.FilePath);
            if (double.IsNaN(period) || double.IsInfinity(period))
            {
                context.Report(DiagnosticDescriptors.NotFinite, path, span, $"The refractory period {of}", Format(period));
            }
            else if (period < 0)
            {
                context.Report(DiagnosticDescriptors.NegativeValue, path, span, $"The refractory period {of}", Format(period, Dimension.TimeDimension));
            }
        }

        bool systemKnown = true;
        if (model.Method == IntegrationMethod.Exact && model.Continuous is { Kind: OdeKind.Linear, Matrix: { } matrix, Forcing: { } forcing } system)
        {
            systemKnown = matrix.SelectMany(row => row).All(c => c is null || Fixed(c));
            for (int r = 0; r < matrix.Count; r++)
            {
                var equation = model.Equations.First(e => e.Variable.Name == system.Variables[r].Name && !e.EventDriven);
                foreach (var term in matrix[r].Append(forcing[r]))
                {
                    if (term is not null && Evaluate(term) is { } coefficient && (double.IsNaN(coefficient) || double.IsInfinity(coefficient)))
                    {
                        var (path, span) = Blame(term, model.FilePath);
                        context.Report(DiagnosticDescriptors.NotFinite, path, span,
                            $"In population '{population.Name}', d{system.Variables[r].Name}/dt ({context.Text(model.FilePath, equation.Rhs.Span)})", Format(coefficient));
                        r = matrix.Count;
                        break;
                    }
                }
            }
        }

        if (!network.DoublePrecision)
        {
            foreach (var literal in KernelExpressions(model).SelectMany(Literals).Where(l => Math.Abs(l.Value) > float.MaxValue))
            {
                context.Report(DiagnosticDescriptors.BeyondSingle, model.FilePath, literal.Span, "This value", Format(literal.Value));
            }
        }
        return new ConstructionChecks(
            parameters.Ordered.Select(p => p.Name).Where(name => !fixedParameters.Contains(name)).ToEquatableArray(),
            !refractoryKnown,
            !systemKnown);
    }

    /// <summary>What the generated constructor checks because the compiler could not (the values depend on network parameters or differ per neuron).</summary>
    /// <param name="Parameters">Parameters whose values are not constants here.</param>
    /// <param name="RefractoryPeriod">The refractory period is not a constant here.</param>
    /// <param name="System">The coefficients of the exact system are not constants here.</param>
    internal sealed record ConstructionChecks(EquatableArray<string> Parameters, bool RefractoryPeriod, bool System);

    /// <summary>A value a float32 network stores must fit float32.</summary>
    private static void CheckSingle(LoweringContext context, NetworkModel network, string path, TextSpan span, string what, double value)
    {
        if (!network.DoublePrecision && Math.Abs(value) > float.MaxValue)
        {
            context.Report(DiagnosticDescriptors.BeyondSingle, path, span, what, Format(value));
        }
    }

    private static IEnumerable<BoundExpression> KernelExpressions(NeuronModel model) =>
        model.Equations.Select(e => e.Rhs)
            .Concat(model.Aliases.Select(a => a.Value))
            .Concat(model.Update.Select(s => s.Value))
            .Concat(model.Reset.Select(s => s.Value))
            .Concat(model.Threshold is null ? Array.Empty<BoundExpression>() : new[] { model.Threshold });

    private static IEnumerable<BoundLiteral> Literals(BoundExpression expression) => expression switch
    {
        BoundLiteral literal => new[] { literal },
        BoundUnary unary => Literals(unary.Operand),
        BoundBinary binary => Literals(binary.Left).Concat(Literals(binary.Right)),
        BoundCall call => call.Arguments.SelectMany(Literals),
        _ => Array.Empty<BoundLiteral>(),
    };

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static string Format(double value, Dimension dimension) => dimension.IsDimensionless ? Format(value) : $"{Format(value)} {dimension.Symbol}";
}
