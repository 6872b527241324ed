using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SpikeLang.Runtime;

/// <summary>
/// Batch normalization of a convolution's output channels, as PyTorch's BatchNorm1d/2d after a convolution:
/// in training y = γ·(z − μ)/√(σ² + ε) + β with the mean μ and (biased) variance σ² of channel c over every row
/// (step × sample) and position of the batch, and running statistics that move <c>momentum</c> of the way to
/// the batch's (the running variance with the unbiased one); in evaluation the running statistics, which
/// <see cref="Fold"/> turns into a plain convolution's kernel and bias.
/// </summary>
/// <remarks>
/// Outputs are rows of [channels, positions]. Statistics and gradients are computed per channel, each a sum in a
/// fixed order (float vector partial sums of a row's positions, added in double), so splitting the channels over
/// threads changes no bit.
/// </remarks>
public static class BatchNormalization
{
    /// <summary>
    /// Channels [<paramref name="firstChannel"/>, <paramref name="lastChannel"/>): the batch mean and 1/√(σ² + ε) of
    /// <paramref name="outputs"/>, and the running statistics moved towards them.
    /// </summary>
    /// <param name="outputs">The convolution's outputs, <paramref name="rows"/> rows of channels × positions.</param>
    /// <param name="rows">Rows (steps × samples) of the batch.</param>
    /// <param name="channels">Output channels.</param>
    /// <param name="positions">Positions per channel (height × width).</param>
    /// <param name="firstChannel">First channel of this call's block.</param>
    /// <param name="lastChannel">End of this call's block of channels.</param>
    /// <param name="epsilon">Added to the variance.</param>
    /// <param name="momentum">The batch's share in the new running statistics.</param>
    /// <param name="mean">Receives each channel's batch mean.</param>
    /// <param name="inverseDeviation">Receives each channel's 1/√(σ² + ε).</param>
    /// <param name="runningMean">The running means, updated.</param>
    /// <param name="runningVariance">The running variances, updated with the unbiased batch variance.</param>
    public static void Statistics(ReadOnlySpan<float> outputs, int rows, int channels, int positions, int firstChannel, int lastChannel,
        float epsilon, float momentum, Span<float> mean, Span<float> inverseDeviation, Span<float> runningMean, Span<float> runningVariance)
    {
        CheckRows(outputs, rows, channels, positions);
        double count = (double)rows * positions;
        for (int c = firstChannel; c < lastChannel; c++)
        {
            double sum = 0;
            for (int r = 0; r < rows; r++)
            {
                sum += Sum(Channel(outputs, r, c, channels, positions));
            }
            float mu = (float)(sum / count);

            // Around the mean, in a second pass: no cancellation between two large sums.
            double squares = 0;
            for (int r = 0; r < rows; r++)
            {
                squares += SquaredDeviations(Channel(outputs, r, c, channels, positions), mu);
            }
            double variance = squares / count;
            mean[c] = mu;
            inverseDeviation[c] = (float)(1 / Math.Sqrt(variance + epsilon));
            double unbiased = count > 1 ? squares / (count - 1) : variance;
            runningMean[c] = (float)((1 - momentum) * runningMean[c] + momentum * (double)mu);
            runningVariance[c] = (float)((1 - momentum) * runningVariance[c] + momentum * unbiased);
        }
    }

    /// <summary>
    /// One row: <c>destination[c, p] += a_c·z[c, p] + b_c</c> with a_c = γ_c/√(σ_c² + ε) and b_c = β_c − μ_c·a_c, the
    /// normalized output added to a layer's input.
    /// </summary>
    public static void AddNormalized(ReadOnlySpan<float> output, ReadOnlySpan<float> mean, ReadOnlySpan<float> inverseDeviation,
        ReadOnlySpan<float> scale, ReadOnlySpan<float> shift, int positions, Span<float> destination)
    {
        int channels = mean.Length;
        if (output.Length != channels * positions || destination.Length != output.Length)
        {
            throw new ArgumentException($"A row of {channels} channels × {positions} positions: {output.Length} outputs, {destination.Length} destinations.");
        }
        for (int c = 0; c < channels; c++)
        {
            float a = scale[c] * inverseDeviation[c];
            float b = shift[c] - mean[c] * a;
            ref float z = ref Unsafe.AsRef(in output[c * positions]);
            ref float y = ref destination[c * positions];
            var va = Vector256.Create(a);
            var vb = Vector256.Create(b);
            int p = 0;
            for (; p <= positions - Vector256<float>.Count; p += Vector256<float>.Count)
            {
                (Vector256.LoadUnsafe(ref y, (nuint)p) + (va * Vector256.LoadUnsafe(ref z, (nuint)p) + vb)).StoreUnsafe(ref y, (nuint)p);
            }
            for (; p < positions; p++)
            {
                Unsafe.Add(ref y, p) += a * Unsafe.Add(ref z, p) + b;
            }
        }
    }

