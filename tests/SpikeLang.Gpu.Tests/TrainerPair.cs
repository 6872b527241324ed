using System;
using System.Linq;
using SpikeLang.Runtime;

namespace SpikeLang.Gpu.Tests;

/// <summary>A generated trainer (CPU or GPU) seen through the members both have, so one test body checks every network.</summary>
internal sealed record Trainer(
    Action<float[], int> Forward,
    Func<int[], BatchResult> ComputeLoss,
    Action Backward,
    Action ApplyGradients,
    Func<WeightSet> GetWeights,
    Action<WeightSet> SetWeights,
    Func<WeightSet> GetGradients,
    Func<string, float[]> Spikes,
    Func<float[]> Scores,
    IDisposable? Owned = null);

/// <summary>A network's CPU and GPU trainers, built with the same seed and batch capacity.</summary>
internal sealed record TrainerPair(string Network, Trainer Cpu, Trainer Gpu, int Inputs, int Batch) : IDisposable
{
    public const int Batch4 = 4;

    public static TrainerPair Create(string network, GpuDevice device, ulong seed = 3) => network switch
    {
        nameof(GpuDense) => Pair(network, new GpuDenseTrainer(Batch4, seed), new GpuDenseGpuTrainer(device, Batch4, seed), 6),
        nameof(GpuSameStepMembrane) => Pair(network, new GpuSameStepMembraneTrainer(Batch4, seed), new GpuSameStepMembraneGpuTrainer(device, Batch4, seed), 6),
        nameof(GpuContinuousMse) => Pair(network, new GpuContinuousMseTrainer(Batch4, seed), new GpuContinuousMseGpuTrainer(device, Batch4, seed), 6),
        _ => throw new ArgumentException(network),
    };

    public static readonly string[] Networks = { nameof(GpuDense), nameof(GpuSameStepMembrane), nameof(GpuContinuousMse) };

    // One overload per generated pair: the generated classes share a shape, not a type.
    private static TrainerPair Pair(string network, GpuDenseTrainer cpu, GpuDenseGpuTrainer gpu, int inputs) => new(network,
        new((x, n) => cpu.Forward(x, n), l => cpu.ComputeLoss(l), cpu.Backward, cpu.ApplyGradients, cpu.GetWeights, cpu.SetWeights, cpu.GetGradients,
            layer => (layer == "h" ? cpu.Spikes_h : cpu.Spikes_out).ToArray(), () => cpu.Scores.ToArray()),
        new((x, n) => gpu.Forward(x, n), l => gpu.ComputeLoss(l), gpu.Backward, gpu.ApplyGradients, gpu.GetWeights, gpu.SetWeights, gpu.GetGradients,
            layer => (layer == "h" ? gpu.Spikes_h : gpu.Spikes_out).ToArray(), () => gpu.Scores.ToArray(), gpu),
        inputs, Batch4);

    private static TrainerPair Pair(string network, GpuSameStepMembraneTrainer cpu, GpuSameStepMembraneGpuTrainer gpu, int inputs) => new(network,
        new((x, n) => cpu.Forward(x, n), l => cpu.ComputeLoss(l), cpu.Backward, cpu.ApplyGradients, cpu.GetWeights, cpu.SetWeights, cpu.GetGradients,
            layer => (layer == "h" ? cpu.Spikes_h : cpu.Spikes_out).ToArray(), () => cpu.Scores.ToArray()),
        new((x, n) => gpu.Forward(x, n), l => gpu.ComputeLoss(l), gpu.Backward, gpu.ApplyGradients, gpu.GetWeights, gpu.SetWeights, gpu.GetGradients,
            layer => (layer == "h" ? gpu.Spikes_h : gpu.Spikes_out).ToArray(), () => gpu.Scores.ToArray(), gpu),
        inputs, Batch4);

    private static TrainerPair Pair(string network, GpuContinuousMseTrainer cpu, GpuContinuousMseGpuTrainer gpu, int inputs) => new(network,
        new((x, n) => cpu.Forward(x, n), l => cpu.ComputeLoss(l), cpu.Backward, cpu.ApplyGradients, cpu.GetWeights, cpu.SetWeights, cpu.GetGradients,
            layer => (layer == "h" ? cpu.Spikes_h : cpu.Spikes_out).ToArray(), () => cpu.Scores.ToArray()),
        new((x, n) => gpu.Forward(x, n), l => gpu.ComputeLoss(l), gpu.Backward, gpu.ApplyGradients, gpu.GetWeights, gpu.SetWeights, gpu.GetGradients,
            layer => (layer == "h" ? gpu.Spikes_h : gpu.Spikes_out).ToArray(), () => gpu.Scores.ToArray(), gpu),
        inputs, Batch4);

    /// <summary>Batch <paramref name="index"/> of inputs in [0, 2), large enough that the layers spike, and labels cycling through the classes.</summary>
    public (float[] Inputs, int[] Labels) Data(int index)
    {
        var random = new Random(1000 + index);
        var inputs = Enumerable.Range(0, Batch * Inputs).Select(_ => (float)(2 * random.NextDouble())).ToArray();
        var labels = Enumerable.Range(0, Batch).Select(k => (k + index) % 3).ToArray();
        return (inputs, labels);
    }

    public void Dispose() => Gpu.Owned?.Dispose();
}
