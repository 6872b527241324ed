using System.Linq;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Gpu.Tests;

/// <summary>
/// Connections whose synapses have their own delays, on ILGPU's CPU accelerator: the device's delay rings deliver each
/// spike in the step the CPU simulator's event queue delivers it (a delay of d steps in step s + d, of 0 in the step of
/// the spike), so where no sum can change order the spikes are the CPU simulator's, and where sums can, the rate.
/// </summary>
[Collection(DeviceCollection.Name)]
public sealed class GpuSynapseDelayTests(DeviceFixture fixture, ITestOutputHelper output)
{
    [Theory]
    [InlineData(1UL)]
    [InlineData(77UL)]
    public void Spikes_and_state_equal_the_cpu_simulators_step_for_step(ulong seed)
    {
        using var cpu = new GpuSynapseDelays(seed);
        using var gpu = new GpuSynapseDelaysGpu(fixture.Device, seed);

        // The delays the networks share: 0 and several others on every connection.
        Assert.Equal(new[] { 0, 3, 6, 9, 12 }, cpu.driver_to_relay.SynapseDelaySteps.ToArray().Distinct().Order());
        Assert.Contains(0, cpu.relay_to_count.SynapseDelaySteps.ToArray());
        Assert.True(cpu.driver_to_quad.SynapseDelaySteps.ToArray().Distinct().Count() > 5);

        cpu.Run(1000);
        // In two runs, the second starting with input still in the rings.
        gpu.Run(613);
        gpu.Run(387);

        SpikeAgreement.AssertSame(output, state: true,
            ("relay", cpu.relay, gpu.relay), ("quad", cpu.quad, gpu.quad), ("count", cpu.count, gpu.count));
    }

    [Fact]
    public void In_double_precision_the_spikes_and_recorded_state_equal_the_cpu_simulators()
    {
        using var cpu = new GpuSynapseDelaysDouble(5);
        using var gpu = new GpuSynapseDelaysDoubleGpu(fixture.Device, 5);

        cpu.Run(1000);
        gpu.Run(1000);

        SpikeAgreement.AssertSame(output, state: false, ("relay", cpu.relay, gpu.relay));
        var actual = (StateMonitor<double>)Assert.Single(gpu.relay.StateMonitors);
        Assert.Equal(1000, actual.Samples);
        SpikeAgreement.AssertSameSamples(cpu.relay.vMonitor, actual);
    }

    [Fact]
    public void A_recurrent_cuba_network_with_delays_per_synapse_fires_at_the_cpu_simulators_rate()
    {
        const int Steps = 1500;
        long cpuSpikes = 0, gpuSpikes = 0;
        foreach (ulong seed in new ulong[] { 1, 2 })
        {
            using var cpu = new GpuCubaDelays(seed);
            using var gpu = new GpuCubaDelaysGpu(fixture.Device, seed);
            cpu.Run(Steps);
            gpu.Run(Steps);
            output.WriteLine($"seed {seed}: {cpu.P.SpikeCount} spikes on the CPU, {gpu.P.SpikeCount} on the GPU");
            cpuSpikes += cpu.P.SpikeCount;
            gpuSpikes += gpu.P.SpikeCount;
        }
        double cpuRate = cpuSpikes / (2 * 400 * Steps * GpuCubaDelays.Dt);
        double gpuRate = gpuSpikes / (2 * 400 * Steps * GpuCubaDelays.Dt);
        output.WriteLine($"CPU {cpuRate:0.00} Hz, GPU {gpuRate:0.00} Hz");
        Assert.InRange(cpuRate, 1, 100);
        Assert.InRange(gpuRate / cpuRate, 0.85, 1.15);
    }
}
