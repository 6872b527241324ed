using System;
using System.Linq;
using SpikeLang.Compiler.Syntax;

namespace SpikeLang.Compiler.Binding;

/// <summary>Folds expressions made only of literals, arithmetic and deterministic functions.</summary>
public static class ConstantEvaluator
{
    public static double? TryEvaluate(BoundExpression expression) => expression switch
    {
        BoundLiteral literal => literal.Value,
        BoundUnary { Operator: UnaryOperator.Negate } unary => -TryEvaluate(unary.Operand),
        BoundUnary { Operator: UnaryOperator.Plus } unary => TryEvaluate(unary.Operand),
        BoundBinary binary => Combine(binary.Operator, TryEvaluate(binary.Left), TryEvaluate(binary.Right)),
        BoundCall call when !BuiltinFunctions.Info(call.Function).IsRandom => Apply(call),
        _ => null,
    };

    /// <summary>The first variable or random call that keeps an expression from being constant.</summary>
    public static string? FirstNonConstant(BoundExpression expression) => expression switch
    {
        BoundVariable variable => variable.Symbol.Name,
        BoundCall call when BuiltinFunctions.Info(call.Function).IsRandom => BuiltinFunctions.Info(call.Function).Name + "()",
        BoundCall call => call.Arguments.Select(FirstNonConstant).FirstOrDefault(n => n is not null),
        BoundUnary unary => FirstNonConstant(unary.Operand),
        BoundBinary binary => FirstNonConstant(binary.Left) ?? FirstNonConstant(binary.Right),
        _ => null,
    };

    private static double? Combine(BinaryOperator op, double? left, double? right)
    {
        if (left is not { } l || right is not { } r)
        {
            return null;
        }
        return op switch
        {
            BinaryOperator.Add => l + r,
            BinaryOperator.Subtract => l - r,
            BinaryOperator.Multiply => l * r,
            BinaryOperator.Divide => l / r,
            BinaryOperator.Power => Math.Pow(l, r),
            _ => null,
        };
    }

    private static double? Apply(BoundCall call)
    {
        var values = call.Arguments.Select(TryEvaluate).ToArray();
        if (values.Any(v => v is null))
        {
            return null;
        }
        double a = values.Length > 0 ? values[0]!.Value : 0;
        double b = values.Length > 1 ? values[1]!.Value : 0;
        return call.Function switch
        {
            BuiltinFunction.Exp => Math.Exp(a),
            BuiltinFunction.Log => Math.Log(a),
            BuiltinFunction.Sqrt => Math.Sqrt(a),
            BuiltinFunction.Abs => Math.Abs(a),
            BuiltinFunction.Sin => Math.Sin(a),
            BuiltinFunction.Cos => Math.Cos(a),
            BuiltinFunction.Tanh => Math.Tanh(a),
            BuiltinFunction.Floor => Math.Floor(a),
            BuiltinFunction.Ceil => Math.Ceiling(a),
            BuiltinFunction.Min => Math.Min(a, b),
            BuiltinFunction.Max => Math.Max(a, b),
            BuiltinFunction.Clip => Math.Min(Math.Max(a, b), values[2]!.Value),
            _ => null,
        };
    }
}
