using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SpikeLang.Runtime;

/// <summary>
/// The backward pass of a convolution or pooling for the generated trainer: the kernel and bias gradients from
/// the sources' outputs (visiting only the non-zero ones: spikes are sparse) and the gradient that reaches
/// the sources (the transposed convolution, dense). Every result element is summed by one call in an order
/// fixed by the shapes, so the trainer's block partition, never the thread count, fixes the bits.
/// </summary>
public static class ConvolutionGradients
{
    /// <summary>
    /// ∂L/∂w[o, c, ky, kx] = Σ_rows Σ_(oy, ox) ∂L/∂in[o, oy, ox] · src[c, oy·SH − PH + ky, ox·SW − PW + kx] for input channels
    /// [<paramref name="firstChannel"/>, <paramref name="lastChannel"/>) and every output channel (overwritten, not added
    /// to); the call whose block starts at channel 0 also writes ∂L/∂b[o] = Σ_rows Σ_(oy, ox) ∂L/∂in[o, oy, ox]. Each
    /// row's gradients are copied channels-last into <paramref name="rowScratch"/>, so that a source's contribution to
    /// the output channels of one position is one vector.
    /// </summary>
    /// <param name="sources">The sources' outputs, <paramref name="rows"/> rows of <see cref="ConvolutionShape.InputSize"/>.</param>
    /// <param name="inputGradients">∂L/∂(target input), the same rows of <see cref="ConvolutionShape.OutputSize"/>, row r paired with source row r.</param>
    /// <param name="rows">Rows (steps × samples) to sum over.</param>
    /// <param name="shape">The convolution's sizes (not a pooling).</param>
    /// <param name="firstChannel">First input channel of this call's block.</param>
    /// <param name="lastChannel">End of this call's block of input channels.</param>
    /// <param name="kernelGradient">∂L/∂w, [out, in, height, width].</param>
    /// <param name="biasGradient">∂L/∂b, [out]; empty for a convolution without a bias of its own (batch-normalized: β takes its place).</param>
    /// <param name="rowScratch">This call's own room for one row of gradients (<see cref="ConvolutionShape.OutputSize"/> values).</param>
    /// <param name="reorderedGradient">Room for the kernel gradient as [in, height, width, out] (<see cref="ConvolutionShape.KernelSize"/> values); this call uses its input channels' part.</param>
    public static void Kernel(ReadOnlySpan<float> sources, ReadOnlySpan<float> inputGradients, int rows, in ConvolutionShape shape,
        int firstChannel, int lastChannel, Span<float> kernelGradient, Span<float> biasGradient, Span<float> rowScratch, Span<float> reorderedGradient)
    {
        int inSize = shape.InputSize, outSize = shape.OutputSize, outC = shape.OutChannels, plane = shape.OutHeight * shape.OutWidth;
        int taps = shape.KernelHeight * shape.KernelWidth;
        if (sources.Length < (long)rows * inSize || inputGradients.Length < (long)rows * outSize || rowScratch.Length < outSize || reorderedGradient.Length != shape.KernelSize)
        {
            throw new ArgumentException($"{rows} rows need {rows} × {inSize} source values, {rows} × {outSize} gradients and room for {outSize} and {shape.KernelSize} values.");
        }

        if (firstChannel == 0 && !biasGradient.IsEmpty)
        {
            for (int o = 0; o < outC; o++)
            {
                // Summed in double: a bias gathers every position of every step and sample.
                double bias = 0;
                for (int r = 0; r < rows; r++)
                {
                    bias += Sum(inputGradients.Slice(r * outSize + o * plane, plane));
                }

                biasGradient[o] = (float)bias;
            }
        }

        Span<float> reordered = reorderedGradient.Slice(firstChannel * taps * outC, (lastChannel - firstChannel) * taps * outC);
        reordered.Clear();
        int inPlane = shape.InHeight * shape.InWidth;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> source = sources.Slice(r * inSize + firstChannel * inPlane, (lastChannel - firstChannel) * inPlane);
            if (!source.ContainsAnyExcept(0f))
            {
                continue;
            }

            ReadOnlySpan<float> gradient = inputGradients.Slice(r * outSize, outSize);
            for (int o = 0; o < outC; o++)
            {
                for (int p = 0; p < plane; p++)
                {
                    rowScratch[p * outC + o] = gradient[o * plane + p];
                }
            }

            var visitor = new KernelGradientVisitor(reorderedGradient, rowScratch, outC);
            shape.ForEachReach(source, firstChannel * inPlane, visitor);
        }

