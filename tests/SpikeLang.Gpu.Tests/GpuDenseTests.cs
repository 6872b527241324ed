using System;
using System.Linq;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Gpu.Tests;

/// <summary>
/// Dense connections, same-step delivery, convolutions and poolings on the GPU simulator (Networks/GpuDense.snn, on
/// ILGPU's CPU accelerator): with trained-looking weights set on both, and inputs of spikes and of values, the spikes
/// and state are the CPU simulator's to the bit.
/// </summary>
[Collection(DeviceCollection.Name)]
public sealed class GpuDenseTests(DeviceFixture fixture, ITestOutputHelper output)
{
    [Theory]
    [InlineData(1UL)]
    [InlineData(29UL)]
    public void Dense_layers_fed_spikes_and_values_give_the_cpu_simulators_spikes_and_state(ulong seed)
    {
        using var cpu = new GpuDenseMlp(seed);
        using var gpu = new GpuDenseMlpGpu(fixture.Device, seed);
        SetTrainedLookingWeights(cpu, gpu, seed);

        Drive(seed, 300, cpu, gpu, (cpu.pixels, gpu.pixels));

        SpikeAgreement.AssertSame(output, state: true, ("hidden", cpu.hidden, gpu.hidden), ("out", cpu.@out, gpu.@out));
    }

    [Theory]
    [InlineData(3UL)]
    [InlineData(41UL)]
    public void Same_step_delivery_reaches_the_target_in_the_step_of_the_spike_as_on_the_cpu(ulong seed)
    {
        using var cpu = new GpuSameStep(seed);
        using var gpu = new GpuSameStepGpu(fixture.Device, seed);
        var random = new Random((int)seed);
        for (int step = 0; step < 400; step++)
        {
            int[] stim = Enumerable.Range(0, 16).Where(_ => random.NextDouble() < 0.2).ToArray();
            cpu.stim.SetSpikes(stim);
            gpu.stim.SetSpikes(stim);
            cpu.Step();
            // The last step is a run of one, which copies the recorded spikes back.
            if (step == 399)
            {
                gpu.Run(1);
            }
            else
            {
                gpu.Step();
            }
        }

        SpikeAgreement.AssertSame(output, state: true, ("relay", cpu.relay, gpu.relay), ("count", cpu.count, gpu.count));
        // Within the step: some relay spikes reach count in the very step they happen (a same-step chain of two).
        var relay = cpu.relay.SpikeMonitor!;
        var count = cpu.count.SpikeMonitor!;
        Assert.Contains(Enumerable.Range(0, count.Steps.Length), k => Enumerable.Range(0, relay.Steps.Length)
            .Any(r => relay.Steps[r] == count.Steps[k] && relay.Indices[r] == count.Indices[k]));
    }

    [Theory]
    [InlineData(5UL)]
    [InlineData(8UL)]
    public void A_small_fashion_mnist_cnn_gives_the_cpu_simulators_spikes_and_state(ulong seed)
    {
        using var cpu = new GpuCnn(seed);
        using var gpu = new GpuCnnGpu(fixture.Device, seed);
        SetTrainedLookingWeights(cpu, gpu, seed);

        Drive(seed, 250, cpu, gpu, (cpu.img, gpu.img));

        SpikeAgreement.AssertSame(output, state: true,
            ("conv1", cpu.conv1, gpu.conv1), ("pool1", cpu.pool1, gpu.pool1), ("conv2", cpu.conv2, gpu.conv2),
            ("pool2", cpu.pool2, gpu.pool2), ("hidden", cpu.hidden, gpu.hidden), ("out", cpu.@out, gpu.@out));
    }

    [Fact]
    public void Strided_and_one_dimensional_convolutions_and_every_pooling_give_the_cpu_simulators_spikes_and_state()
    {
        const ulong Seed = 13;
        using var cpu = new GpuPoolings(Seed);
        using var gpu = new GpuPoolingsGpu(fixture.Device, Seed);
        SetTrainedLookingWeights(cpu, gpu, Seed);

        Drive(Seed, 300, cpu, gpu, (cpu.img, gpu.img), (cpu.seq, gpu.seq));

        SpikeAgreement.AssertSame(output, state: true,
            ("strided", cpu.strided, gpu.strided), ("summed", cpu.summed, gpu.summed), ("averaged", cpu.averaged, gpu.averaged),
            ("overlapping", cpu.overlapping, gpu.overlapping), ("maxPadded", cpu.maxPadded, gpu.maxPadded),
            ("line", cpu.line, gpu.line), ("padded", cpu.padded, gpu.padded));
    }

