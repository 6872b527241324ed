// Trains the spiking CNN of FashionMnistConv.snn on Fashion-MNIST with the generated surrogate-gradient
// trainer, saves the weights, and runs test images in the generated simulator with those weights to show
// the deployed network spikes exactly as it did in training. --device gpu trains with the generated GPU
// trainer instead (GpuTraining.cs). The flow is the Fashion-MNIST examples' own (ClassifierExample).
using System;
using Examples.Shared;
using SpikeLang.Runtime;

namespace Examples.FashionMnistConv;

public static class Program
{
    private const string Name = "FashionMnistConv";

    public static int Main(string[] args)
    {
        var defaults = TrainingOptions.Defaults(FashionCnnTrainer.DefaultBatchSize, 1e-3, FashionCnnTrainer.DefaultSteps, "fashion-cnn.slw");
        return ClassifierExample.Run(Name, args, defaults, Array.Empty<TrainingOptions.ExtraOption>(), (options, device, pool) =>
        {
            var trainer = new FashionCnnTrainer(device == TrainingDevice.Gpu ? 1 : options.Batch, options.Seed, options.Steps, pool: pool) { LearningRate = options.LearningRate };
            return new ExampleNetwork(
                $"network 1×28×28 → conv 16 → max-pool → conv 32 → max-pool → 128 → 10, {trainer.Steps} steps",
                new ClassifierTrainer(trainer.N_img, trainer.TrainBatch, trainer.Evaluate, lr => trainer.LearningRate = lr),
                trainer.GetWeights,
                trainer.LoadWeights,
                (train, test) => GpuTraining.Run(trainer, options, train, test, Name),
                (weights, set, k) => SimulatorAgrees(trainer, weights, set, k));
        });
    }

    // The deployed network: the generated simulator of the same .snn with the trained weights, driven by the
    // image as input currents for Steps steps; its output spike counts must equal the trainer's.
    private static bool SimulatorAgrees(FashionCnnTrainer trainer, WeightSet weights, LabeledImages set, int k)
    {
        trainer.Evaluate(set.Sample(k), set.Labels.AsSpan(k, 1));
        var net = new FashionCnn();
        net.SetWeights(weights);
        net.img.SetValues(set.Sample(k));
        var counts = new float[trainer.Classes];
        for (int t = 0; t < trainer.Steps; t++)
        {
            net.Step();
            foreach (int neuron in net.@out.Spikes) counts[neuron]++;
        }
        return counts.AsSpan().SequenceEqual(trainer.Scores);
    }
}
