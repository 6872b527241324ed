using System;
using System.Linq;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Runtime.Tests.Training;

/// <summary>
/// The convolution backward kernels against the definition, computed here output by output: every output (o, oy, ox)
/// reads source (c, oy·s − p + ky, ox·s − p + kx), so it sends its adjoint back there times the weight, and the weight
/// gathers source times adjoint. Shapes cover the vector and scalar channel paths, strides, padding, and poolings
/// that tile, overlap and pad.
/// </summary>
public class ConvolutionGradientsTests
{
    public static TheoryData<ConvolutionShape> Shapes => new()
    {
        new(3, 6, 5, 4, 6, 5, 3, 3, 1, 1, 1, 1, false),        // scalar channels, "same" padding
        new(16, 7, 7, 5, 3, 3, 3, 3, 2, 2, 0, 0, false),       // two vectors of input channels, stride 2
        new(9, 5, 6, 2, 3, 3, 3, 3, 2, 2, 1, 1, false),        // a vector and a tail, stride 2 with padding
        new(2, 1, 10, 3, 1, 4, 1, 4, 1, 2, 0, 1, false),       // 1-D: height 1
        new(4, 6, 6, 4, 3, 3, 2, 2, 2, 2, 0, 0, true),         // tiled pooling
        new(3, 5, 5, 3, 2, 2, 3, 3, 2, 2, 0, 0, true),         // overlapping pooling
        new(2, 4, 4, 2, 4, 4, 3, 3, 1, 1, 1, 1, true),         // stride 1, padded pooling
    };

    private static float[] Random(int count, int seed, double zeros = 0)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => random.NextDouble() < zeros ? 0f : (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    /// <summary>Calls <paramref name="visit"/>(o, c, ky, kx, source index, output index) for every weight use of the convolution.</summary>
    private static void EveryUse(ConvolutionShape s, Action<int, int, int, int, int, int> visit)
    {
        for (int o = 0; o < s.OutChannels; o++)
        {
            for (int oy = 0; oy < s.OutHeight; oy++)
            {
                for (int ox = 0; ox < s.OutWidth; ox++)
                {
                    for (int c = 0; c < s.InChannels; c++)
                    {
                        if (s.Pooling && c != o)
                        {
                            continue;
                        }
                        for (int ky = 0; ky < s.KernelHeight; ky++)
                        {
                            for (int kx = 0; kx < s.KernelWidth; kx++)
                            {
                                int y = oy * s.StrideHeight - s.PaddingHeight + ky, x = ox * s.StrideWidth - s.PaddingWidth + kx;
                                if (y >= 0 && y < s.InHeight && x >= 0 && x < s.InWidth)
                                {
                                    visit(o, c, ky, kx, (c * s.InHeight + y) * s.InWidth + x, (o * s.OutHeight + oy) * s.OutWidth + ox);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static void Near(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(1, expected.Max(Math.Abs));
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.True(Math.Abs(expected[k] - actual[k]) <= 1e-5 * scale, $"element {k}: expected {expected[k]}, got {actual[k]}");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_input_gradient_sends_each_adjoint_back_through_its_weight(ConvolutionShape shape)
    {
        float[] kernel = Random(shape.KernelSize, 1);
        float[] adjoint = Random(shape.OutputSize, 2);
        float[] start = Random(shape.InputSize, 3);
        const float poolWeight = 0.25f;
        var expected = start.Select(v => (double)v).ToArray();
        int taps = shape.KernelHeight * shape.KernelWidth;
        EveryUse(shape, (o, c, ky, kx, s, n) =>
            expected[s] += adjoint[n] * (shape.Pooling ? poolWeight : kernel[(o * shape.InChannels + c) * taps + ky * shape.KernelWidth + kx]));

        var transposed = new float[shape.KernelSize];
        ConvolutionGradients.TransposeKernel(kernel, shape, transposed);
        var actual = (float[])start.Clone();
        ConvolutionGradients.Input(adjoint, transposed, poolWeight, shape, actual);
        Near(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_kernel_gradient_gathers_source_times_adjoint_over_the_rows_for_its_input_channels_only(ConvolutionShape shape)
    {
        if (shape.Pooling)
        {
            return; // nothing to learn
        }
        const int rows = 3;
        float[] sources = Random(rows * shape.InputSize, 4, zeros: 0.6);
        float[] adjoints = Random(rows * shape.OutputSize, 5);
        int taps = shape.KernelHeight * shape.KernelWidth;
        var expectedKernel = new double[shape.KernelSize];
        var expectedBias = new double[shape.OutChannels];
        for (int r = 0; r < rows; r++)
        {
            EveryUse(shape, (o, c, ky, kx, s, n) =>
                expectedKernel[(o * shape.InChannels + c) * taps + ky * shape.KernelWidth + kx] += sources[r * shape.InputSize + s] * adjoints[r * shape.OutputSize + n]);
            for (int n = 0; n < shape.OutputSize; n++)
            {
                expectedBias[n / (shape.OutHeight * shape.OutWidth)] += adjoints[r * shape.OutputSize + n];
            }
        }

        // Two calls over two blocks of input channels, on buffers holding stale values: each writes its block whole.
        var kernel = Enumerable.Repeat(9f, shape.KernelSize).ToArray();
        var bias = Enumerable.Repeat(9f, shape.OutChannels).ToArray();
        var reordered = Enumerable.Repeat(9f, shape.KernelSize).ToArray();
        int split = shape.InChannels / 2;
        ConvolutionGradients.Kernel(sources, adjoints, rows, shape, 0, split, kernel, bias, new float[shape.OutputSize], reordered);
        ConvolutionGradients.Kernel(sources, adjoints, rows, shape, split, shape.InChannels, kernel, bias, new float[shape.OutputSize], reordered);
        Near(expectedKernel, kernel);
        Near(expectedBias, bias);
    }
}