        for (int c = firstChannel; c < lastChannel; c++)
        {
            for (int tap = 0; tap < taps; tap++)
            {
                for (int o = 0; o < outC; o++)
                {
                    kernelGradient[(o * shape.InChannels + c) * taps + tap] = reorderedGradient[(c * taps + tap) * outC + o];
                }
            }
        }
    }

    /// <summary>
    /// The kernel [out, in, height, width] reordered to [height, width, out, in], so that the input gradient reads the
    /// weights of one tap and output channel for consecutive input channels as a vector (see <see cref="Input"/>).
    /// </summary>
    /// <param name="kernel">The kernel as the trainer and the simulator hold it.</param>
    /// <param name="shape">The convolution's sizes.</param>
    /// <param name="transposed">The reordered kernel, <see cref="ConvolutionShape.KernelSize"/> values.</param>
    public static void TransposeKernel(ReadOnlySpan<float> kernel, in ConvolutionShape shape, Span<float> transposed)
    {
        if (shape.Pooling)
        {
            return; // no kernel
        }

        int taps = shape.KernelHeight * shape.KernelWidth;
        for (int o = 0; o < shape.OutChannels; o++)
        {
            for (int c = 0; c < shape.InChannels; c++)
            {
                for (int tap = 0; tap < taps; tap++)
                {
                    transposed[(tap * shape.OutChannels + o) * shape.InChannels + c] = kernel[(o * shape.InChannels + c) * taps + tap];
                }
            }
        }
    }

    /// <summary>
    /// The gradient a max pooling sends back to its source, one sample's row: each output's whole gradient to the
    /// source it took its maximum from (<paramref name="argmax"/>, recorded by the generated Gather), added in output order.
    /// </summary>
    /// <param name="inputGradient">∂L/∂(target input) of the row.</param>
    /// <param name="argmax">For each output, the index of its window's largest source.</param>
    /// <param name="sourceGradient">∂L/∂(source output) of the row, added to.</param>
    public static void MaxPool(ReadOnlySpan<float> inputGradient, ReadOnlySpan<int> argmax, Span<float> sourceGradient)
    {
        if (argmax.Length != inputGradient.Length)
        {
            throw new ArgumentException($"{inputGradient.Length} output gradients need as many sources, not {argmax.Length}.", nameof(argmax));
        }
        for (int o = 0; o < inputGradient.Length; o++)
        {
            sourceGradient[argmax[o]] += inputGradient[o];
        }
    }

    /// <summary>
    /// Adds ∂L/∂src[c, y, x] = Σ_(o, ky, kx) ∂L/∂in[o, oy, ox] · w[o, c, ky, kx] over the outputs (oy, ox) that read
    /// (y, x), into <paramref name="sourceGradient"/>: one sample's row. A pooling reads channel c only, with
    /// <paramref name="poolWeight"/>.
    /// </summary>
    /// <param name="inputGradient">∂L/∂(target input) of the row, <see cref="ConvolutionShape.OutputSize"/> values.</param>
    /// <param name="transposedKernel">The kernel reordered by <see cref="TransposeKernel"/>; empty for a pooling.</param>
    /// <param name="poolWeight">A pooling's fixed weight (1, or 1/(kh·kw) for an average).</param>
    /// <param name="shape">The sizes.</param>
    /// <param name="sourceGradient">∂L/∂(source output) of the row, <see cref="ConvolutionShape.InputSize"/> values, added to.</param>
    public static void Input(ReadOnlySpan<float> inputGradient, ReadOnlySpan<float> transposedKernel, float poolWeight, in ConvolutionShape shape, Span<float> sourceGradient)
    {
        if (inputGradient.Length != shape.OutputSize || sourceGradient.Length != shape.InputSize || transposedKernel.Length != shape.KernelSize)
        {
            throw new ArgumentException($"A row of {shape.OutputSize} gradients, {shape.KernelSize} weights and {shape.InputSize} source gradients was expected.");
        }

        if (!shape.Pooling)
        {
            InputByChannels(inputGradient, transposedKernel, shape, sourceGradient);
        }
        else if (shape.StrideHeight == shape.KernelHeight && shape.StrideWidth == shape.KernelWidth && shape.PaddingHeight == 0 && shape.PaddingWidth == 0)
        {
            InputOfTiledPooling(inputGradient, poolWeight, shape, sourceGradient);
        }
        else
        {
            InputOfPooling(inputGradient, poolWeight, shape, sourceGradient);
        }
    }

    /// <summary>
    /// A convolution, any stride: for each source position, the taps that reach an output, and for each the output
    /// channels' gradients (broadcast) times the weights of eight input channels at once, summed in registers.
    /// </summary>
    private static void InputByChannels(ReadOnlySpan<float> gin, ReadOnlySpan<float> wt, in ConvolutionShape shape, Span<float> gs)
    {
        int inC = shape.InChannels, outC = shape.OutChannels, plane = shape.OutHeight * shape.OutWidth, inPlane = shape.InHeight * shape.InWidth;
        int vectorEnd = Vector256.IsHardwareAccelerated ? inC - inC % Vector256<float>.Count : 0;
        ref float g = ref MemoryMarshal.GetReference(gin);
        ref float k = ref MemoryMarshal.GetReference(wt);
        for (int y = 0; y < shape.InHeight; y++)
        {
            for (int x = 0; x < shape.InWidth; x++)
            {
                for (int c0 = 0; c0 < inC; c0 += c0 < vectorEnd ? Vector256<float>.Count : 1)
                {
                    bool vector = c0 < vectorEnd;
                    Vector256<float> sum = default, sum1 = default, sum2 = default, sum3 = default;
                    float scalar = 0;
                    for (int ky = 0; ky < shape.KernelHeight; ky++)
                    {
                        for (int kx = 0; kx < shape.KernelWidth; kx++)
                        {
                            if (!shape.Reaches(y, x, ky, kx, out int position))
                            {
                                continue;
                            }

                            int tap = (ky * shape.KernelWidth + kx) * outC * inC + c0;
                            int o = 0;
                            if (vector)
                            {
                                // Four output channels at a time into four sums: one chain of fused adds would wait on each.
                                for (; o <= outC - 4; o += 4)
                                {
                                    ref float weights = ref Unsafe.Add(ref k, tap + o * inC);
                                    ref float gradients = ref Unsafe.Add(ref g, o * plane + position);
                                    sum = Vector256.FusedMultiplyAdd(Vector256.Create(gradients), Vector256.LoadUnsafe(ref weights), sum);
                                    sum1 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref gradients, plane)), Vector256.LoadUnsafe(ref weights, (nuint)inC), sum1);
                                    sum2 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref gradients, 2 * plane)), Vector256.LoadUnsafe(ref weights, (nuint)(2 * inC)), sum2);
                                    sum3 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref gradients, 3 * plane)), Vector256.LoadUnsafe(ref weights, (nuint)(3 * inC)), sum3);
                                }
                                for (; o < outC; o++)
                                {
                                    sum = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref g, o * plane + position)), Vector256.LoadUnsafe(ref k, (nuint)(tap + o * inC)), sum);
                                }
                            }
                            else
                            {
                                for (; o < outC; o++)
                                {
                                    scalar = MathF.FusedMultiplyAdd(Unsafe.Add(ref g, o * plane + position), Unsafe.Add(ref k, tap + o * inC), scalar);
                                }
                            }
                        }
                    }

                    int at = c0 * inPlane + y * shape.InWidth + x;
                    if (vector)
                    {
                        sum = (sum + sum1) + (sum2 + sum3);
                        for (int lane = 0; lane < Vector256<float>.Count; lane++)
                        {
                            gs[at + lane * inPlane] += sum.GetElement(lane);
                        }
                    }
                    else
                    {
                        gs[at] += scalar;
                    }
                }
            }
        }
    }

    /// <summary>A pooling whose windows tile the input (stride = kernel, no padding): each source position has at most one output.</summary>
    private static void InputOfTiledPooling(ReadOnlySpan<float> gin, float poolWeight, in ConvolutionShape shape, Span<float> gs)
    {
        int rows = shape.OutHeight * shape.KernelHeight, columns = shape.OutWidth * shape.KernelWidth;
        for (int c = 0; c < shape.InChannels; c++)
        {
            for (int y = 0; y < rows; y++)
            {
                ReadOnlySpan<float> outputRow = gin.Slice((c * shape.OutHeight + y / shape.KernelHeight) * shape.OutWidth, shape.OutWidth);
                Span<float> sourceRow = gs.Slice((c * shape.InHeight + y) * shape.InWidth, columns);
                for (int x = 0; x < columns; x++)
                {
                    sourceRow[x] += poolWeight * outputRow[x / shape.KernelWidth];
                }
            }
        }
    }

    /// <summary>Any pooling: each source position gathers the outputs whose window holds it, channel to same channel.</summary>
    private static void InputOfPooling(ReadOnlySpan<float> gin, float poolWeight, in ConvolutionShape shape, Span<float> gs)
    {
        int plane = shape.OutHeight * shape.OutWidth;
        for (int c = 0; c < shape.InChannels; c++)
        {
            for (int y = 0; y < shape.InHeight; y++)
            {
                for (int x = 0; x < shape.InWidth; x++)
                {
                    float sum = 0;
                    for (int ky = 0; ky < shape.KernelHeight; ky++)
                    {
                        for (int kx = 0; kx < shape.KernelWidth; kx++)
                        {
                            if (shape.Reaches(y, x, ky, kx, out int position))
                            {
                                sum += poolWeight * gin[c * plane + position];
                            }
                        }
                    }

                    gs[(c * shape.InHeight + y) * shape.InWidth + x] += sum;
                }
            }
        }
    }

    /// <summary>Adds value · (the adjoints of every output channel at the position) into the tap's gradients, fused.</summary>
    private readonly ref struct KernelGradientVisitor(Span<float> reordered, Span<float> rowAdjoints, int outChannels) : IReachVisitor
    {
        private readonly Span<float> _reordered = reordered;
        private readonly Span<float> _rowAdjoints = rowAdjoints;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Visit(float value, int tap, int position) => FusedMath.AddScaled(
            ref Unsafe.Add(ref MemoryMarshal.GetReference(_reordered), tap * outChannels),
            ref Unsafe.Add(ref MemoryMarshal.GetReference(_rowAdjoints), position * outChannels), value, outChannels);
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
