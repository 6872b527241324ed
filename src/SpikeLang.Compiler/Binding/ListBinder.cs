using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Units;

namespace SpikeLang.Compiler.Binding;

/// <summary>
/// Lists of constants as Brian2 writes them: <c>[1, 2, 3] * ms</c>, <c>[1 ms, 2 ms]</c>, <c>[[1, 2], [3, 4]] * Hz</c>
/// (rows of a timed array), or a single value; every value a constant of the dimension asked for.
/// </summary>
internal sealed class ListBinder
{
    private readonly DiagnosticBag _diagnostics;
    private readonly System.Func<Expression, Dimension, string, double?> _constant;
    private readonly System.Func<Expression, BoundExpression> _bind;
    private readonly System.Func<BoundExpression, double?> _evaluate;

    /// <param name="constant">Binds and evaluates one value of a dimension, reporting what is wrong.</param>
    /// <param name="bind">Binds the factor a list is multiplied or divided by.</param>
    /// <param name="evaluate">Evaluates a bound factor, null when it is not constant.</param>
    public ListBinder(DiagnosticBag diagnostics, System.Func<Expression, Dimension, string, double?> constant,
        System.Func<Expression, BoundExpression> bind, System.Func<BoundExpression, double?> evaluate)
    {
        _diagnostics = diagnostics;
        _constant = constant;
        _bind = bind;
        _evaluate = evaluate;
    }

    /// <summary>The values of a flat list (or one value), or null after reporting.</summary>
    public double[]? Values(Expression syntax, Dimension dimension, string what) =>
        Rows(syntax, dimension, what, nested: false) is { } rows ? rows.Select(r => r[0]).ToArray() : null;

    /// <summary>The rows of a list of lists, each as long as the first, or of a flat list as rows of one value.</summary>
    public double[][]? Rows(Expression syntax, Dimension dimension, string what, bool nested = true)
    {
        switch (syntax)
        {
            case ListExpression list:
                var rows = new List<double[]>();
                foreach (var item in list.Items)
                {
                    double[]? row = nested && item is ListExpression inner
                        ? Values(inner, dimension, what)
                        : _constant(item, dimension, what) is { } single ? new[] { single } : null;
                    if (row is null)
                    {
                        return null;
                    }
                    if (rows.Count > 0 && row.Length != rows[0].Length)
                    {
                        _diagnostics.Report(DiagnosticDescriptors.RaggedRows, item.Span, what, rows[0].Length, row.Length);
                        return null;
                    }
                    rows.Add(row);
                }
                return rows.ToArray();
            case BinaryExpression { Operator: BinaryOperator.Multiply or BinaryOperator.Divide } scaled
                when scaled.Left is ListExpression || (scaled.Right is ListExpression && scaled.Operator == BinaryOperator.Multiply):
                var (listSide, factorSide) = scaled.Left is ListExpression ? (scaled.Left, scaled.Right) : (scaled.Right, scaled.Left);
                var factor = _bind(factorSide);
                if (factor is BoundError || _evaluate(factor) is not { } scale)
                {
                    if (factor is not BoundError)
                    {
                        _diagnostics.Report(DiagnosticDescriptors.ConstantExpected, factorSide.Span, what, ConstantEvaluator.FirstNonConstant(factor) ?? "a non-constant term");
                    }
                    return null;
                }
                var unit = factor.Type.Dimension ?? Dimension.None;
                bool multiply = scaled.Operator == BinaryOperator.Multiply;
                var itemDimension = multiply ? dimension / unit : dimension * unit;
                if (itemDimension != Dimension.None && Numbers((ListExpression)listSide))
                {
                    // [1, 2] * mV where times are wanted: the unit is wrong, not the numbers.
                    _diagnostics.Report(DiagnosticDescriptors.ExpectedDimension, scaled.Span, what, dimension.Describe(), (multiply ? unit : Dimension.None / unit).Describe());
                    return null;
                }
                return Rows(listSide, itemDimension, what, nested)?.Select(r => r.Select(v => multiply ? v * scale : v / scale).ToArray()).ToArray();
            default:
                return _constant(syntax, dimension, what) is { } value ? new[] { new[] { value } } : null;
        }
    }

    private static bool Numbers(ListExpression list) =>
        list.Items.All(item => item is NumberExpression || (item is ListExpression inner && Numbers(inner)));
}
