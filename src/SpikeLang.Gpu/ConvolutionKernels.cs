using System;
using ILGPU;
using ILGPU.Runtime;
using SpikeLang.Runtime;

namespace SpikeLang.Gpu;

/// <summary>
/// The generic kernels of a trainer's convolutions and poolings over all stacked steps, loaded once per accelerator:
/// deliveries in gather form (one thread per target element), the kernel gradient (one thread per kernel weight,
/// summing over every delivered step, sample and position: no atomics, a fixed order), the bias gradient (one thread
/// per output channel) and the gradient reaching the source (one thread per source element). The rows of a connection
/// lie in the [step, sample, neuron] buffers as a dense connection's (<see cref="DenseShape"/>, its sources and targets
/// the shape's input and output sizes); <see cref="ConvolutionShape"/> gives the geometry, as on the CPU.
/// </summary>
/// <remarks>
/// The forward sums are the CPU trainer's to the bit: the simulator's scatter adds each non-zero source's products in
/// ascending source order, and an output's window read in (channel, kernel row, kernel column) order visits its sources
/// in that same order. Plain loops, not tiled like the dense products (<see cref="TiledProducts"/>): nothing measured on a GPU yet.
/// </remarks>
public sealed class ConvolutionKernels
{
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, DenseShape, Geometry> _convolve;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, DenseShape, Geometry, float> _pool;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, DenseShape, Geometry> _maxPool;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, DenseShape, Geometry> _kernelGradient;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, DenseShape, Geometry> _biasGradient;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, DenseShape, Geometry> _sourceAdjoint;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, DenseShape, Geometry, float> _poolSourceAdjoint;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, DenseShape, Geometry> _maxPoolSourceAdjoint;

    internal ConvolutionKernels(Accelerator accelerator)
    {
        _convolve = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, DenseShape, Geometry>(ConvolveKernel);
        _pool = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, DenseShape, Geometry, float>(PoolKernel);
        _maxPool = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, DenseShape, Geometry>(MaxPoolKernel);
        _kernelGradient = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, DenseShape, Geometry>(KernelGradientKernel);
        _biasGradient = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, DenseShape, Geometry>(BiasGradientKernel);
        _sourceAdjoint = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, DenseShape, Geometry>(SourceAdjointKernel);
        _poolSourceAdjoint = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, DenseShape, Geometry, float>(PoolSourceAdjointKernel);
        _maxPoolSourceAdjoint = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, DenseShape, Geometry>(MaxPoolSourceAdjointKernel);
    }

    /// <summary>
    /// drive[t] += the convolution of source[t − lag] with <paramref name="kernel"/> ([out, in, height, width]), then each output
    /// channel's bias: the simulator's Deliver. An empty <paramref name="bias"/> adds none: a batch-normalized convolution's raw output.
    /// </summary>
    public void Convolve(ArrayView<float> drive, ArrayView<float> source, ArrayView<float> kernel, ArrayView<float> bias, DenseShape rows, ConvolutionShape shape) =>
        _convolve(rows.DeliveredRows * rows.Targets, drive, source, kernel, bias, rows, Geometry.Of(shape));

    /// <summary>
    /// drive[t] += Σ over each output's window of source[t − lag] · <paramref name="weight"/>: a sum pooling (weight 1) or an
    /// average pooling (weight 1/(KH·KW), rounded to float as the simulator's scatter computes it).
    /// </summary>
    public void Pool(ArrayView<float> drive, ArrayView<float> source, DenseShape rows, ConvolutionShape shape, float weight) =>
        _pool(rows.DeliveredRows * rows.Targets, drive, source, rows, Geometry.Of(shape), weight);

    /// <summary>
    /// drive[t] += the largest source[t − lag] of each output's window (padding never counts); <paramref name="argmax"/>
    /// (laid out as the drive) receives the source it came from, the first of equal ones in scan order, as the simulator's Gather.
    /// </summary>
    public void MaxPool(ArrayView<float> drive, ArrayView<float> source, ArrayView<int> argmax, DenseShape rows, ConvolutionShape shape) =>
        _maxPool(rows.DeliveredRows * rows.Targets, drive, source, argmax, rows, Geometry.Of(shape));

