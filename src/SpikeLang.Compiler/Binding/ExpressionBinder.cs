using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;
using SpikeLang.Compiler.Units;

namespace SpikeLang.Compiler.Binding;

/// <summary>
/// Binds expressions: resolves names through a <see cref="Scope"/>, converts quantities to SI,
/// and checks dimensions so that <c>v + 1 ms</c> is reported with both dimensions named.
/// </summary>
internal sealed class ExpressionBinder
{
    private readonly DiagnosticBag _diagnostics;
    private readonly Scope _scope;

    public ExpressionBinder(DiagnosticBag diagnostics, Scope scope)
    {
        _diagnostics = diagnostics;
        _scope = scope;
    }

    public Scope Scope => _scope;

    /// <summary>True where Brian2's white noise xi may appear: the differential equations of a neuron.</summary>
    public bool NoiseAllowed { get; init; }

    /// <summary>Binds a numeric expression.</summary>
    public BoundExpression BindNumber(Expression syntax)
    {
        var bound = Bind(syntax);
        if (bound.Type.IsCondition)
        {
            _diagnostics.Report(DiagnosticDescriptors.NumberExpected, syntax.Span, "write int(condition) for 1 or 0, where(condition, a, b) to choose a value, or use the condition in 'threshold' or 'if'");
            return new BoundError(syntax.Span);
        }
        return bound;
    }

    /// <summary>Binds an expression that must be a condition (threshold, connection condition).</summary>
    public BoundExpression BindCondition(Expression syntax, string what)
    {
        var bound = Bind(syntax);
        if (!bound.Type.IsCondition && bound is not BoundError)
        {
            _diagnostics.Report(DiagnosticDescriptors.ConditionExpected, syntax.Span, what);
            return new BoundError(syntax.Span);
        }
        return bound;
    }

    /// <summary>Binds a number that must have <paramref name="expected"/> dimension (dt, refractory, delay).</summary>
    public BoundExpression BindNumber(Expression syntax, Dimension expected, string what)
    {
        var bound = BindNumber(syntax);
        if (bound.Type.Dimension is { } actual && actual != expected)
        {
            _diagnostics.Report(DiagnosticDescriptors.ExpectedDimension, syntax.Span, what, expected.Describe(), actual.Describe());
            return new BoundError(syntax.Span);
        }
        return bound;
    }

    public BoundExpression Bind(Expression syntax) => syntax switch
    {
        NumberExpression number => new BoundLiteral(number.Value, ValueType.Number(number.Value == 0 ? null : Dimension.None), number.Span),
        QuantityExpression quantity => BindQuantity(quantity),
        NameExpression name => BindName(name.Name),
        UnaryExpression unary => BindUnary(unary),
        BinaryExpression binary => BindBinary(binary),
        CallExpression call => BindCall(call),
        ListExpression list => ListHere(list),
        StringExpression text => TextHere(text),
        _ => throw new InvalidOperationException($"Unexpected syntax {syntax.GetType().Name}"),
    };

    /// <summary>I(t) or rates(t, i): a time, and for a list of rows a neuron index, as Brian2 reads a TimedArray.</summary>
    private BoundExpression BindTimedArray(CallExpression call, TimedArrayModel table)
    {
        if (table.Failed)
        {
            return new BoundError(call.Span);
        }
        string form = table.TwoDimensional
            ? $"{table.Name}(t, i): a time and the index of a neuron ({table.Columns} columns)"
            : $"{table.Name}(t): a time";
        if (call.Arguments.Count != (table.TwoDimensional ? 2 : 1) || call.Arguments.Any(a => a.Name is not null))
        {
            _diagnostics.Report(DiagnosticDescriptors.TimedArrayArguments, call.Span, table.Name, form);
            return new BoundError(call.Span);
        }
        var time = BindNumber(call.Arguments[0].Value, Dimension.TimeDimension, $"The time at which '{table.Name}' is read");
        var arguments = new List<BoundExpression> { time };
        if (table.TwoDimensional)
        {
            arguments.Add(BindNumber(call.Arguments[1].Value, Dimension.None, $"The neuron index at which '{table.Name}' is read"));
        }
        return arguments.Any(a => a is BoundError)
            ? new BoundError(call.Span)
            : new BoundCall(BuiltinFunction.TimedArray, arguments.ToEquatableArray(), ValueType.Number(table.Dimension), call.Span) { Table = table.Name };
    }

