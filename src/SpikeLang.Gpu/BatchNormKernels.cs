using System;
using ILGPU;
using ILGPU.Runtime;

namespace SpikeLang.Gpu;

/// <summary>
/// Where a batch-normalized convolution's raw outputs z lie: <see cref="Rows"/> rows (delivered steps × samples, or the
/// samples alone from an input that is the same every step) of <see cref="Channels"/> × <see cref="Positions"/> values.
/// </summary>
/// <param name="Rows">Rows of z.</param>
/// <param name="Channels">Output channels.</param>
/// <param name="Positions">Positions per channel (height × width).</param>
/// <param name="Epsilon">Added to the variance.</param>
/// <param name="Momentum">The batch's share in the new running statistics.</param>
public readonly record struct NormShape(int Rows, int Channels, int Positions, float Epsilon, float Momentum);

/// <summary>
/// Batch normalization of a convolution's output channels in training, on the device: the CPU trainer's
/// <c>BatchNormalization</c> (statistics per channel over every row and position, PyTorch's running statistics,
/// y = a·z + b with a = γ/√(σ² + ε) and b = β − μ·a, and the gradient through the batch's statistics), its arithmetic
/// written out per channel and element. The per-channel values live in one buffer of 7 × channels:
/// [mean, 1/√(σ² + ε), a, b, then the backward pass's gain, offset and slope].
/// </summary>
/// <remarks>
/// One thread per channel sums in double in ascending order; the CPU adds float vector partial sums in double, so a
/// mean may differ from the CPU's in its last bit. Evaluation folds the running statistics into the kernel on the host
/// (<c>BatchNormalization.Fold</c>) and runs a plain convolution.
/// </remarks>
public sealed class BatchNormKernels
{
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, NormShape> _statistics;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, DenseShape, NormShape> _addNormalized;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, DenseShape, NormShape> _gradients;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, DenseShape, NormShape> _outputAdjoints;

    internal BatchNormKernels(Accelerator accelerator)
    {
        _statistics = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, NormShape>(StatisticsKernel);
        _addNormalized = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, DenseShape, NormShape>(AddNormalizedKernel);
        _gradients = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, DenseShape, NormShape>(GradientsKernel);
        _outputAdjoints = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, DenseShape, NormShape>(OutputAdjointsKernel);
    }

    /// <summary>Each channel's batch mean and 1/√(σ² + ε) of z, a and b from γ and β; the running statistics moved towards the batch's (the variance unbiased).</summary>
    public void Statistics(ArrayView<float> outputs, ArrayView<float> channelValues, ArrayView<float> runningMean, ArrayView<float> runningVariance,
        ArrayView<float> scale, ArrayView<float> shift, NormShape shape) =>
        _statistics(shape.Channels, outputs, channelValues, runningMean, runningVariance, scale, shift, shape);

    /// <summary>drive[t] += a·z + b for every delivered step, z's row the one the step's source row gave (<paramref name="rows"/>: the connection's rows).</summary>
    public void AddNormalized(ArrayView<float> drive, ArrayView<float> outputs, ArrayView<float> channelValues, DenseShape rows, NormShape shape) =>
        _addNormalized(rows.DeliveredRows * rows.Targets, drive, outputs, channelValues, rows, shape);

    /// <summary>
    /// From ∂L/∂drive of every delivered step (summed over the steps that read one row of z): ∂L/∂β = Σ ∂L/∂y and
    /// ∂L/∂γ = Σ ∂L/∂y·ẑ per channel (written whole), and the coefficients of <see cref="OutputAdjoints"/>.
    /// </summary>
    public void Gradients(ArrayView<float> driveAdjoint, ArrayView<float> outputs, ArrayView<float> channelValues, ArrayView<float> scale,
        ArrayView<float> scaleGradient, ArrayView<float> shiftGradient, DenseShape rows, NormShape shape) =>
        _gradients(shape.Channels, driveAdjoint, outputs, channelValues, scale, scaleGradient, shiftGradient, rows, shape);

    /// <summary>∂L/∂z = gain·∂L/∂y + offset + slope·(z − μ) per element, with the coefficients of <see cref="Gradients"/>: the gradient through the batch's statistics too.</summary>
    public void OutputAdjoints(ArrayView<float> driveAdjoint, ArrayView<float> outputs, ArrayView<float> channelValues, ArrayView<float> outputAdjoints, DenseShape rows, NormShape shape) =>
        _outputAdjoints(shape.Rows * shape.Channels * shape.Positions, driveAdjoint, outputs, channelValues, outputAdjoints, rows, shape);

