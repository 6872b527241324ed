using System.Collections.Generic;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>Choices the quantizer cannot read from the descriptor.</summary>
/// <param name="InitialVoltages">
/// Per population, the threshold variable's value per neuron (SI units) to start from, e.g. the
/// state of the float simulator; populations not listed start at their reset value.
/// </param>
/// <param name="CurrentInputs">
/// Input populations the host drives with values in [0, 1] rather than spikes (<c>encode … as
/// current</c>). Their layer runs on the host and reaches the chip as compartment bias
/// (<see cref="HostCurrent"/>), so the scale of each target population is chosen to keep the
/// largest such drive (all values 1) inside the bias field.
/// </param>
public sealed record QuantizerOptions(IReadOnlyDictionary<string, double[]>? InitialVoltages = null, IReadOnlySet<string>? CurrentInputs = null)
{
    /// <summary>Every population starts at its reset value.</summary>
    public static QuantizerOptions Default { get; } = new();
}
