using System.Linq;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Gpu.Tests;

/// <summary>
/// Synapse-side constructs on ILGPU's CPU accelerator (<c>Networks/GpuSynapseSide.snn</c>) compared with the CPU
/// simulator. Summed variables are gathered one thread per target over its synapses in the CPU simulator's order, so
/// even in a recurrent network with many synapses per target the sums, and with them the spikes, state and weights,
/// are the CPU's to the bit; clock-driven synapse equations run one thread per synapse, the CPU simulator's code.
/// </summary>
[Collection(DeviceCollection.Name)]
public sealed class GpuSynapseSideTests(DeviceFixture fixture, ITestOutputHelper output)
{
    [Theory]
    [InlineData(4UL)]
    [InlineData(29UL)]
    public void Summed_variables_give_the_cpu_simulators_state_spikes_and_weights(ulong seed)
    {
        using var cpu = new GpuGapJunctions(seed);
        using var gpu = new GpuGapJunctionsGpu(fixture.Device, seed);
        var initial = cpu.GetWeights();

        cpu.Run(2000);
        gpu.Run(900);
        gpu.Run(1100);

        SpikeAgreement.AssertSame(output, state: false, ("neurons", cpu.neurons, gpu.neurons), ("others", cpu.others, gpu.others));
        foreach (string variable in new[] { "v", "Igap", "Icoupled" })
        {
            Assert.Equal(((IPopulation)cpu.neurons).ReadState(variable), gpu.neurons.ReadState(variable));
            Assert.Equal(((IPopulation)cpu.others).ReadState(variable), gpu.others.ReadState(variable));
        }
        // The gap currents are not zero: the comparison says something (outside the slice's targets 1 to 4 they are).
        var gap = gpu.others.ReadState("Igap");
        Assert.Equal(0, gap[0]);
        Assert.NotEqual(0, gap[1]);

        var moved = SpikeAgreement.AssertSameWeights(output, initial, cpu.GetWeights(), gpu.GetWeights());
        // The plastic coupling's weights moved; the gap junctions' cannot.
        Assert.Equal(1, moved.Count(m => m > 0));
        var want = (StateMonitor<float>)Assert.Single(((IPopulation)cpu.others).StateMonitors);
        var got = (StateMonitor<float>)Assert.Single(((IPopulation)gpu.others).StateMonitors);
        SpikeAgreement.AssertSameSamples(want, got);
    }

    [Theory]
    [InlineData(6UL)]
    [InlineData(31UL)]
    public void Clock_driven_synapse_equations_give_the_cpu_simulators_state_spikes_and_synapse_values(ulong seed)
    {
        using var cpu = new GpuClockDriven(seed);
        using var gpu = new GpuClockDrivenGpu(fixture.Device, seed);
        var initial = cpu.GetWeights();

        cpu.Run(1500);
        gpu.Run(700);
        gpu.Run(800);

        SpikeAgreement.AssertSame(output, state: false, ("inputs", cpu.inputs, gpu.inputs), ("targets", cpu.targets, gpu.targets));
        Assert.True(cpu.targets.SpikeCount > 0, "the targets never spiked");
        foreach (string variable in new[] { "v", "Icoupled" })
        {
            Assert.Equal(((IPopulation)cpu.targets).ReadState(variable), gpu.targets.ReadState(variable));
        }
        // The clock-driven values (g_syn, e) reach the targets' v and Icoupled every step, compared above; the weights, which
        // only the device's copy back could spoil, are the CPU's too.
        SpikeAgreement.AssertSameWeights(output, initial, cpu.GetWeights(), gpu.GetWeights());
        var want = (StateMonitor<float>)Assert.Single(((IPopulation)cpu.targets).StateMonitors);
        var got = (StateMonitor<float>)Assert.Single(((IPopulation)gpu.targets).StateMonitors);
        SpikeAgreement.AssertSameSamples(want, got);
    }
}
