using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Syntax;

namespace SpikeLang.Compiler.Analysis;

/// <summary>
/// What a presynaptic spike does to the postsynaptic neuron: <c>Target += SynapseVariable</c> (a
/// per-synapse variable such as w) or <c>Target += Constant</c> (an expression of literals and network
/// parameters: the synapse's parameters are written out). <paramref name="Plastic"/> when the synapse changes its
/// own state while running.
/// </summary>
internal sealed record SpikeEffect(string Target, string? SynapseVariable, BoundExpression? Constant, bool Plastic);

/// <summary>
/// Recognises the spike effects that tools can translate without running synapse code: an
/// <c>on pre</c> whose only statement on a neuron is one <c>post_var += w</c> or
/// <c>post_var += constant</c> (<c>-= constant</c> adds its negation). Statements on the synapse's own
/// state (STDP traces and weight updates) are allowed and make the synapse plastic.
/// </summary>
internal static class SpikeEffectAnalysis
{
    /// <summary>The effect of <paramref name="synapse"/>'s on pre, or null when it is anything else.</summary>
    /// <param name="overrides">The connection's values for the synapse's parameters, which replace the model's.</param>
    public static SpikeEffect? Analyze(SynapseModel synapse, IReadOnlyDictionary<string, BoundExpression> overrides)
    {
        var onNeurons = synapse.OnPre.Concat(synapse.OnPost).Where(s => s.Owner != VariableOwner.Self).ToList();
        // A summed variable couples the neurons every step, which no spike effect describes.
        if (synapse.Summed.Count > 0 || onNeurons.Count != 1 || onNeurons[0] is not { Owner: VariableOwner.Post } statement || !synapse.OnPre.Contains(statement))
        {
            return null;
        }
        bool plastic = synapse.Equations.Count > 0 || synapse.OnPre.Concat(synapse.OnPost).Any(s => s.Owner == VariableOwner.Self);
        var parameters = synapse.Parameters.ToDictionary(p => p.Symbol.Name, p => overrides.TryGetValue(p.Symbol.Name, out var o) ? o : p.Value);
        switch (statement.Operator, statement.Value)
        {
            case (AssignmentOperator.AddAssign, BoundVariable { Owner: VariableOwner.Self, Symbol.Kind: VariableKind.State } variable):
                return new SpikeEffect(statement.Target.Name, variable.Symbol.Name, null, plastic);
            case (AssignmentOperator.AddAssign or AssignmentOperator.SubtractAssign, var value) when IsConstant(value, parameters):
                var inlined = Inline(value, parameters);
                var constant = statement.Operator == AssignmentOperator.AddAssign
                    ? inlined
                    : new BoundUnary(UnaryOperator.Negate, inlined, inlined.Type, inlined.Span);
                return new SpikeEffect(statement.Target.Name, null, constant, plastic);
            default:
                return null;
        }
    }

    /// <summary>The expression with the synapse's parameters replaced by their values.</summary>
    private static BoundExpression Inline(BoundExpression expression, IReadOnlyDictionary<string, BoundExpression> parameters) =>
        expression.Substitute(v => v is { Owner: VariableOwner.Self, Symbol.Kind: VariableKind.Parameter } ? Inline(parameters[v.Symbol.Name], parameters) : null);

    /// <summary>True for literals, network parameters and synapse parameters that are themselves constant (not drawn per synapse).</summary>
    private static bool IsConstant(BoundExpression expression, IReadOnlyDictionary<string, BoundExpression> parameters) => expression switch
    {
        BoundLiteral => true,
        BoundVariable { Symbol.Kind: VariableKind.NetworkParameter or VariableKind.Constant } => true,
        BoundVariable { Owner: VariableOwner.Self, Symbol.Kind: VariableKind.Parameter } p =>
            parameters.TryGetValue(p.Symbol.Name, out var value) && IsConstant(value, parameters),
        BoundVariable => false,
        BoundCall call => !BuiltinFunctions.Info(call.Function).IsRandom && call.Arguments.All(a => IsConstant(a, parameters)),
        BoundUnary unary => IsConstant(unary.Operand, parameters),
        BoundBinary binary => IsConstant(binary.Left, parameters) && IsConstant(binary.Right, parameters),
        _ => false,
    };
}
