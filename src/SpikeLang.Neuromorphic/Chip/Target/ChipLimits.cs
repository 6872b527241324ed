namespace SpikeLang.Neuromorphic.Chip;

/// <summary>Resources of one neuromorphic core and chip, and the widths of the integer fields.</summary>
/// <param name="Name">Target name as the CLI spells it (<c>loihi1</c>).</param>
/// <param name="CompartmentsPerCore">Compartments per core.</param>
/// <param name="InputAxonsPerCore">Input axons per core (one per presynaptic neuron that reaches the core).</param>
/// <param name="OutputAxonsPerCore">Output axons per core (one per compartment and destination core).</param>
/// <param name="SynapseWordsPerCore">Synapse memory per core in 64-bit words.</param>
/// <param name="CompartmentProfilesPerCore">Distinct compartment profiles (decays, bias, refractory delay) per core.</param>
/// <param name="ThresholdProfilesPerCore">Distinct thresholds per core.</param>
/// <param name="SynapseFormatsPerCore">Distinct synapse formats per core.</param>
/// <param name="CoresPerChip">Neuromorphic cores per chip.</param>
/// <param name="MaxSynapseDelay">Largest synaptic delay in steps beyond the one-step delivery.</param>
public sealed record ChipLimits(
    string Name,
    int CompartmentsPerCore,
    int InputAxonsPerCore,
    int OutputAxonsPerCore,
    int SynapseWordsPerCore,
    int CompartmentProfilesPerCore,
    int ThresholdProfilesPerCore,
    int SynapseFormatsPerCore,
    int CoresPerChip,
    int MaxSynapseDelay)
{
    /// <summary>Signed weight mantissa width.</summary>
    public const int WeightBits = 8;

    /// <summary>Largest weight exponent of a synapse format.</summary>
    public const int MaxWeightExponent = 7;

    /// <summary>Signed bias mantissa width.</summary>
    public const int BiasMantissaBits = 13;

    /// <summary>Largest bias exponent.</summary>
    public const int MaxBiasExponent = 7;

    /// <summary>Unsigned threshold mantissa width.</summary>
    public const int ThresholdBits = 17;

    /// <summary>Width of the synaptic delay field (0…62 steps; 63 is reserved).</summary>
    public const int DelayBits = 6;

    /// <summary>Largest weight mantissa magnitude.</summary>
    public const int MaxWeightMantissa = (1 << (WeightBits - 1)) - 1;

    /// <summary>Largest bias mantissa magnitude.</summary>
    public const int MaxBiasMantissa = (1 << (BiasMantissaBits - 1)) - 1;

    /// <summary>Largest threshold mantissa.</summary>
    public const int MaxThresholdMantissa = (1 << ThresholdBits) - 1;

    /// <summary>Loihi 1 (Davies et al., IEEE Micro 38(1), 2018): 128 cores of 1024 compartments each.</summary>
    public static ChipLimits Loihi1 { get; } = new(
        Name: "loihi1",
        CompartmentsPerCore: 1024,
        InputAxonsPerCore: 4096,
        OutputAxonsPerCore: 4096,
        SynapseWordsPerCore: 16384,
        CompartmentProfilesPerCore: 32,
        ThresholdProfilesPerCore: 8,
        SynapseFormatsPerCore: 8,
        CoresPerChip: 128,
        MaxSynapseDelay: 62);
}
