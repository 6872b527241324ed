using System;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Lowering;
using SpikeLang.Compiler.Syntax;

namespace SpikeLang.Compiler.Emit;

/// <summary>How an expression is evaluated in generated code.</summary>
internal enum EvaluationMode
{
    /// <summary>One element at a time in the network's precision (the scalar tail, and kernels that draw random numbers).</summary>
    Scalar,

    /// <summary>A <c>Vector256&lt;Real&gt;</c> of elements at once.</summary>
    Vector,

    /// <summary>In double, at construction (parameters, initial values, propagators).</summary>
    Construction,
}

/// <summary>
/// Renders bound expressions as C#. Variables are rendered by the caller's resolver, which knows
/// where each lives in the kernel being written (a local, an array element, a field).
/// </summary>
internal sealed class ExpressionWriter
{
    private readonly EvaluationMode _mode;
    private readonly bool _double;
    private readonly Func<BoundVariable, string> _variable;
    private readonly string _random;
    private readonly Func<BoundExpression, string?>? _hoisted;
    private readonly Func<string, string>? _timedArray;

    /// <param name="doublePrecision">The network's precision (Construction mode always computes in double).</param>
    /// <param name="variable">Renders a variable reference.</param>
    /// <param name="random">The RandomStream expression for rand()/randn()/uniform()/normal().</param>
    /// <param name="hoisted">The local that holds a subexpression computed before the loop, or null to write it out.</param>
    /// <param name="timedArray">What a timed array is read from, by its name: the network's <c>TimedArrays</c> class unless given (a device kernel's local).</param>
    public ExpressionWriter(EvaluationMode mode, bool doublePrecision, Func<BoundVariable, string> variable, string random = "rng",
        Func<BoundExpression, string?>? hoisted = null, Func<string, string>? timedArray = null)
    {
        _mode = mode;
        _double = doublePrecision || mode == EvaluationMode.Construction;
        _variable = variable;
        _random = random;
        _hoisted = hoisted;
        _timedArray = timedArray;
    }

    private string RealType => _double ? "double" : "float";

    private string Math => _double ? "Math" : "MathF";

    /// <summary>A literal of the evaluation type, round-trippable: 0.02f, -0.049d, or a broadcast vector.</summary>
    public string Literal(double value)
    {
        string scalar = _double ? CSharpLiteral.Double(value) : CSharpLiteral.Single(value);
        return _mode == EvaluationMode.Vector ? $"Vector256.Create({scalar})" : scalar;
    }

    public string Write(BoundExpression expression) => _hoisted?.Invoke(expression) ?? expression switch
    {
        BoundLiteral literal => Literal(literal.Value),
        BoundVariable variable => _variable(variable),
        BoundUnary { Operator: UnaryOperator.Negate } negate => $"(-{Write(negate.Operand)})",
        BoundUnary { Operator: UnaryOperator.Plus } plus => Write(plus.Operand),
        BoundUnary { Operator: UnaryOperator.Not } not => _mode == EvaluationMode.Vector ? $"(~{Write(not.Operand)})" : $"(!{Write(not.Operand)})",
        BoundBinary binary => WriteBinary(binary),
        BoundCall call => WriteCall(call),
        _ => throw new InvalidOperationException($"Cannot emit {expression.GetType().Name}"),
    };

    private string WriteBinary(BoundBinary binary)
    {
        string l = Write(binary.Left);
        string r = Write(binary.Right);
        bool vector = _mode == EvaluationMode.Vector;
        switch (binary.Operator)
        {
            case BinaryOperator.Add: return $"({l} + {r})";
            case BinaryOperator.Subtract: return $"({l} - {r})";
            case BinaryOperator.Multiply: return $"({l} * {r})";
            case BinaryOperator.Divide: return $"({l} / {r})";
            case BinaryOperator.Power:
                if (ExpressionFacts.SmallIntegerExponent(binary.Right) is { } n)
                {
                    string product = string.Join(" * ", Enumerable.Repeat(l, System.Math.Abs(n)));
                    return n > 0 ? $"({product})" : $"({Literal(1)} / ({product}))";
                }
                return $"{Math}.Pow({l}, {r})";
            case BinaryOperator.Less: return vector ? $"Vector256.LessThan({l}, {r})" : $"({l} < {r})";
            case BinaryOperator.LessOrEqual: return vector ? $"Vector256.LessThanOrEqual({l}, {r})" : $"({l} <= {r})";
            case BinaryOperator.Greater: return vector ? $"Vector256.GreaterThan({l}, {r})" : $"({l} > {r})";
            case BinaryOperator.GreaterOrEqual: return vector ? $"Vector256.GreaterThanOrEqual({l}, {r})" : $"({l} >= {r})";
            case BinaryOperator.Equal: return vector ? $"Vector256.Equals({l}, {r})" : $"({l} == {r})";
            case BinaryOperator.NotEqual: return vector ? $"(~Vector256.Equals({l}, {r}))" : $"({l} != {r})";
            case BinaryOperator.And: return vector ? $"({l} & {r})" : $"({l} && {r})";
            case BinaryOperator.Or: return vector ? $"({l} | {r})" : $"({l} || {r})";
            default: throw new InvalidOperationException(binary.Operator.ToString());
        }
    }

