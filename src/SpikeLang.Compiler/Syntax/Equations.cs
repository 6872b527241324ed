using System.Collections.Generic;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Syntax;

internal abstract record EquationSyntax(TextSpan Span) : SyntaxNode(Span);

internal enum EquationFlagKind
{
    /// <summary><c>unless refractory</c>: the variable is held while the neuron is refractory.</summary>
    UnlessRefractory,

    /// <summary><c>event-driven</c>: a synaptic trace integrated lazily, only when a spike arrives.</summary>
    EventDriven,
}

internal sealed record EquationFlag(EquationFlagKind Kind, TextSpan Span) : SyntaxNode(Span);

/// <summary><c>dv/dt = rhs [flags]</c>; <see cref="Variable"/> is <c>v</c>, its span covers <c>dv/dt</c>.</summary>
internal sealed record DifferentialEquation(Identifier Variable, Expression Rhs, IReadOnlyList<EquationFlag> Flags, TextSpan Span)
    : EquationSyntax(Span);

/// <summary><c>name = expr</c> inside equations: a named sub-expression, substituted where it is used.</summary>
internal sealed record AliasEquation(Identifier Name, Expression Value, TextSpan Span) : EquationSyntax(Span);
