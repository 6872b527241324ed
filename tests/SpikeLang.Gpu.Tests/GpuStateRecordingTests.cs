using System.Linq;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Gpu.Tests;

/// <summary>
/// 'record state' and 'record rate' on ILGPU's CPU accelerator: the host network's monitors, filled from the device in
/// blocks of samples or steps, hold the CPU simulator's samples (the same steps, elements and values) where no sum can
/// change order.
/// </summary>
[Collection(DeviceCollection.Name)]
public sealed class GpuStateRecordingTests
{
    private readonly GpuDevice _device;

    public GpuStateRecordingTests(DeviceFixture fixture) => _device = fixture.Device;

    [Fact]
    public void State_and_rate_monitors_hold_the_cpu_simulators_samples()
    {
        using var cpu = new GpuStateRecording(4);
        using var gpu = new GpuStateRecordingGpu(_device, 4);

        cpu.Run(1000);
        // In two runs, the first ending inside a block: both copy back what they sampled.
        gpu.Run(450);
        gpu.Run(550);

        Assert.True(cpu.quad.SpikeCount > 20, $"quad spiked {cpu.quad.SpikeCount} times");
        var pairs = new (IPopulation Cpu, IPopulation Gpu, int Samples, int Neurons)[]
        {
            (cpu.driver, gpu.driver, 1000, 16), (cpu.quad, gpu.quad, 334, 8), (cpu.late, gpu.late, 1000, 8),
        };
        foreach (var (c, g, samples, neurons) in pairs)
        {
            var expected = (StateMonitor<float>)Assert.Single(c.StateMonitors);
            var actual = (StateMonitor<float>)Assert.Single(g.StateMonitors);
            Assert.Equal(samples, actual.Samples);
            Assert.Equal(neurons, actual.Neurons);
            Assert.Equal(expected.Steps.ToArray(), actual.Steps.ToArray());
            SpikeAgreement.AssertSameSamples(expected, actual);
        }
        // The samples are of the state as each step starts: the last one is of the step before the last update.
        var last = (StateMonitor<float>)gpu.driver.StateMonitors[0];
        Assert.Equal(999, last.Steps[^1]);
        Assert.NotEqual(gpu.driver.ReadState("v").Select(v => (float)v).ToArray(), last.Sample(last.Samples - 1).ToArray());

        // Rates, from the spikes copied back in blocks: a population's smoothed over 1 ms, a subgroup's of its range.
        foreach (var (c, g) in new[] { (cpu.quad.RateMonitor, gpu.quad.RateMonitor!), (cpu.late.RateMonitor, gpu.late.RateMonitor!) })
        {
            c.Complete();
            g.Complete();
            Assert.Equal(1000, g.Samples);
            Assert.Contains(g.Rates.ToArray(), rate => rate > 0);
            Assert.Equal(c.Steps.ToArray(), g.Steps.ToArray());
            Assert.Equal(c.Rates.ToArray(), g.Rates.ToArray());
            Assert.Equal(c.Smoothed.ToArray(), g.Smoothed.ToArray());
        }
        Assert.NotEqual(gpu.quad.RateMonitor!.Rates.ToArray(), gpu.late.RateMonitor!.Rates.ToArray());
    }
}
