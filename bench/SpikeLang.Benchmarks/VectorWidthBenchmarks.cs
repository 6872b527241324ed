using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace SpikeLang.Benchmarks;

/// <summary>
/// The neuron kernels with Vector512 against Vector256 on the same machine, in one run: the second job
/// starts the runtime with AVX-512 disabled (<c>DOTNET_EnableAVX512F=0</c>), so Vector512.IsHardwareAccelerated
/// is false and the generated kernels take their Vector256 loop. 100 steps of 100 000 neurons per operation.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(WidthConfig))]
public class VectorWidthBenchmarks
{
    private NeuronUpdates _cuba = null!;
    private AdExUpdates _adex = null!;

    [GlobalSetup]
    public void Setup()
    {
        _cuba = new NeuronUpdates(seed: 1);
        _adex = new AdExUpdates(seed: 1);
    }

    [Benchmark(Description = "100 steps x 100k CubaLif (exact, memory-bound)", OperationsPerInvoke = 100)]
    public void Cuba() => _cuba.Run(100);

    [Benchmark(Description = "100 steps x 100k AdEx (Euler with exp, compute-bound)", OperationsPerInvoke = 100)]
    public void AdEx() => _adex.Run(100);

    [GlobalCleanup]
    public void Cleanup()
    {
        _cuba.Dispose();
        _adex.Dispose();
    }

    private sealed class WidthConfig : ManualConfig
    {
        public WidthConfig()
        {
            AddJob(Job.ShortRun.WithId("Vector512"));
            AddJob(Job.ShortRun.WithEnvironmentVariables(new EnvironmentVariable("DOTNET_EnableAVX512F", "0")).WithId("Vector256"));
        }
    }
}
