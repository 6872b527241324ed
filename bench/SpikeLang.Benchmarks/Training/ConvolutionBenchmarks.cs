using System;
using BenchmarkDotNet.Attributes;
using SpikeLang.Runtime;

namespace SpikeLang.Benchmarks;

/// <summary>
/// The trainer's convolution kernels on the second convolution of examples/FashionMnistConv (16×14×14 spikes into
/// 32×14×14, 3×3, padding 1), one batch of 64 rows per operation: the event-driven forward scatter and kernel
/// gradient, which visit the non-zero sources only, and the dense gradient to the sources; against the im2col
/// form of each (the row's windows unrolled into a 144×196 matrix, then one Sgemm on one thread; the source
/// gradient a Sgemm, then the columns added back), which does the same work whatever the spike rate.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ConvolutionBenchmarks
{
    private const int Rows = 64;
    private static readonly ConvolutionShape Shape = new(16, 14, 14, 32, 14, 14, 3, 3, 1, 1, 1, 1, false);
    private float[] _spikes = [];
    private float[] _gradients = [];
    private readonly float[] _reordered = new float[Shape.KernelSize];
    private readonly float[] _transposed = new float[Shape.KernelSize];
    private readonly float[] _inputs = new float[Rows * Shape.OutputSize];
    private readonly float[] _scratch = new float[Shape.OutputSize];
    private readonly float[] _kernelGradient = new float[Shape.KernelSize];
    private readonly float[] _reorderedGradient = new float[Shape.KernelSize];
    private readonly float[] _biasGradient = new float[Shape.OutChannels];
    private readonly float[] _sourceGradients = new float[Rows * Shape.InputSize];
    private const int Taps = 16 * 3 * 3, Plane = 14 * 14;
    private readonly float[] _columns = new float[Taps * Plane];
    private readonly WorkerPool _oneThread = new(1);
    private float[] _kernel = [];

    [Params(0.05, 0.2, 0.6)]
    public double SpikeRate { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _spikes = new float[Rows * Shape.InputSize];
        for (int i = 0; i < _spikes.Length; i++)
        {
            _spikes[i] = random.NextDouble() < SpikeRate ? 1f : 0f;
        }

        _gradients = new float[Rows * Shape.OutputSize];
        for (int i = 0; i < _gradients.Length; i++)
        {
            _gradients[i] = (float)random.NextDouble() - 0.5f;
        }

        var kernel = _kernel = new float[Shape.KernelSize];
        for (int i = 0; i < kernel.Length; i++)
        {
            kernel[i] = (float)random.NextDouble() - 0.5f;
        }

        ConvolutionForward.ReorderKernel(kernel, Shape, _reordered);
        ConvolutionGradients.TransposeKernel(kernel, Shape, _transposed);
        CheckSameResults();
    }

    /// <summary>The two forms compute the same values (to rounding), or the timings compare different work.</summary>
    private void CheckSameResults()
    {
        Compare("forward", () => { Array.Clear(_inputs); Forward(); }, () => { Array.Clear(_inputs); ForwardIm2Col(); }, _inputs);
        Compare("kernel gradient", Kernel, () => { Array.Clear(_kernelGradient); KernelIm2Col(); }, _kernelGradient);
        Compare("source gradient", () => { Array.Clear(_sourceGradients); Sources(); }, () => { Array.Clear(_sourceGradients); SourcesCol2Im(); }, _sourceGradients);
    }

    private static void Compare(string what, Action direct, Action im2col, float[] result)
    {
        direct();
        float[] expected = (float[])result.Clone();
        im2col();
        for (int i = 0; i < result.Length; i++)
        {
            if (MathF.Abs(result[i] - expected[i]) > 1e-3f * (1 + MathF.Abs(expected[i])))
            {
                throw new InvalidOperationException($"{what}: element {i} is {result[i]} in the im2col form, {expected[i]} in the direct one.");
            }
        }
    }

    [Benchmark(Description = "forward scatter, 64 rows")]
    public void Forward()
    {
        for (int r = 0; r < Rows; r++)
        {
            ConvolutionForward.Add(_spikes.AsSpan(r * Shape.InputSize, Shape.InputSize), _reordered, Shape,
                _inputs.AsSpan(r * Shape.OutputSize, Shape.OutputSize), _scratch);
        }
    }

    [Benchmark(Description = "kernel gradient, 64 rows")]
    public void Kernel() => ConvolutionGradients.Kernel(_spikes, _gradients, Rows, Shape, 0, Shape.InChannels,
        _kernelGradient, _biasGradient, _scratch, _reorderedGradient);

    [Benchmark(Description = "source gradient, 64 rows")]
    public void Sources()
    {
        for (int r = 0; r < Rows; r++)
        {
            ConvolutionGradients.Input(_gradients.AsSpan(r * Shape.OutputSize, Shape.OutputSize), _transposed, 1f, Shape,
                _sourceGradients.AsSpan(r * Shape.InputSize, Shape.InputSize));
        }
    }

    [Benchmark(Description = "forward im2col + Sgemm, 64 rows")]
    public void ForwardIm2Col()
    {
        for (int r = 0; r < Rows; r++)
        {
            Im2Col(_spikes.AsSpan(r * Shape.InputSize, Shape.InputSize));
            Sgemm.Compute(false, false, Shape.OutChannels, Plane, Taps, 1f, _kernel, Taps, _columns, Plane, 1f,
                _inputs.AsSpan(r * Shape.OutputSize, Shape.OutputSize), Plane, _oneThread);
        }
    }

    [Benchmark(Description = "kernel gradient im2col + Sgemm, 64 rows")]
    public void KernelIm2Col()
    {
        for (int r = 0; r < Rows; r++)
        {
            Im2Col(_spikes.AsSpan(r * Shape.InputSize, Shape.InputSize));
            Sgemm.Compute(false, true, Shape.OutChannels, Taps, Plane, 1f, _gradients.AsSpan(r * Shape.OutputSize, Shape.OutputSize), Plane,
                _columns, Plane, 1f, _kernelGradient, Taps, _oneThread);
        }
    }

    [Benchmark(Description = "source gradient Sgemm + col2im, 64 rows")]
    public void SourcesCol2Im()
    {
        for (int r = 0; r < Rows; r++)
        {
            Sgemm.Compute(true, false, Taps, Plane, Shape.OutChannels, 1f, _kernel, Taps, _gradients.AsSpan(r * Shape.OutputSize, Shape.OutputSize), Plane,
                0f, _columns, Plane, _oneThread);
            Col2Im(_sourceGradients.AsSpan(r * Shape.InputSize, Shape.InputSize));
        }
    }

    /// <summary>columns[(c·3 + ky)·3 + kx, position] = the source that tap reads for that output position (0 in the padding).</summary>
    private void Im2Col(ReadOnlySpan<float> source)
    {
        for (int tap = 0; tap < Taps; tap++)
        {
            int c = tap / 9, ky = tap / 3 % 3, kx = tap % 3;
            for (int oy = 0; oy < 14; oy++)
            {
                for (int ox = 0; ox < 14; ox++)
                {
                    int y = oy - 1 + ky, x = ox - 1 + kx;
                    _columns[tap * Plane + oy * 14 + ox] = (uint)y < 14 && (uint)x < 14 ? source[c * Plane + y * 14 + x] : 0f;
                }
            }
        }
    }

    /// <summary>Adds each column entry back to the source it was read from.</summary>
    private void Col2Im(Span<float> sourceGradient)
    {
        for (int tap = 0; tap < Taps; tap++)
        {
            int c = tap / 9, ky = tap / 3 % 3, kx = tap % 3;
            for (int oy = 0; oy < 14; oy++)
            {
                for (int ox = 0; ox < 14; ox++)
                {
                    int y = oy - 1 + ky, x = ox - 1 + kx;
                    if ((uint)y < 14 && (uint)x < 14)
                    {
                        sourceGradient[c * Plane + y * 14 + x] += _columns[tap * Plane + oy * 14 + ox];
                    }
                }
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _oneThread.Dispose();
}
