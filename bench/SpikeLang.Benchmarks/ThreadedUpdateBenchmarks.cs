using BenchmarkDotNet.Attributes;

namespace SpikeLang.Benchmarks;

/// <summary>
/// A compute-bound update on one and two threads (100 steps of 200 000 AdEx neurons per operation, two parts), beside
/// <see cref="CubaBenchmarks"/>, whose cost at scale is memory traffic that two cores share.
/// </summary>
[MemoryDiagnoser]
public class ThreadedUpdateBenchmarks
{
    private AdExUpdates _adex = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup() => _adex = new AdExUpdates(seed: 1, n: 200_000, threads: Threads);

    [GlobalCleanup]
    public void Cleanup() => _adex.Dispose();

    [Benchmark(Description = "100 steps x 200k AdEx", OperationsPerInvoke = 100)]
    public void AdEx() => _adex.Run(100);
}