    [Fact]
    public void Learned_parameters_set_with_the_weights_reach_the_device()
    {
        // Networks/GpuTraining.snn's GpuLearnedParameters learns beta and theta: its weights carry them.
        using var cpu = new GpuLearnedParameters(4);
        using var gpu = new GpuLearnedParametersGpu(fixture.Device, 4);
        var weights = new WeightSet();
        var random = new RandomStream(4);
        foreach (NamedTensor tensor in cpu.GetWeights())
        {
            // Not the defaults (0.9 and 1): a device that kept its constants would integrate and spike otherwise.
            float Value() => tensor.Name.EndsWith(".beta", StringComparison.Ordinal) ? 0.5f
                : tensor.Name.EndsWith(".theta", StringComparison.Ordinal) ? 0.3f
                : (float)random.Uniform(-0.4, 0.5);
            weights.Add(tensor.Name, tensor.Shape, tensor.Values.Select(_ => Value()).ToArray());
        }
        Assert.Contains(weights, t => t.Name.EndsWith(".beta", StringComparison.Ordinal));
        cpu.SetWeights(weights);
        gpu.SetWeights(weights);

        Drive(4, 200, cpu, gpu, (cpu.x, gpu.x));

        foreach (var (c, g) in new (IPopulation, IPopulation)[] { (cpu.h, gpu.h), (cpu.@out, gpu.@out) })
        {
            output.WriteLine($"{c.Name}: {c.SpikeCount} spikes on the CPU, {g.SpikeCount} on the GPU");
            Assert.True(c.SpikeCount > 20);
            Assert.Equal(c.SpikeCount, g.SpikeCount);
            Assert.Equal(c.ReadState("mem"), g.ReadState("mem"));
        }
    }

    /// <summary>Kernel and dense weights uniform in [−0.4, 0.5] and biases in [0, 0.05], set on both as a trained weight file would be.</summary>
    private static void SetTrainedLookingWeights(INetwork cpu, INetwork gpu, ulong seed)
    {
        var random = new RandomStream(seed);
        var weights = new WeightSet();
        foreach (NamedTensor tensor in cpu.GetWeights())
        {
            float[] values = tensor.Values.Select(_ => tensor.Name.EndsWith(".b", StringComparison.Ordinal) ? (float)random.Uniform(0, 0.05) : (float)random.Uniform(-0.4, 0.5)).ToArray();
            weights.Add(tensor.Name, tensor.Shape, values);
        }
        cpu.SetWeights(weights);
        gpu.SetWeights(weights);
    }

    /// <summary>
    /// Runs <paramref name="steps"/> steps (a multiple of 50) of random input, the same on the CPU's and the GPU's inputs:
    /// spikes in the first and third of every three blocks of 40 steps, values (a current in [0, 1)) in the second. Single
    /// steps, and every 50th a run of one, which copies the recorded spikes back.
    /// </summary>
    private static void Drive(ulong seed, int steps, INetwork cpu, INetwork gpu, params (IInputPopulation Cpu, IInputPopulation Gpu)[] inputs)
    {
        var random = new Random((int)seed);
        for (int k = 0; k < steps; k++)
        {
            bool values = k / 40 % 3 == 1;
            foreach (var (cpuInput, gpuInput) in inputs)
            {
                if (values)
                {
                    double[] current = Enumerable.Range(0, cpuInput.Count).Select(_ => random.NextDouble()).ToArray();
                    cpuInput.SetValues(current);
                    gpuInput.SetValues(current);
                }
                else
                {
                    cpuInput.ClearValues();
                    gpuInput.ClearValues();
                    int[] spikes = Enumerable.Range(0, cpuInput.Count).Where(_ => random.NextDouble() < 0.3).ToArray();
                    cpuInput.SetSpikes(spikes);
                    gpuInput.SetSpikes(spikes);
                }
            }
            if (k % 50 == 49)
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
    }
}
