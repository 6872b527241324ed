using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Syntax;

namespace SpikeLang.Compiler.Lowering.Training;

/// <summary>
/// Symbolic differentiation of bound expressions, at build time, so the generated backward pass is
/// straight-line arithmetic. Results are simplified only where a term is exactly 0 or 1, which keeps
/// the emitted derivatives readable without changing their value.
/// </summary>
internal static class Differentiation
{
    private static readonly Binding.ValueType Number = Binding.ValueType.Number(null);

    public static BoundExpression Zero { get; } = Literal(0);

    public static BoundExpression One { get; } = Literal(1);

    public static BoundExpression Literal(double value) => new BoundLiteral(value, Number, default);

    /// <summary>
    /// d<paramref name="expression"/>/d<paramref name="wrt"/>, where <paramref name="wrt"/> picks the
    /// variable (a state variable, <c>input</c>, or a parameter). Null when the expression uses a function
    /// with no derivative the backward pass can use (comparisons, floor, random draws), named in <paramref name="why"/>.
    /// </summary>
    public static BoundExpression? Derive(BoundExpression expression, Func<VariableSymbol, bool> wrt, out string? why)
    {
        string? reason = null;
        var result = D(expression);
        why = reason;
        return reason is null ? result : null;

        BoundExpression D(BoundExpression e)
        {
            switch (e)
            {
                case BoundLiteral:
                    return Zero;
                case BoundVariable v:
                    return wrt(v.Symbol) ? One : Zero;
                case BoundUnary { Operator: UnaryOperator.Negate } u:
                    return Negate(D(u.Operand));
                case BoundUnary { Operator: UnaryOperator.Plus } u:
                    return D(u.Operand);
                case BoundBinary b:
                    return Binary(b);
                case BoundCall c:
                    return Call(c);
                default:
                    reason ??= "this expression";
                    return Zero;
            }
        }

        BoundExpression Binary(BoundBinary b)
        {
            var l = b.Left;
            var r = b.Right;
            switch (b.Operator)
            {
                case BinaryOperator.Add: return Add(D(l), D(r));
                case BinaryOperator.Subtract: return Subtract(D(l), D(r));
                case BinaryOperator.Multiply: return Add(Multiply(D(l), r), Multiply(l, D(r)));
                case BinaryOperator.Divide:
                {
                    // (l/r)' = l'/r − l·r'/r²
                    var dl = D(l);
                    var dr = D(r);
                    return Subtract(Divide(dl, r), Divide(Multiply(l, dr), Multiply(r, r)));
                }
                case BinaryOperator.Power when ConstantEvaluator.TryEvaluate(r) is { } n:
                    // (l^n)' = n·l^(n−1)·l'
                    return Multiply(Multiply(Literal(n), Power(l, n - 1)), D(l));
                default:
                    reason ??= b.Operator == BinaryOperator.Power ? "a power with a non-constant exponent" : $"the comparison or logic operator {b.Operator}";
                    return Zero;
            }
        }

        BoundExpression Call(BoundCall c)
        {
            var a = c.Arguments.FirstOrDefault();
            switch (c.Function)
            {
                case BuiltinFunction.Exp: return Multiply(c, D(a!));
                case BuiltinFunction.Log: return Divide(D(a!), a!);
                case BuiltinFunction.Sqrt: return Divide(D(a!), Multiply(Literal(2), c));
                case BuiltinFunction.Sinh: return Multiply(c with { Function = BuiltinFunction.Cosh }, D(a!));
                case BuiltinFunction.Cosh: return Multiply(c with { Function = BuiltinFunction.Sinh }, D(a!));
                case BuiltinFunction.Log10: return Divide(D(a!), Multiply(a!, Literal(Math.Log(10))));
                case BuiltinFunction.Expm1: return Multiply(Add(c, Literal(1)), D(a!));
                case BuiltinFunction.Log1p: return Divide(D(a!), Add(a!, Literal(1)));
                case BuiltinFunction.Sign: return Zero;
                case BuiltinFunction.Timestep: return Zero;
                // (a % b)' = a' − floor(a/b)·b', with floor's slope 0 between its jumps.
                case BuiltinFunction.Modulo:
                    return Subtract(D(a!), Multiply(new BoundCall(BuiltinFunction.Floor, new Text.EquatableArray<BoundExpression>(new[] { Divide(a!, c.Arguments[1]) }), Number, default), D(c.Arguments[1])));
                // Piecewise: 1 or 0 has no slope, and where() takes the slope of the branch it takes.
                case BuiltinFunction.Int: return Zero;
                case BuiltinFunction.Where:
                    var whenTrue = D(c.Arguments[1]);
                    var whenFalse = D(c.Arguments[2]);
                    return IsZero(whenTrue) && IsZero(whenFalse) ? Zero : c with { Arguments = new Text.EquatableArray<BoundExpression>(new[] { c.Arguments[0], whenTrue, whenFalse }) };
                default:
                    reason ??= $"{BuiltinFunctions.Info(c.Function).Name}()";
                    return Zero;
            }
        }
    }