    /// <summary>∂L/∂w[o, c, ky, kx] = Σ over delivered steps, samples and output positions of ∂L/∂drive[o, oy, ox] · source[c, y, x], written whole.</summary>
    public void KernelGradient(ArrayView<float> gradient, ArrayView<float> source, ArrayView<float> driveAdjoint, DenseShape rows, ConvolutionShape shape) =>
        _kernelGradient(shape.KernelSize, gradient, source, driveAdjoint, rows, Geometry.Of(shape));

    /// <summary>∂L/∂b[o] = Σ over delivered steps, samples and positions of output channel o of ∂L/∂drive, written whole.</summary>
    public void BiasGradient(ArrayView<float> gradient, ArrayView<float> driveAdjoint, DenseShape rows, ConvolutionShape shape) =>
        _biasGradient(shape.OutChannels, gradient, driveAdjoint, rows, Geometry.Of(shape));

    /// <summary>∂L/∂source[t − lag] += the transposed convolution of ∂L/∂drive[t]: what a layer's spikes owe the convolutions they feed.</summary>
    public void SourceAdjoint(ArrayView<float> sourceAdjoint, ArrayView<float> driveAdjoint, ArrayView<float> kernel, DenseShape rows, ConvolutionShape shape) =>
        _sourceAdjoint(rows.DeliveredRows * rows.Sources, sourceAdjoint, driveAdjoint, kernel, rows, Geometry.Of(shape));

    /// <summary>∂L/∂source[t − lag] += <paramref name="weight"/> · the adjoints of the outputs whose window holds the source (sum or average pooling).</summary>
    public void PoolSourceAdjoint(ArrayView<float> sourceAdjoint, ArrayView<float> driveAdjoint, DenseShape rows, ConvolutionShape shape, float weight) =>
        _poolSourceAdjoint(rows.DeliveredRows * rows.Sources, sourceAdjoint, driveAdjoint, rows, Geometry.Of(shape), weight);

    /// <summary>∂L/∂source[t − lag] += the adjoints of the outputs that took their maximum from the source (<paramref name="argmax"/> of <see cref="MaxPool"/>).</summary>
    public void MaxPoolSourceAdjoint(ArrayView<float> sourceAdjoint, ArrayView<float> driveAdjoint, ArrayView<int> argmax, DenseShape rows, ConvolutionShape shape) =>
        _maxPoolSourceAdjoint(rows.DeliveredRows * rows.Sources, sourceAdjoint, driveAdjoint, argmax, rows, Geometry.Of(shape));

    /// <summary>Where the source row that target row <paramref name="row"/> (step × batch + sample) reads begins.</summary>
    private static int SourceRowStart(int row, DenseShape s)
    {
        int t = row / s.Batch;
        return ((t - s.Lag) * s.SourceStepRows + row - t * s.Batch) * s.Sources;
    }

    /// <summary>
    /// The output element a forward kernel's thread computes: <see cref="At"/>, its place in the drive; <see cref="From"/>,
    /// where the source row it reads begins; its channel and position in the output plane.
    /// </summary>
    private readonly struct OutputElement
    {
        public OutputElement(Index1D e, DenseShape s, ConvolutionShape g)
        {
            int element = e % s.Targets;
            int row = e / s.Targets + s.Lag * s.Batch;
            int plane = g.OutHeight * g.OutWidth;
            At = row * s.Targets + element;
            From = SourceRowStart(row, s);
            Channel = element / plane;
            Y = element % plane / g.OutWidth;
            X = element % g.OutWidth;
        }

        public int At { get; }

        public int From { get; }

        public int Channel { get; }

        public int Y { get; }

        public int X { get; }
    }

    private static void ConvolveKernel(Index1D e, ArrayView<float> drive, ArrayView<float> source, ArrayView<float> kernel, ArrayView<float> bias, DenseShape s, Geometry geometry)
    {
        ConvolutionShape g = geometry.Shape;
        var output = new OutputElement(e, s, g);
        int inPlane = g.InHeight * g.InWidth;
        float sum = drive[output.At];
        for (int c = 0; c < g.InChannels; c++)
        {
            for (int ky = 0; ky < g.KernelHeight; ky++)
            {
                for (int kx = 0; kx < g.KernelWidth; kx++)
                {
                    // Zero sources add nothing in the simulator's scatter, which skips them: skipped here too.
                    float value = g.Covers(output.Y, output.X, ky, kx, out int position) ? source[output.From + c * inPlane + position] : 0f;
                    if (value != 0f)
                    {
                        sum += value * kernel[((output.Channel * g.InChannels + c) * g.KernelHeight + ky) * g.KernelWidth + kx];
                    }
                }
            }
        }
        drive[output.At] = bias.Length > 0 ? sum + bias[output.Channel] : sum;
    }