    /// <summary>
    /// Channels [<paramref name="firstChannel"/>, <paramref name="lastChannel"/>) backwards: from ∂L/∂y of every row,
    /// ∂L/∂β = Σ ∂L/∂y, ∂L/∂γ = Σ ∂L/∂y·ẑ and ∂L/∂z = γ/√(σ² + ε)·(∂L/∂y − ∂L/∂β/M − ẑ·∂L/∂γ/M), ẑ = (z − μ)/√(σ² + ε),
    /// M = rows × positions: the gradient through the batch's mean and variance too.
    /// </summary>
    /// <param name="normalizedAdjoints">∂L/∂y, laid out as <paramref name="outputs"/>.</param>
    /// <param name="outputs">The convolution's outputs z of the forward pass.</param>
    /// <param name="rows">Rows of the batch.</param>
    /// <param name="channels">Output channels.</param>
    /// <param name="positions">Positions per channel.</param>
    /// <param name="firstChannel">First channel of this call's block.</param>
    /// <param name="lastChannel">End of this call's block of channels.</param>
    /// <param name="mean">The batch means of the forward pass.</param>
    /// <param name="inverseDeviation">The forward pass's 1/√(σ² + ε).</param>
    /// <param name="scale">γ.</param>
    /// <param name="outputAdjoints">Receives ∂L/∂z (overwritten), laid out as <paramref name="outputs"/>.</param>
    /// <param name="scaleGradient">Receives ∂L/∂γ (overwritten).</param>
    /// <param name="shiftGradient">Receives ∂L/∂β (overwritten).</param>
    public static void Backward(ReadOnlySpan<float> normalizedAdjoints, ReadOnlySpan<float> outputs, int rows, int channels, int positions,
        int firstChannel, int lastChannel, ReadOnlySpan<float> mean, ReadOnlySpan<float> inverseDeviation, ReadOnlySpan<float> scale,
        Span<float> outputAdjoints, Span<float> scaleGradient, Span<float> shiftGradient)
    {
        CheckRows(outputs, rows, channels, positions);
        CheckRows(normalizedAdjoints, rows, channels, positions);
        CheckRows(outputAdjoints, rows, channels, positions);
        double count = (double)rows * positions;
        for (int c = firstChannel; c < lastChannel; c++)
        {
            float mu = mean[c], inv = inverseDeviation[c];
            double shiftSum = 0, centredSum = 0;
            for (int r = 0; r < rows; r++)
            {
                var adjoints = Channel(normalizedAdjoints, r, c, channels, positions);
                shiftSum += Sum(adjoints);
                centredSum += CentredProducts(adjoints, Channel(outputs, r, c, channels, positions), mu);
            }
            double scaleSum = centredSum * inv;
            shiftGradient[c] = (float)shiftSum;
            scaleGradient[c] = (float)scaleSum;

            // ∂L/∂z = k·∂L/∂y + k0 + k1·(z − μ), with k = γ/√(σ² + ε).
            double k = (double)scale[c] * inv;
            float gain = (float)k, offset = (float)(-k * shiftSum / count), slope = (float)(-k * inv * scaleSum / count);
            for (int r = 0; r < rows; r++)
            {
                int start = (r * channels + c) * positions;
                Affine(normalizedAdjoints.Slice(start, positions), outputs.Slice(start, positions), mu, gain, offset, slope, outputAdjoints.Slice(start, positions));
            }
        }
    }

    /// <summary>
    /// The evaluation-time convolution: <c>kernel'[o, …] = kernel[o, …]·s_o</c> and <c>bias'[o] = β_o − μ_o·s_o</c> with
    /// s_o = γ_o/√(running σ_o² + ε), the running statistics standing for the batch's. Its spikes are the
    /// simulator's: the simulator is given exactly these values.
    /// </summary>
    /// <param name="kernel">The trained kernel, [out, …], <paramref name="foldedKernel"/>'s length.</param>
    /// <param name="scale">γ per output channel.</param>
    /// <param name="shift">β per output channel.</param>
    /// <param name="runningMean">Running means.</param>
    /// <param name="runningVariance">Running variances.</param>
    /// <param name="epsilon">Added to the variance.</param>
    /// <param name="foldedKernel">Receives the folded kernel.</param>
    /// <param name="foldedBias">Receives the folded bias.</param>
    public static void Fold(ReadOnlySpan<float> kernel, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift, ReadOnlySpan<float> runningMean,
        ReadOnlySpan<float> runningVariance, float epsilon, Span<float> foldedKernel, Span<float> foldedBias)
    {
        int channels = scale.Length;
        if (kernel.Length != foldedKernel.Length || kernel.Length % channels != 0 || foldedBias.Length != channels)
        {
            throw new ArgumentException($"A kernel of {kernel.Length} values over {channels} output channels, into {foldedKernel.Length} values and {foldedBias.Length} biases.");
        }
        int perChannel = kernel.Length / channels;
        for (int o = 0; o < channels; o++)
        {
            float s = (float)(scale[o] / Math.Sqrt(runningVariance[o] + (double)epsilon));
            for (int k = o * perChannel; k < (o + 1) * perChannel; k++)
            {
                foldedKernel[k] = kernel[k] * s;
            }
            foldedBias[o] = shift[o] - runningMean[o] * s;
        }
    }