    public static bool IsZero(BoundExpression e) => e is BoundLiteral { Value: 0 };

    public static bool IsOne(BoundExpression e) => e is BoundLiteral { Value: 1 };

    public static BoundExpression Add(BoundExpression a, BoundExpression b) =>
        IsZero(a) ? b : IsZero(b) ? a : Fold(BinaryOperator.Add, a, b);

    public static BoundExpression Subtract(BoundExpression a, BoundExpression b) =>
        IsZero(b) ? a : IsZero(a) ? Negate(b) : Fold(BinaryOperator.Subtract, a, b);

    public static BoundExpression Multiply(BoundExpression a, BoundExpression b) =>
        IsZero(a) || IsZero(b) ? Zero : IsOne(a) ? b : IsOne(b) ? a : Fold(BinaryOperator.Multiply, a, b);

    public static BoundExpression Divide(BoundExpression a, BoundExpression b) =>
        IsZero(a) ? Zero : IsOne(b) ? a : Fold(BinaryOperator.Divide, a, b);

    public static BoundExpression Negate(BoundExpression a) => a switch
    {
        BoundLiteral l => Literal(-l.Value),
        BoundUnary { Operator: UnaryOperator.Negate } n => n.Operand,
        _ => new BoundUnary(UnaryOperator.Negate, a, Number, default),
    };

    private static BoundExpression Power(BoundExpression a, double n) =>
        n == 0 ? One : n == 1 ? a : new BoundBinary(BinaryOperator.Power, a, Literal(n), Number, default);

    /// <summary>A binary node, folded to a literal when both sides are literals.</summary>
    private static BoundExpression Fold(BinaryOperator op, BoundExpression a, BoundExpression b)
    {
        if (a is BoundLiteral x && b is BoundLiteral y)
        {
            return Literal(op switch
            {
                BinaryOperator.Add => x.Value + y.Value,
                BinaryOperator.Subtract => x.Value - y.Value,
                BinaryOperator.Multiply => x.Value * y.Value,
                _ => x.Value / y.Value,
            });
        }
        return new BoundBinary(op, a, b, Number, default);
    }

    /// <summary>The value an assignment statement gives its target, written out: <c>x -= e</c> is <c>x − e</c>.</summary>
    public static BoundExpression Assigned(AssignmentOperator op, BoundExpression current, BoundExpression value) => op switch
    {
        AssignmentOperator.Assign => value,
        AssignmentOperator.AddAssign => new BoundBinary(BinaryOperator.Add, current, value, Number, default),
        AssignmentOperator.SubtractAssign => new BoundBinary(BinaryOperator.Subtract, current, value, Number, default),
        AssignmentOperator.MultiplyAssign => new BoundBinary(BinaryOperator.Multiply, current, value, Number, default),
        _ => new BoundBinary(BinaryOperator.Divide, current, value, Number, default),
    };
}
