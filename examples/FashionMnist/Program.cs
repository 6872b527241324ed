// Trains the network of FashionMnist.snn on Fashion-MNIST with the generated surrogate-gradient
// trainer, saves the weights, and runs a few test images in the generated simulator with those
// weights to show the deployed network spikes exactly as it did in training. --device gpu trains with the
// generated GPU trainer instead (GpuTraining.cs). The flow is the Fashion-MNIST examples' own (ClassifierExample).
using System;
using Examples.Shared;
using SpikeLang.Runtime;

namespace Examples.FashionMnist;

public static class Program
{
    private const string Name = "FashionMnist";

    public static int Main(string[] args)
    {
        var defaults = TrainingOptions.Defaults(FashionMlpTrainer.DefaultBatchSize, 5e-4, FashionMlpTrainer.DefaultSteps, "fashion-mlp.slw");
        var extras = new[] { new TrainingOptions.ExtraOption("hidden", 1, 100000, 1000, "hidden neurons (the network parameter n_hidden)") };
        return ClassifierExample.Run(Name, args, defaults, extras, (options, device, pool) =>
        {
            var trainer = new FashionMlpTrainer(device == TrainingDevice.Gpu ? 1 : options.Batch, options.Seed, options.Steps, n_hidden: options.Extra["hidden"], pool: pool) { LearningRate = options.LearningRate };
            return new ExampleNetwork(
                $"network {trainer.N_pixels}-{trainer.N_hidden}-{trainer.N_out}, {trainer.Steps} steps",
                new ClassifierTrainer(trainer.N_pixels, trainer.TrainBatch, trainer.Evaluate, lr => trainer.LearningRate = lr),
                trainer.GetWeights,
                trainer.LoadWeights,
                (train, test) => GpuTraining.Run(trainer, options, train, test, Name),
                (weights, set, k) => SimulatorAgrees(trainer, weights, set, k));
        });
    }

    // The deployed network: the generated simulator of the same .snn with the trained weights, driven by
    // the image as input currents for Steps steps; its output spike counts must equal the trainer's.
    private static bool SimulatorAgrees(FashionMlpTrainer trainer, WeightSet weights, LabeledImages set, int k)
    {
        trainer.Evaluate(set.Sample(k), set.Labels.AsSpan(k, 1));
        var net = new FashionMlp(n_hidden: trainer.n_hidden);
        net.SetWeights(weights);
        net.pixels.SetValues(set.Sample(k));
        var counts = new float[trainer.Classes];
        for (int t = 0; t < trainer.Steps; t++)
        {
            net.Step();
            foreach (int neuron in net.@out.Spikes) counts[neuron]++;
        }
        return counts.AsSpan().SequenceEqual(trainer.Scores);
    }
}
