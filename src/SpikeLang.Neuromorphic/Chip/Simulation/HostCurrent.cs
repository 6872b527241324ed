using System;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>
/// A current-encoded input layer (<c>encode pixels as current</c>) on the chip: cores receive only
/// spikes, so the host multiplies the input values by the layer's quantized weights and writes the
/// result into the target compartments' bias, as nengo-loihi does for off-chip input layers.
/// </summary>
public static class HostCurrent
{
    /// <summary>
    /// Per target neuron, the drive that values <paramref name="values"/> of the source population
    /// give through <paramref name="connection"/>: Σ (mantissa &lt;&lt; exponent) · value · 2^6 (what
    /// a spike of size value would add to u), rounded to what a bias field (13-bit mantissa, exponent
    /// 0…7) can hold.
    /// </summary>
    public static long[] Drive(QuantizedConnection connection, int targetSize, ReadOnlySpan<float> values)
    {
        var sum = new double[targetSize];
        for (int s = 0; s < connection.SynapseCount; s++)
        {
            sum[connection.Post[s]] += (double)connection.WeightMantissa[s] * (1 << connection.WeightExponent) * values[connection.Pre[s]];
        }

        var drive = new long[targetSize];
        for (int i = 0; i < targetSize; i++)
        {
            double exact = sum[i] * (1 << LoihiArithmetic.InputShift);
            int exponent = 0;
            while (exponent < ChipLimits.MaxBiasExponent && Math.Abs(exact) / (1 << exponent) > ChipLimits.MaxBiasMantissa + 0.5)
            {
                exponent++;
            }

            long mantissa = (long)Math.Clamp(Math.Round(exact / (1 << exponent), MidpointRounding.AwayFromZero), -ChipLimits.MaxBiasMantissa - 1, ChipLimits.MaxBiasMantissa);
            drive[i] = mantissa << exponent;
        }

        return drive;
    }
}
