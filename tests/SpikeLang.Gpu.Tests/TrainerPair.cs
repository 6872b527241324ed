using System;
using System.Linq;
using SpikeLang.Runtime;

namespace SpikeLang.Gpu.Tests;

/// <summary>A generated trainer (CPU or GPU) seen through the members both have, so one test body checks every network.</summary>
internal sealed record Trainer(
    Action<float[], int> Forward,
    Func<int[], BatchResult> ComputeLoss,
    Func<float[], int[], BatchResult> Evaluate,
    Action Backward,
    Action ApplyGradients,
    Func<WeightSet> GetWeights,
    Action<WeightSet> SetWeights,
    Func<WeightSet> GetGradients,
    Func<string, float[]> Spikes,
    Func<float[]> Scores,
    IDisposable? Owned = null);

/// <summary>A network's CPU and GPU trainers, built with the same seed and batch capacity; its layers in order (the last the readout; an encoded input first).</summary>
internal sealed record TrainerPair(string Network, Trainer Cpu, Trainer Gpu, int Inputs, int Batch, string[] Layers) : IDisposable
{
    public const int Batch4 = 4;

    private static readonly string[] HiddenAndOut = { "h", "out" };

    public static TrainerPair Create(string network, GpuDevice device, ulong seed = 3) => network switch
    {
        nameof(GpuDense) => Pair(network, new GpuDenseTrainer(Batch4, seed), new GpuDenseGpuTrainer(device, Batch4, seed), 6),
        nameof(GpuSameStepMembrane) => Pair(network, new GpuSameStepMembraneTrainer(Batch4, seed), new GpuSameStepMembraneGpuTrainer(device, Batch4, seed), 6),
        nameof(GpuContinuousMse) => Pair(network, new GpuContinuousMseTrainer(Batch4, seed), new GpuContinuousMseGpuTrainer(device, Batch4, seed), 6),
        nameof(GpuConvPool) => Pair(network, new GpuConvPoolTrainer(Batch4, seed), new GpuConvPoolGpuTrainer(device, Batch4, seed)),
        nameof(GpuConvMaxPool) => Pair(network, new GpuConvMaxPoolTrainer(Batch4, seed), new GpuConvMaxPoolGpuTrainer(device, Batch4, seed)),
        nameof(GpuConv1d) => Pair(network, new GpuConv1dTrainer(Batch4, seed), new GpuConv1dGpuTrainer(device, Batch4, seed)),
        nameof(GpuConvBatchNorm) => Pair(network, new GpuConvBatchNormTrainer(Batch4, seed), new GpuConvBatchNormGpuTrainer(device, Batch4, seed)),
        nameof(GpuPoissonInput) => Pair(network, new GpuPoissonInputTrainer(Batch4, seed), new GpuPoissonInputGpuTrainer(device, Batch4, seed)),
        nameof(GpuLatencyInput) => Pair(network, new GpuLatencyInputTrainer(Batch4, seed), new GpuLatencyInputGpuTrainer(device, Batch4, seed)),
        nameof(GpuLearnedParameters) => Pair(network, new GpuLearnedParametersTrainer(Batch4, seed), new GpuLearnedParametersGpuTrainer(device, Batch4, seed), 6),
        nameof(GpuRecurrent) => Pair(network, new GpuRecurrentTrainer(Batch4, seed), new GpuRecurrentGpuTrainer(device, Batch4, seed), 10),
        nameof(GpuRecurrentSameStep) => Pair(network, new GpuRecurrentSameStepTrainer(Batch4, seed), new GpuRecurrentSameStepGpuTrainer(device, Batch4, seed), 8),
        _ => throw new ArgumentException(network),
    };

    public static readonly string[] Networks =
    {
        nameof(GpuDense), nameof(GpuSameStepMembrane), nameof(GpuContinuousMse), nameof(GpuConvPool), nameof(GpuConvMaxPool), nameof(GpuConv1d), nameof(GpuConvBatchNorm),
        nameof(GpuPoissonInput), nameof(GpuLatencyInput), nameof(GpuLearnedParameters), nameof(GpuRecurrent), nameof(GpuRecurrentSameStep),
    };

    // Networks with an encoded input: its spikes ('x', each trainer's Encoded_x) are compared as a layer's.
    private static readonly string[] EncodedHiddenAndOut = { "x", "h", "out" };

