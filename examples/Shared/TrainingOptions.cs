using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Examples.Shared;

/// <summary>
/// Command-line options of the Fashion-MNIST examples; every value is checked, with the reason on error.
/// <see cref="Extra"/> holds an example's own whole-number options (the MLP's --hidden), declared by the example.
/// </summary>
internal sealed record TrainingOptions(
    int Epochs, int Batch, double LearningRate, int? Limit, ulong Seed, string DataDirectory,
    string WeightsOut, string? LoadWeights, string? SummaryJson, int DeployCheck, int Steps, int Threads,
    IReadOnlyDictionary<string, int> Extra)
{
    /// <summary>Cosine annealing of the learning rate over the epochs (PyTorch's CosineAnnealingLR, T_max = epochs), else constant.</summary>
    public bool Cosine { get; init; }

    /// <summary>An example's own option: <c>--NAME N</c> with its range, default and help line.</summary>
    public sealed record ExtraOption(string Name, int Min, int Max, int Default, string Help);

    /// <summary>The usage text of an example with its defaults.</summary>
    public static string Usage(string program, TrainingOptions defaults, IEnumerable<ExtraOption> extras) => string.Join(Environment.NewLine, new[]
    {
        $"Usage: {program} [options]",
        "  --epochs N          epochs to train (default 1)",
        $"  --steps N           time steps per image (default: the train block's {defaults.Steps})",
        $"  --batch N           samples per batch (default: the train block's {defaults.Batch})",
        $"  --lr X              learning rate (default: the train block's {defaults.LearningRate.ToString(CultureInfo.InvariantCulture)})",
        "  --schedule S        constant (default), or cosine: lr·(1 + cos(π·(epoch − 1)/epochs))/2 each epoch",
        "  --limit N           use only the first N training and N/6 test samples (quick runs)",
        "  --threads N         worker threads of the trainer (default: one per core); any N trains the same weights",
        "  --seed N            seed of the initial weights and the shuffling (default 1)",
        "  --data DIR          Fashion-MNIST IDX files (default /usr/share/datasets/fashion-mnist)",
        $"  --out FILE          where the trained weights are saved (default {defaults.WeightsOut})",
        "  --load FILE         start from saved weights (names and shapes are checked)",
        "  --summary-json FILE write per-epoch seconds, loss and accuracy as JSON",
        "  --deploy-check N    run N test samples in the generated simulator and compare spikes (default 20)",
    }.Concat(extras.Select(e => $"  --{e.Name + " N",-18}{e.Help} (default {e.Default})")));

    /// <summary>Parses <paramref name="args"/> over <paramref name="defaults"/>; a <see cref="FormatException"/> says what is wrong.</summary>
    public static TrainingOptions Parse(string[] args, TrainingOptions defaults, IReadOnlyList<ExtraOption> extras)
    {
        var o = defaults with { Extra = extras.ToDictionary(e => e.Name, e => e.Default) };
        for (int k = 0; k < args.Length; k++)
        {
            string Value() => k + 1 < args.Length ? args[++k] : throw new FormatException($"{args[k]} needs a value.");
            if (args[k].StartsWith("--", StringComparison.Ordinal) && extras.FirstOrDefault(e => e.Name == args[k][2..]) is { } extra)
            {
                o = o with { Extra = new Dictionary<string, int>(o.Extra) { [extra.Name] = Int(Value(), args[k], extra.Min, extra.Max) } };
                continue;
            }
            o = args[k] switch
            {
                "--epochs" => o with { Epochs = Int(Value(), "--epochs", 1, 1000) },
                "--batch" => o with { Batch = Int(Value(), "--batch", 1, 60000) },
                "--steps" => o with { Steps = Int(Value(), "--steps", 2, 10000) },
                "--lr" => o with { LearningRate = Positive(Value(), "--lr") },
                "--schedule" => o with { Cosine = Value() switch { "cosine" => true, "constant" => false, var s => throw new FormatException($"--schedule must be 'constant' or 'cosine', not '{s}'.") } },
                "--limit" => o with { Limit = Int(Value(), "--limit", 1, 60000) },
                "--threads" => o with { Threads = Int(Value(), "--threads", 1, 1024) },
                "--seed" => o with { Seed = (ulong)Int(Value(), "--seed", 0, int.MaxValue) },
                "--data" => o with { DataDirectory = Value() },
                "--out" => o with { WeightsOut = Value() },
                "--load" => o with { LoadWeights = Value() },
                "--summary-json" => o with { SummaryJson = Value() },
                "--deploy-check" => o with { DeployCheck = Int(Value(), "--deploy-check", 0, 10000) },
                _ => throw new FormatException($"Unknown option '{args[k]}'."),
            };
        }
        return o;
    }

    /// <summary>The defaults of an example whose trainer has these train-block values.</summary>
    public static TrainingOptions Defaults(int batch, double learningRate, int steps, string weightsOut) =>
        new(1, batch, learningRate, null, 1, SpikeLang.Runtime.FashionMnist.DefaultDirectory, weightsOut, null, null, 20, steps, Environment.ProcessorCount,
            new Dictionary<string, int>());

    private static int Int(string text, string option, int min, int max) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : throw new FormatException($"{option} must be a whole number from {min} to {max}, not '{text}'.");

    private static double Positive(string text, string option) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0 && double.IsFinite(value)
            ? value
            : throw new FormatException($"{option} must be a positive number, not '{text}'.");
}
