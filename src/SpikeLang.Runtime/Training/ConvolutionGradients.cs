using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SpikeLang.Runtime;

/// <summary>
/// The sizes of a convolution or pooling as the generated trainer passes them to <see cref="ConvolutionGradients"/>:
/// input and output [channels, height, width] in C order, kernel, stride and padding per axis (a 1-D
/// convolution has height 1). A pooling maps each channel to the same channel with one fixed weight.
/// </summary>
/// <param name="InChannels">Channels of the source.</param>
/// <param name="InHeight">Height of the source.</param>
/// <param name="InWidth">Width of the source.</param>
/// <param name="OutChannels">Channels of the target (the source's, for a pooling).</param>
/// <param name="OutHeight">Height of the target.</param>
/// <param name="OutWidth">Width of the target.</param>
/// <param name="KernelHeight">Kernel (or window) height.</param>
/// <param name="KernelWidth">Kernel (or window) width.</param>
/// <param name="StrideHeight">Vertical stride.</param>
/// <param name="StrideWidth">Horizontal stride.</param>
/// <param name="PaddingHeight">Zero rows above and below.</param>
/// <param name="PaddingWidth">Zero columns left and right.</param>
/// <param name="Pooling">True for a pooling: channel to same channel, one fixed weight, no kernel.</param>
public readonly record struct ConvolutionShape(
    int InChannels, int InHeight, int InWidth,
    int OutChannels, int OutHeight, int OutWidth,
    int KernelHeight, int KernelWidth,
    int StrideHeight, int StrideWidth,
    int PaddingHeight, int PaddingWidth,
    bool Pooling)
{
    /// <summary>Values of one source sample.</summary>
    public int InputSize => InChannels * InHeight * InWidth;

    /// <summary>Values of one target sample.</summary>
    public int OutputSize => OutChannels * OutHeight * OutWidth;

    /// <summary>Weights of the kernel [out, in, height, width]; 0 for a pooling.</summary>
    public int KernelSize => Pooling ? 0 : OutChannels * InChannels * KernelHeight * KernelWidth;
}

