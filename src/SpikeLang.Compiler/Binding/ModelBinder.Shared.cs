using SpikeLang.Compiler.Diagnostics;

namespace SpikeLang.Compiler.Binding;

/// <summary>
/// Brian2's shared values: a neuron variable or alias with one value for the whole population may read only
/// values that are the same for every neuron, and only code that runs once per population may write it.
/// </summary>
internal sealed partial class ModelBinder
{
    /// <summary>The first thing <paramref name="value"/> reads that can differ from one neuron to the next, for messages; null when there is none.</summary>
    /// <remarks>
    /// A linked variable passes here: whether its source has one neuron is known only where a population links it,
    /// which checks the shared values of its model then. So do parameters: a population that sets one per neuron is
    /// checked when it is lowered.
    /// </remarks>
    public static string? PerNeuronName(BoundExpression value)
    {
        foreach (var variable in value.Variables())
        {
            var symbol = variable.Symbol;
            bool same = symbol.Kind switch
            {
                VariableKind.Parameter or VariableKind.Constant or VariableKind.NetworkParameter => true,
                VariableKind.State or VariableKind.Alias => symbol.IsShared || symbol.IsLinked,
                VariableKind.Implicit => symbol.Builtin is Builtin.Time or Builtin.TimeStep or Builtin.Count,
                _ => false,
            };
            if (!same || variable.Owner != VariableOwner.Self)
            {
                return $"'{symbol.Name}'";
            }
        }
        return value.UsesRandom() ? "a random number" : null;
    }

    /// <summary>Reports a value that must be one per population but reads something per neuron.</summary>
    private void CheckShared(BoundExpression value, string what)
    {
        if (PerNeuronName(value) is { } name)
        {
            _diagnostics.Report(DiagnosticDescriptors.SharedValueVaries, value.Span, what, name);
        }
    }
}
