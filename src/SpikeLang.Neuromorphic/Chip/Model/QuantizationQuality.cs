using System.Collections.Generic;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>One quantity of a population's model before and after quantization.</summary>
/// <param name="Name">What it is, e.g. "tau_v (s)", "threshold (V)", "bias (V/step)".</param>
/// <param name="Float">The float model's value (for heterogeneous parameters, the one with the largest error).</param>
/// <param name="Quantized">The value the integer model realizes, in the same unit.</param>
public sealed record QuantizedQuantity(string Name, double Float, double Quantized)
{
    /// <summary>|quantized − float| / |float| (0 when both are 0).</summary>
    public double RelativeError => Float == 0 ? (Quantized == 0 ? 0 : double.PositiveInfinity) : System.Math.Abs(Quantized - Float) / System.Math.Abs(Float);
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
