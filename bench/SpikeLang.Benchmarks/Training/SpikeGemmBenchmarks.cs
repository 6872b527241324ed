using System;
using BenchmarkDotNet.Attributes;
using SpikeLang.Runtime;

namespace SpikeLang.Benchmarks;

/// <summary>
/// The output layer's forward product over all steps, S1[(25·128)×1000]·W2[10×1000]ᵀ, with hidden
/// spike matrices of several densities: the dense Sgemm against the path that skips zero spikes.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class SpikeGemmBenchmarks
{
    private const int M = 3200, N = 10, K = 1000;
    private float[] _spikes = [];
    private float[] _weights = [];
    private float[] _c = new float[M * N];

    [Params(0.02, 0.1, 0.3)]
    public double SpikeRate { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _spikes = new float[M * K];
        for (int i = 0; i < _spikes.Length; i++)
        {
            _spikes[i] = random.NextDouble() < SpikeRate ? 1f : 0f;
        }

        _weights = new float[N * K];
        for (int i = 0; i < _weights.Length; i++)
        {
            _weights[i] = (float)random.NextDouble() - 0.5f;
        }
    }

    [Benchmark(Baseline = true, Description = "Sgemm (dense)")]
    public void Dense() => Sgemm.Compute(false, true, M, N, K, 1f, _spikes, K, _weights, K, 0f, _c, N);

    [Benchmark(Description = "Sgemm.ComputeSpikes")]
    public void Spikes() => Sgemm.ComputeSpikes(true, M, N, K, 1f, _spikes, K, _weights, K, 0f, _c, N);
}
