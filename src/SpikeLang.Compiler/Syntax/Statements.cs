using System.Collections.Generic;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Syntax;

internal enum AssignmentOperator
{
    Assign,
    AddAssign,
    SubtractAssign,
    MultiplyAssign,
    DivideAssign,
}

/// <summary><c>v = v_reset</c>, <c>ge += w</c>: the only statement of update, reset and on-event code.</summary>
internal sealed record AssignmentStatement(Identifier Target, AssignmentOperator Operator, Expression Value, TextSpan Span)
    : SyntaxNode(Span);

/// <summary>A declaration with a value: parameters and state variables (<c>reward = 0 shared</c>).</summary>
internal sealed record VariableDeclaration(Identifier Name, Expression Value, IReadOnlyList<Identifier> Flags, TextSpan Span)
    : SyntaxNode(Span);

/// <summary>A braced list of items, with the span of the whole block including its braces.</summary>
internal sealed record Block<T>(IReadOnlyList<T> Items, TextSpan Span) : SyntaxNode(Span)
    where T : SyntaxNode;
