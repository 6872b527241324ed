using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Syntax;

namespace SpikeLang.Compiler.Lowering;

/// <summary>Questions lowering asks of expressions to make its decisions.</summary>
internal static class ExpressionFacts
{
    /// <summary>
    /// True when every backend can evaluate the expression on a vector of elements at once: arithmetic,
    /// comparisons, small integer powers and the functions with a vector form. Random draws and the
    /// other functions run element by element.
    /// </summary>
    public static bool IsVectorizable(BoundExpression expression) => expression switch
    {
        BoundVariable { Symbol.Builtin: Builtin.LastSpike or Builtin.Noise } => false,
        BoundLiteral or BoundVariable => true,
        BoundUnary unary => IsVectorizable(unary.Operand),
        BoundBinary { Operator: BinaryOperator.Power } power => SmallIntegerExponent(power.Right) is not null && IsVectorizable(power.Left),
        BoundBinary binary => IsVectorizable(binary.Left) && IsVectorizable(binary.Right),
        BoundCall call => call.Function is BuiltinFunction.Exp or BuiltinFunction.Log or BuiltinFunction.Sqrt
                or BuiltinFunction.Abs or BuiltinFunction.Min or BuiltinFunction.Max or BuiltinFunction.Clip
                or BuiltinFunction.Floor or BuiltinFunction.Ceil or BuiltinFunction.Int or BuiltinFunction.Where
            && call.Arguments.All(IsVectorizable),
        _ => false,
    };

    /// <summary>A constant whole exponent from −4 to 4 other than 0: backends write it as repeated products, on vectors too.</summary>
    public static int? SmallIntegerExponent(BoundExpression exponent) =>
        ConstantEvaluator.TryEvaluate(exponent) is { } value && value == System.Math.Floor(value) && System.Math.Abs(value) <= 4 && value != 0
            ? (int)value
            : null;

    /// <summary>The names of the variables the expressions use.</summary>
    public static HashSet<string> References(IEnumerable<BoundExpression> expressions) =>
        new(expressions.SelectMany(e => e.Variables()).Select(v => v.Symbol.Name), System.StringComparer.Ordinal);

    /// <summary>True when the expression can differ from one neuron (or synapse) to the next, given which parameters do.</summary>
    public static bool VariesPerElement(BoundExpression expression, System.Func<string, bool> heterogeneous) => expression switch
    {
        BoundVariable { Symbol.Kind: VariableKind.Parameter } p => heterogeneous(p.Symbol.Name),
        BoundVariable { Symbol.Builtin: Builtin.Index or Builtin.TargetIndex } => true,
        BoundVariable { Symbol.Kind: VariableKind.Implicit } => false,
        BoundVariable { Symbol.Kind: VariableKind.NetworkParameter or VariableKind.Constant } => false,
        BoundVariable => true,
        BoundCall call => BuiltinFunctions.Info(call.Function).IsRandom || call.Arguments.Any(a => VariesPerElement(a, heterogeneous)),
        BoundUnary unary => VariesPerElement(unary.Operand, heterogeneous),
        BoundBinary binary => VariesPerElement(binary.Left, heterogeneous) || VariesPerElement(binary.Right, heterogeneous),
        _ => false,
    };

    /// <summary>True when the expression is fixed for the whole run: literals, constants and homogeneous parameters only.</summary>
    public static bool IsRunConstant(BoundExpression expression, System.Func<string, bool> heterogeneous) => expression switch
    {
        BoundLiteral => true,
        BoundVariable { Symbol.Kind: VariableKind.Parameter } p => !heterogeneous(p.Symbol.Name),
        BoundVariable { Symbol.Builtin: Builtin.TimeStep or Builtin.Count } => true,
        BoundVariable { Symbol.Kind: VariableKind.NetworkParameter or VariableKind.Constant } => true,
        BoundVariable => false,
        BoundCall call => !BuiltinFunctions.Info(call.Function).IsRandom && call.Arguments.All(a => IsRunConstant(a, heterogeneous)),
        BoundUnary unary => IsRunConstant(unary.Operand, heterogeneous),
        BoundBinary binary => IsRunConstant(binary.Left, heterogeneous) && IsRunConstant(binary.Right, heterogeneous),
        _ => false,
    };
}
