using System.Collections.Generic;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>Choices the quantizer cannot read from the descriptor.</summary>
/// <param name="InitialVoltages">
/// Per population, the threshold variable's value per neuron (SI units) to start from, e.g. the
/// state of the float simulator; populations not listed start at their reset value.
/// </param>
public sealed record QuantizerOptions(IReadOnlyDictionary<string, double[]>? InitialVoltages = null)
{
    /// <summary>Every population starts at its reset value.</summary>
    public static QuantizerOptions Default { get; } = new();
}
