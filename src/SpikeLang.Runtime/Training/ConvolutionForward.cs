using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SpikeLang.Runtime;

/// <summary>
/// The generated trainer's convolution forward pass: the simulator's scatter (each non-zero source in ascending
/// order adds value · w into the outputs its kernel slice reaches, the product rounded before the add), with the
/// target's inputs held channels-last while it runs, so that the output channels of one position are one vector.
/// Every input receives the same additions in the same order as in the simulator, so the sums, and the spikes
/// of a trained network, are the same.
/// </summary>
public static class ConvolutionForward
{
    /// <summary>The kernel [out, in, height, width] reordered to [in, height, width, out]: one tap's weights for every output channel in a row.</summary>
    /// <param name="kernel">The kernel as the trainer and the simulator hold it.</param>
    /// <param name="shape">The convolution's sizes (not a pooling).</param>
    /// <param name="reordered">The reordered kernel, <see cref="ConvolutionShape.KernelSize"/> values.</param>
    public static void ReorderKernel(ReadOnlySpan<float> kernel, in ConvolutionShape shape, Span<float> reordered)
    {
        int taps = shape.InChannels * shape.KernelHeight * shape.KernelWidth;
        for (int o = 0; o < shape.OutChannels; o++)
        {
            for (int tap = 0; tap < taps; tap++)
            {
                reordered[tap * shape.OutChannels + o] = kernel[o * taps + tap];
            }
        }
    }

    /// <summary>
    /// Adds the convolution of one sample's <paramref name="sources"/> into its target <paramref name="input"/> (C order),
    /// using <paramref name="scratch"/> (<see cref="ConvolutionShape.OutputSize"/> values) for the channels-last copy.
    /// </summary>
    /// <param name="sources">The source's output of the step: spikes or input values, <see cref="ConvolutionShape.InputSize"/> values.</param>
    /// <param name="reorderedKernel">The kernel from <see cref="ReorderKernel"/>.</param>
    /// <param name="shape">The convolution's sizes (not a pooling).</param>
    /// <param name="input">The target's input of the step, added to.</param>
    /// <param name="scratch">Room for one sample's outputs, channels-last.</param>
    public static void Add(ReadOnlySpan<float> sources, ReadOnlySpan<float> reorderedKernel, in ConvolutionShape shape, Span<float> input, Span<float> scratch)
    {
        int outC = shape.OutChannels, plane = shape.OutHeight * shape.OutWidth;
        if (sources.Length != shape.InputSize || input.Length != shape.OutputSize || scratch.Length < shape.OutputSize || reorderedKernel.Length != shape.KernelSize)
        {
            throw new ArgumentException($"{shape.InputSize} sources, {shape.KernelSize} weights and {shape.OutputSize} inputs were expected.");
        }

        for (int o = 0; o < outC; o++)
        {
            for (int p = 0; p < plane; p++)
            {
                scratch[p * outC + o] = input[o * plane + p];
            }
        }

        var visitor = new ScatterVisitor(reorderedKernel, scratch, outC);
        shape.ForEachReach(sources, 0, visitor);

        for (int o = 0; o < outC; o++)
        {
            for (int p = 0; p < plane; p++)
            {
                input[o * plane + p] = scratch[p * outC + o];
            }
        }
    }

    /// <summary>Adds value · (the tap's weights of every output channel) into the position's inputs: multiplied, then added, as the simulator.</summary>
    private readonly ref struct ScatterVisitor(ReadOnlySpan<float> reorderedKernel, Span<float> channelsLast, int outChannels) : IReachVisitor
    {
        private readonly ReadOnlySpan<float> _kernel = reorderedKernel;
        private readonly Span<float> _inputs = channelsLast;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Visit(float value, int tap, int position) =>
            DenseRows.AddScaled(_inputs.Slice(position * outChannels, outChannels), _kernel.Slice(tap * outChannels, outChannels), value);
    }
}