    /// <summary>∂L/∂y of z's element <paramref name="at"/> (row × channels × positions + element): the adjoints of the target rows that read its row.</summary>
    private static float Adjoint(ArrayView<float> driveAdjoint, int at, DenseShape s)
    {
        int row = at / s.Targets, element = at - row * s.Targets;
        if (s.SourceStepRows != 0)
        {
            return driveAdjoint[(row + s.Lag * s.Batch) * s.Targets + element];
        }
        // From an input that is the same every step: one row of z per sample, read by every delivered step.
        float sum = 0f;
        for (int t = s.Lag; t < s.Steps; t++)
        {
            sum += driveAdjoint[(t * s.Batch + row) * s.Targets + element];
        }
        return sum;
    }

    private static void StatisticsKernel(Index1D c, ArrayView<float> z, ArrayView<float> values, ArrayView<float> runningMean, ArrayView<float> runningVariance,
        ArrayView<float> scale, ArrayView<float> shift, NormShape n)
    {
        double count = (double)n.Rows * n.Positions;
        double sum = 0;
        for (int r = 0; r < n.Rows; r++)
        {
            int start = (r * n.Channels + c) * n.Positions;
            for (int p = 0; p < n.Positions; p++)
            {
                sum += z[start + p];
            }
        }
        float mu = (float)(sum / count);
        // Around the mean, in a second pass, as on the CPU: no cancellation between two large sums.
        double squares = 0;
        for (int r = 0; r < n.Rows; r++)
        {
            int start = (r * n.Channels + c) * n.Positions;
            for (int p = 0; p < n.Positions; p++)
            {
                double d = z[start + p] - mu;
                squares += d * d;
            }
        }
        double variance = squares / count;
        float inv = (float)(1 / Math.Sqrt(variance + n.Epsilon));
        float momentum = n.Momentum;
        double unbiased = count > 1 ? squares / (count - 1) : variance;
        runningMean[c] = (float)((1 - momentum) * runningMean[c] + momentum * (double)mu);
        runningVariance[c] = (float)((1 - momentum) * runningVariance[c] + momentum * unbiased);
        float a = scale[c] * inv;
        values[c] = mu;
        values[n.Channels + c] = inv;
        values[2 * n.Channels + c] = a;
        values[3 * n.Channels + c] = shift[c] - mu * a;
    }

    private static void AddNormalizedKernel(Index1D e, ArrayView<float> drive, ArrayView<float> z, ArrayView<float> values, DenseShape s, NormShape n)
    {
        int element = e % s.Targets;
        int row = e / s.Targets + s.Lag * s.Batch;
        int t = row / s.Batch;
        int zRow = (t - s.Lag) * s.SourceStepRows + row - t * s.Batch;
        int c = element / n.Positions;
        int at = row * s.Targets + element;
        drive[at] = drive[at] + (values[2 * n.Channels + c] * z[zRow * s.Targets + element] + values[3 * n.Channels + c]);
    }

    private static void GradientsKernel(Index1D c, ArrayView<float> driveAdjoint, ArrayView<float> z, ArrayView<float> values, ArrayView<float> scale,
        ArrayView<float> scaleGradient, ArrayView<float> shiftGradient, DenseShape s, NormShape n)
    {
        float mu = values[c], inv = values[n.Channels + c];
        double count = (double)n.Rows * n.Positions;
        double shiftSum = 0, centredSum = 0;
        for (int r = 0; r < n.Rows; r++)
        {
            int start = (r * n.Channels + c) * n.Positions;
            for (int p = 0; p < n.Positions; p++)
            {
                float adjoint = Adjoint(driveAdjoint, start + p, s);
                shiftSum += adjoint;
                centredSum += adjoint * (double)(z[start + p] - mu);
            }
        }
        double scaleSum = centredSum * inv;
        shiftGradient[c] = (float)shiftSum;
        scaleGradient[c] = (float)scaleSum;
        // ∂L/∂z = k·∂L/∂y + k0 + k1·(z − μ), with k = γ/√(σ² + ε).
        double k = (double)scale[c] * inv;
        values[4 * n.Channels + c] = (float)k;
        values[5 * n.Channels + c] = (float)(-k * shiftSum / count);
        values[6 * n.Channels + c] = (float)(-k * inv * scaleSum / count);
    }

    private static void OutputAdjointsKernel(Index1D e, ArrayView<float> driveAdjoint, ArrayView<float> z, ArrayView<float> values, ArrayView<float> outputAdjoints, DenseShape s, NormShape n)
    {
        int c = e / n.Positions % n.Channels;
        float gain = values[4 * n.Channels + c], offset = values[5 * n.Channels + c], slope = values[6 * n.Channels + c];
        outputAdjoints[e] = gain * Adjoint(driveAdjoint, e, s) + offset + slope * (z[e] - values[c]);
    }
}
