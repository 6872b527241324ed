using BenchmarkDotNet.Attributes;
using SpikeLang.Runtime;

namespace SpikeLang.Benchmarks;

/// <summary>
/// One step of Brian2's PoissonInput as Brunel (2000) uses it: 12 500 targets, 1000 sources each at
/// 20 Hz (regimes A and C; n·p = 2) and 40 Hz (regime B; n·p = 4), both drawn exactly by inversion.
/// </summary>
[MemoryDiagnoser]
public class PoissonDriveBenchmarks
{
    private readonly double[] _counts = new double[12_500];
    private PoissonDrive _drive = null!;

    [Params(20.0, 40.0)]
    public double Rate { get; set; }

    [GlobalSetup]
    public void Setup() => _drive = new PoissonDrive(1000, Rate, 1e-4, new RandomStream(1));

    [Benchmark(Description = "12 500 binomial counts, one step")]
    public void Draw() => _drive.Draw(_counts);
}
