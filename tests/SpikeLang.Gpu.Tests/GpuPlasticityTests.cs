using System;
using System.Linq;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Gpu.Tests;

/// <summary>
/// Event-driven STDP on ILGPU's CPU accelerator (<c>Networks/GpuPlasticity.snn</c>): the 'on pre' and 'on post' kernels
/// run the CPU simulator's synapse code in its order, so where no sum onto a neuron can change order the weights and
/// spikes are the CPU simulator's to the bit, and in a recurrent network the weights' statistics are.
/// </summary>
[Collection(DeviceCollection.Name)]
public sealed class GpuPlasticityTests(DeviceFixture fixture, ITestOutputHelper output)
{
    [Theory]
    [InlineData(3UL)]
    [InlineData(41UL)]
    public void Feed_forward_weights_and_spikes_equal_the_cpu_simulators(ulong seed)
    {
        using var cpu = new GpuStdpFeedForward(seed);
        using var gpu = new GpuStdpFeedForwardGpu(fixture.Device, seed);
        var initial = cpu.GetWeights();

        cpu.Run(1500);
        // In two runs: the traces' last updates carry over on the device.
        gpu.Run(700);
        gpu.Run(800);

        SpikeAgreement.AssertSame(output, state: false,
            ("inputs", cpu.inputs, gpu.inputs), ("outputs", cpu.outputs, gpu.outputs), ("listeners", cpu.listeners, gpu.listeners));
        // One synapse per target: the outputs' state is the CPU's to the bit; the listeners' u reads no synapse.
        Assert.Equal(((IPopulation)cpu.outputs).ReadState("v"), gpu.outputs.ReadState("v"));
        Assert.Equal(((IPopulation)cpu.listeners).ReadState("u"), gpu.listeners.ReadState("u"));
        // What eight synapses add to v may add in another order.
        var expectedV = ((IPopulation)cpu.listeners).ReadState("v");
        var actualV = gpu.listeners.ReadState("v");
        for (int j = 0; j < expectedV.Length; j++)
        {
            Assert.True(Math.Abs(expectedV[j] - actualV[j]) <= 1e-5 * (1 + Math.Abs(expectedV[j])), $"listener {j}: v {actualV[j]}, {expectedV[j]} on the CPU");
        }

        var expected = cpu.GetWeights();
        var moved = SpikeAgreement.AssertSameWeights(output, initial, expected, gpu.GetWeights());
        // STDP changed them: the test compares weights that moved, not the initial draws.
        Assert.Equal(expected.Select(t => t.Values.Length), moved);

        // 'record weights': the host network's monitors, sampled on the device in blocks, hold the CPU simulator's samples.
        var cpuMonitors = ((INetwork)cpu).SynapseMonitors;
        var gpuMonitors = ((INetwork)gpu).SynapseMonitors;
        Assert.Equal(2, gpuMonitors.Count);
        foreach (var (c, g, samples, synapses) in new[] { (cpuMonitors[0], gpuMonitors[0], 1500, 8), (cpuMonitors[1], gpuMonitors[1], 500, 32) })
        {
            var want = (StateMonitor<float>)c;
            var got = (StateMonitor<float>)g;
            Assert.Equal(samples, got.Samples);
            Assert.Equal(synapses, got.Neurons);
            Assert.Equal(want.Steps.ToArray(), got.Steps.ToArray());
            SpikeAgreement.AssertSameSamples(want, got);
            // The weights moved while recorded: the samples are not all the first.
            Assert.NotEqual(got.Sample(0).ToArray(), got.Sample(got.Samples - 1).ToArray());
        }
    }

