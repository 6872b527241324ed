using System;
using System.Globalization;

namespace Examples.FashionMnist;

/// <summary>Command-line options of the example; every value is checked, with the reason on error.</summary>
internal sealed record Options(
    int Epochs, int Batch, double LearningRate, int? Limit, ulong Seed, string DataDirectory,
    string WeightsOut, string? LoadWeights, string? SummaryJson, int DeployCheck, int Hidden, int Steps, int Threads)
{
    public const string Usage = """
        Usage: FashionMnist [options]
          --epochs N          epochs to train (default 1)
          --hidden N          hidden neurons (default 1000, the network parameter n_hidden)
          --steps N           time steps per image (default: the train block's 25)
          --batch N           samples per batch (default: the train block's 128)
          --lr X              learning rate (default: the train block's 5e-4)
          --limit N           use only the first N training and N/6 test samples (quick runs)
          --threads N         worker threads of the trainer (default: one per core); any N trains the same weights
          --seed N            seed of the initial weights and the shuffling (default 1)
          --data DIR          Fashion-MNIST IDX files (default /usr/share/datasets/fashion-mnist)
          --out FILE          where the trained weights are saved (default fashion-mlp.slw)
          --load FILE         start from saved weights (names and shapes are checked)
          --summary-json FILE write per-epoch seconds, loss and accuracy as JSON
          --deploy-check N    run N test samples in the generated simulator and compare spikes (default 20)
        """;

    public static Options Parse(string[] args)
    {
        var o = new Options(1, FashionMlpTrainer.DefaultBatchSize, 5e-4, null, 1, SpikeLang.Runtime.FashionMnist.DefaultDirectory,
            "fashion-mlp.slw", null, null, 20, 1000, FashionMlpTrainer.DefaultSteps, Environment.ProcessorCount);
        for (int k = 0; k < args.Length; k++)
        {
            string Value() => k + 1 < args.Length ? args[++k] : throw new FormatException($"{args[k]} needs a value.");
            o = args[k] switch
            {
                "--epochs" => o with { Epochs = Int(Value(), "--epochs", 1, 1000) },
                "--batch" => o with { Batch = Int(Value(), "--batch", 1, 60000) },
                "--hidden" => o with { Hidden = Int(Value(), "--hidden", 1, 100000) },
                "--steps" => o with { Steps = Int(Value(), "--steps", 2, 10000) },
                "--lr" => o with { LearningRate = Positive(Value(), "--lr") },
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

    private static int Int(string text, string option, int min, int max) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : throw new FormatException($"{option} must be a whole number from {min} to {max}, not '{text}'.");

    private static double Positive(string text, string option) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0 && double.IsFinite(value)
            ? value
            : throw new FormatException($"{option} must be a positive number, not '{text}'.");
}