/// <summary>
/// The backward pass of a convolution or pooling for the generated trainer: the kernel and bias gradients from
/// the sources' outputs (visiting only the non-zero ones: spikes are sparse) and the gradient that reaches
/// the sources (the transposed convolution, dense). Every result element is summed by one call in an order
/// fixed by the shapes, so the trainer's block partition, never the thread count, fixes the bits.
/// </summary>
public static class ConvolutionGradients
{
    /// <summary>
    /// ∂L/∂w[o, c, ky, kx] = Σ_rows Σ_(oy, ox) ∂L/∂in[o, oy, ox] · src[c, oy·SH − PH + ky, ox·SW − PW + kx] and
    /// ∂L/∂b[o] = Σ_rows Σ_(oy, ox) ∂L/∂in[o, oy, ox], for output channels [<paramref name="firstChannel"/>,
    /// <paramref name="lastChannel"/>) only (overwritten, not added to).
    /// </summary>
    /// <param name="sources">The sources' outputs, <paramref name="rows"/> rows of <see cref="ConvolutionShape.InputSize"/>.</param>
    /// <param name="inputGradients">∂L/∂(target input), the same rows of <see cref="ConvolutionShape.OutputSize"/>, row r paired with source row r.</param>
    /// <param name="rows">Rows (steps × samples) to sum over.</param>
    /// <param name="shape">The convolution's sizes (not a pooling).</param>
    /// <param name="firstChannel">First output channel of this call's block.</param>
    /// <param name="lastChannel">End of this call's block of output channels.</param>
    /// <param name="kernelGradient">∂L/∂w, [out, in, height, width].</param>
    /// <param name="biasGradient">∂L/∂b, [out].</param>
    public static void Kernel(ReadOnlySpan<float> sources, ReadOnlySpan<float> inputGradients, int rows, in ConvolutionShape shape,
        int firstChannel, int lastChannel, Span<float> kernelGradient, Span<float> biasGradient)
    {
        int inSize = shape.InputSize, outSize = shape.OutputSize, plane = shape.OutHeight * shape.OutWidth;
        int perOut = shape.InChannels * shape.KernelHeight * shape.KernelWidth;
        if (sources.Length < (long)rows * inSize || inputGradients.Length < (long)rows * outSize)
        {
            throw new ArgumentException($"{rows} rows need {rows} × {inSize} source values and {rows} × {outSize} gradients.");
        }

        kernelGradient.Slice(firstChannel * perOut, (lastChannel - firstChannel) * perOut).Clear();
        for (int o = firstChannel; o < lastChannel; o++)
        {
            // Summed in double: a bias gathers every position of every step and sample.
            double bias = 0;
            for (int r = 0; r < rows; r++)
            {
                bias += Sum(inputGradients.Slice(r * outSize + o * plane, plane));
            }

            biasGradient[o] = (float)bias;
        }

        int inPlane = shape.InHeight * shape.InWidth;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> source = sources.Slice(r * inSize, inSize);
            ReadOnlySpan<float> gradient = inputGradients.Slice(r * outSize, outSize);
            for (int s = 0; s < inSize; s++)
            {
                float value = source[s];
                if (value == 0)
                {
                    continue;
                }

                int c = s / inPlane, y = s / shape.InWidth % shape.InHeight, x = s % shape.InWidth;
                for (int ky = 0; ky < shape.KernelHeight; ky++)
                {
                    int ny = y + shape.PaddingHeight - ky;
                    if (ny < 0 || ny % shape.StrideHeight != 0 || ny / shape.StrideHeight >= shape.OutHeight)
                    {
                        continue;
                    }

                    int rowStart = ny / shape.StrideHeight * shape.OutWidth;
                    for (int kx = 0; kx < shape.KernelWidth; kx++)
                    {
                        int nx = x + shape.PaddingWidth - kx;
                        if (nx < 0 || nx % shape.StrideWidth != 0 || nx / shape.StrideWidth >= shape.OutWidth)
                        {
                            continue;
                        }

                        int position = rowStart + nx / shape.StrideWidth;
                        int tap = (c * shape.KernelHeight + ky) * shape.KernelWidth + kx;
                        for (int o = firstChannel; o < lastChannel; o++)
                        {
                            kernelGradient[o * perOut + tap] += value * gradient[o * plane + position];
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Adds ∂L/∂src[c, y, x] = Σ_(o, ky, kx) ∂L/∂in[o, oy, ox] · w[o, c, ky, kx] over the outputs (oy, ox) that read
    /// (y, x), into <paramref name="sourceGradient"/>: one sample's row. A pooling reads channel c only, with
    /// <paramref name="poolWeight"/>. With stride 1 each kernel tap shifts whole rows, added as vectors.
    /// </summary>
    /// <param name="inputGradient">∂L/∂(target input) of the row, <see cref="ConvolutionShape.OutputSize"/> values.</param>
    /// <param name="kernel">The kernel [out, in, height, width]; empty for a pooling.</param>
    /// <param name="poolWeight">A pooling's fixed weight (1, or 1/(kh·kw) for an average).</param>
    /// <param name="shape">The sizes.</param>
    /// <param name="sourceGradient">∂L/∂(source output) of the row, <see cref="ConvolutionShape.InputSize"/> values, added to.</param>
    public static void Input(ReadOnlySpan<float> inputGradient, ReadOnlySpan<float> kernel, float poolWeight, in ConvolutionShape shape, Span<float> sourceGradient)
    {
        if (inputGradient.Length != shape.OutputSize || sourceGradient.Length != shape.InputSize || kernel.Length != shape.KernelSize)
        {
            throw new ArgumentException($"A row of {shape.OutputSize} gradients, {shape.KernelSize} weights and {shape.InputSize} source gradients was expected.");
        }

        if (shape.StrideHeight == 1 && shape.StrideWidth == 1)
        {
            InputUnitStride(inputGradient, kernel, poolWeight, shape, sourceGradient);
        }
        else
        {
            InputStrided(inputGradient, kernel, poolWeight, shape, sourceGradient);
        }
    }

    /// <summary>Stride 1: source (y, x) reads output (y + PH − ky, x + PW − kx), so a tap adds a shifted block of rows.</summary>
    private static void InputUnitStride(ReadOnlySpan<float> gin, ReadOnlySpan<float> kernel, float poolWeight, in ConvolutionShape shape, Span<float> gs)
    {
        int inH = shape.InHeight, inW = shape.InWidth, outH = shape.OutHeight, outW = shape.OutWidth;
        int kh = shape.KernelHeight, kw = shape.KernelWidth, ph = shape.PaddingHeight, pw = shape.PaddingWidth;
        for (int c = 0; c < shape.InChannels; c++)
        {
            Span<float> sourcePlane = gs.Slice(c * inH * inW, inH * inW);
            int firstOut = shape.Pooling ? c : 0, lastOut = shape.Pooling ? c + 1 : shape.OutChannels;
            for (int o = firstOut; o < lastOut; o++)
            {
                ReadOnlySpan<float> outputPlane = gin.Slice(o * outH * outW, outH * outW);
                for (int ky = 0; ky < kh; ky++)
                {
                    int yLow = Math.Max(0, ky - ph), yHigh = Math.Min(inH, outH + ky - ph);
                    for (int kx = 0; kx < kw; kx++)
                    {
                        float weight = shape.Pooling ? poolWeight : kernel[((o * shape.InChannels + c) * kh + ky) * kw + kx];
                        int xLow = Math.Max(0, kx - pw), xHigh = Math.Min(inW, outW + kx - pw);
                        if (weight == 0 || xHigh <= xLow)
                        {
                            continue;
                        }

                        for (int y = yLow; y < yHigh; y++)
                        {
                            AddScaled(sourcePlane.Slice(y * inW + xLow, xHigh - xLow), outputPlane.Slice((y + ph - ky) * outW + xLow + pw - kx, xHigh - xLow), weight);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Any stride: each source position gathers the outputs whose window holds it.</summary>
    private static void InputStrided(ReadOnlySpan<float> gin, ReadOnlySpan<float> kernel, float poolWeight, in ConvolutionShape shape, Span<float> gs)
    {
        int plane = shape.OutHeight * shape.OutWidth;
        for (int c = 0; c < shape.InChannels; c++)
        {
            int firstOut = shape.Pooling ? c : 0, lastOut = shape.Pooling ? c + 1 : shape.OutChannels;
            for (int y = 0; y < shape.InHeight; y++)
            {
                for (int x = 0; x < shape.InWidth; x++)
                {
                    float sum = 0;
                    for (int ky = 0; ky < shape.KernelHeight; ky++)
                    {
                        int ny = y + shape.PaddingHeight - ky;
                        if (ny < 0 || ny % shape.StrideHeight != 0 || ny / shape.StrideHeight >= shape.OutHeight)
                        {
                            continue;
                        }

                        for (int kx = 0; kx < shape.KernelWidth; kx++)
                        {
                            int nx = x + shape.PaddingWidth - kx;
                            if (nx < 0 || nx % shape.StrideWidth != 0 || nx / shape.StrideWidth >= shape.OutWidth)
                            {
                                continue;
                            }

                            int position = ny / shape.StrideHeight * shape.OutWidth + nx / shape.StrideWidth;
                            for (int o = firstOut; o < lastOut; o++)
                            {
                                float weight = shape.Pooling ? poolWeight : kernel[((o * shape.InChannels + c) * shape.KernelHeight + ky) * shape.KernelWidth + kx];
                                sum += weight * gin[o * plane + position];
                            }
                        }
                    }

                    gs[(c * shape.InHeight + y) * shape.InWidth + x] += sum;
                }
            }
        }
    }

    /// <summary><c>destination[j] += scale · row[j]</c> (fused on vector lanes and in the tail alike).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaled(Span<float> destination, ReadOnlySpan<float> row, float scale)
    {
        ref float d = ref MemoryMarshal.GetReference(destination);
        ref float r = ref MemoryMarshal.GetReference(row);
        int n = destination.Length, j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var s = Vector256.Create(scale);
            for (; j <= n - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r, (nuint)j), s, Vector256.LoadUnsafe(ref d, (nuint)j)).StoreUnsafe(ref d, (nuint)j);
            }
        }

        for (; j < n; j++)
        {
            Unsafe.Add(ref d, j) = MathF.FusedMultiplyAdd(Unsafe.Add(ref r, j), scale, Unsafe.Add(ref d, j));
        }
    }

    private static double Sum(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values)
        {
            sum += v;
        }

        return sum;
    }
}
