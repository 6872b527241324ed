using System;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>
/// One projection in the target's integer model: every synapse adds
/// <c>mantissa &lt;&lt; WeightExponent</c> to the summed input of one channel (compartment) of its
/// postsynaptic neuron, <c>1 + delay</c> steps after the presynaptic spike. A convolution or pooling
/// is one too, its shared kernel expanded into synapses (<see cref="Convolution"/>).
/// </summary>
public sealed class QuantizedConnection
{
    /// <summary>Creates the connection; arrays must have one entry per synapse.</summary>
    public QuantizedConnection(
        string source,
        string target,
        int channel,
        int weightExponent,
        int[] pre,
        int[] post,
        sbyte[] weightMantissa,
        byte[] delay,
        WeightQuantization? quality,
        ExpandedConvolution? convolution = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentException.ThrowIfNullOrEmpty(target);
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfNegative(weightExponent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(weightExponent, ChipLimits.MaxWeightExponent);
        if (post.Length != pre.Length || weightMantissa.Length != pre.Length || delay.Length != pre.Length)
        {
            throw new ArgumentException($"Connection {source} -> {target}: pre, post, weight and delay arrays differ in length.");
        }

        Source = source;
        Target = target;
        Channel = channel;
        WeightExponent = weightExponent;
        Pre = pre;
        Post = post;
        WeightMantissa = weightMantissa;
        Delay = delay;
        Quality = quality;
        Convolution = convolution;
    }

    /// <summary>Presynaptic population.</summary>
    public string Source { get; }

    /// <summary>Postsynaptic population.</summary>
    public string Target { get; }

    /// <summary>Index into the target's <see cref="QuantizedPopulation.Channels"/>.</summary>
    public int Channel { get; }

    /// <summary>Shared exponent of the connection's synapse format (0…7).</summary>
    public int WeightExponent { get; }

    /// <summary>Presynaptic neuron (population index) per synapse.</summary>
    public int[] Pre { get; }

    /// <summary>Postsynaptic neuron (population index) per synapse.</summary>
    public int[] Post { get; }

    /// <summary>Signed 8-bit weight mantissa per synapse.</summary>
    public sbyte[] WeightMantissa { get; }

    /// <summary>Delay per synapse in steps beyond the one-step delivery (0…62).</summary>
    public byte[] Delay { get; }

    /// <summary>Number of synapses.</summary>
    public int SynapseCount => Pre.Length;

    /// <summary>How far the integer weights are from the float ones; null when built by hand.</summary>
    public WeightQuantization? Quality { get; }

    /// <summary>The convolution or pooling these synapses expand, or null for a connection written with synapses.</summary>
    public ExpandedConvolution? Convolution { get; }
}
