using System.Linq;
using System.Collections.Generic;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;
using SpikeLang.Compiler.Units;

namespace SpikeLang.Compiler.Binding;

/// <summary>
/// The type of a bound expression: a condition, or a number of some dimension. A number whose
/// dimension is null adapts to its context (the literal 0, and the summed synaptic input).
/// </summary>
internal readonly record struct ValueType(bool IsCondition, Dimension? Dimension)
{
    public static ValueType Condition => new(true, null);

    public static ValueType Number(Dimension? dimension) => new(false, dimension);

    public string Describe() => IsCondition ? "a condition" : Dimension?.Describe() ?? "a number of any dimension";
}

/// <summary>A name-resolved, dimension-checked expression whose literals are in SI units.</summary>
internal abstract record BoundExpression(ValueType Type, TextSpan Span);

internal sealed record BoundLiteral(double Value, ValueType Type, TextSpan Span) : BoundExpression(Type, Span);

internal sealed record BoundVariable(VariableSymbol Symbol, VariableOwner Owner, TextSpan Span)
    : BoundExpression(Symbol.IsCondition ? ValueType.Condition : ValueType.Number(Symbol.Dimension), Span);

internal sealed record BoundUnary(UnaryOperator Operator, BoundExpression Operand, ValueType Type, TextSpan Span)
    : BoundExpression(Type, Span);

internal sealed record BoundBinary(BinaryOperator Operator, BoundExpression Left, BoundExpression Right, ValueType Type, TextSpan Span)
    : BoundExpression(Type, Span);

internal sealed record BoundCall(BuiltinFunction Function, EquatableArray<BoundExpression> Arguments, ValueType Type, TextSpan Span)
    : BoundExpression(Type, Span)
{
    /// <summary>For <see cref="BuiltinFunction.TimedArray"/>: the name of the timed array called.</summary>
    public string? Table { get; init; }
}

/// <summary><c>target op= value</c>, with the target resolved (possibly to a pre- or postsynaptic variable).</summary>
internal sealed record BoundAssignment(VariableSymbol Target, VariableOwner Owner, AssignmentOperator Operator, BoundExpression Value, TextSpan Span);

/// <summary>Stands in for an expression that could not be bound; its error is already reported.</summary>
internal sealed record BoundError(TextSpan Span) : BoundExpression(ValueType.Number(null), Span);

internal static class BoundExpressionExtensions
{
    /// <summary>Every variable reference in the expression, left to right (depth is bounded by the parser).</summary>
    public static IEnumerable<BoundVariable> Variables(this BoundExpression expression) => expression switch
    {
        BoundVariable v => new[] { v },
        BoundUnary u => u.Operand.Variables(),
        BoundBinary b => b.Left.Variables().Concat(b.Right.Variables()),
        BoundCall c => c.Arguments.SelectMany(a => a.Variables()),
        _ => System.Array.Empty<BoundVariable>(),
    };

    /// <summary>The names of the timed arrays the expression reads.</summary>
    public static IEnumerable<string> TimedArrays(this BoundExpression expression) => expression switch
    {
        BoundCall { Table: { } table } call => new[] { table }.Concat(call.Arguments.SelectMany(a => a.TimedArrays())),
        BoundCall call => call.Arguments.SelectMany(a => a.TimedArrays()),
        BoundUnary u => u.Operand.TimedArrays(),
        BoundBinary b => b.Left.TimedArrays().Concat(b.Right.TimedArrays()),
        _ => System.Array.Empty<string>(),
    };

    /// <summary>True when evaluating the expression draws random numbers.</summary>
    public static bool UsesRandom(this BoundExpression expression) => expression switch
    {
        BoundVariable { Symbol.Builtin: Builtin.Noise } => true,
        BoundCall call => BuiltinFunctions.Info(call.Function).IsRandom || call.Arguments.Any(UsesRandom),
        BoundUnary unary => unary.Operand.UsesRandom(),
        BoundBinary binary => binary.Left.UsesRandom() || binary.Right.UsesRandom(),
        _ => false,
    };

    /// <summary>True when the expression calls <paramref name="function"/>.</summary>
    public static bool Calls(this BoundExpression expression, BuiltinFunction function) => expression switch
    {
        BoundCall call => call.Function == function || call.Arguments.Any(a => a.Calls(function)),
        BoundUnary unary => unary.Operand.Calls(function),
        BoundBinary binary => binary.Left.Calls(function) || binary.Right.Calls(function),
        _ => false,
    };

    /// <summary>The expression with each variable for which <paramref name="replace"/> gives a value replaced by it.</summary>
    public static BoundExpression Substitute(this BoundExpression expression, System.Func<BoundVariable, BoundExpression?> replace) => expression switch
    {
        BoundVariable v => replace(v) ?? v,
        BoundUnary u => u with { Operand = u.Operand.Substitute(replace) },
        BoundBinary b => b with { Left = b.Left.Substitute(replace), Right = b.Right.Substitute(replace) },
        BoundCall c => c with { Arguments = new EquatableArray<BoundExpression>(c.Arguments.Select(a => a.Substitute(replace))) },
        _ => expression,
    };

    /// <summary>The expression with a model's aliases (named sub-expressions) written out, recursively.</summary>
    public static BoundExpression ExpandAliases(this BoundExpression expression, IReadOnlyDictionary<string, BoundExpression> aliases) =>
        expression.Substitute(v => v.Symbol.Kind == VariableKind.Alias && v.Owner == VariableOwner.Self && aliases.TryGetValue(v.Symbol.Name, out var value) ? value.ExpandAliases(aliases) : null);
}