    [Theory]
    [InlineData(5UL)]
    [InlineData(17UL)]
    public void Synapse_code_that_reads_neuron_variables_gives_the_cpu_simulators_weights_and_spikes(ulong seed)
    {
        using var cpu = new GpuNeuronReads(seed);
        using var gpu = new GpuNeuronReadsGpu(fixture.Device, seed);
        var initial = cpu.GetWeights();

        cpu.Run(1000);
        gpu.Run(400);
        gpu.Run(600);

        SpikeAgreement.AssertSame(output, state: false,
            ("inputs", cpu.inputs, gpu.inputs), ("outputs", cpu.outputs, gpu.outputs), ("gated", cpu.gated, gpu.gated), ("listeners", cpu.listeners, gpu.listeners));
        Assert.Equal(((IPopulation)cpu.outputs).ReadState("v"), gpu.outputs.ReadState("v"));
        Assert.Equal(((IPopulation)cpu.gated).ReadState("v"), gpu.gated.ReadState("v"));
        // Only the 'on post' kernel adds to the listeners' v, each target's sums in the CPU's order.
        Assert.Equal(((IPopulation)cpu.listeners).ReadState("v"), gpu.listeners.ReadState("v"));

        var moved = SpikeAgreement.AssertSameWeights(output, initial, cpu.GetWeights(), gpu.GetWeights());
        // Both plastic connections' weights moved (the static one's cannot).
        Assert.Equal(2, moved.Count(m => m > 0));
        var want = (StateMonitor<float>)Assert.Single(((INetwork)cpu).SynapseMonitors);
        var got = (StateMonitor<float>)Assert.Single(((INetwork)gpu).SynapseMonitors);
        Assert.Equal(want.Steps.ToArray(), got.Steps.ToArray());
        SpikeAgreement.AssertSameSamples(want, got);
    }

    [Theory]
    [InlineData(2UL)]
    [InlineData(23UL)]
    public void Synapse_code_that_reads_spike_times_gives_the_cpu_simulators_weights_and_spikes(ulong seed)
    {
        using var cpu = new GpuSpikeTimeReads(seed);
        using var gpu = new GpuSpikeTimeReadsGpu(fixture.Device, seed);
        var initial = cpu.GetWeights();

        cpu.Run(1500);
        gpu.Run(600);
        gpu.Run(900);

        SpikeAgreement.AssertSame(output, state: false,
            ("inputs", cpu.inputs, gpu.inputs), ("varied", cpu.varied, gpu.varied), ("outputs", cpu.outputs, gpu.outputs), ("gated", cpu.gated, gpu.gated));
        // One synapse per target and connection: what reaches each neuron adds in the CPU's order.
        Assert.Equal(((IPopulation)cpu.outputs).ReadState("v"), gpu.outputs.ReadState("v"));
        Assert.Equal(((IPopulation)cpu.gated).ReadState("v"), gpu.gated.ReadState("v"));

        var moved = SpikeAgreement.AssertSameWeights(output, initial, cpu.GetWeights(), gpu.GetWeights());
        // Both plastic connections' weights moved (the static one's cannot).
        Assert.Equal(2, moved.Count(m => m > 0));
        var want = (StateMonitor<float>)Assert.Single(((INetwork)cpu).SynapseMonitors);
        var got = (StateMonitor<float>)Assert.Single(((INetwork)gpu).SynapseMonitors);
        SpikeAgreement.AssertSameSamples(want, got);
    }

    [Fact]
    public void Recurrent_weight_statistics_agree_with_the_cpu_simulators()
    {
        using var cpu = new GpuStdpRecurrent(8);
        using var gpu = new GpuStdpRecurrentGpu(fixture.Device, 8);
        var initial = cpu.GetWeights().Single().Values;

        cpu.Run(1500);
        gpu.Run(1500);

        var expected = cpu.GetWeights().Single().Values;
        var actual = gpu.GetWeights().Single().Values;
        (double Mean, double Spread) Statistics(float[] w)
        {
            double mean = w.Average(x => (double)x);
            return (mean, Math.Sqrt(w.Average(x => (x - mean) * (x - mean))));
        }
        var (initialMean, initialSpread) = Statistics(initial);
        var (cpuMean, cpuSpread) = Statistics(expected);
        var (gpuMean, gpuSpread) = Statistics(actual);
        output.WriteLine($"{cpu.P.SpikeCount} spikes on the CPU, {gpu.P.SpikeCount} on the GPU; {expected.Length} synapses");
        output.WriteLine($"weights: initially {initialMean:F5} ± {initialSpread:F5}, CPU {cpuMean:F5} ± {cpuSpread:F5}, GPU {gpuMean:F5} ± {gpuSpread:F5}");
        // STDP moved the distribution (else the comparison would say nothing).
        Assert.True(Math.Abs(cpuMean - initialMean) > 0.1 * initialSpread || Math.Abs(cpuSpread - initialSpread) > 0.1 * initialSpread,
            "STDP left the weight distribution where it started");
        Assert.True(Math.Abs(gpuMean - cpuMean) <= 0.05 * cpuMean, $"mean weight {gpuMean}, {cpuMean} on the CPU");
        Assert.InRange(gpuSpread / cpuSpread, 0.9, 1.1);
        Assert.InRange((double)gpu.P.SpikeCount / cpu.P.SpikeCount, 0.95, 1.05);
    }
}