    // One overload per generated pair: the generated classes share a shape, not a type.
    private static TrainerPair Pair(string network, GpuDenseTrainer cpu, GpuDenseGpuTrainer gpu, int inputs) => new(network,
        new((x, n) => cpu.Forward(x, n), l => cpu.ComputeLoss(l), (x, l) => cpu.Evaluate(x, l), cpu.Backward, cpu.ApplyGradients, cpu.GetWeights, cpu.SetWeights, cpu.GetGradients,
            layer => (layer == "h" ? cpu.Spikes_h : cpu.Spikes_out).ToArray(), () => cpu.Scores.ToArray()),
        new((x, n) => gpu.Forward(x, n), l => gpu.ComputeLoss(l), (x, l) => gpu.Evaluate(x, l), gpu.Backward, gpu.ApplyGradients, gpu.GetWeights, gpu.SetWeights, gpu.GetGradients,
            layer => (layer == "h" ? gpu.Spikes_h : gpu.Spikes_out).ToArray(), () => gpu.Scores.ToArray(), gpu),
        inputs, Batch4, HiddenAndOut);

    private static TrainerPair Pair(string network, GpuSameStepMembraneTrainer cpu, GpuSameStepMembraneGpuTrainer gpu, int inputs) => new(network,
        new((x, n) => cpu.Forward(x, n), l => cpu.ComputeLoss(l), (x, l) => cpu.Evaluate(x, l), cpu.Backward, cpu.ApplyGradients, cpu.GetWeights, cpu.SetWeights, cpu.GetGradients,
            layer => (layer == "h" ? cpu.Spikes_h : cpu.Spikes_out).ToArray(), () => cpu.Scores.ToArray()),
        new((x, n) => gpu.Forward(x, n), l => gpu.ComputeLoss(l), (x, l) => gpu.Evaluate(x, l), gpu.Backward, gpu.ApplyGradients, gpu.GetWeights, gpu.SetWeights, gpu.GetGradients,
            layer => (layer == "h" ? gpu.Spikes_h : gpu.Spikes_out).ToArray(), () => gpu.Scores.ToArray(), gpu),
        inputs, Batch4, HiddenAndOut);

    private static TrainerPair Pair(string network, GpuContinuousMseTrainer cpu, GpuContinuousMseGpuTrainer gpu, int inputs) => new(network,
        new((x, n) => cpu.Forward(x, n), l => cpu.ComputeLoss(l), (x, l) => cpu.Evaluate(x, l), cpu.Backward, cpu.ApplyGradients, cpu.GetWeights, cpu.SetWeights, cpu.GetGradients,
            layer => (layer == "h" ? cpu.Spikes_h : cpu.Spikes_out).ToArray(), () => cpu.Scores.ToArray()),
        new((x, n) => gpu.Forward(x, n), l => gpu.ComputeLoss(l), (x, l) => gpu.Evaluate(x, l), gpu.Backward, gpu.ApplyGradients, gpu.GetWeights, gpu.SetWeights, gpu.GetGradients,
            layer => (layer == "h" ? gpu.Spikes_h : gpu.Spikes_out).ToArray(), () => gpu.Scores.ToArray(), gpu),
        inputs, Batch4, HiddenAndOut);

    private static TrainerPair Pair(string network, GpuLearnedParametersTrainer cpu, GpuLearnedParametersGpuTrainer gpu, int inputs) => new(network,
        new((x, n) => cpu.Forward(x, n), l => cpu.ComputeLoss(l), (x, l) => cpu.Evaluate(x, l), cpu.Backward, cpu.ApplyGradients, cpu.GetWeights, cpu.SetWeights, cpu.GetGradients,
            layer => (layer == "h" ? cpu.Spikes_h : cpu.Spikes_out).ToArray(), () => cpu.Scores.ToArray()),
        new((x, n) => gpu.Forward(x, n), l => gpu.ComputeLoss(l), (x, l) => gpu.Evaluate(x, l), gpu.Backward, gpu.ApplyGradients, gpu.GetWeights, gpu.SetWeights, gpu.GetGradients,
            layer => (layer == "h" ? gpu.Spikes_h : gpu.Spikes_out).ToArray(), () => gpu.Scores.ToArray(), gpu),
        inputs, Batch4, HiddenAndOut);

