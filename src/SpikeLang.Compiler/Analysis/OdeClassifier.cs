using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Analysis;

/// <summary>
/// Decides how a model's equations can be integrated, in the spirit of ODE-toolbox: a system that is
/// linear with constant coefficients gets an exact propagator; anything else needs a numerical method.
/// Also checks that event-driven synaptic traces can be advanced exactly from one spike to the next.
/// </summary>
internal static class OdeClassifier
{
    /// <summary>Classifies the clock-driven equations (those not marked event-driven) as one system.</summary>
    public static OdeSystem? Classify(IReadOnlyList<BoundEquation> equations, IReadOnlyDictionary<string, BoundExpression> aliases)
    {
        var continuous = equations.Where(e => !e.EventDriven).ToList();
        if (continuous.Count == 0)
        {
            return null;
        }
        var variables = continuous.Select(e => e.Variable).ToList();
        var names = new HashSet<string>(variables.Select(v => v.Name));
        var matrix = new List<EquatableArray<BoundExpression?>>();
        var forcing = new List<BoundExpression?>();

        foreach (var equation in continuous)
        {
            var form = LinearForm.Decompose(equation.Rhs, names, aliases, out string? reason);
            if (form is null)
            {
                return Nonlinear($"d{equation.Variable.Name}/dt is not linear: {reason}");
            }
            var row = new List<BoundExpression?>();
            foreach (var variable in variables)
            {
                form.Coefficients.TryGetValue(variable.Name, out var coefficient);
                if (coefficient is not null && FirstVarying(coefficient, aliases, allowPiecewiseConstant: false) is { } varying)
                {
                    return Nonlinear($"in d{equation.Variable.Name}/dt the factor of '{variable.Name}' changes with {varying}");
                }
                row.Add(coefficient);
            }
            if (form.Constant is not null && FirstVarying(form.Constant, aliases, allowPiecewiseConstant: true) is { } drive)
            {
                return Nonlinear($"d{equation.Variable.Name}/dt is driven by {drive}, which changes within a time step");
            }
            matrix.Add(new EquatableArray<BoundExpression?>(row));
            forcing.Add(form.Constant);
        }
        return new OdeSystem(new EquatableArray<VariableSymbol>(variables), OdeKind.Linear,
            new EquatableArray<EquatableArray<BoundExpression?>>(matrix), new EquatableArray<BoundExpression?>(forcing), null);

        OdeSystem Nonlinear(string why) => new(new EquatableArray<VariableSymbol>(variables), OdeKind.Nonlinear, null, null, why);
    }

    /// <summary>
    /// Why an event-driven equation cannot be advanced exactly between spikes: it uses another
    /// variable (<paramref name="coupledTo"/>), or is not linear in its own variable. Null when fine.
    /// </summary>
    public static bool IsExactEventDriven(BoundEquation equation, IReadOnlyDictionary<string, BoundExpression> aliases, out string? coupledTo)
    {
        coupledTo = FirstVarying(equation.Rhs, aliases, allowPiecewiseConstant: false, except: equation.Variable.Name);
        if (coupledTo is not null)
        {
            return false;
        }
        var names = new HashSet<string> { equation.Variable.Name };
        return LinearForm.Decompose(equation.Rhs, names, aliases, out _) is not null;
    }

    /// <summary>
    /// The first thing in <paramref name="expression"/> that changes during a run, described for a message,
    /// or null. Piecewise constants (the summed synaptic input, host-set shared values, state variables
    /// that only events change) are allowed in forcing terms but not in coefficients.
    /// </summary>
    private static string? FirstVarying(BoundExpression expression, IReadOnlyDictionary<string, BoundExpression> aliases,
        bool allowPiecewiseConstant, string? except = null)
    {
        switch (expression)
        {
            case BoundVariable { Symbol.Kind: VariableKind.Alias, Owner: VariableOwner.Self } alias
                when aliases.TryGetValue(alias.Symbol.Name, out var definition):
                return FirstVarying(definition, aliases, allowPiecewiseConstant, except);
            case BoundVariable v:
                var symbol = v.Symbol;
                if (symbol.Name == except && v.Owner == VariableOwner.Self)
                {
                    return null;
                }
                return symbol.Kind switch
                {
                    VariableKind.Parameter or VariableKind.Constant => null,
                    VariableKind.Implicit when symbol.Builtin == Builtin.Time => "the time t",
                    VariableKind.Implicit when symbol.Builtin is Builtin.NotRefractory or Builtin.LastSpike => allowPiecewiseConstant ? null : $"the neuron's refractory state ({symbol.Name})",
                    VariableKind.Implicit when symbol.Builtin == Builtin.Input => allowPiecewiseConstant ? null : "the synaptic input",
                    VariableKind.Implicit when symbol.Builtin == Builtin.Noise => $"white noise ({symbol.Name})",
                    VariableKind.Implicit => null,
                    VariableKind.State when v.Owner != VariableOwner.Self => $"'{symbol.Name}' of the {(v.Owner == VariableOwner.Pre ? "pre" : "post")}synaptic neuron",
                    VariableKind.State when allowPiecewiseConstant && except is null => null,
                    _ => $"'{symbol.Name}'",
                };
            case BoundCall call when BuiltinFunctions.Info(call.Function).IsRandom:
                return $"random noise ({BuiltinFunctions.Info(call.Function).Name}())";
            // A timed array holds its value through a bin, as the input holds through a step.
            case BoundCall { Function: BuiltinFunction.TimedArray } timed:
                return allowPiecewiseConstant
                    ? timed.Arguments.Skip(1).Select(a => FirstVarying(a, aliases, allowPiecewiseConstant, except)).FirstOrDefault(r => r is not null)
                    : $"the timed array '{timed.Table}'";
            case BoundCall call:
                return call.Arguments.Select(a => FirstVarying(a, aliases, allowPiecewiseConstant, except)).FirstOrDefault(r => r is not null);
            case BoundUnary unary:
                return FirstVarying(unary.Operand, aliases, allowPiecewiseConstant, except);
            case BoundBinary binary:
                return FirstVarying(binary.Left, aliases, allowPiecewiseConstant, except)
                    ?? FirstVarying(binary.Right, aliases, allowPiecewiseConstant, except);
            default:
                return null;
        }
    }
}
