using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Syntax;

internal abstract record EquationSyntax(TextSpan Span) : SyntaxNode(Span);

internal enum EquationFlagKind
{
    /// <summary><c>unless refractory</c>: the variable is held while the neuron is refractory.</summary>
    UnlessRefractory,

    /// <summary><c>event-driven</c>: a synaptic trace integrated lazily, only when a spike arrives.</summary>
    EventDriven,

    /// <summary>
    /// <c>(summed)</c> on a synapse's <c>x_post = expr</c>: the target neuron's <c>x</c> becomes, each step,
    /// the sum of <c>expr</c> over its synapses (Brian2's summed variables: gap junctions, NMDA).
    /// </summary>
    Summed,

    /// <summary>
    /// <c>(shared)</c> on a neuron's alias: Brian2's shared subexpression, one value for the whole population,
    /// so it may read only values that are the same for every neuron (checked when bound).
    /// </summary>
    Shared,
}

internal sealed record EquationFlag(EquationFlagKind Kind, TextSpan Span) : SyntaxNode(Span);

/// <summary><c>dv/dt = rhs [flags]</c>; <see cref="Variable"/> is <c>v</c>, its span covers <c>dv/dt</c>.</summary>
internal sealed record DifferentialEquation(Identifier Variable, Expression Rhs, IReadOnlyList<EquationFlag> Flags, TextSpan Span)
    : EquationSyntax(Span);

/// <summary>
/// <c>name = expr</c> inside equations: a named sub-expression, substituted where it is used; with the
/// <c>(summed)</c> flag, in a synapse, a sum over synapses written into a neuron's variable.
/// </summary>
internal sealed record AliasEquation(Identifier Name, Expression Value, IReadOnlyList<EquationFlag> Flags, TextSpan Span) : EquationSyntax(Span)
{
    public bool IsSummed => Flags.Any(f => f.Kind == EquationFlagKind.Summed);

    public bool IsShared => Flags.Any(f => f.Kind == EquationFlagKind.Shared);
}
