// A liquid state machine: a recurrent spiking reservoir (Reservoir.snn, generated at build time)
// classifies jittered spike-pattern templates through a linear readout trained by ridge regression
// (ReservoirTask.cs). Three templates of frozen 20 Hz Poisson trains on 40 channels, 200 ms long: a
// 100 ms cue of each template's own, then 100 ms that all templates share. Every trial jitters each
// spike (5 ms SD) and drops one in ten; 100 training and 50 test trials per class.
//
// The main readout sees only the reservoir's spike counts in the last 50 ms of the pattern, when the
// input is the same for every class: it has to read the cue, which ended 50-100 ms earlier, from the
// reservoir's fading memory. The same readout of the input is the baseline (chance).
//
//   dotnet run -c Release --project examples/Reservoir -- --seed 1 --out .
//
// Prints key=value lines and writes reservoir.png (the raster of one test trial; the test accuracy of a
// readout of each 25 ms bin, of the reservoir and of the input). Exits 1 unless the main readout's test
// accuracy is clearly above chance: at least chance + 5 binomial standard deviations.
using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using ScottPlot;

namespace Examples.Reservoir;

public static class Program
{
    public static int Main(string[] args)
    {
        ulong seed = 1;
        string outDir = ".";
        int train = 100, test = 50;
        for (int k = 0; k < args.Length; k++)
        {
            string name = args[k];
            if (name is "-h" or "--help")
            {
                PrintUsage();
                return 0;
            }
            if (k + 1 >= args.Length)
            {
                return Fail($"{name} needs a value");
            }
            string value = args[++k];
            switch (name)
            {
                case "--seed" when ulong.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong n):
                    seed = n;
                    break;
                case "--train" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= 8:
                    train = n;
                    break;
                case "--test" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= 4:
                    test = n;
                    break;
                case "--out":
                    outDir = value;
                    break;
                default:
                    return Fail($"invalid option or value: {name} {value}");
            }
        }

        var net = new Reservoir(seed);
        var options = new ReservoirTaskOptions { TrainPerClass = train, TestPerClass = test };
        var task = new ReservoirTask(net, options, seed);
        long start = Stopwatch.GetTimestamp();
        var result = Run(task);
        double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;

        double chance = result.Chance(options.Classes);
        double threshold = chance + 5 * Math.Sqrt(chance * (1 - chance) / result.TestTrials);
        bool aboveChance = result.TestAccuracy >= threshold;

