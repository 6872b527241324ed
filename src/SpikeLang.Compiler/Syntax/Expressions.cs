using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Syntax;

internal abstract record Expression(TextSpan Span) : SyntaxNode(Span)
{
    /// <summary>Height of the tree below this node; the parser bounds it so that tree walks cannot overflow the stack.</summary>
    public abstract int Depth { get; }
}

/// <summary>A plain number such as <c>0.95</c> or <c>5e-4</c>.</summary>
internal sealed record NumberExpression(double Value, string Text, TextSpan Span) : Expression(Span)
{
    public override int Depth => 1;
}

/// <summary>A number with a unit written right after it: <c>20 ms</c>, <c>1.62 mV</c>.</summary>
internal sealed record QuantityExpression(NumberExpression Number, Identifier Unit, TextSpan Span) : Expression(Span)
{
    public override int Depth => 1;
}

/// <summary>A variable, parameter, constant or unit used by name.</summary>
internal sealed record NameExpression(Identifier Name) : Expression(Name.Span)
{
    public override int Depth => 1;
}

internal enum UnaryOperator
{
    Negate,
    Plus,
    Not,
}

internal sealed record UnaryExpression(UnaryOperator Operator, Expression Operand, TextSpan Span) : Expression(Span)
{
    public override int Depth { get; } = Operand.Depth + 1;
}

internal enum BinaryOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,

    /// <summary>Python's <c>a % b</c>: the remainder with the sign of b (a − b·floor(a/b)), as Brian2 computes it.</summary>
    Modulo,
    Power,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
    And,
    Or,
}

internal sealed record BinaryExpression(BinaryOperator Operator, Expression Left, Expression Right, TextSpan OperatorSpan)
    : Expression(Left.Span.Union(Right.Span))
{
    public override int Depth { get; } = System.Math.Max(Left.Depth, Right.Depth) + 1;
}

/// <summary><c>[1, 2, 3]</c>: a list of values, as the times and indices of <c>spikes(...)</c> are written.</summary>
internal sealed record ListExpression(IReadOnlyList<Expression> Items, TextSpan Span) : Expression(Span)
{
    public override int Depth { get; } = 1 + Items.Select(a => a.Depth).DefaultIfEmpty(0).Max();
}

/// <summary><c>"stimulus.csv"</c>: text in quotes, the name of a data file (<c>file("I.csv")</c>, <c>spikes(file = "in.csv")</c>).</summary>
internal sealed record StringExpression(string Value, TextSpan Span) : Expression(Span)
{
    public override int Depth => 1;
}

/// <summary>One argument of a call, positional or <c>name = value</c>.</summary>
internal sealed record Argument(Identifier? Name, Expression Value, TextSpan Span) : SyntaxNode(Span);

/// <summary><c>f(a, b)</c> or <c>poisson(rate = 15 Hz)</c>.</summary>
internal sealed record CallExpression(Identifier Callee, IReadOnlyList<Argument> Arguments, TextSpan Span) : Expression(Span)
{
    public override int Depth { get; } = 1 + Arguments.Select(a => a.Value.Depth).DefaultIfEmpty(0).Max();
}
