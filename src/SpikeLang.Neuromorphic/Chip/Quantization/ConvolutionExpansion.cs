using System;
using System.Collections.Generic;
using SpikeLang.Runtime;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>
/// Expands a convolution or pooling into the synapses a chip needs: a core's synapse table has no
/// shared kernels, only one list of (target, weight) per input axon. Each source neuron gets one synapse
/// per output position its kernel slice reaches, with that kernel weight (pooling: the fixed pool
/// weight), and the per-channel bias becomes a dense layer's per-target bias. The result is an ordinary
/// <c>dense</c>-like connection (<c>input += w</c>, no delay), so quantization, mapping and both
/// simulators treat it as they treat any other connection.
/// </summary>
internal static class ConvolutionExpansion
{
    /// <summary>The synapse variable holding the expanded kernel weights.</summary>
    private const string Weight = "w";

    /// <summary>
    /// The connection that delivers what <paramref name="convolution"/> delivers: synapses from every
    /// source neuron to the output positions it reaches, ascending per source as <see cref="Csr"/> wants.
    /// </summary>
    public static ConnectionDescriptor Expand(ConvolutionDescriptor convolution)
    {
        int[] input = convolution.InputShape, output = convolution.OutputShape;
        int sources = input[0] * input[1] * input[2];
        int targets = output[0] * output[1] * output[2];
        var rowStart = new int[sources + 1];
        var columns = new List<int>();
        var weights = new List<float>();
        var row = new List<(int Target, float Weight)>();
        for (int s = 0; s < sources; s++)
        {
            row.Clear();
            AddReachedOutputs(convolution, s, row);
            row.Sort((a, b) => a.Target.CompareTo(b.Target));
            foreach ((int target, float weight) in row)
            {
                columns.Add(target);
                weights.Add(weight);
            }

            rowStart[s + 1] = columns.Count;
        }

        var connectivity = new Csr(sources, targets, rowStart, columns.ToArray());
        return new ConnectionDescriptor(
            convolution.Source,
            0,
            sources,
            convolution.Target,
            0,
            targets,
            convolution.Kind,
            connectivity,
            new Dictionary<string, float[]> { [Weight] = weights.ToArray() },
            DelaySteps: 0,
            SynapseDelaySteps: null,
            new SpikeEffect("input", Weight, null, Plastic: false),
            PerTargetBias(convolution),
            convolution.SameStep);
    }

    /// <summary>The outputs <paramref name="source"/> reaches, as the simulator's scatter walks them (<see cref="ConvolutionShape.Reaches"/>).</summary>
    private static void AddReachedOutputs(ConvolutionDescriptor convolution, int source, List<(int Target, float Weight)> row)
    {
        ConvolutionShape shape = convolution.Shape;
        int plane = shape.OutHeight * shape.OutWidth;
        int c = source / (shape.InHeight * shape.InWidth), y = source / shape.InWidth % shape.InHeight, x = source % shape.InWidth;
        for (int ky = 0; ky < shape.KernelHeight; ky++)
        {
            for (int kx = 0; kx < shape.KernelWidth; kx++)
            {
                if (!shape.Reaches(y, x, ky, kx, out int position))
                {
                    continue;
                }

                if (convolution.Weights is not { } kernel)
                {
                    // Pooling: channel to same channel, one fixed weight.
                    row.Add((c * plane + position, (float)convolution.PoolWeight));
                    continue;
                }

                for (int o = 0; o < shape.OutChannels; o++)
                {
                    row.Add((o * plane + position, kernel[((o * shape.InChannels + c) * shape.KernelHeight + ky) * shape.KernelWidth + kx]));
                }
            }
        }
    }

    /// <summary>The bias of each output channel repeated over its positions, or null (pooling, or no bias).</summary>
    private static float[]? PerTargetBias(ConvolutionDescriptor convolution)
    {
        if (convolution.Bias is not { } bias)
        {
            return null;
        }

        int positions = convolution.OutputShape[1] * convolution.OutputShape[2];
        var perTarget = new float[bias.Length * positions];
        for (int o = 0; o < bias.Length; o++)
        {
            Array.Fill(perTarget, bias[o], o * positions, positions);
        }

        return perTarget;
    }

    /// <summary>What the report says of the expansion: the statement, and how many values the float network shares across positions (the kernel's weights, or a pooling's one fixed weight).</summary>
    public static ExpandedConvolution Origin(ConvolutionDescriptor convolution) =>
        new(convolution.Statement, convolution.Kind, convolution.Weights?.Length ?? 1);
}