        string png = WritePlot(result, options, net, chance, outDir);
        long synapses = net.stim_to_res.Connectivity.SynapseCount + net.res_to_res.Connectivity.SynapseCount + net.res_to_res_2.Connectivity.SynapseCount;
        Console.WriteLine(Invariant($"seed={seed}"));
        Console.WriteLine(Invariant($"reservoir_neurons={net.res.Count}"));
        Console.WriteLine(Invariant($"input_channels={net.stim.Count}"));
        Console.WriteLine(Invariant($"synapses={synapses}"));
        Console.WriteLine(Invariant($"classes={options.Classes}"));
        Console.WriteLine(Invariant($"train_trials={result.TrainTrials}"));
        Console.WriteLine(Invariant($"test_trials={result.TestTrials}"));
        Console.WriteLine(Invariant($"reservoir_rate_hz_pattern={result.ReservoirRatePattern:0.##}"));
        Console.WriteLine(Invariant($"reservoir_rate_hz_after={result.ReservoirRateTail:0.##}"));
        Console.WriteLine(Invariant($"ridge_lambda={result.Lambda:0.####}"));
        Console.WriteLine(Invariant($"train_accuracy={result.TrainAccuracy:0.###}"));
        Console.WriteLine(Invariant($"test_accuracy={result.TestAccuracy:0.###}"));
        Console.WriteLine(Invariant($"input_test_accuracy={result.InputTestAccuracy:0.###}"));
        Console.WriteLine(Invariant($"chance={chance:0.###}"));
        Console.WriteLine(Invariant($"pass_threshold={threshold:0.###}"));
        Console.WriteLine(Invariant($"whole_pattern_test_accuracy={result.WholeTestAccuracy:0.###}"));
        Console.WriteLine(Invariant($"whole_pattern_input_test_accuracy={result.WholeInputTestAccuracy:0.###}"));
        // The single-bin readouts: bin end (ms) = reservoir accuracy / input accuracy.
        Console.WriteLine("accuracy_by_bin_end_ms=" + string.Join(" ", result.CurveSeconds.Select((t, k) =>
            Invariant($"{t * 1e3:0}:{result.CurveReservoir[k]:0.00}/{result.CurveInput[k]:0.00}"))));
        Console.WriteLine(Invariant($"wall_s={wall:0.###}"));
        Console.WriteLine(Invariant($"plot={png}"));
        Console.WriteLine(Invariant($"above_chance={(aboveChance ? "true" : "false")}"));
        return aboveChance ? 0 : 1;
    }

    /// <summary>Simulation and training, in a method of their own so that they run fully JIT-compiled.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ReservoirResult Run(ReservoirTask task) => task.Run();

    private static string WritePlot(ReservoirResult result, ReservoirTaskOptions options, Reservoir net, double chance, string outDir)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);

        var raster = multiplot.GetPlot(0);
        var trial = result.Example;
        int excitatory = (int)Math.Round(0.8 * net.res.Count);
        double ms = Reservoir.Dt * 1e3;
        var exc = Enumerable.Range(0, trial.ReservoirSteps.Length).Where(k => trial.ReservoirNeurons[k] < excitatory).ToArray();
        var inh = Enumerable.Range(0, trial.ReservoirSteps.Length).Where(k => trial.ReservoirNeurons[k] >= excitatory).ToArray();
        var e = raster.Add.Markers(exc.Select(k => trial.ReservoirSteps[k] * ms).ToArray(), exc.Select(k => (double)trial.ReservoirNeurons[k]).ToArray(), MarkerShape.FilledCircle, 2, Colors.Navy);
        e.LegendText = "excitatory";
        var i = raster.Add.Markers(inh.Select(k => trial.ReservoirSteps[k] * ms).ToArray(), inh.Select(k => (double)trial.ReservoirNeurons[k]).ToArray(), MarkerShape.FilledCircle, 2, Colors.Crimson);
        i.LegendText = "inhibitory";
        var input = raster.Add.Markers(trial.InputSteps.Select(s => s * ms).ToArray(), trial.InputChannels.Select(c => (double)(net.res.Count + 10 + c)).ToArray(), MarkerShape.FilledCircle, 2, Colors.DarkGreen);
        input.LegendText = "input channels";
        var end = raster.Add.VerticalLine(options.PatternSeconds * 1e3);
        end.LinePattern = LinePattern.Dashed;
        end.Color = Colors.Gray;
        var cueEnd = raster.Add.VerticalLine((options.PatternSeconds - options.SharedSeconds) * 1e3);
        cueEnd.LinePattern = LinePattern.Dashed;
        cueEnd.Color = Colors.Gray;
        raster.Title($"One test trial (template {trial.Label}): its own cue | the shared segment | silence");
        raster.XLabel("time from onset (ms)");
        raster.YLabel("neuron (input above)");
        raster.Axes.SetLimitsX(0, (options.PatternSeconds + options.TailSeconds) * 1e3);
        raster.ShowLegend(Alignment.UpperRight);

        var accuracy = multiplot.GetPlot(1);
        double[] times = result.CurveSeconds.Select(t => t * 1e3).ToArray();
        var res = accuracy.Add.Scatter(times, result.CurveReservoir);
        res.LegendText = "readout of the reservoir's counts in one bin";
        res.LineWidth = 2;
        var inp = accuracy.Add.Scatter(times, result.CurveInput);
        inp.LegendText = "readout of the input's counts in one bin";
        double endMs = options.PatternSeconds * 1e3;
        var main = accuracy.Add.Line(endMs - options.EndSeconds * 1e3, result.TestAccuracy, endMs, result.TestAccuracy);
        main.LegendText = Invariant($"main readout, reservoir over the last {options.EndSeconds * 1e3:0} ms of the pattern: {result.TestAccuracy:P0}");
        main.Color = Colors.Navy;
        main.LineWidth = 4;
        var mainInput = accuracy.Add.Line(endMs - options.EndSeconds * 1e3, result.InputTestAccuracy, endMs, result.InputTestAccuracy);
        mainInput.LegendText = Invariant($"the same readout of the input: {result.InputTestAccuracy:P0}");
        mainInput.Color = Colors.DarkOrange;
        mainInput.LineWidth = 4;
        var level = accuracy.Add.HorizontalLine(chance);
        level.LegendText = "chance";
        level.Color = Colors.Gray;
        level.LinePattern = LinePattern.Dashed;
        foreach (double at in new[] { options.PatternSeconds - options.SharedSeconds, options.PatternSeconds })
        {
            var mark = accuracy.Add.VerticalLine(at * 1e3);
            mark.Color = Colors.Gray;
            mark.LinePattern = LinePattern.Dashed;
        }
        accuracy.Title("Held-out accuracy of a readout of one 25 ms bin; dashed: cue ends, pattern ends");
        accuracy.XLabel("end of the readout bin, from onset (ms)");
        accuracy.YLabel("test accuracy");
        accuracy.Axes.SetLimits(0, (options.PatternSeconds + options.TailSeconds) * 1e3, 0, 1.05);
        accuracy.ShowLegend(Alignment.LowerLeft);

        return PngFile.Save(multiplot.Render(900, 900), outDir, "reservoir.png");
    }

    private static string Invariant(FormattableString s) => FormattableString.Invariant(s);

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        PrintUsage();
        return 2;
    }

    private static void PrintUsage() =>
        Console.Error.WriteLine("usage: Reservoir [--seed <n>=1] [--train <trials per class>=100] [--test <trials per class>=50] [--out <dir>=.]");
}
