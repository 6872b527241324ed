using System;
using System.Linq;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;
using SpikeLang.Compiler.Units;

namespace SpikeLang.Compiler.Binding;

/// <summary>
/// Binds <c>timed_array NAME = values every step</c>: constant values, in the unit they are written in
/// (<c>[0, 1] * nA</c> is a current), a bin width of time, as Brian2's <c>TimedArray(values, dt=step)</c>.
/// </summary>
internal sealed class TimedArrayBinder
{
    private readonly DiagnosticBag _diagnostics;
    private readonly ExpressionBinder _constants;

    public TimedArrayBinder(DiagnosticBag diagnostics)
    {
        _diagnostics = diagnostics;
        _constants = new ExpressionBinder(diagnostics, new Scope("a timed array", Array.Empty<VariableSymbol>()));
    }

    public TimedArrayModel? Bind(TimedArrayDeclaration declaration)
    {
        string what = $"The values of timed array '{declaration.Name.Name}'";
        var step = Constant(declaration.Step, Dimension.TimeDimension, $"The step of timed array '{declaration.Name.Name}'");
        if (step is <= 0)
        {
            _diagnostics.Report(DiagnosticDescriptors.NonPositiveValue, declaration.Step.Span, $"The step of timed array '{declaration.Name.Name}'",
                Format(step.Value));
            return null;
        }
        if (WrittenDimension(declaration.Values) is not { } dimension)
        {
            return null;
        }
        var lists = new ListBinder(_diagnostics, Constant, e => _constants.BindNumber(e), b => ConstantEvaluator.TryEvaluate(b));
        bool twoDimensional = Rows(declaration.Values);
        if (lists.Rows(declaration.Values, dimension, what, nested: twoDimensional) is not { Length: > 0 } rows || step is null)
        {
            if (declaration.Values is ListExpression { Items.Count: 0 })
            {
                _diagnostics.Report(DiagnosticDescriptors.NonPositiveValue, declaration.Values.Span, "The number of values of a timed array", "0");
            }
            return null;
        }
        return new TimedArrayModel(declaration.Name.Name, rows.SelectMany(r => r).ToEquatableArray(), rows.Length, rows[0].Length, step.Value, dimension,
            _diagnostics.Source.Path, declaration.Span) { TwoDimensional = twoDimensional };
    }

    /// <summary>True for a list of lists (one row per time bin), possibly scaled by a unit.</summary>
    private static bool Rows(Expression values) => values switch
    {
        ListExpression list => list.Items.Count > 0 && list.Items[0] is ListExpression,
        BinaryExpression scaled => Rows(scaled.Left) || Rows(scaled.Right),
        _ => false,
    };

    /// <summary>The dimension the values are written in: of the factor a list is scaled by, else of the first value.</summary>
    private Dimension? WrittenDimension(Expression values)
    {
        switch (values)
        {
            case BinaryExpression { Operator: BinaryOperator.Multiply or BinaryOperator.Divide } scaled when scaled.Left is ListExpression || scaled.Right is ListExpression:
                var factor = _constants.BindNumber(scaled.Left is ListExpression ? scaled.Right : scaled.Left);
                if (factor is BoundError)
                {
                    return null;
                }
                var unit = factor.Type.Dimension ?? Dimension.None;
                var inner = WrittenDimension(scaled.Left is ListExpression ? scaled.Left : scaled.Right);
                return inner is null ? null : scaled.Operator == BinaryOperator.Multiply ? inner.Value * unit : inner.Value / unit;
            case ListExpression { Items.Count: > 0 } list:
                return WrittenDimension(list.Items[0]);
            case ListExpression:
                return Dimension.None;
            default:
                var bound = _constants.BindNumber(values);
                return bound is BoundError ? null : bound.Type.Dimension ?? Dimension.None;
        }
    }

    private double? Constant(Expression syntax, Dimension dimension, string what)
    {
        var bound = _constants.BindNumber(syntax, dimension, what);
        if (bound is BoundError)
        {
            return null;
        }
        if (ConstantEvaluator.TryEvaluate(bound) is not { } value)
        {
            _diagnostics.Report(DiagnosticDescriptors.ConstantExpected, syntax.Span, what, ConstantEvaluator.FirstNonConstant(bound) ?? "a non-constant term");
            return null;
        }
        return value;
    }

    private static string Format(double value) => value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}
