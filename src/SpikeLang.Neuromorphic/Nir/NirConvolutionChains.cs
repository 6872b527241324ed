using System;
using System.Collections.Generic;

namespace SpikeLang.Neuromorphic.Nir;

/// <summary>One node of a chain of convolution and pooling nodes, read for the input it gets.</summary>
/// <param name="Node">The NIR node.</param>
/// <param name="Rule">Its rule (<see cref="NirConvolutions.Read"/>).</param>
/// <param name="Input">The shape it reads.</param>
internal sealed record ChainStep(NirNode Node, ImportedConvolution Rule, int[] Input);

/// <summary>
/// Folds a chain of 2-D convolution and pooling nodes with no neuron between them (Sinabs' and snnTorch's
/// <c>Conv2d → SumPool2d</c>, or a pooling into a convolution) into the one convolution a SpikeLang connection
/// applies. Each node is a linear map with a kernel [out, in, k, k], stride s and padding p (a pooling is the
/// kernel 1 or 1/k² channel to same channel); B after A reads A's output at B's kernel offsets i·s_A, so the two
/// are one convolution of kernel k_A + s_A·(k_B − 1), stride s_A·s_B, padding p_A, weights
/// W[o, c, s_A·i + a, s_A·j + b] = Σ_m B[o, m, i, j]·A[m, c, a, b], and bias b_B + Σ B·b_A. That is exact when
/// B pads nothing: B's windows then lie inside A's output, and the floors of the two output sizes agree. A node
/// after the first that pads would add zeros where the fold computes A's values, so it is refused.
/// </summary>
internal static class NirConvolutionChains
{
    /// <summary>The rule, kernel and bias of the chain: those of its node when it has one node, else the folded convolution.</summary>
    /// <exception cref="NirFormatException">A node after the first pads, or the chain holds a Conv1d.</exception>
    public static (ImportedConvolution Rule, double[] Weight, double[] Bias) Fold(IReadOnlyList<ChainStep> chain)
    {
        if (chain.Count == 1)
        {
            ChainStep only = chain[0];
            return only.Rule.WeightShape is null
                ? (only.Rule, Array.Empty<double>(), Array.Empty<double>())
                : (only.Rule, only.Node["weight"].Values, only.Node["bias"].Values);
        }

        var (weight, bias, kernel, stride, inChannels, outChannels) = Kernel(chain[0]);
        for (int step = 1; step < chain.Count; step++)
        {
            ChainStep next = chain[step];
            if (next.Rule.Kind == "conv1d" || chain[0].Rule.Kind == "conv1d")
            {
                throw new NirFormatException(next.Node.Name, "edges",
                    $"follows {chain[step - 1].Node} with no neuron node between; SpikeLang folds such chains of 2-D nodes only — put a neuron node between them");
            }

            if (next.Rule.Padding != 0)
            {
                throw new NirFormatException(next.Node.Name, "padding",
                    $"is {next.Rule.Padding}, and the {next.Node.Type} follows {chain[step - 1].Node} with no neuron node between: the two fold into one SpikeLang convolution only when the second pads nothing — put a neuron node between them, or pad 0");
            }

            var (nextWeight, nextBias, nextKernel, nextStride, _, nextOut) = Kernel(next);
            int folded = kernel + stride * (nextKernel - 1);
            double[] foldedWeight = new double[nextOut * inChannels * folded * folded];
            double[] foldedBias = (double[])nextBias.Clone();
            for (int o = 0; o < nextOut; o++)
            {
                for (int m = 0; m < outChannels; m++)
                {
                    for (int i = 0; i < nextKernel; i++)
                    {
                        for (int j = 0; j < nextKernel; j++)
                        {
                            double b = nextWeight[((o * outChannels + m) * nextKernel + i) * nextKernel + j];
                            if (b == 0)
                            {
                                continue;
                            }

                            foldedBias[o] += b * bias[m];
                            for (int c = 0; c < inChannels; c++)
                            {
                                for (int y = 0; y < kernel; y++)
                                {
                                    for (int x = 0; x < kernel; x++)
                                    {
                                        foldedWeight[((o * inChannels + c) * folded + stride * i + y) * folded + stride * j + x] +=
                                            b * weight[((m * inChannels + c) * kernel + y) * kernel + x];
                                    }
                                }
                            }
                        }
                    }
                }
            }

            (weight, bias, kernel, stride, outChannels) = (foldedWeight, foldedBias, folded, stride * nextStride, nextOut);
        }

        var rule = new ImportedConvolution("conv2d", new[] { outChannels, inChannels, kernel, kernel }, kernel, stride, chain[0].Rule.Padding);
        return (rule, weight, bias);
    }

    /// <summary>A node's kernel [out, in, k, k] and bias: a convolution's own, a pooling's 1 or 1/k² channel to same channel.</summary>
    private static (double[] Weight, double[] Bias, int Kernel, int Stride, int In, int Out) Kernel(ChainStep step)
    {
        ImportedConvolution rule = step.Rule;
        if (rule.WeightShape is { } shape)
        {
            return (step.Node["weight"].Values, step.Node["bias"].Values, rule.Kernel, rule.Stride, shape[1], shape[0]);
        }

        int channels = step.Input[0], k = rule.Kernel;
        double value = rule.Kind == "avg_pool2d" ? 1.0 / (k * k) : 1.0;
        double[] weight = new double[channels * channels * k * k];
        for (int c = 0; c < channels; c++)
        {
            for (int t = 0; t < k * k; t++)
            {
                weight[(c * channels + c) * k * k + t] = value;
            }
        }

        return (weight, new double[channels], k, rule.Stride, channels, channels);
    }
}
