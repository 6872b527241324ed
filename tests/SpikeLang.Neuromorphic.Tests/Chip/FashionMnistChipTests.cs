using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Examples.FashionMnist;
using SpikeLang.Neuromorphic.Chip;
using SpikeLang.Runtime;
using Xunit;
using Xunit.Abstractions;

namespace SpikeLang.Neuromorphic.Tests.Chip;

/// <summary>Runs only when SPIKELANG_FASHION_WEIGHTS names a trained .slw file and the Fashion-MNIST test set is installed.</summary>
public sealed class FashionWeightsFactAttribute : FactAttribute
{
    public FashionWeightsFactAttribute()
    {
        string? weights = Environment.GetEnvironmentVariable(FashionMnistChipTests.WeightsVariable);
        if (weights is null || !File.Exists(weights))
        {
            Skip = $"set {FashionMnistChipTests.WeightsVariable} to a trained FashionMlp .slw file (examples/FashionMnist saves one)";
        }
        else if (!File.Exists(Path.Combine(FashionMnist.DefaultDirectory, "t10k-images-idx3-ubyte.gz")))
        {
            Skip = $"the Fashion-MNIST test set is not in {FashionMnist.DefaultDirectory} (apt-get install dataset-fashion-mnist)";
        }
    }
}

/// <summary>
/// A trained Fashion-MNIST network on the chip: accuracy after quantization beside the float
/// accuracy, and tables against the fixed-point model for 10 000 steps.
/// </summary>
public class FashionMnistChipTests(ITestOutputHelper output)
{
    public const string WeightsVariable = "SPIKELANG_FASHION_WEIGHTS";

    private const int Images = 1000;
    private const int StepsPerImage = 25;

    [FashionWeightsFact]
    public void Quantized_accuracy_stays_close_to_the_float_accuracy()
    {
        (FashionMlp net, WeightSet weights) = Load();
        int hidden = net.hidden.Count;
        QuantizedNetwork network = Quantizer.Quantize(net.Describe(), new QuantizerOptions(CurrentInputs: new HashSet<string> { "pixels" }));
        QuantizedConnection inputLayer = network.Connections.Single(c => c.Source == "pixels");
        LabeledImages test = FashionMnist.Load(FashionMnist.DefaultDirectory, train: false, Images);
        int floatCorrect = 0, chipCorrect = 0, agree = 0;
        long floatSpikes = 0, chipSpikes = 0;
        var counts = new int[10];
        for (int k = 0; k < test.Count; k++)
        {
            var floatNet = new FashionMlp(n_hidden: hidden);
            floatNet.SetWeights(weights);
            floatNet.pixels.SetValues(test.Sample(k));
            Array.Clear(counts);
            for (int step = 0; step < StepsPerImage; step++)
            {
                floatNet.Step();
                foreach (int neuron in floatNet.@out.Spikes)
                {
                    counts[neuron]++;
                }
            }

            int floatGuess = ArgMax(counts);
            floatSpikes += counts.Sum();
            var chip = new FixedPointSimulator(network);
            chip.SetHostDrive("hidden", HostCurrent.Drive(inputLayer, hidden, test.Sample(k)));
            Array.Clear(counts);
            foreach ((int _, int neuron) in chip.Run(StepsPerImage).Of("out"))
            {
                counts[neuron]++;
            }

            int chipGuess = ArgMax(counts);
            chipSpikes += counts.Sum();
            floatCorrect += floatGuess == test.Labels[k] ? 1 : 0;
            chipCorrect += chipGuess == test.Labels[k] ? 1 : 0;
            agree += floatGuess == chipGuess ? 1 : 0;
        }

        double floatAccuracy = (double)floatCorrect / test.Count, chipAccuracy = (double)chipCorrect / test.Count;
        output.WriteLine($"Fashion-MNIST, first {test.Count} test images, {StepsPerImage} steps: float {floatAccuracy:P1}, quantized chip model {chipAccuracy:P1}, same answer {(double)agree / test.Count:P1}; output spikes per image: float {(double)floatSpikes / test.Count:F1}, chip {(double)chipSpikes / test.Count:F1}");
        foreach (string note in network.Notes)
        {
            output.WriteLine($"note: {note}");
        }

        // Quantization alone costs little; Loihi cannot reset by subtraction, so a network trained with
        // 'mem -= theta' loses each spike's overshoot on the chip (measured with a 10-epoch network:
        // float 87.3 %, chip 78.5 %). The bound says which case this is.
        bool resetChanged = network.Notes.Any(n => n.Contains("becomes 'mem = 0'", StringComparison.Ordinal));
        Assert.InRange(chipAccuracy, floatAccuracy - (resetChanged ? 0.12 : 0.03), 1.0);
    }

    [FashionWeightsFact]
    public void Trained_network_tables_and_fixed_point_model_spike_identically_for_10000_steps()
    {
        (FashionMlp net, WeightSet _) = Load();
        QuantizedNetwork network = Quantizer.Quantize(net.Describe());
        using var folder = new TempFolder();
        ChipTableWriter.Write(ChipCompiler.Map(network, ChipLimits.Loihi1), folder.Path);
        var input = new BernoulliSpikes(seed: 3, probability: 0.02);
        SpikeRecord fromTables = new TableSimulator(ChipTableReader.Read(folder.Path), input).Run(10_000);
        SpikeRecord fromModel = new FixedPointSimulator(network, input).Run(10_000);
        output.WriteLine($"hidden {fromModel.Of("hidden").Count} spikes, out {fromModel.Of("out").Count} spikes");
        Assert.True(fromModel.Count > 0);
        Assert.Null(fromModel.FirstDifference(fromTables));
    }

    private static (FashionMlp Net, WeightSet Weights) Load()
    {
        WeightSet weights = WeightFile.Load(Environment.GetEnvironmentVariable(WeightsVariable)!);
        int hidden = weights.Find("pixels_to_hidden.w")!.Shape[0];
        var net = new FashionMlp(n_hidden: hidden);
        net.SetWeights(weights);
        return (net, weights);
    }

    private static int ArgMax(int[] counts)
    {
        int best = 0;
        for (int i = 1; i < counts.Length; i++)
        {
            best = counts[i] > counts[best] ? i : best;
        }

        return best;
    }
}