    private static void PoolKernel(Index1D e, ArrayView<float> drive, ArrayView<float> source, DenseShape s, Geometry geometry, float weight)
    {
        ConvolutionShape g = geometry.Shape;
        var output = new OutputElement(e, s, g);
        int from = output.From + output.Channel * g.InHeight * g.InWidth;
        float sum = drive[output.At];
        for (int ky = 0; ky < g.KernelHeight; ky++)
        {
            for (int kx = 0; kx < g.KernelWidth; kx++)
            {
                float value = g.Covers(output.Y, output.X, ky, kx, out int position) ? source[from + position] : 0f;
                if (value != 0f)
                {
                    sum += value * weight;
                }
            }
        }
        drive[output.At] = sum;
    }

    private static void MaxPoolKernel(Index1D e, ArrayView<float> drive, ArrayView<float> source, ArrayView<int> argmax, DenseShape s, Geometry geometry)
    {
        ConvolutionShape g = geometry.Shape;
        var output = new OutputElement(e, s, g);
        int channel = output.Channel * g.InHeight * g.InWidth;
        int best = -1;
        float largest = 0f;
        for (int ky = 0; ky < g.KernelHeight; ky++)
        {
            for (int kx = 0; kx < g.KernelWidth; kx++)
            {
                // Padding never counts; the first of equal values in scan order wins.
                if (g.Covers(output.Y, output.X, ky, kx, out int position))
                {
                    float value = source[output.From + channel + position];
                    if (best < 0 || value > largest)
                    {
                        largest = value;
                        best = channel + position;
                    }
                }
            }
        }
        drive[output.At] += largest;
        argmax[output.At] = best;
    }

    private static void KernelGradientKernel(Index1D e, ArrayView<float> gradient, ArrayView<float> source, ArrayView<float> driveAdjoint, DenseShape s, Geometry geometry)
    {
        ConvolutionShape g = geometry.Shape;
        int taps = g.KernelHeight * g.KernelWidth;
        int o = e / (g.InChannels * taps);
        int c = e / taps % g.InChannels;
        int ky = e % taps / g.KernelWidth, kx = e % g.KernelWidth;
        int plane = g.OutHeight * g.OutWidth;
        float sum = 0f;
        for (int row = s.Lag * s.Batch; row < s.Steps * s.Batch; row++)
        {
            int from = SourceRowStart(row, s) + c * g.InHeight * g.InWidth;
            int to = row * s.Targets + o * plane;
            for (int oy = 0; oy < g.OutHeight; oy++)
            {
                for (int ox = 0; ox < g.OutWidth; ox++)
                {
                    if (g.Covers(oy, ox, ky, kx, out int position))
                    {
                        sum += source[from + position] * driveAdjoint[to + oy * g.OutWidth + ox];
                    }
                }
            }
        }
        gradient[e] = sum;
    }

    private static void BiasGradientKernel(Index1D o, ArrayView<float> gradient, ArrayView<float> driveAdjoint, DenseShape s, Geometry geometry)
    {
        ConvolutionShape g = geometry.Shape;
        int plane = g.OutHeight * g.OutWidth;
        float sum = 0f;
        for (int row = s.Lag * s.Batch; row < s.Steps * s.Batch; row++)
        {
            int start = row * s.Targets + o * plane;
            for (int p = 0; p < plane; p++)
            {
                sum += driveAdjoint[start + p];
            }
        }
        gradient[o] = sum;
    }

