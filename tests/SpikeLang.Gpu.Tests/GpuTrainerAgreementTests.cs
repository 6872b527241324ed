using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Gpu.Tests;

/// <summary>
/// The generated GPU trainer, run on ILGPU's CPU accelerator, against the CPU trainer of the same network: same
/// initial weights per seed, the same spikes, the same loss, gradients within 1e-4, and close weights after training.
/// Sums over steps and samples run in another order than the CPU trainer's, so gradients agree to rounding, not bitwise.
/// </summary>
[Collection(DeviceCollection.Name)]
public sealed class GpuTrainerAgreementTests(DeviceFixture fixture, ITestOutputHelper output)
{
    public static IEnumerable<object[]> Networks => TrainerPair.Networks.Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(Networks))]
    public void The_same_seed_gives_the_cpu_trainers_initial_weights(string network)
    {
        using var pair = TrainerPair.Create(network, fixture.Device);
        AssertEqual(pair.Cpu.GetWeights(), pair.Gpu.GetWeights());
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Forward_spikes_and_loss_equal_the_cpu_trainers(string network)
    {
        using var pair = TrainerPair.Create(network, fixture.Device, seed: 11);
        pair.Gpu.SetWeights(pair.Cpu.GetWeights());
        var (inputs, labels) = pair.Data(0);
        pair.Cpu.Forward(inputs, pair.Batch);
        pair.Gpu.Forward(inputs, pair.Batch);
        foreach (var layer in pair.Layers)
        {
            var cpu = pair.Cpu.Spikes(layer);
            var gpu = pair.Gpu.Spikes(layer);
            output.WriteLine($"{network}.{layer}: {cpu.Sum()} spikes of {cpu.Length}");
            Assert.Equal(cpu, gpu);
        }
        // Every layer before the readout spikes, and not always: the comparison sees both sides of the threshold.
        foreach (var layer in pair.Layers.SkipLast(1))
        {
            Assert.InRange(pair.Cpu.Spikes(layer).Sum(), 1, pair.Cpu.Spikes(layer).Length - 1);
        }
        var cpuLoss = pair.Cpu.ComputeLoss(labels);
        var gpuLoss = pair.Gpu.ComputeLoss(labels);
        Assert.Equal(pair.Cpu.Scores(), pair.Gpu.Scores());
        Assert.Equal(cpuLoss.Correct, gpuLoss.Correct);
        Assert.Equal(cpuLoss.Loss, gpuLoss.Loss, 1e-6f);
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Every_gradient_is_the_cpu_trainers_within_1e_4(string network)
    {
        using var pair = TrainerPair.Create(network, fixture.Device, seed: 5);
        pair.Gpu.SetWeights(pair.Cpu.GetWeights());
        var (inputs, labels) = pair.Data(1);
        foreach (var trainer in new[] { pair.Cpu, pair.Gpu })
        {
            trainer.Forward(inputs, pair.Batch);
            trainer.ComputeLoss(labels);
            trainer.Backward();
        }
        AssertClose(pair.Cpu.GetGradients(), pair.Gpu.GetGradients(), 1e-4, nonZero: true);
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Weights_after_three_batches_stay_close_to_the_cpu_trainers(string network)
    {
        using var pair = TrainerPair.Create(network, fixture.Device, seed: 7);
        var initial = pair.Cpu.GetWeights();
        for (int batch = 0; batch < 3; batch++)
        {
            var (inputs, labels) = pair.Data(10 + batch);
            foreach (var trainer in new[] { pair.Cpu, pair.Gpu })
            {
                trainer.Forward(inputs, pair.Batch);
                trainer.ComputeLoss(labels);
                trainer.Backward();
                trainer.ApplyGradients();
            }
        }
        var cpu = pair.Cpu.GetWeights();
        Assert.True(cpu.Any(t => !t.Values.SequenceEqual(initial.Find(t.Name)!.Values)), "training changed no weight");
        AssertClose(cpu, pair.Gpu.GetWeights(), 1e-4, nonZero: false);
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Evaluation_after_training_gives_the_cpu_trainers_scores(string network)
    {
        // Evaluation runs batch-normalized convolutions folded with the running statistics, which training moved.
        using var pair = TrainerPair.Create(network, fixture.Device, seed: 13);
        for (int batch = 0; batch < 2; batch++)
        {
            var (inputs, labels) = pair.Data(20 + batch);
            foreach (var trainer in new[] { pair.Cpu, pair.Gpu })
            {
                trainer.Forward(inputs, pair.Batch);
                trainer.ComputeLoss(labels);
                trainer.Backward();
                trainer.ApplyGradients();
            }
        }
        pair.Gpu.SetWeights(pair.Cpu.GetWeights());
        var (test, testLabels) = pair.Data(30);
        var cpu = pair.Cpu.Evaluate(test, testLabels);
        var gpu = pair.Gpu.Evaluate(test, testLabels);
        Assert.Equal(pair.Cpu.Scores(), pair.Gpu.Scores());
        Assert.Equal(cpu.Correct, gpu.Correct);
        Assert.Equal(cpu.Loss, gpu.Loss, 1e-6f);
    }

    [Fact]
    public void A_batch_beyond_the_kernels_32_bit_indices_is_refused_before_anything_is_allocated()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new GpuDenseGpuTrainer(fixture.Device, batchCapacity: int.MaxValue / 16));
        Assert.Contains("32-bit", ex.Message);
    }

    private static void AssertEqual(WeightSet expected, WeightSet actual)
    {
        Assert.Equal(expected.Select(t => t.Name), actual.Select(t => t.Name));
        foreach (var tensor in expected)
        {
            var other = actual.Find(tensor.Name)!;
            Assert.Equal(tensor.Shape, other.Shape);
            Assert.Equal(tensor.Values, other.Values);
        }
    }

    /// <summary>Each element within <paramref name="relative"/> × the largest magnitude in its tensor (elements near 0 carry the rounding of larger terms).</summary>
    private void AssertClose(WeightSet expected, WeightSet actual, double relative, bool nonZero)
    {
        Assert.Equal(expected.Select(t => t.Name), actual.Select(t => t.Name));
        foreach (var tensor in expected)
        {
            var other = actual.Find(tensor.Name)!;
            Assert.Equal(tensor.Shape, other.Shape);
            double scale = tensor.Values.Max(v => Math.Abs((double)v));
            double worst = tensor.Values.Zip(other.Values, (a, b) => Math.Abs((double)a - b)).Max();
            output.WriteLine($"{tensor.Name}: largest |value| {scale:G4}, largest difference {worst:G4}");
            if (nonZero)
            {
                Assert.True(scale > 0, $"{tensor.Name} is all zero: the comparison would prove nothing");
            }
            Assert.True(worst <= relative * scale, $"{tensor.Name}: difference {worst:G4} > {relative} × {scale:G4}");
        }
    }
}
