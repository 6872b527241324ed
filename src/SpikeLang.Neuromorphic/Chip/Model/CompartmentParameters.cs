namespace SpikeLang.Neuromorphic.Chip;

/// <summary>
/// The integer parameters of one compartment. A neuron is one soma compartment, optionally preceded
/// by dendrite compartments that only integrate a current of their own and hand it to the soma
/// (Loihi's multi-compartment join, see docs/chip.md); for a dendrite only <see cref="CurrentDecay"/> matters
/// and the other fields are 0.
/// </summary>
/// <param name="CurrentDecay">du, 0…4095 (4095 empties u every step).</param>
/// <param name="VoltageDecay">dv, 0…4095.</param>
/// <param name="BiasMantissa">Signed 13-bit bias mantissa.</param>
/// <param name="BiasExponent">Bias exponent 0…7.</param>
/// <param name="ThresholdMantissa">Unsigned 17-bit vth; the soma spikes when v &gt; vth &lt;&lt; 6.</param>
/// <param name="RefractoryDelay">Steps during which v is held at 0 after a spike.</param>
public readonly record struct CompartmentParameters(
    int CurrentDecay,
    int VoltageDecay,
    int BiasMantissa,
    int BiasExponent,
    int ThresholdMantissa,
    int RefractoryDelay)
{
    /// <summary>A dendrite compartment whose current decays with <paramref name="currentDecay"/>.</summary>
    public static CompartmentParameters Dendrite(int currentDecay) => new(currentDecay, 0, 0, 0, 0, 0);
}
