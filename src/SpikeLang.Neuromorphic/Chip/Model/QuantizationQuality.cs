using System.Collections.Generic;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>One quantity of a population's model before and after quantization.</summary>
/// <param name="Name">What it is, e.g. "tau_v (s)", "threshold (V)", "bias (V/step)".</param>
/// <param name="Float">The float model's value (for heterogeneous parameters, the one with the largest error).</param>
/// <param name="Quantized">The value the integer model realizes, in the same unit.</param>
/// <param name="Negligible">Magnitudes up to this count as 0 (a bias that is zero up to float rounding).</param>
public sealed record QuantizedQuantity(string Name, double Float, double Quantized, double Negligible = 0)
{
    /// <summary>|quantized − float| / max(|float|, negligible); 0 when both are within the negligible magnitude.</summary>
    public double RelativeError
    {
        get
        {
            double scale = System.Math.Max(System.Math.Abs(Float), Negligible);
            double difference = System.Math.Abs(Quantized - Float);
            return scale == 0 ? (difference == 0 ? 0 : double.PositiveInfinity) : difference <= Negligible ? 0 : difference / scale;
        }
    }
}

/// <summary>How the integer model of a population relates to the float one.</summary>
/// <param name="Scale">Integer voltage units per SI unit of the threshold variable.</param>
/// <param name="Quantities">Decay time constants, threshold, bias, refractory period as realized.</param>
public sealed record PopulationQuantization(double Scale, IReadOnlyList<QuantizedQuantity> Quantities);

/// <summary>How the integer weights of a connection relate to the float ones.</summary>
/// <param name="MaxRelativeError">Largest |w_q − w| / max |w| over the synapses.</param>
/// <param name="MeanRelativeError">Mean |w_q − w| / max |w|.</param>
/// <param name="ZeroedSynapses">Synapses whose weight rounded to a mantissa of 0.</param>
public sealed record WeightQuantization(double MaxRelativeError, double MeanRelativeError, int ZeroedSynapses);