    private static TrainerPair Pair(string network, GpuRecurrentTrainer cpu, GpuRecurrentGpuTrainer gpu, int inputs) => new(network,
        new((x, n) => cpu.Forward(x, n), l => cpu.ComputeLoss(l), (x, l) => cpu.Evaluate(x, l), cpu.Backward, cpu.ApplyGradients, cpu.GetWeights, cpu.SetWeights, cpu.GetGradients,
            layer => (layer == "h" ? cpu.Spikes_h : cpu.Spikes_out).ToArray(), () => cpu.Scores.ToArray()),
        new((x, n) => gpu.Forward(x, n), l => gpu.ComputeLoss(l), (x, l) => gpu.Evaluate(x, l), gpu.Backward, gpu.ApplyGradients, gpu.GetWeights, gpu.SetWeights, gpu.GetGradients,
            layer => (layer == "h" ? gpu.Spikes_h : gpu.Spikes_out).ToArray(), () => gpu.Scores.ToArray(), gpu),
        inputs, Batch4, HiddenAndOut);

    private static TrainerPair Pair(string network, GpuRecurrentSameStepTrainer cpu, GpuRecurrentSameStepGpuTrainer gpu, int inputs) => new(network,
        new((x, n) => cpu.Forward(x, n), l => cpu.ComputeLoss(l), (x, l) => cpu.Evaluate(x, l), cpu.Backward, cpu.ApplyGradients, cpu.GetWeights, cpu.SetWeights, cpu.GetGradients,
            layer => (layer == "h" ? cpu.Spikes_h : cpu.Spikes_out).ToArray(), () => cpu.Scores.ToArray()),
        new((x, n) => gpu.Forward(x, n), l => gpu.ComputeLoss(l), (x, l) => gpu.Evaluate(x, l), gpu.Backward, gpu.ApplyGradients, gpu.GetWeights, gpu.SetWeights, gpu.GetGradients,
            layer => (layer == "h" ? gpu.Spikes_h : gpu.Spikes_out).ToArray(), () => gpu.Scores.ToArray(), gpu),
        inputs, Batch4, HiddenAndOut);

    private static TrainerPair Pair(string network, GpuConvPoolTrainer cpu, GpuConvPoolGpuTrainer gpu) => new(network,
        new((x, n) => cpu.Forward(x, n), l => cpu.ComputeLoss(l), (x, l) => cpu.Evaluate(x, l), cpu.Backward, cpu.ApplyGradients, cpu.GetWeights, cpu.SetWeights, cpu.GetGradients,
            layer => (layer switch { "c" => cpu.Spikes_c, "p" => cpu.Spikes_p, "q" => cpu.Spikes_q, "s" => cpu.Spikes_s, _ => cpu.Spikes_out }).ToArray(), () => cpu.Scores.ToArray()),
        new((x, n) => gpu.Forward(x, n), l => gpu.ComputeLoss(l), (x, l) => gpu.Evaluate(x, l), gpu.Backward, gpu.ApplyGradients, gpu.GetWeights, gpu.SetWeights, gpu.GetGradients,
            layer => (layer switch { "c" => gpu.Spikes_c, "p" => gpu.Spikes_p, "q" => gpu.Spikes_q, "s" => gpu.Spikes_s, _ => gpu.Spikes_out }).ToArray(), () => gpu.Scores.ToArray(), gpu),
        cpu.N_x, Batch4, new[] { "c", "p", "q", "s", "out" });

    private static TrainerPair Pair(string network, GpuConvMaxPoolTrainer cpu, GpuConvMaxPoolGpuTrainer gpu) => new(network,
        new((x, n) => cpu.Forward(x, n), l => cpu.ComputeLoss(l), (x, l) => cpu.Evaluate(x, l), cpu.Backward, cpu.ApplyGradients, cpu.GetWeights, cpu.SetWeights, cpu.GetGradients,
            layer => (layer switch { "c" => cpu.Spikes_c, "p" => cpu.Spikes_p, _ => cpu.Spikes_out }).ToArray(), () => cpu.Scores.ToArray()),
        new((x, n) => gpu.Forward(x, n), l => gpu.ComputeLoss(l), (x, l) => gpu.Evaluate(x, l), gpu.Backward, gpu.ApplyGradients, gpu.GetWeights, gpu.SetWeights, gpu.GetGradients,
            layer => (layer switch { "c" => gpu.Spikes_c, "p" => gpu.Spikes_p, _ => gpu.Spikes_out }).ToArray(), () => gpu.Scores.ToArray(), gpu),
        cpu.N_x, Batch4, new[] { "c", "p", "out" });

