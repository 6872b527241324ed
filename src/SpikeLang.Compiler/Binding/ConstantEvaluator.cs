using System;
using System.Linq;
using SpikeLang.Compiler.Syntax;

namespace SpikeLang.Compiler.Binding;

/// <summary>Folds expressions made only of literals, arithmetic and deterministic functions.</summary>
internal static class ConstantEvaluator
{
    /// <param name="variables">Values of the variables that count as constants here (network parameters), or null.</param>
    public static double? TryEvaluate(BoundExpression expression, Func<VariableSymbol, double?>? variables = null) => expression switch
    {
        BoundLiteral literal => literal.Value,
        BoundVariable variable => variables?.Invoke(variable.Symbol),
        BoundUnary { Operator: UnaryOperator.Negate } unary => -TryEvaluate(unary.Operand, variables),
        BoundUnary { Operator: UnaryOperator.Plus } unary => TryEvaluate(unary.Operand, variables),
        BoundUnary { Operator: UnaryOperator.Not } unary => TryEvaluate(unary.Operand, variables) is { } operand ? (operand != 0 ? 0 : 1) : null,
        BoundBinary binary => Combine(binary.Operator, TryEvaluate(binary.Left, variables), TryEvaluate(binary.Right, variables)),
        BoundCall call when !BuiltinFunctions.Info(call.Function).IsRandom => Apply(call, variables),
        _ => null,
    };

    /// <summary>The first variable or random call that keeps an expression from being constant.</summary>
    public static string? FirstNonConstant(BoundExpression expression) => expression switch
    {
        BoundVariable { Symbol.Kind: VariableKind.NetworkParameter } => null,
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
        // Conditions fold to 1 (true) or 0 (false), as int() reads them.
        return op switch
        {
            BinaryOperator.Add => l + r,
            BinaryOperator.Subtract => l - r,
            BinaryOperator.Multiply => l * r,
            BinaryOperator.Divide => l / r,
            BinaryOperator.Power => Math.Pow(l, r),
            BinaryOperator.Less => l < r ? 1 : 0,
            BinaryOperator.LessOrEqual => l <= r ? 1 : 0,
            BinaryOperator.Greater => l > r ? 1 : 0,
            BinaryOperator.GreaterOrEqual => l >= r ? 1 : 0,
            BinaryOperator.Equal => l == r ? 1 : 0,
            BinaryOperator.NotEqual => l != r ? 1 : 0,
            BinaryOperator.And => l != 0 && r != 0 ? 1 : 0,
            BinaryOperator.Or => l != 0 || r != 0 ? 1 : 0,
            _ => null,
        };
    }

    private static double? Apply(BoundCall call, Func<VariableSymbol, double?>? variables)
    {
        var values = call.Arguments.Select(a => TryEvaluate(a, variables)).ToArray();
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
            BuiltinFunction.Int => a != 0 ? 1 : 0,
            BuiltinFunction.Where => a != 0 ? b : values[2]!.Value,
            BuiltinFunction.Tan => Math.Tan(a),
            BuiltinFunction.Sinh => Math.Sinh(a),
            BuiltinFunction.Cosh => Math.Cosh(a),
            BuiltinFunction.Arcsin => Math.Asin(a),
            BuiltinFunction.Arccos => Math.Acos(a),
            BuiltinFunction.Arctan => Math.Atan(a),
            BuiltinFunction.Log10 => Math.Log10(a),
            BuiltinFunction.Expm1 => Runtime.SnnMath.Expm1(a),
            BuiltinFunction.Log1p => Runtime.SnnMath.Log1p(a),
            BuiltinFunction.Exprel => Runtime.SnnMath.Exprel(a),
            BuiltinFunction.Sign => Runtime.SnnMath.Sign(a),
            BuiltinFunction.Modulo => Runtime.SnnMath.Mod(a, b),
            BuiltinFunction.Timestep => Runtime.SnnMath.Timestep(a, b),
            _ => null,
        };
    }
}
