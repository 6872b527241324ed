// The training loop the Fashion-MNIST examples share: epochs of shuffled batches through a generated
// trainer, progress, test accuracy per epoch, the saved weights and a JSON summary.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using SpikeLang.Runtime;

namespace Examples.Shared;

/// <summary>One training or evaluation call of a generated trainer on a batch (inputs are samples × size).</summary>
internal delegate BatchResult BatchCall(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels);

/// <summary>A generated trainer as the loop uses it: each network's trainer is its own class, so an example binds these to it.</summary>
internal sealed record ClassifierTrainer(int InputSize, BatchCall Train, BatchCall Evaluate, Action<double> SetLearningRate);

/// <summary>What one epoch gave.</summary>
internal sealed record EpochResult(int Epoch, double Seconds, double Loss, double TrainAccuracy, double TestAccuracy);

internal static class ClassifierTraining
{
    /// <summary>The training set and a sixth as many test images under <c>--limit</c>; null after printing why they cannot be read.</summary>
    public static (LabeledImages Train, LabeledImages Test)? LoadData(TrainingOptions options, string program)
    {
        try
        {
            return (SpikeLang.Runtime.FashionMnist.Load(options.DataDirectory, train: true, options.Limit),
                SpikeLang.Runtime.FashionMnist.Load(options.DataDirectory, train: false, options.Limit is { } limit ? Math.Max(1, limit / 6) : null));
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{program}: cannot read the data set: {ex.Message}");
            Console.Error.WriteLine("Install it with 'apt-get install dataset-fashion-mnist' or pass --data DIR.");
            return null;
        }
    }

    /// <summary>Trains for the options' epochs, printing progress and each epoch's line; the order of the samples comes from the seed.</summary>
    public static List<EpochResult> Run(ClassifierTrainer trainer, LabeledImages train, LabeledImages test, TrainingOptions options)
    {
        int epochs = options.Epochs, batch = options.Batch;
        ulong seed = options.Seed;
        var inputs = new float[batch * trainer.InputSize];
        var labels = new int[batch];
        var order = new int[train.Count];
        var shuffle = new RandomStream(seed, 7);
        var results = new List<EpochResult>();
        bool interactive = !Console.IsOutputRedirected;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            for (int k = 0; k < order.Length; k++) order[k] = k;
            for (int k = order.Length - 1; k > 0; k--)
            {
                int j = shuffle.NextInt(k + 1);
                (order[k], order[j]) = (order[j], order[k]);
            }
            trainer.SetLearningRate(options.Cosine
                ? options.LearningRate * (1 + Math.Cos(Math.PI * (epoch - 1) / epochs)) / 2
                : options.LearningRate);
            var clock = Stopwatch.StartNew();
            double lossSum = 0;
            int correct = 0, seen = 0, batches = 0;
            for (int start = 0; start < train.Count; start += batch)
            {
                int count = Math.Min(batch, train.Count - start);
                for (int b = 0; b < count; b++)
                {
                    train.Sample(order[start + b]).CopyTo(inputs.AsSpan(b * trainer.InputSize));
                    labels[b] = train.Labels[order[start + b]];
                }
                BatchResult result = trainer.Train(inputs.AsSpan(0, count * trainer.InputSize), labels.AsSpan(0, count));
                lossSum += result.Loss * count;
                correct += result.Correct;
                seen += count;
                batches++;
                if (interactive && (batches % 10 == 0 || seen == train.Count))
                {
                    Console.Write($"\repoch {epoch} {Bar(seen, train.Count)} {seen}/{train.Count}  loss {lossSum / seen:F4}  accuracy {(double)correct / seen:P1}  {seen / clock.Elapsed.TotalSeconds:F0} samples/s ");
                }
            }
            double seconds = clock.Elapsed.TotalSeconds;
            if (interactive)
            {
                Console.WriteLine();
            }
            double testAccuracy = Evaluate(trainer, test, inputs, labels);
            results.Add(new EpochResult(epoch, seconds, lossSum / seen, (double)correct / seen, testAccuracy));
            Console.WriteLine($"epoch {epoch}: {seconds:F1} s ({seen / seconds:F0} samples/s), train loss {lossSum / seen:F4}, train accuracy {(double)correct / seen:P2}, test accuracy {testAccuracy:P2}");
        }
        return results;
    }

    /// <summary>The fraction of <paramref name="set"/> the trainer's forward pass classifies correctly.</summary>
    public static double Evaluate(ClassifierTrainer trainer, LabeledImages set, float[] inputs, int[] labels)
    {
        int correct = 0;
        for (int start = 0; start < set.Count; start += labels.Length)
        {
            int count = Math.Min(labels.Length, set.Count - start);
            set.Pixels.AsSpan(start * trainer.InputSize, count * trainer.InputSize).CopyTo(inputs);
            set.Labels.AsSpan(start, count).CopyTo(labels);
            correct += trainer.Evaluate(inputs.AsSpan(0, count * trainer.InputSize), labels.AsSpan(0, count)).Correct;
        }
        return (double)correct / set.Count;
    }

    /// <summary>Writes each epoch's seconds, loss and accuracies and the peak working set as JSON, atomically.</summary>
    public static void WriteSummary(string path, IReadOnlyList<EpochResult> epochs, long peakBytes)
    {
        AtomicFile.Write(path, stream =>
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteStartArray("epochs");
            foreach (var e in epochs)
            {
                json.WriteStartObject();
                json.WriteNumber("epoch", e.Epoch);
                json.WriteNumber("seconds", e.Seconds);
                json.WriteNumber("train_loss", e.Loss);
                json.WriteNumber("train_accuracy", e.TrainAccuracy);
                json.WriteNumber("test_accuracy", e.TestAccuracy);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteNumber("peak_working_set_mib", peakBytes / (1024 * 1024));
            json.WriteEndObject();
        });
    }

    private static string Bar(int done, int total)
    {
        const int width = 24;
        int filled = (int)((long)done * width / total);
        return "[" + new string('#', filled) + new string('.', width - filled) + "]";
    }
}
