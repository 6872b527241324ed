using System;
using System.Linq;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Gpu.Tests;

/// <summary>
/// Input populations on the GPU simulator (Networks/GpuSimulation.snn's GpuInputDriven, on ILGPU's CPU accelerator):
/// spikes the host sets between steps, and a spike generator's schedule joined by the host's spikes, give the CPU
/// simulator's spikes and state.
/// </summary>
[Collection(DeviceCollection.Name)]
public sealed class GpuInputTests(DeviceFixture fixture, ITestOutputHelper output)
{
    [Theory]
    [InlineData(1UL)]
    [InlineData(77UL)]
    public void Spikes_set_between_steps_give_the_cpu_simulators_spikes_and_state(ulong seed)
    {
        const int Steps = 400;
        using var cpu = new GpuInputDriven(seed);
        using var gpu = new GpuInputDrivenGpu(fixture.Device, seed);
        var random = new Random((int)seed);
        for (int step = 0; step < Steps; step++)
        {
            // A new set of spikes every step (some steps none), and now and then one for the generator besides its schedule.
            int[] stim = Enumerable.Range(0, 16).Where(_ => random.NextDouble() < 0.15).ToArray();
            cpu.stim.SetSpikes(stim);
            gpu.stim.SetSpikes(stim);
            if (step % 7 == 3)
            {
                int[] extra = { step % 8, 7 };
                cpu.gen.SetSpikes(extra);
                gpu.gen.SetSpikes(extra);
            }
            // Single steps, and runs that end inside blocks of recorded steps.
            if (step % 50 == 49)
            {
                cpu.Run(1);
                gpu.Run(1);
            }
            else
            {
                cpu.Step();
                gpu.Step();
            }
        }

        Assert.Equal(Steps, gpu.StepIndex);
        var pairs = new (string Name, IPopulation Cpu, IPopulation Gpu)[]
        {
            ("stim", cpu.stim, gpu.stim), ("gen", cpu.gen, gpu.gen), ("relay", cpu.relay, gpu.relay), ("quad", cpu.quad, gpu.quad), ("count", cpu.count, gpu.count),
        };
        SpikeAgreement.AssertSame(output, state: true, pairs);
        foreach (var (_, c, g) in pairs)
        {
            Assert.Equal(c.SpikeCount, g.SpikeCount);
            Assert.Equal(c.Spikes.ToArray(), g.Spikes.ToArray());
        }
    }

    [Fact]
    public void A_stimulus_drives_the_input_population_as_on_the_cpu()
    {
        // Spike times from code, as spikelang run --input gives them from a file: the population asks for each step's.
        SpikeStimulus Stimulus() => new(Enumerable.Range(0, 120).Select(k => (Step: 3L * k + 1, Index: k * 5 % 16)));
        using var cpu = new GpuInputDriven(5);
        using var gpu = new GpuInputDrivenGpu(fixture.Device, 5);
        cpu.stim.Stimulus = Stimulus();
        gpu.stim.Stimulus = Stimulus();

        cpu.Run(400);
        gpu.Run(400);

        Assert.Equal(120, gpu.stim.SpikeCount);
        SpikeAgreement.AssertSame(output, state: true, ("stim", cpu.stim, gpu.stim), ("relay", cpu.relay, gpu.relay), ("quad", cpu.quad, gpu.quad));
    }
}