    private static TrainerPair Pair(string network, GpuConv1dTrainer cpu, GpuConv1dGpuTrainer gpu) => new(network,
        new((x, n) => cpu.Forward(x, n), l => cpu.ComputeLoss(l), (x, l) => cpu.Evaluate(x, l), cpu.Backward, cpu.ApplyGradients, cpu.GetWeights, cpu.SetWeights, cpu.GetGradients,
            layer => (layer switch { "c" => cpu.Spikes_c, "d" => cpu.Spikes_d, _ => cpu.Spikes_out }).ToArray(), () => cpu.Scores.ToArray()),
        new((x, n) => gpu.Forward(x, n), l => gpu.ComputeLoss(l), (x, l) => gpu.Evaluate(x, l), gpu.Backward, gpu.ApplyGradients, gpu.GetWeights, gpu.SetWeights, gpu.GetGradients,
            layer => (layer switch { "c" => gpu.Spikes_c, "d" => gpu.Spikes_d, _ => gpu.Spikes_out }).ToArray(), () => gpu.Scores.ToArray(), gpu),
        cpu.N_x, Batch4, new[] { "c", "d", "out" });

    private static TrainerPair Pair(string network, GpuConvBatchNormTrainer cpu, GpuConvBatchNormGpuTrainer gpu) => new(network,
        new((x, n) => cpu.Forward(x, n), l => cpu.ComputeLoss(l), (x, l) => cpu.Evaluate(x, l), cpu.Backward, cpu.ApplyGradients, cpu.GetWeights, cpu.SetWeights, cpu.GetGradients,
            layer => (layer switch { "c" => cpu.Spikes_c, "p" => cpu.Spikes_p, "q" => cpu.Spikes_q, _ => cpu.Spikes_out }).ToArray(), () => cpu.Scores.ToArray()),
        new((x, n) => gpu.Forward(x, n), l => gpu.ComputeLoss(l), (x, l) => gpu.Evaluate(x, l), gpu.Backward, gpu.ApplyGradients, gpu.GetWeights, gpu.SetWeights, gpu.GetGradients,
            layer => (layer switch { "c" => gpu.Spikes_c, "p" => gpu.Spikes_p, "q" => gpu.Spikes_q, _ => gpu.Spikes_out }).ToArray(), () => gpu.Scores.ToArray(), gpu),
        cpu.N_x, Batch4, new[] { "c", "p", "q", "out" });

    private static TrainerPair Pair(string network, GpuPoissonInputTrainer cpu, GpuPoissonInputGpuTrainer gpu) => new(network,
        new((x, n) => cpu.Forward(x, n), l => cpu.ComputeLoss(l), (x, l) => cpu.Evaluate(x, l), cpu.Backward, cpu.ApplyGradients, cpu.GetWeights, cpu.SetWeights, cpu.GetGradients,
            layer => (layer switch { "x" => cpu.Encoded_x, "h" => cpu.Spikes_h, _ => cpu.Spikes_out }).ToArray(), () => cpu.Scores.ToArray()),
        new((x, n) => gpu.Forward(x, n), l => gpu.ComputeLoss(l), (x, l) => gpu.Evaluate(x, l), gpu.Backward, gpu.ApplyGradients, gpu.GetWeights, gpu.SetWeights, gpu.GetGradients,
            layer => (layer switch { "x" => gpu.Encoded_x, "h" => gpu.Spikes_h, _ => gpu.Spikes_out }).ToArray(), () => gpu.Scores.ToArray(), gpu),
        cpu.N_x, Batch4, EncodedHiddenAndOut);

    private static TrainerPair Pair(string network, GpuLatencyInputTrainer cpu, GpuLatencyInputGpuTrainer gpu) => new(network,
        new((x, n) => cpu.Forward(x, n), l => cpu.ComputeLoss(l), (x, l) => cpu.Evaluate(x, l), cpu.Backward, cpu.ApplyGradients, cpu.GetWeights, cpu.SetWeights, cpu.GetGradients,
            layer => (layer switch { "x" => cpu.Encoded_x, "h" => cpu.Spikes_h, _ => cpu.Spikes_out }).ToArray(), () => cpu.Scores.ToArray()),
        new((x, n) => gpu.Forward(x, n), l => gpu.ComputeLoss(l), (x, l) => gpu.Evaluate(x, l), gpu.Backward, gpu.ApplyGradients, gpu.GetWeights, gpu.SetWeights, gpu.GetGradients,
            layer => (layer switch { "x" => gpu.Encoded_x, "h" => gpu.Spikes_h, _ => gpu.Spikes_out }).ToArray(), () => gpu.Scores.ToArray(), gpu),
        cpu.N_x, Batch4, EncodedHiddenAndOut);

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