    private BoundExpression ListHere(ListExpression list)
    {
        _diagnostics.Report(DiagnosticDescriptors.ListNotAllowed, list.Span);
        return new BoundError(list.Span);
    }

    private BoundExpression TextHere(StringExpression text)
    {
        _diagnostics.Report(DiagnosticDescriptors.TextNotAllowed, text.Span);
        return new BoundError(text.Span);
    }

    private BoundExpression BindQuantity(QuantityExpression quantity)
    {
        if (!UnitTable.TryLookup(quantity.Unit.Name, out var unit))
        {
            string? suggestion = UnitTable.Suggest(quantity.Unit.Name);
            _diagnostics.Report(DiagnosticDescriptors.UnknownUnit, quantity.Unit.Span, quantity.Unit.Name,
                suggestion is null ? "" : $" (did you mean '{suggestion}'?)");
            return new BoundError(quantity.Span);
        }
        // Unlike a bare 0, "0 mV" states its dimension.
        return new BoundLiteral(quantity.Number.Value * unit.Scale, ValueType.Number(unit.Dimension), quantity.Span);
    }

    private BoundExpression BindName(Identifier name)
    {
        if (_scope.TryResolve(name.Name, out var symbol, out var owner))
        {
            return symbol.Kind == VariableKind.Constant
                ? new BoundLiteral(Scope.ConstantValue(symbol.Name), ValueType.Number(Dimension.None), name.Span)
                : new BoundVariable(symbol, owner, name.Span);
        }
        if (Builtins.IsNoiseName(name.Name))
        {
            if (NoiseAllowed)
            {
                return new BoundVariable(Builtins.Noise(name.Name), VariableOwner.Self, name.Span);
            }
            _diagnostics.Report(DiagnosticDescriptors.NoiseOutsideEquations, name.Span, name.Name, _scope.Description);
            return new BoundError(name.Span);
        }
        if (UnitTable.TryLookup(name.Name, out var unit))
        {
            return new BoundLiteral(unit.Scale, ValueType.Number(unit.Dimension), name.Span);
        }
        string hint = BuiltinFunctions.TryLookup(name.Name, out var function)
            ? $"; '{name.Name}' is a function, call it as {function.Signature}"
            : Spelling.Hint(name.Name, _scope.VisibleNames()) is { Length: > 0 } spelling
                ? spelling
                : $" in {_scope.Description}; declare it in parameters {{ }} or state {{ }}";
        _diagnostics.Report(DiagnosticDescriptors.UnknownName, name.Span, name.Name, hint);
        return new BoundError(name.Span);
    }

    private BoundExpression BindUnary(UnaryExpression unary)
    {
        var operand = Bind(unary.Operand);
        if (operand is BoundError)
        {
            return operand;
        }
        if (unary.Operator == UnaryOperator.Not)
        {
            if (!operand.Type.IsCondition)
            {
                _diagnostics.Report(DiagnosticDescriptors.ConditionExpected, unary.Operand.Span, "The operand of 'not'");
                return new BoundError(unary.Span);
            }
            return new BoundUnary(unary.Operator, operand, ValueType.Condition, unary.Span);
        }
        if (operand.Type.IsCondition)
        {
            _diagnostics.Report(DiagnosticDescriptors.NumberExpected, unary.Operand.Span, "a sign applies to numbers only");
            return new BoundError(unary.Span);
        }
        return new BoundUnary(unary.Operator, operand, operand.Type, unary.Span);
    }

