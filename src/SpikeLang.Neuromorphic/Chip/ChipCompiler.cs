namespace SpikeLang.Neuromorphic.Chip;

/// <summary>
/// The chip backend in one call: map a quantized network onto cores and build its tables.
/// Quantization of a <see cref="SpikeLang.Runtime.NetworkDescriptor"/> is <see cref="Quantizer"/>.
/// </summary>
public static class ChipCompiler
{
    /// <summary>
    /// Splits <paramref name="network"/>'s populations over cores of <paramref name="limits"/>
    /// and builds the tables; throws <see cref="ChipCompilationException"/> when a neuron cannot fit a core.
    /// </summary>
    public static ChipTables Map(QuantizedNetwork network, ChipLimits limits)
    {
        var incoming = new IncomingSynapses(network);
        CorePlacement placement = CoreMapper.Place(network, limits, incoming);
        return TableBuilder.Build(network, placement, limits, incoming);
    }
}
