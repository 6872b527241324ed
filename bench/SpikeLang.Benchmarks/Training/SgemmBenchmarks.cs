using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using SpikeLang.Runtime;

namespace SpikeLang.Benchmarks;

/// <summary>One matrix product of the FashionMnist trainer (batch 128, 25 steps, 784-1000-10).</summary>
public sealed record GemmShape(string Name, bool TransposeA, bool TransposeB, int M, int N, int K)
{
    /// <summary>Floating-point operations of one product (a multiply and an add per term).</summary>
    public double Flops => 2.0 * M * N * K;

    public override string ToString() => $"{Name} {M}x{N}x{K}";
}

/// <summary>
/// Sgemm against the textbook triple loop on the trainer's shapes; GFLOP/s = Flops / mean time
/// (the shape's name gives m×n×k, so 2·m·n·k flops per operation).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class SgemmBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];
    private WorkerPool _oneThread = null!;

    public static IEnumerable<GemmShape> Shapes =>
    [
        // Hidden layer forward: X[128×784]·W1[1000×784]ᵀ.
        new("fc1 forward", false, true, 128, 1000, 784),
        // Output layer over all steps: S1[(25·128)×1000]·W2[10×1000]ᵀ.
        new("fc2 forward", false, true, 3200, 10, 1000),
        // Hidden weight gradient: dW1[1000×784] = dY1ᵀ[1000×128]·X[128×784].
        new("fc1 weight gradient", true, false, 1000, 784, 128),
        // Back to the hidden spikes: dY2[3200×10]·W2[10×1000].
        new("fc2 input gradient", false, false, 3200, 1000, 10),
    ];

    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _a = Fill(Shape.M * Shape.K, random);
        _b = Fill(Shape.K * Shape.N, random);
        _c = new float[Shape.M * Shape.N];
        _oneThread = new WorkerPool(1);
    }

    [GlobalCleanup]
    public void Cleanup() => _oneThread.Dispose();

    [Benchmark(Baseline = true, Description = "naive triple loop")]
    public void Naive()
    {
        GemmShape s = Shape;
        int lda = s.TransposeA ? s.M : s.K, ldb = s.TransposeB ? s.K : s.N;
        for (int i = 0; i < s.M; i++)
        {
            for (int j = 0; j < s.N; j++)
            {
                float sum = 0;
                for (int p = 0; p < s.K; p++)
                {
                    float x = s.TransposeA ? _a[p * lda + i] : _a[i * lda + p];
                    float y = s.TransposeB ? _b[j * ldb + p] : _b[p * ldb + j];
                    sum += x * y;
                }

                _c[i * s.N + j] = sum;
            }
        }
    }

    [Benchmark(Description = "Sgemm, 1 thread")]
    public void OneThread() => Run(_oneThread);

    [Benchmark(Description = "Sgemm, all cores")]
    public void AllCores() => Run(WorkerPool.Shared);

    private void Run(WorkerPool pool)
    {
        GemmShape s = Shape;
        Sgemm.Compute(s.TransposeA, s.TransposeB, s.M, s.N, s.K, 1f, _a, s.TransposeA ? s.M : s.K, _b, s.TransposeB ? s.K : s.N, 0f, _c, s.N, pool);
    }

    private static float[] Fill(int length, Random random)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)random.NextDouble() - 0.5f;
        }

        return values;
    }
}
