// Trains the network of FashionMnist.snn on Fashion-MNIST with the generated surrogate-gradient
// trainer, saves the weights, and runs a few test images in the generated simulator with those
// weights to show the deployed network spikes exactly as it did in training.
using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.Json;
using Examples.FashionMnist;
using SpikeLang.Runtime;

Options options;
try
{
    options = Options.Parse(args);
}
catch (FormatException ex)
{
    Console.Error.WriteLine($"FashionMnist: {ex.Message}");
    Console.Error.WriteLine(Options.Usage);
    return 2;
}

LabeledImages train, test;
try
{
    train = FashionMnist.Load(options.DataDirectory, train: true, options.Limit);
    test = FashionMnist.Load(options.DataDirectory, train: false, options.Limit is { } limit ? Math.Max(1, limit / 6) : null);
}
catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"FashionMnist: cannot read the data set: {ex.Message}");
    Console.Error.WriteLine("Install it with 'apt-get install dataset-fashion-mnist' or pass --data DIR.");
    return 2;
}
using var pool = new WorkerPool(options.Threads);
var trainer = new FashionMlpTrainer(options.Batch, options.Seed, options.Steps, n_hidden: options.Hidden, pool: pool) { LearningRate = options.LearningRate };
Console.WriteLine($"Fashion-MNIST: {train.Count} training and {test.Count} test images; network {trainer.N_pixels}-{trainer.N_hidden}-{trainer.N_out}, " +
    $"{trainer.Steps} steps, batch {options.Batch}, lr {options.LearningRate}, {pool.Workers} threads");
if (options.LoadWeights is { } load)
{
    try
    {
        trainer.LoadWeights(load);
    }
    catch (Exception ex) when (ex is IOException or InvalidDataException or WeightMismatchException)
    {
        Console.Error.WriteLine($"FashionMnist: {load}: {ex.Message}");
        return 2;
    }
}

var pixels = new float[options.Batch * trainer.N_pixels];
var labels = new int[options.Batch];
var order = new int[train.Count];
var shuffle = new RandomStream(options.Seed, 7);
var epochs = new List<(int Epoch, double Seconds, double Loss, double TrainAccuracy, double TestAccuracy)>();
bool interactive = !Console.IsOutputRedirected;

for (int epoch = 1; epoch <= options.Epochs; epoch++)
{
    for (int k = 0; k < order.Length; k++) order[k] = k;
    for (int k = order.Length - 1; k > 0; k--)
    {
        int j = shuffle.NextInt(k + 1);
        (order[k], order[j]) = (order[j], order[k]);
    }
    var clock = Stopwatch.StartNew();
    double lossSum = 0;
    int correct = 0, seen = 0, batches = 0;
    for (int start = 0; start < train.Count; start += options.Batch)
    {
        int count = Math.Min(options.Batch, train.Count - start);
        for (int b = 0; b < count; b++)
        {
            train.Sample(order[start + b]).CopyTo(pixels.AsSpan(b * trainer.N_pixels));
            labels[b] = train.Labels[order[start + b]];
        }
        BatchResult result = trainer.TrainBatch(pixels.AsSpan(0, count * trainer.N_pixels), labels.AsSpan(0, count));
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
    double testAccuracy = Evaluate(trainer, test, pixels, labels);
    epochs.Add((epoch, seconds, lossSum / seen, (double)correct / seen, testAccuracy));
    Console.WriteLine($"epoch {epoch}: {seconds:F1} s ({seen / seconds:F0} samples/s), train loss {lossSum / seen:F4}, train accuracy {(double)correct / seen:P2}, test accuracy {testAccuracy:P2}");
}

WeightSet weights = trainer.GetWeights();
weights.Metadata["epochs"] = options.Epochs.ToString(System.Globalization.CultureInfo.InvariantCulture);
WeightFile.Save(options.WeightsOut, weights);
Console.WriteLine($"weights saved to {Path.GetFullPath(options.WeightsOut)}");

int agree = DeployCheck(trainer, weights, test, Math.Min(options.DeployCheck, test.Count));
if (options.DeployCheck > 0)
{
    Console.WriteLine($"simulator with the trained weights: {agree}/{Math.Min(options.DeployCheck, test.Count)} test images give the training forward pass's output spike counts exactly");
}
long peak = Process.GetCurrentProcess().PeakWorkingSet64;
Console.WriteLine($"peak memory (working set): {peak / (1024 * 1024)} MiB");

if (options.SummaryJson is { } summary)
{
    AtomicFile.Write(summary, stream =>
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
        json.WriteNumber("peak_working_set_mib", peak / (1024 * 1024));
        json.WriteEndObject();
    });
}
return 0;

static double Evaluate(FashionMlpTrainer trainer, LabeledImages set, float[] pixels, int[] labels)
{
    int correct = 0;
    for (int start = 0; start < set.Count; start += labels.Length)
    {
        int count = Math.Min(labels.Length, set.Count - start);
        set.Pixels.AsSpan(start * trainer.N_pixels, count * trainer.N_pixels).CopyTo(pixels);
        set.Labels.AsSpan(start, count).CopyTo(labels);
        correct += trainer.Evaluate(pixels.AsSpan(0, count * trainer.N_pixels), labels.AsSpan(0, count)).Correct;
    }
    return (double)correct / set.Count;
}

// The deployed network: the generated simulator of the same .snn with the trained weights, driven by
// the image as input currents for Steps steps; its output spike counts must equal the trainer's.
static int DeployCheck(FashionMlpTrainer trainer, WeightSet weights, LabeledImages set, int samples)
{
    int agree = 0;
    for (int k = 0; k < samples; k++)
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
        if (counts.AsSpan().SequenceEqual(trainer.Scores)) agree++;
    }
    return agree;
}

static string Bar(int done, int total)
{
    const int width = 24;
    int filled = (int)((long)done * width / total);
    return "[" + new string('#', filled) + new string('.', width - filled) + "]";
}
