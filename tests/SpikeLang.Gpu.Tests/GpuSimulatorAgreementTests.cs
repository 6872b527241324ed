using System;
using System.Linq;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Gpu.Tests;

/// <summary>
/// The generated GPU simulators of Networks/GpuSimulation.snn, run on ILGPU's CPU accelerator, against the CPU
/// simulators of the same networks: equal spikes where no sum can change order, equal rates where it can.
/// </summary>
[Collection(DeviceCollection.Name)]
public sealed class GpuSimulatorAgreementTests(DeviceFixture fixture, ITestOutputHelper output)
{
    [Theory]
    [InlineData(1UL)]
    [InlineData(20251205UL)]
    public void Feed_forward_spikes_and_state_equal_the_cpu_simulators_step_for_step(ulong seed)
    {
        using var cpu = new GpuFeedForward(seed);
        using var gpu = new GpuFeedForwardGpu(fixture.Device, seed);

        cpu.Run(1500);
        // In two runs whose ends fall inside blocks of recorded steps: both copy back what they recorded.
        gpu.Run(1234);
        gpu.Run(266);

        Assert.Equal(1500, gpu.StepIndex);
        var pairs = new (string Name, IPopulation Cpu, IPopulation Gpu)[]
        {
            ("driver", cpu.driver, gpu.driver), ("relay", cpu.relay, gpu.relay), ("quad", cpu.quad, gpu.quad), ("count", cpu.count, gpu.count),
        };
        SpikeAgreement.AssertSame(output, state: true, pairs);
        foreach (var (_, c, g) in pairs)
        {
            // The counts summed on the device and the last step's spikes, beside the recorded ones.
            Assert.Equal(c.SpikeCount, g.SpikeCount);
            Assert.Equal(c.Spikes.ToArray(), g.Spikes.ToArray());
        }
        Assert.Null(gpu.NonFinite);
    }

    [Theory]
    [InlineData(2UL)]
    [InlineData(33UL)]
    public void Refractory_periods_that_differ_per_neuron_give_the_cpu_simulators_spikes_and_state(ulong seed)
    {
        using var cpu = new GpuRefractoryPeriods(seed);
        using var gpu = new GpuRefractoryPeriodsGpu(fixture.Device, seed);

        cpu.Run(1000);
        gpu.Run(600);
        gpu.Run(400);

        // Each neuron's spike times depend on its period: a period for all, or another neuron's, would show.
        SpikeAgreement.AssertSame(output, state: true, ("driver", cpu.driver, gpu.driver), ("relay", cpu.relay, gpu.relay));
    }

    [Fact]
    public void Lastspike_in_the_update_and_threshold_gives_the_cpu_simulators_spikes_and_state()
    {
        using var cpu = new GpuLastSpikes(12);
        using var gpu = new GpuLastSpikesGpu(fixture.Device, 12);

        cpu.Run(1000);
        gpu.Run(1000);

        SpikeAgreement.AssertSame(output, state: true, ("p", cpu.p, gpu.p));
    }

    [Fact]
    public void In_double_precision_the_spikes_and_state_equal_the_cpu_simulators()
    {
        using var cpu = new GpuDoublePrecision(9);
        using var gpu = new GpuDoublePrecisionGpu(fixture.Device, 9);

        cpu.Run(1000);
        gpu.Run(1000);

        SpikeAgreement.AssertSame(output, state: false, ("relay", cpu.relay, gpu.relay));
        Assert.Equal(((IPopulation)cpu.driver).ReadState("v"), gpu.driver.ReadState("v"));
        Assert.Equal(((IPopulation)cpu.relay).ReadState("v"), gpu.relay.ReadState("v"));
    }

    [Fact]
    public void Weights_set_after_construction_reach_the_device()
    {
        using var cpu = new GpuFeedForward(3);
        using var gpu = new GpuFeedForwardGpu(fixture.Device, 3);
        var weights = cpu.GetWeights();
        Assert.Equal(weights.Select(t => t.Name), gpu.GetWeights().Select(t => t.Name));
        Assert.NotEmpty(weights);
        foreach (var tensor in weights)
        {
            for (int k = 0; k < tensor.Values.Length; k++)
            {
                tensor.Values[k] *= 1.5f;
            }
        }
        cpu.SetWeights(weights);
        gpu.SetWeights(weights);

        cpu.Run(1000);
        gpu.Run(1000);

        Assert.Equal(cpu.quad.SpikeMonitor.Indices.ToArray(), gpu.quad.SpikeMonitor!.Indices.ToArray());
        Assert.Equal(cpu.count.SpikeMonitor.Steps.ToArray(), gpu.count.SpikeMonitor!.Steps.ToArray());
    }

    [Fact]
    public void A_recurrent_cuba_network_fires_at_the_cpu_simulators_rate()
    {
        const int Steps = 2000;
        long cpuSpikes = 0, gpuSpikes = 0;
        foreach (ulong seed in new ulong[] { 1, 2 })
        {
            using var cpu = new GpuCuba(seed);
            using var gpu = new GpuCubaGpu(fixture.Device, seed);
            cpu.Run(Steps);
            gpu.Run(Steps);
            output.WriteLine($"seed {seed}: {cpu.P.SpikeCount} spikes on the CPU, {gpu.P.SpikeCount} on the GPU");
            cpuSpikes += cpu.P.SpikeCount;
            gpuSpikes += gpu.P.SpikeCount;
            Assert.Equal(gpu.P.SpikeCount, gpu.P.SpikeMonitor!.TotalCount);
        }
        double cpuRate = cpuSpikes / (2 * 400 * Steps * GpuCuba.Dt);
        double gpuRate = gpuSpikes / (2 * 400 * Steps * GpuCuba.Dt);
        output.WriteLine($"CPU {cpuRate:0.00} Hz, GPU {gpuRate:0.00} Hz");
        Assert.InRange(cpuRate, 1, 100);
        Assert.InRange(gpuRate / cpuRate, 0.85, 1.15);
    }
}