    private static void CheckRows(ReadOnlySpan<float> values, int rows, int channels, int positions)
    {
        if (values.Length < (long)rows * channels * positions)
        {
            throw new ArgumentException($"{rows} rows of {channels} channels × {positions} positions need {(long)rows * channels * positions} values, not {values.Length}.");
        }
    }

    private static ReadOnlySpan<float> Channel(ReadOnlySpan<float> values, int row, int channel, int channels, int positions) =>
        values.Slice((row * channels + channel) * positions, positions);

    private static double Sum(ReadOnlySpan<float> values)
    {
        ref float x = ref Unsafe.AsRef(in values[0]);
        var sum = Vector256<float>.Zero;
        int p = 0;
        for (; p <= values.Length - Vector256<float>.Count; p += Vector256<float>.Count)
        {
            sum += Vector256.LoadUnsafe(ref x, (nuint)p);
        }
        double total = Vector256.Sum(sum);
        for (; p < values.Length; p++)
        {
            total += Unsafe.Add(ref x, p);
        }
        return total;
    }

    private static double SquaredDeviations(ReadOnlySpan<float> values, float mean)
    {
        ref float x = ref Unsafe.AsRef(in values[0]);
        var mu = Vector256.Create(mean);
        var sum = Vector256<float>.Zero;
        int p = 0;
        for (; p <= values.Length - Vector256<float>.Count; p += Vector256<float>.Count)
        {
            var d = Vector256.LoadUnsafe(ref x, (nuint)p) - mu;
            sum += d * d;
        }
        double total = Vector256.Sum(sum);
        for (; p < values.Length; p++)
        {
            double d = Unsafe.Add(ref x, p) - mean;
            total += d * d;
        }
        return total;
    }

    /// <summary>Σ a_p·(z_p − μ).</summary>
    private static double CentredProducts(ReadOnlySpan<float> adjoints, ReadOnlySpan<float> outputs, float mean)
    {
        ref float a = ref Unsafe.AsRef(in adjoints[0]);
        ref float z = ref Unsafe.AsRef(in outputs[0]);
        var mu = Vector256.Create(mean);
        var sum = Vector256<float>.Zero;
        int p = 0;
        for (; p <= adjoints.Length - Vector256<float>.Count; p += Vector256<float>.Count)
        {
            sum += Vector256.LoadUnsafe(ref a, (nuint)p) * (Vector256.LoadUnsafe(ref z, (nuint)p) - mu);
        }
        double total = Vector256.Sum(sum);
        for (; p < adjoints.Length; p++)
        {
            total += Unsafe.Add(ref a, p) * (double)(Unsafe.Add(ref z, p) - mean);
        }
        return total;
    }

    /// <summary>result_p = gain·a_p + offset + slope·(z_p − μ).</summary>
    private static void Affine(ReadOnlySpan<float> adjoints, ReadOnlySpan<float> outputs, float mean, float gain, float offset, float slope, Span<float> result)
    {
        ref float a = ref Unsafe.AsRef(in adjoints[0]);
        ref float z = ref Unsafe.AsRef(in outputs[0]);
        ref float g = ref result[0];
        Vector256<float> mu = Vector256.Create(mean), vg = Vector256.Create(gain), vo = Vector256.Create(offset), vs = Vector256.Create(slope);
        int p = 0;
        for (; p <= adjoints.Length - Vector256<float>.Count; p += Vector256<float>.Count)
        {
            (vg * Vector256.LoadUnsafe(ref a, (nuint)p) + vo + vs * (Vector256.LoadUnsafe(ref z, (nuint)p) - mu)).StoreUnsafe(ref g, (nuint)p);
        }
        for (; p < adjoints.Length; p++)
        {
            Unsafe.Add(ref g, p) = gain * Unsafe.Add(ref a, p) + offset + slope * (Unsafe.Add(ref z, p) - mean);
        }
    }
}
