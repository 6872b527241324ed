using System;
using System.Collections.Generic;
using System.Linq;

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
/// are one convolution of kernel k_A + s_A·(k_B − 1), stride s_A·s_B, padding p_A + s_A·p_B, weights
/// W[o, c, s_A·i + a, s_A·j + b] = Σ_m B[o, m, i, j]·A[m, c, a, b], and bias b_B + Σ B·b_A. That is exact when
/// B pads nothing: B's windows then lie inside A's output, and the floors of the two output sizes agree. When B
/// pads, the fold computes A at the padded positions, which is exact only where that reads nothing but padding
/// (<see cref="PaddingReadsOnlyPadding"/>: a pooling whose input size it divides); otherwise it is refused.
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
        int padding = chain[0].Rule.Padding;
        for (int step = 1; step < chain.Count; step++)
        {
            ChainStep next = chain[step];
            if (next.Rule.Kind == "conv1d" || chain[0].Rule.Kind == "conv1d")
            {
                throw new NirFormatException(next.Node.Name, "edges",
                    $"follows {chain[step - 1].Node} with no neuron node between; SpikeLang folds such chains of 2-D nodes only — put a neuron node between them");
            }

            var (nextWeight, nextBias, nextKernel, nextStride, _, nextOut) = Kernel(next);
            if (next.Rule.Padding != 0 && !PaddingReadsOnlyPadding(chain[0].Input, next, bias, kernel, stride, padding))
            {
                throw new NirFormatException(next.Node.Name, "padding",
                    $"is {next.Rule.Padding}, and the {next.Node.Type} follows {chain[step - 1].Node} with no neuron node between: folded into one SpikeLang convolution, its padding would read the values before it instead of zeros — put a neuron node between them, or pad 0"
                    + (chain[step - 1].Rule.WeightShape is null ? " (or give the pooling an input whose size it divides)" : ""));
            }

            padding += stride * next.Rule.Padding;
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

        var rule = new ImportedConvolution("conv2d", new[] { outChannels, inChannels, kernel, kernel }, kernel, stride, padding);
        return (rule, weight, bias);
    }

    /// <summary>
    /// Whether <paramref name="next"/>'s padding may fold: with the folded padding p + s·p_B, the positions B pads are
    /// values of the kernel so far at virtual positions v outside its output, which must be zeros as B's padding is.
    /// They are when the kernel so far has no bias and its window at each such v lies wholly in the chain's padding:
    /// before the input when k ≤ s + p (a pooling: k = s, p = 0), and past its end when s·v − p ≥ the input size
    /// for the first v past the output that B reads (a pooling whose input size it divides).
    /// </summary>
    private static bool PaddingReadsOnlyPadding(int[] chainInput, ChainStep next, double[] bias, int kernel, int stride, int padding)
    {
        if (bias.Any(b => b != 0) || kernel > stride + padding)
        {
            return false;
        }

        for (int axis = 1; axis < chainInput.Length; axis++)
        {
            int size = next.Input[axis], nextKernel = next.Rule.Kernel, nextStride = next.Rule.Stride, nextPadding = next.Rule.Padding;
            int outputs = (size + 2 * nextPadding - nextKernel) / nextStride + 1;
            int lastRead = (outputs - 1) * nextStride + nextKernel - 1 - nextPadding;
            if (lastRead >= size && stride * size - padding < chainInput[axis])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <paramref name="matrix"/> [rows, chain output] times the chain's convolution as a matrix [chain output, chain
    /// input]: a dense path through the chain. The chain's bias, carried through <paramref name="matrix"/>, is added
    /// to <paramref name="bias"/>. A 1-D chain is the 2-D one of height 1.
    /// </summary>
    /// <exception cref="NirFormatException">The nodes after the chain do not take its output's size.</exception>
    public static double[] Unfold(string node, double[] matrix, int rows, PlannedConvolution chain, double[] bias)
    {
        ImportedConvolution rule = chain.Rule;
        bool twoD = chain.Input.Length == 3;
        int channels = chain.Input[0], height = twoD ? chain.Input[1] : 1, width = chain.Input[^1];
        int outChannels = chain.Output[0], outHeight = twoD ? chain.Output[1] : 1, outWidth = chain.Output[^1];
        int kernelHeight = twoD ? rule.Kernel : 1, strideHeight = twoD ? rule.Stride : 1, paddingHeight = twoD ? rule.Padding : 0;
        int inputs = channels * height * width, outputs = outChannels * outHeight * outWidth;
        if (matrix.Length != rows * outputs)
        {
            throw new NirFormatException(node, "edges", $"gives {outputs} values, but the nodes after it take {matrix.Length / rows}");
        }

        double pool = rule.Kind == "avg_pool2d" ? 1.0 / (rule.Kernel * rule.Kernel) : 1.0;
        double[] result = new double[rows * inputs];
        for (int r = 0; r < rows; r++)
        {
            for (int o = 0; o < outChannels; o++)
            {
                for (int y = 0; y < outHeight; y++)
                {
                    for (int x = 0; x < outWidth; x++)
                    {
                        double a = matrix[r * outputs + (o * outHeight + y) * outWidth + x];
                        if (a == 0)
                        {
                            continue;
                        }

                        if (rule.WeightShape is not null)
                        {
                            bias[r] += a * chain.Bias[o];
                        }

                        // A pooling reads channel o only; a convolution every channel.
                        for (int c = rule.WeightShape is null ? o : 0; c < (rule.WeightShape is null ? o + 1 : channels); c++)
                        {
                            for (int i = 0; i < kernelHeight; i++)
                            {
                                int row = y * strideHeight + i - paddingHeight;
                                for (int j = 0; j < rule.Kernel && row >= 0 && row < height; j++)
                                {
                                    int column = x * rule.Stride + j - rule.Padding;
                                    if (column >= 0 && column < width)
                                    {
                                        double w = rule.WeightShape is null ? pool : chain.Weight[((o * channels + c) * kernelHeight + i) * rule.Kernel + j];
                                        result[r * inputs + (c * height + row) * width + column] += a * w;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        return result;
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
