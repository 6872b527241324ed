using SpikeLang.Runtime;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>A connection to quantize: written with synapses, or expanded from <paramref name="Convolution"/>.</summary>
/// <param name="Connection">The synapses, as the descriptor gives them or as <see cref="ConvolutionExpansion"/> made them.</param>
/// <param name="Convolution">The convolution or pooling they were expanded from, or null.</param>
internal sealed record IncomingConnection(ConnectionDescriptor Connection, ExpandedConvolution? Convolution)
{
    /// <summary>How errors and notes name it: a convolution by its statement and line, since its synapses appear nowhere in the source.</summary>
    public string Name => Convolution is null
        ? $"Connection {Connection.Source} -> {Connection.Target}"
        : $"The connection '{Convolution.Statement}'";
}
