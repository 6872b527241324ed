using System.Linq;
using Xunit;

namespace SpikeLang.Gpu.Tests;

/// <summary>Poisson sources on the device: the nominal rate, and the same spikes for the same seed (counter-based draws).</summary>
[Collection(DeviceCollection.Name)]
public sealed class GpuPoissonTests
{
    private readonly GpuDevice _device;

    public GpuPoissonTests(DeviceFixture fixture) => _device = fixture.Device;

    [Fact]
    public void Sources_spike_at_the_nominal_rate()
    {
        const int Steps = 2000;
        using var network = new GpuPoissonGpu(_device, seed: 11);
        network.Run(Steps);

        // 1000 sources × 2000 steps × 50 Hz × 0.1 ms: 10 000 spikes expected, with a standard deviation of about 100.
        double expected = 1000 * Steps * 50 * GpuPoisson.Dt;
        Assert.InRange(network.sources.SpikeCount, expected - 500, expected + 500);
        // No source is left out or favoured: each spikes about 10 times, none 40 or more.
        var perSource = network.sources.SpikeMonitor!.CountPerNeuron.ToArray();
        Assert.True(perSource.Count(c => c > 0) > 990, $"{perSource.Count(c => c > 0)} sources spiked");
        Assert.True(perSource.Max() < 40, $"a source spiked {perSource.Max()} times");
        // And no step is: about 5 spikes per step, never 30.
        var perStep = network.sources.SpikeMonitor.Steps.ToArray().GroupBy(s => s).Select(g => g.Count()).ToArray();
        Assert.True(perStep.Max() < 30, $"a step had {perStep.Max()} spikes");
    }

    [Fact]
    public void The_same_seed_gives_the_same_spikes_and_another_seed_others()
    {
        using var first = new GpuPoissonGpu(_device, seed: 5, n: 200, rate: 200);
        using var again = new GpuPoissonGpu(_device, seed: 5, n: 200, rate: 200);
        using var other = new GpuPoissonGpu(_device, seed: 6, n: 200, rate: 200);
        first.Run(500);
        again.Run(300);
        again.Run(200);
        other.Run(500);

        Assert.True(first.sources.SpikeCount > 1000);
        Assert.Equal(first.sources.SpikeMonitor!.Steps.ToArray(), again.sources.SpikeMonitor!.Steps.ToArray());
        Assert.Equal(first.sources.SpikeMonitor.Indices.ToArray(), again.sources.SpikeMonitor.Indices.ToArray());
        Assert.NotEqual(first.sources.SpikeMonitor.Indices.ToArray(), other.sources.SpikeMonitor!.Indices.ToArray());
    }
}

/// <summary>Poisson sources whose rate changes with t on the device: each quarter of the period spikes at the expected rate.</summary>
[Collection(DeviceCollection.Name)]
public sealed class GpuModulatedPoissonTests(DeviceFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Sources_follow_a_rate_of_t_quarter_by_quarter()
    {
        const int Steps = 800, Period = 100;
        using var network = new GpuPoissonModulatedGpu(fixture.Device, seed: 3);
        network.Run(Steps);

        // rate(t) = 100 Hz · (1 + sin(2π · 100 Hz · t)) at the start of each step; the sources of 'scaled' scaled by 2(i + 0.5)/N, 1 on average.
        double Probability(int step) => 100 * (1 + System.Math.Sin(2 * System.Math.PI * 100 * step * GpuPoissonModulated.Dt)) * GpuPoissonModulated.Dt;
        foreach (var (name, population, count) in new[] { ("common", network.common, 1000), ("scaled", network.scaled, 500) })
        {
            var steps = population.SpikeMonitor!.Steps.ToArray();
            Assert.Equal(population.SpikeCount, steps.Length);
            for (int quarter = 0; quarter < 4; quarter++)
            {
                double expected = Enumerable.Range(0, Steps).Where(s => s % Period / (Period / 4) == quarter).Sum(s => count * Probability(s));
                long actual = steps.LongCount(s => s % Period / (Period / 4) == quarter);
                output.WriteLine($"{name}, quarter {quarter}: {actual} spikes, {expected:0} expected");
                // Within 5 standard deviations of the expected count (a sum of Bernoulli draws: below its square root).
                Assert.InRange(actual, expected - 5 * System.Math.Sqrt(expected), expected + 5 * System.Math.Sqrt(expected));
            }
        }
        // Per source in 'scaled': the upper half of the sources spikes about three times as often as the lower half.
        var perSource = network.scaled.SpikeMonitor!.CountPerNeuron.ToArray();
        double lower = perSource.Take(250).Sum(), upper = perSource.Skip(250).Sum();
        output.WriteLine($"scaled: {lower} spikes in the lower half, {upper} in the upper");
        Assert.InRange(upper / lower, 2.6, 3.4);
    }
}
