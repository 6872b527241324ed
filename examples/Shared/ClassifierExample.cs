// What the Fashion-MNIST examples do from the command line to the last line they print: options, data, the
// generated trainer, --load, training on the CPU or the GPU, the saved weights, the simulator check, the summary.
// Each example supplies its network (ExampleNetwork); the flow and the output lines, which bench scripts read, are
// the same for all.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using SpikeLang.Runtime;

namespace Examples.Shared;

/// <summary>
/// An example's generated CPU trainer as the shared flow uses it, with what only the example knows: how to describe
/// its network, train it on the GPU, and run its generated simulator on a test image.
/// </summary>
/// <param name="Description">The network and its steps, for the first line.</param>
/// <param name="Trainer">The CPU trainer's batches.</param>
/// <param name="GetWeights">The CPU trainer's weights (after GPU training, the GPU trainer's, handed back).</param>
/// <param name="LoadWeights">Loads a weight file into the CPU trainer (<c>--load</c>).</param>
/// <param name="TrainOnGpu">The epochs on the GPU trainer, started from and handed back to the CPU trainer's weights; null when there is no GPU.</param>
/// <param name="SimulatorAgrees">Whether the generated simulator, with these weights, gives test image k the trainer's output spike counts.</param>
internal sealed record ExampleNetwork(
    string Description,
    ClassifierTrainer Trainer,
    Func<WeightSet> GetWeights,
    Action<string> LoadWeights,
    Func<LabeledImages, LabeledImages, List<EpochResult>?> TrainOnGpu,
    Func<WeightSet, LabeledImages, int, bool> SimulatorAgrees);

internal static class ClassifierExample
{
    /// <summary>Runs the example; returns its exit code (2 for bad options, missing data, an unreadable weight file or no GPU).</summary>
    /// <param name="create">Builds the example's network for the options (on the GPU, the CPU trainer only holds weights: its batch is 1).</param>
    public static int Run(string program, string[] args, TrainingOptions defaults, TrainingOptions.ExtraOption[] extras,
        Func<TrainingOptions, TrainingDevice, WorkerPool, ExampleNetwork> create)
    {
        TrainingOptions options;
        TrainingDevice device;
        try
        {
            (device, var rest) = TrainingDeviceOption.Take(args);
            options = TrainingOptions.Parse(rest, defaults, extras);
        }
        catch (FormatException ex)
        {
            Console.Error.WriteLine($"{program}: {ex.Message}");
            Console.Error.WriteLine(TrainingOptions.Usage(program, defaults, extras));
            Console.Error.WriteLine(TrainingDeviceOption.Usage);
            return 2;
        }
        if (ClassifierTraining.LoadData(options, program) is not var (train, test))
        {
            return 2;
        }

        using var pool = new WorkerPool(options.Threads);
        var network = create(options, device, pool);
        Console.WriteLine($"Fashion-MNIST: {train.Count} training and {test.Count} test images; {network.Description}, " +
            $"batch {options.Batch}, lr {options.LearningRate}, {pool.Workers} threads");
        if (options.LoadWeights is { } load)
        {
            try
            {
                network.LoadWeights(load);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or WeightMismatchException)
            {
                Console.Error.WriteLine($"{program}: {load}: {ex.Message}");
                return 2;
            }
        }

        var epochs = device == TrainingDevice.Gpu
            ? network.TrainOnGpu(train, test)
            : ClassifierTraining.Run(network.Trainer, train, test, options);
        if (epochs is null)
        {
            return 2;
        }

        WeightSet weights = network.GetWeights();
        weights.Metadata["epochs"] = options.Epochs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        WeightFile.Save(options.WeightsOut, weights);
        Console.WriteLine($"weights saved to {Path.GetFullPath(options.WeightsOut)}");

        int checkedImages = Math.Min(options.DeployCheck, test.Count);
        if (checkedImages > 0)
        {
            int agree = 0;
            for (int k = 0; k < checkedImages; k++)
            {
                if (network.SimulatorAgrees(weights, test, k)) agree++;
            }
            Console.WriteLine($"simulator with the trained weights: {agree}/{checkedImages} test images give the training forward pass's output spike counts exactly");
        }
        long peak = Process.GetCurrentProcess().PeakWorkingSet64;
        Console.WriteLine($"peak memory (working set): {peak / (1024 * 1024)} MiB");
        if (options.SummaryJson is { } summary)
        {
            ClassifierTraining.WriteSummary(summary, epochs, peak);
        }
        return 0;
    }
}
