using System;
using ILGPU;
using ILGPU.Runtime;

namespace SpikeLang.Gpu;

/// <summary>
/// The dense trainer's three matrix products with one thread per element of the result, each summing in ascending
/// index order straight from global memory: on the CPU accelerator every sum is the CPU trainer's, term for term.
/// The reference that <see cref="TiledProducts"/> is tested against, and its baseline in <c>GpuBench products</c>.
/// </summary>
internal sealed class PlainProducts : IDenseProducts
{
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, DenseShape> _deliver;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, DenseShape> _weightGradient;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, DenseShape> _sourceAdjoint;

    public PlainProducts(Accelerator accelerator)
    {
        _deliver = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, DenseShape>(DeliverKernel);
        _weightGradient = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, DenseShape>(WeightGradientKernel);
        _sourceAdjoint = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, DenseShape>(SourceAdjointKernel);
    }

    public void Deliver(ArrayView<float> drive, ArrayView<float> source, ArrayView<float> weights, ArrayView<float> bias, DenseShape shape) =>
        _deliver(shape.DeliveredRows * shape.Targets, drive, source, weights, bias, shape);

    public void WeightGradient(ArrayView<float> gradient, ArrayView<float> source, ArrayView<float> driveAdjoint, DenseShape shape) =>
        _weightGradient(shape.Sources * shape.Targets, gradient, source, driveAdjoint, shape);

    public void SourceAdjoint(ArrayView<float> sourceAdjoint, ArrayView<float> driveAdjoint, ArrayView<float> weights, DenseShape shape) =>
        _sourceAdjoint(shape.DeliveredRows * shape.Sources, sourceAdjoint, driveAdjoint, weights, shape);

    private static void DeliverKernel(Index1D e, ArrayView<float> drive, ArrayView<float> source, ArrayView<float> weights, ArrayView<float> bias, DenseShape s)
    {
        int n = e % s.Targets;
        int delivered = e / s.Targets;
        int from = s.SourceOffset(delivered);
        int at = (delivered + s.Lag * s.Batch) * s.Targets + n;
        float sum = drive[at];
        for (int k = 0; k < s.Sources; k++)
        {
            sum += source[from + k] * weights[k * s.Targets + n];
        }
        drive[at] = sum + bias[n];
    }

    private static void WeightGradientKernel(Index1D e, ArrayView<float> gradient, ArrayView<float> source, ArrayView<float> driveAdjoint, DenseShape s)
    {
        int k = e / s.Targets;
        int n = e - k * s.Targets;
        float sum = 0f;
        for (int t = s.Lag; t < s.Steps; t++)
        {
            for (int b = 0; b < s.Batch; b++)
            {
                sum += source[((t - s.Lag) * s.SourceStepRows + b) * s.Sources + k] * driveAdjoint[(t * s.Batch + b) * s.Targets + n];
            }
        }
        gradient[e] = sum;
    }

    private static void SourceAdjointKernel(Index1D e, ArrayView<float> sourceAdjoint, ArrayView<float> driveAdjoint, ArrayView<float> weights, DenseShape s)
    {
        int k = e % s.Sources;
        int row = e / s.Sources + s.Lag * s.Batch;
        float sum = 0f;
        for (int n = 0; n < s.Targets; n++)
        {
            sum += driveAdjoint[row * s.Targets + n] * weights[k * s.Targets + n];
        }
        sourceAdjoint[(row - s.Lag * s.Batch) * s.Sources + k] += sum;
    }
}
