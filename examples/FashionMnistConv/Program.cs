// Trains the spiking CNN of FashionMnistConv.snn on Fashion-MNIST with the generated surrogate-gradient
// trainer, saves the weights, and runs test images in the generated simulator with those weights to show
// the deployed network spikes exactly as it did in training. --device gpu trains with the generated GPU
// trainer instead (GpuTraining.cs).
using System;
using System.Diagnostics;
using System.IO;
using Examples.Shared;
using SpikeLang.Runtime;

namespace Examples.FashionMnistConv;

public static class Program
{
    private const string Name = "FashionMnistConv";

    public static int Main(string[] args)
    {
        var defaults = TrainingOptions.Defaults(FashionCnnTrainer.DefaultBatchSize, 1e-3, FashionCnnTrainer.DefaultSteps, "fashion-cnn.slw");
        TrainingOptions options;
        TrainingDevice device;
        try
        {
            (device, var rest) = TrainingDeviceOption.Take(args);
            options = TrainingOptions.Parse(rest, defaults, Array.Empty<TrainingOptions.ExtraOption>());
        }
        catch (FormatException ex)
        {
            Console.Error.WriteLine($"{Name}: {ex.Message}");
            Console.Error.WriteLine(TrainingOptions.Usage(Name, defaults, Array.Empty<TrainingOptions.ExtraOption>()));
            Console.Error.WriteLine(TrainingDeviceOption.Usage);
            return 2;
        }
        if (ClassifierTraining.LoadData(options, Name) is not var (train, test))
        {
            return 2;
        }

        using var pool = new WorkerPool(options.Threads);
        // On the GPU, the CPU trainer only holds the weights between loading, training and the simulator check: batches of 1.
        var trainer = new FashionCnnTrainer(device == TrainingDevice.Gpu ? 1 : options.Batch, options.Seed, options.Steps, pool: pool) { LearningRate = options.LearningRate };
        Console.WriteLine($"Fashion-MNIST: {train.Count} training and {test.Count} test images; network 1×28×28 → conv 16 → max-pool → conv 32 → max-pool → 128 → 10, " +
            $"{trainer.Steps} steps, batch {options.Batch}, lr {options.LearningRate}, {pool.Workers} threads");
        if (options.LoadWeights is { } load)
        {
            try
            {
                trainer.LoadWeights(load);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or WeightMismatchException)
            {
                Console.Error.WriteLine($"{Name}: {load}: {ex.Message}");
                return 2;
            }
        }

        var epochs = device == TrainingDevice.Gpu
            ? GpuTraining.Run(trainer, options, train, test, Name)
            : ClassifierTraining.Run(new ClassifierTrainer(trainer.N_img, trainer.TrainBatch, trainer.Evaluate, lr => trainer.LearningRate = lr), train, test, options);
        if (epochs is null)
        {
            return 2;
        }

        WeightSet weights = trainer.GetWeights();
        weights.Metadata["epochs"] = options.Epochs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        WeightFile.Save(options.WeightsOut, weights);
        Console.WriteLine($"weights saved to {Path.GetFullPath(options.WeightsOut)}");

        int checkedImages = Math.Min(options.DeployCheck, test.Count);
        if (checkedImages > 0)
        {
            Console.WriteLine($"simulator with the trained weights: {DeployCheck(trainer, weights, test, checkedImages)}/{checkedImages} test images give the training forward pass's output spike counts exactly");
        }
        long peak = Process.GetCurrentProcess().PeakWorkingSet64;
        Console.WriteLine($"peak memory (working set): {peak / (1024 * 1024)} MiB");
        if (options.SummaryJson is { } summary)
        {
            ClassifierTraining.WriteSummary(summary, epochs, peak);
        }
        return 0;
    }

    // The deployed network: the generated simulator of the same .snn with the trained weights, driven by the
    // image as input currents for Steps steps; its output spike counts must equal the trainer's.
    private static int DeployCheck(FashionCnnTrainer trainer, WeightSet weights, LabeledImages set, int samples)
    {
        int agree = 0;
        for (int k = 0; k < samples; k++)
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
            if (counts.AsSpan().SequenceEqual(trainer.Scores)) agree++;
        }
        return agree;
    }
}
