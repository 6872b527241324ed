using System;
using BenchmarkDotNet.Attributes;
using SpikeLang.Runtime;

namespace SpikeLang.Benchmarks;

/// <summary>
/// The trainer's convolution kernels on the second convolution of examples/FashionMnistConv (16×14×14 spikes into
/// 32×14×14, 3×3, padding 1), one batch of 64 rows per operation: the event-driven forward scatter and kernel
/// gradient, which visit the non-zero sources only, and the dense gradient to the sources.
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

        var kernel = new float[Shape.KernelSize];
        for (int i = 0; i < kernel.Length; i++)
        {
            kernel[i] = (float)random.NextDouble() - 0.5f;
        }

        ConvolutionForward.ReorderKernel(kernel, Shape, _reordered);
        ConvolutionGradients.TransposeKernel(kernel, Shape, _transposed);
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
}
