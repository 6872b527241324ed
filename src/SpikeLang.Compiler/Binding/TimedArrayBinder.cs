using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;
using SpikeLang.Compiler.Units;
using SpikeLang.Runtime;

namespace SpikeLang.Compiler.Binding;

/// <summary>
/// Binds <c>timed_array NAME = values every step</c>: constant values, in the unit they are written in
/// (<c>[0, 1] * nA</c> is a current), a bin width of time, as Brian2's <c>TimedArray(values, dt=step)</c>; or values
/// read from a stimulus file, <c>file("I.csv") * nA</c>, each held from the bin its time falls in (docs/stimuli.md).
/// </summary>
internal sealed class TimedArrayBinder
{
    private readonly DiagnosticBag _diagnostics;
    private readonly ExpressionBinder _constants;
    private readonly DataFiles _files;

    public TimedArrayBinder(DiagnosticBag diagnostics, DataFiles files)
    {
        _diagnostics = diagnostics;
        _files = files;
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
        if (FileValues(declaration.Values) is { } file)
        {
            return step is null ? null : BindFile(declaration, file.Call, file.Factor, file.Divides, step.Value);
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

    /// <summary><c>file("I.csv")</c>, alone or multiplied or divided by the unit its numbers are in.</summary>
    private static (CallExpression Call, Expression? Factor, bool Divides)? FileValues(Expression values) => values switch
    {
        CallExpression { Callee.Name: "file" } call => (call, null, false),
        BinaryExpression { Operator: BinaryOperator.Multiply, Left: CallExpression { Callee.Name: "file" } call } scaled => (call, scaled.Right, false),
        BinaryExpression { Operator: BinaryOperator.Multiply, Right: CallExpression { Callee.Name: "file" } call } scaled => (call, scaled.Left, false),
        BinaryExpression { Operator: BinaryOperator.Divide, Left: CallExpression { Callee.Name: "file" } call } scaled => (call, scaled.Right, true),
        _ => null,
    };

    /// <summary>
    /// The values of a stimulus file on the timed array's bins: a column per index (one column is read as
    /// <c>NAME(t)</c>), each value held from the bin its time falls in until the next value of its column, 0 before
    /// the first; the last bin is the last value's.
    /// </summary>
    private TimedArrayModel? BindFile(TimedArrayDeclaration declaration, CallExpression call, Expression? factor, bool divides, double step)
    {
        string name = declaration.Name.Name;
        if (call.Arguments.Count != 1 || call.Arguments[0] is not { Name: null, Value: StringExpression file })
        {
            _diagnostics.Report(DiagnosticDescriptors.FileArguments, call.Span, "file(...)", "file(\"I.csv\") * nA");
            return null;
        }
        double scale = 1;
        var dimension = Dimension.None;
        if (factor is not null)
        {
            var bound = _constants.BindNumber(factor);
            if (bound is BoundError)
            {
                return null;
            }
            if (ConstantEvaluator.TryEvaluate(bound) is not { } value)
            {
                _diagnostics.Report(DiagnosticDescriptors.ConstantExpected, factor.Span, $"The unit of timed array '{name}'",
                    ConstantEvaluator.FirstNonConstant(bound) ?? "a non-constant term");
                return null;
            }
            var unit = bound.Type.Dimension ?? Dimension.None;
            (scale, dimension) = divides ? (1 / value, Dimension.None / unit) : (value, unit);
        }
        if (new DataFileReader(_diagnostics, _files).Read(file, $"Timed array '{name}'", StimulusKind.Values, step, int.MaxValue) is not { } rows)
        {
            return null;
        }
        if (rows.Count == 0)
        {
            _diagnostics.Report(DiagnosticDescriptors.NonPositiveValue, file.Span, "The number of values of a timed array", "0");
            return null;
        }
        // In long: an index near int.MaxValue or a time far in the future must be refused, not overflow.
        long columnCount = rows.Max(r => (long)r.Index) + 1;
        long bins = StimulusRows.StepOf(rows[rows.Count - 1].Time, step) + 1;
        if (bins > DataFileReader.MaxValues || bins * columnCount > DataFileReader.MaxValues)
        {
            _diagnostics.Report(DiagnosticDescriptors.DataFileTooLarge, file.Span, file.Value,
                $"{bins} bins × {columnCount} columns = {bins * columnCount}", DataFileReader.MaxValues);
            return null;
        }
        int columns = (int)columnCount;
        var values = new double[bins * columns];
        var held = new double[columns];
        int next = 0;
        for (long bin = 0; bin < bins; bin++)
        {
            for (; next < rows.Count && StimulusRows.StepOf(rows[next].Time, step) == bin; next++)
            {
                held[rows[next].Index] = rows[next].Value * scale;
            }
            Array.Copy(held, 0, values, bin * columns, columns);
        }
        return new TimedArrayModel(name, values.ToEquatableArray(), (int)bins, columns, step, dimension, _diagnostics.Source.Path, declaration.Span)
        {
            TwoDimensional = columns > 1,
            DataFile = file.Value,
        };
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