    private BoundExpression BindBinary(BinaryExpression binary)
    {
        var left = Bind(binary.Left);
        var right = Bind(binary.Right);
        if (left is BoundError || right is BoundError)
        {
            return new BoundError(binary.Span);
        }

        if (binary.Operator is BinaryOperator.And or BinaryOperator.Or)
        {
            string word = binary.Operator == BinaryOperator.And ? "and" : "or";
            foreach (var (side, syntax) in new[] { (left, binary.Left), (right, binary.Right) })
            {
                if (!side.Type.IsCondition)
                {
                    _diagnostics.Report(DiagnosticDescriptors.ConditionExpected, syntax.Span, $"Each side of '{word}'");
                    return new BoundError(binary.Span);
                }
            }
            return new BoundBinary(binary.Operator, left, right, ValueType.Condition, binary.Span);
        }

        foreach (var (side, syntax) in new[] { (left, binary.Left), (right, binary.Right) })
        {
            if (side.Type.IsCondition)
            {
                _diagnostics.Report(DiagnosticDescriptors.NumberExpected, syntax.Span, "combine conditions with 'and' or 'or', or turn one into 1 or 0 with int(condition)");
                return new BoundError(binary.Span);
            }
        }

        var l = left.Type.Dimension;
        var r = right.Type.Dimension;
        // A bare 0 fits any dimension, but 0 * mV (as Brian2 writes a zero reversal potential) is a voltage.
        if (binary.Operator is BinaryOperator.Multiply or BinaryOperator.Divide)
        {
            l ??= left is BoundLiteral { Value: 0 } && r is not null ? Dimension.None : null;
            r ??= right is BoundLiteral { Value: 0 } && l is not null ? Dimension.None : null;
        }
        switch (binary.Operator)
        {
            case BinaryOperator.Add:
            case BinaryOperator.Subtract:
                if (!SameDimension(binary, l, r))
                {
                    return new BoundError(binary.Span);
                }
                return new BoundBinary(binary.Operator, left, right, ValueType.Number(l ?? r), binary.Span);
            case BinaryOperator.Multiply:
                return new BoundBinary(binary.Operator, left, right, ValueType.Number(l is { } lm && r is { } rm ? lm * rm : null), binary.Span);
            case BinaryOperator.Divide:
                return new BoundBinary(binary.Operator, left, right, ValueType.Number(l is { } ld && r is { } rd ? ld / rd : null), binary.Span);
            case BinaryOperator.Modulo:
                // One closed catalogue of kernels: the remainder is a function every backend implements, not an operator.
                if (!SameDimension(binary, l, r))
                {
                    return new BoundError(binary.Span);
                }
                return new BoundCall(BuiltinFunction.Modulo, new[] { left, right }.ToEquatableArray(), ValueType.Number(l ?? r), binary.Span);
            case BinaryOperator.Power:
                return BindPower(binary, left, right);
            default:
                if (!SameDimension(binary, l, r))
                {
                    return new BoundError(binary.Span);
                }
                return new BoundBinary(binary.Operator, left, right, ValueType.Condition, binary.Span);
        }
    }

    private bool SameDimension(BinaryExpression binary, Dimension? l, Dimension? r)
    {
        if (l is null || r is null || l == r)
        {
            return true;
        }
        string verb = binary.Operator switch
        {
            BinaryOperator.Add => "add",
            BinaryOperator.Subtract => "subtract",
            BinaryOperator.Modulo => "take the remainder of",
            _ => "compare",
        };
        _diagnostics.Report(DiagnosticDescriptors.DimensionMismatch, binary.Span, verb, l.Value.Describe(), r.Value.Describe());
        return false;
    }

    private BoundExpression BindPower(BinaryExpression binary, BoundExpression left, BoundExpression right)
    {
        if (right.Type.Dimension is { IsDimensionless: false } exponentDimension)
        {
            _diagnostics.Report(DiagnosticDescriptors.BadPower, binary.Right.Span,
                $"An exponent must be dimensionless, but this one is {exponentDimension.Describe()}");
            return new BoundError(binary.Span);
        }
        if (left.Type.Dimension is not { IsDimensionless: false } baseDimension)
        {
            return new BoundBinary(BinaryOperator.Power, left, right, left.Type, binary.Span);
        }
        double? exponent = ConstantEvaluator.TryEvaluate(right);
        if (exponent is not { } n || Math.Abs(n) > 16 || !baseDimension.TryPow(n, out var powered))
        {
            _diagnostics.Report(DiagnosticDescriptors.BadPower, binary.Right.Span,
                $"A quantity with a dimension ({baseDimension.Describe()}) can only be raised to a constant whole or half power (ms**0.5) that leaves whole or half exponents; divide it by its unit first");
            return new BoundError(binary.Span);
        }
        return new BoundBinary(BinaryOperator.Power, left, right, ValueType.Number(powered), binary.Span);
    }

