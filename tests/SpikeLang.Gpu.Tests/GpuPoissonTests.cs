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
