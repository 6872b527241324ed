using System;
using System.Numerics;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>
/// How synapses are encoded in synapse memory. A synapse entry holds the target compartment
/// (enough bits to index a core's compartments), the 8-bit weight mantissa and, when the
/// connection has delays, the 6-bit delay; the exponent is shared by the format. The synapses of one
/// input axon are packed into 64-bit words after one header word (the axon's list length and
/// format), so an axon with b bits of synapses takes 1 + ⌈b / 64⌉ words.
/// </summary>
internal static class SynapseFormats
{
    public static SynapseFormat Of(QuantizedConnection connection, ChipLimits limits)
    {
        bool delayed = Array.Exists(connection.Delay, d => d != 0);
        return new SynapseFormat(
            connection.WeightExponent,
            IndexBits: BitOperations.Log2((uint)limits.CompartmentsPerCore - 1) + 1,
            WeightBits: ChipLimits.WeightBits,
            DelayBits: delayed ? ChipLimits.DelayBits : 0);
    }

    /// <summary>Words one input axon with <paramref name="bits"/> bits of synapse entries occupies (0 when it has none).</summary>
    public static long Words(long bits) => bits == 0 ? 0 : 1 + (bits + 63) / 64;
}