    private BoundExpression BindCall(CallExpression call)
    {
        if (_scope.TimedArrays.TryGetValue(call.Callee.Name, out var timedArray))
        {
            return BindTimedArray(call, timedArray);
        }
        if (!BuiltinFunctions.TryLookup(call.Callee.Name, out var info))
        {
            _diagnostics.Report(DiagnosticDescriptors.UnknownFunction, call.Callee.Span, call.Callee.Name,
                Spelling.Hint(call.Callee.Name, BuiltinFunctions.Names), string.Join(", ", BuiltinFunctions.All.Select(f => f.Signature)));
            return new BoundError(call.Span);
        }
        if (call.Arguments.FirstOrDefault(a => a.Name is not null) is { } named)
        {
            _diagnostics.Report(DiagnosticDescriptors.UnknownArgument, named.Name!.Span, $"'{info.Name}'", "parameter", named.Name.Name,
                $"; call it as {info.Signature}");
            return new BoundError(call.Span);
        }
        if (call.Arguments.Count != info.Arity)
        {
            _diagnostics.Report(DiagnosticDescriptors.WrongArgumentCount, call.Span, info.Signature,
                Plural(info.Arity, "argument"), call.Arguments.Count);
            return new BoundError(call.Span);
        }
        // int(c) and where(c, a, b) take a condition first; every other argument is a number.
        bool conditionFirst = info.Rule is DimensionRule.ConditionToNumber or DimensionRule.Conditional;
        var arguments = call.Arguments
            .Select((a, k) => k == 0 && conditionFirst ? BindCondition(a.Value, $"The first argument of {info.Signature}") : BindNumber(a.Value))
            .ToList();
        if (arguments.Any(a => a is BoundError))
        {
            return new BoundError(call.Span);
        }

        Dimension? result;
        switch (info.Rule)
        {
            case DimensionRule.Dimensionless:
                for (int k = 0; k < arguments.Count; k++)
                {
                    if (arguments[k].Type.Dimension is { IsDimensionless: false } d)
                    {
                        _diagnostics.Report(DiagnosticDescriptors.ArgumentDimension, call.Arguments[k].Span,
                            $"{info.Name}", "a dimensionless argument (divide by its unit, e.g. v / mV)", d.Describe());
                        return new BoundError(call.Span);
                    }
                }
                result = Dimension.None;
                break;
            case DimensionRule.Steps:
                for (int k = 0; k < arguments.Count; k++)
                {
                    if (arguments[k].Type.Dimension is { } d && d != Dimension.TimeDimension)
                    {
                        _diagnostics.Report(DiagnosticDescriptors.ArgumentDimension, call.Arguments[k].Span,
                            $"{info.Name}", "a time", d.Describe());
                        return new BoundError(call.Span);
                    }
                }
                result = Dimension.None;
                break;
            case DimensionRule.ConditionToNumber:
            case DimensionRule.AnyToDimensionless:
                result = Dimension.None;
                break;
            case DimensionRule.Conditional:
                if (arguments[1].Type.Dimension is { } whenTrue && arguments[2].Type.Dimension is { } whenFalse && whenTrue != whenFalse)
                {
                    _diagnostics.Report(DiagnosticDescriptors.ArgumentDimension, call.Arguments[2].Span,
                        "where", $"both values of one dimension, like the value if true ({whenTrue.Describe()})", whenFalse.Describe());
                    return new BoundError(call.Span);
                }
                result = arguments[1].Type.Dimension ?? arguments[2].Type.Dimension;
                break;
            case DimensionRule.SquareRoot:
                var argument = arguments[0].Type.Dimension;
                Dimension root = Dimension.None;
                if (argument is { } squared && !squared.TrySqrt(out root))
                {
                    _diagnostics.Report(DiagnosticDescriptors.ArgumentDimension, call.Arguments[0].Span,
                        "sqrt", "an argument whose dimension has a square root", squared.Describe());
                    return new BoundError(call.Span);
                }
                result = argument is null ? null : root;
                break;
            default:
                result = null;
                int first = -1;
                for (int k = 0; k < arguments.Count; k++)
                {
                    if (arguments[k].Type.Dimension is not { } d)
                    {
                        continue;
                    }
                    if (result is null)
                    {
                        result = d;
                        first = k;
                    }
                    else if (result != d)
                    {
                        _diagnostics.Report(DiagnosticDescriptors.ArgumentDimension, call.Arguments[k].Span,
                            info.Signature, $"arguments of one dimension, like argument {first + 1} ({result.Value.Describe()})", d.Describe());
                        return new BoundError(call.Span);
                    }
                }
                if (info.Arity == 0)
                {
                    result = Dimension.None;
                }
                break;
        }
        return new BoundCall(info.Function, new EquatableArray<BoundExpression>(arguments), ValueType.Number(result), call.Span);
    }

    public static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