    private string TimedArray(string name) => _timedArray?.Invoke(name) ?? $"TimedArrays.{Naming.Member(name)}";

    private string WriteCall(BoundCall call)
    {
        var args = call.Arguments.Select(Write).ToArray();
        bool vector = _mode == EvaluationMode.Vector;
        string v = "Vector256";
        string cast = _mode == EvaluationMode.Construction ? "" : $"({RealType})";
        return call.Function switch
        {
            BuiltinFunction.Exp => vector ? $"{v}.Exp({args[0]})" : $"{Math}.Exp({args[0]})",
            BuiltinFunction.Log => vector ? $"{v}.Log({args[0]})" : $"{Math}.Log({args[0]})",
            BuiltinFunction.Sqrt => vector ? $"{v}.Sqrt({args[0]})" : $"{Math}.Sqrt({args[0]})",
            BuiltinFunction.Abs => vector ? $"{v}.Abs({args[0]})" : $"{Math}.Abs({args[0]})",
            BuiltinFunction.Floor => vector ? $"{v}.Floor({args[0]})" : $"{Math}.Floor({args[0]})",
            BuiltinFunction.Ceil => vector ? $"{v}.Ceiling({args[0]})" : $"{Math}.Ceiling({args[0]})",
            BuiltinFunction.Sin => $"{Math}.Sin({args[0]})",
            BuiltinFunction.Cos => $"{Math}.Cos({args[0]})",
            BuiltinFunction.Tanh => $"{Math}.Tanh({args[0]})",
            BuiltinFunction.Tan => $"{Math}.Tan({args[0]})",
            BuiltinFunction.Sinh => $"{Math}.Sinh({args[0]})",
            BuiltinFunction.Cosh => $"{Math}.Cosh({args[0]})",
            BuiltinFunction.Arcsin => $"{Math}.Asin({args[0]})",
            BuiltinFunction.Arccos => $"{Math}.Acos({args[0]})",
            BuiltinFunction.Arctan => $"{Math}.Atan({args[0]})",
            BuiltinFunction.Log10 => $"{Math}.Log10({args[0]})",
            BuiltinFunction.Expm1 => $"SnnMath.Expm1({args[0]})",
            BuiltinFunction.Log1p => $"SnnMath.Log1p({args[0]})",
            BuiltinFunction.Exprel => $"SnnMath.Exprel({args[0]})",
            BuiltinFunction.Sign => $"SnnMath.Sign({args[0]})",
            BuiltinFunction.Modulo => $"SnnMath.Mod({args[0]}, {args[1]})",
            BuiltinFunction.Timestep => $"SnnMath.Timestep({args[0]}, {args[1]})",
            BuiltinFunction.TimedArray => args.Length == 1
                ? $"{cast}{TimedArray(call.Table!)}.At({args[0]})"
                : $"{cast}{TimedArray(call.Table!)}.At({args[0]}, (int)({args[1]}))",
            BuiltinFunction.Min => vector ? $"{v}.Min({args[0]}, {args[1]})" : $"{Math}.Min({args[0]}, {args[1]})",
            BuiltinFunction.Max => vector ? $"{v}.Max({args[0]}, {args[1]})" : $"{Math}.Max({args[0]}, {args[1]})",
            BuiltinFunction.Clip => vector
                ? $"{v}.Min({v}.Max({args[0]}, {args[1]}), {args[2]})"
                : $"{Math}.Min({Math}.Max({args[0]}, {args[1]}), {args[2]})",
            BuiltinFunction.Int => vector ? $"({args[0]} & {Literal(1)})" : $"({args[0]} ? {Literal(1)} : {Literal(0)})",
            BuiltinFunction.Where => vector ? $"{v}.ConditionalSelect({args[0]}, {args[1]}, {args[2]})" : $"({args[0]} ? {args[1]} : {args[2]})",
            BuiltinFunction.Rand => $"{cast}{_random}.NextDouble()",
            BuiltinFunction.Randn => $"{cast}{_random}.NextGaussian()",
            BuiltinFunction.Uniform => $"{cast}{_random}.Uniform({args[0]}, {args[1]})",
            BuiltinFunction.Normal => $"{cast}{_random}.Normal({args[0]}, {args[1]})",
            BuiltinFunction.Poisson => $"{cast}{_random}.Poisson({args[0]})",
            _ => throw new InvalidOperationException(call.Function.ToString()),
        };
    }
}