    private static void SourceAdjointKernel(Index1D e, ArrayView<float> sourceAdjoint, ArrayView<float> driveAdjoint, ArrayView<float> kernel, DenseShape s, Geometry geometry)
    {
        ConvolutionShape g = geometry.Shape;
        int k = e % s.Sources;
        int row = e / s.Sources + s.Lag * s.Batch;
        int inPlane = g.InHeight * g.InWidth, plane = g.OutHeight * g.OutWidth;
        int c = k / inPlane, y = k % inPlane / g.InWidth, x = k % g.InWidth;
        int start = row * s.Targets;
        float sum = 0f;
        for (int o = 0; o < g.OutChannels; o++)
        {
            for (int ky = 0; ky < g.KernelHeight; ky++)
            {
                for (int kx = 0; kx < g.KernelWidth; kx++)
                {
                    if (g.Reaches(y, x, ky, kx, out int position))
                    {
                        sum += driveAdjoint[start + o * plane + position] * kernel[((o * g.InChannels + c) * g.KernelHeight + ky) * g.KernelWidth + kx];
                    }
                }
            }
        }
        sourceAdjoint[(row - s.Lag * s.Batch) * s.Sources + k] += sum;
    }

    private static void PoolSourceAdjointKernel(Index1D e, ArrayView<float> sourceAdjoint, ArrayView<float> driveAdjoint, DenseShape s, Geometry geometry, float weight)
    {
        ConvolutionShape g = geometry.Shape;
        int k = e % s.Sources;
        int row = e / s.Sources + s.Lag * s.Batch;
        int inPlane = g.InHeight * g.InWidth, plane = g.OutHeight * g.OutWidth;
        int c = k / inPlane, y = k % inPlane / g.InWidth, x = k % g.InWidth;
        int start = row * s.Targets + c * plane;
        float sum = 0f;
        for (int ky = 0; ky < g.KernelHeight; ky++)
        {
            for (int kx = 0; kx < g.KernelWidth; kx++)
            {
                if (g.Reaches(y, x, ky, kx, out int position))
                {
                    sum += weight * driveAdjoint[start + position];
                }
            }
        }
        sourceAdjoint[(row - s.Lag * s.Batch) * s.Sources + k] += sum;
    }

    private static void MaxPoolSourceAdjointKernel(Index1D e, ArrayView<float> sourceAdjoint, ArrayView<float> driveAdjoint, ArrayView<int> argmax, DenseShape s, Geometry geometry)
    {
        ConvolutionShape g = geometry.Shape;
        int k = e % s.Sources;
        int row = e / s.Sources + s.Lag * s.Batch;
        int inPlane = g.InHeight * g.InWidth, plane = g.OutHeight * g.OutWidth;
        int c = k / inPlane, y = k % inPlane / g.InWidth, x = k % g.InWidth;
        int start = row * s.Targets + c * plane;
        float sum = 0f;
        for (int ky = 0; ky < g.KernelHeight; ky++)
        {
            for (int kx = 0; kx < g.KernelWidth; kx++)
            {
                // Of the outputs whose window holds this source, those that took their maximum from it send their adjoint back.
                if (g.Reaches(y, x, ky, kx, out int position) && argmax[start + position] == k)
                {
                    sum += driveAdjoint[start + position];
                }
            }
        }
        sourceAdjoint[(row - s.Lag * s.Batch) * s.Sources + k] += sum;
    }

    /// <summary>
    /// <see cref="ConvolutionShape"/> as a kernel argument: ILGPU passes only blittable structs, and its <c>bool</c> is not;
    /// each kernel rebuilds the shape from it, so the geometry's arithmetic (<see cref="ConvolutionShape.Reaches"/>) is the CPU's own.
    /// </summary>
    internal readonly record struct Geometry(
        int InChannels, int InHeight, int InWidth, int OutChannels, int OutHeight, int OutWidth,
        int KernelHeight, int KernelWidth, int StrideHeight, int StrideWidth, int PaddingHeight, int PaddingWidth, int Pooling)
    {
        public static Geometry Of(ConvolutionShape s) => new(s.InChannels, s.InHeight, s.InWidth, s.OutChannels, s.OutHeight, s.OutWidth,
            s.KernelHeight, s.KernelWidth, s.StrideHeight, s.StrideWidth, s.PaddingHeight, s.PaddingWidth, s.Pooling ? 1 : 0);

        public ConvolutionShape Shape => new(InChannels, InHeight, InWidth, OutChannels, OutHeight, OutWidth,
            KernelHeight, KernelWidth, StrideHeight, StrideWidth, PaddingHeight, PaddingWidth, Pooling != 0);
    }
}
