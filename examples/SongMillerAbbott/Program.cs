// Song, Miller & Abbott (2000): 1000 Poisson inputs at 15 Hz drive one conductance-based neuron through
// synapses with additive STDP (SongMillerAbbott.snn, the model of Brian2's synapses/STDP.py). The competition
// between inputs for control of the output spikes pushes the weights, initially uniform on [0, gmax], towards
// the bounds.
//
//   dotnet run -c Release --project examples/SongMillerAbbott -- --duration 100 --seed 1 --out /tmp/plots
//
// Prints key=value lines: the output rate, the fractions of weights in the lowest and highest tenths of
// [0, gmax], the mean weight, the ten-bin histogram; writes SongMillerAbbott.png into --out (default: the
// current directory). README.md beside this file compares the numbers with Brian2's.
using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using ScottPlot;

namespace Examples.SongMillerAbbott;

public static class Program
{
    /// <summary>gmax of SongStdp in SongMillerAbbott.snn (synapse parameters are not exposed by the connection).</summary>
    public const double Gmax = 0.01;

    public static int Main(string[] args)
    {
        double duration = 100;
        ulong seed = 1;
        string outDir = ".";
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
                case "--duration" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d > 0 && d <= 1e5:
                    duration = d;
                    break;
                case "--seed" when ulong.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong s):
                    seed = s;
                    break;
                case "--out":
                    outDir = value;
                    break;
                default:
                    return Fail($"invalid option or value: {name} {value}");
            }
        }

        var net = new SongMillerAbbott(seed);
        var initial = net.inputs_to_out.w.ToArray();

        // Whole seconds at a time (the last chunk may be shorter), keeping the output rate and mean weight per chunk.
        long totalSteps = SongMillerAbbott.StepsIn(TimeSpan.FromSeconds(duration));
        long chunk = SongMillerAbbott.StepsIn(TimeSpan.FromSeconds(1));
        int chunks = (int)((totalSteps + chunk - 1) / chunk);
        var times = new double[chunks];
        var rates = new double[chunks];
        var means = new double[chunks];
        long start = Stopwatch.GetTimestamp();
        long done = 0;
        for (int c = 0; c < chunks; c++)
        {
            long steps = Math.Min(chunk, totalSteps - done);
            long before = net.@out.SpikeCount;
            Simulate(net, steps);
            done += steps;
            times[c] = net.Time;
            rates[c] = (net.@out.SpikeCount - before) / (steps * SongMillerAbbott.Dt);
            means[c] = Mean(net.inputs_to_out.w) / Gmax;
        }
        double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;

        var summary = Summary.Of(net.inputs_to_out.w, Gmax);
        double simulated = net.Time;
        Console.WriteLine(FormattableString.Invariant($"duration_s={simulated:0.###}"));
        Console.WriteLine(FormattableString.Invariant($"seed={seed}"));
        Console.WriteLine(FormattableString.Invariant($"input_rate_hz={net.inputs.SpikeCount / (double)net.inputs.Count / simulated:0.###}"));
        Console.WriteLine(FormattableString.Invariant($"output_spikes={net.@out.SpikeCount}"));
        Console.WriteLine(FormattableString.Invariant($"output_rate_hz={net.@out.SpikeCount / simulated:0.###}"));
        Console.WriteLine(FormattableString.Invariant($"output_rate_last_10s_hz={RateOfLast(rates, times, 10):0.###}"));
        Console.WriteLine(FormattableString.Invariant($"fraction_lowest_tenth={summary.LowestTenth:0.0000}"));
        Console.WriteLine(FormattableString.Invariant($"fraction_highest_tenth={summary.HighestTenth:0.0000}"));
        Console.WriteLine(FormattableString.Invariant($"mean_weight_over_gmax={summary.Mean / Gmax:0.0000}"));
        Console.WriteLine($"histogram_tenths={string.Join(",", summary.Tenths)}");
        Console.WriteLine(FormattableString.Invariant($"wall_s={wall:0.###}"));

        string png = SavePlot(outDir, initial, net.inputs_to_out.w.ToArray(), times, rates, means, simulated);
        Console.WriteLine($"png={png}");
        return 0;
    }

    /// <summary>The hot loop, in a method of its own so it is fully JIT-compiled (not run from Main's first tier).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Simulate(SongMillerAbbott net, long steps) => net.Run(steps);

    private static double Mean(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values)
        {
            sum += v;
        }
        return sum / values.Length;
    }

    private static double RateOfLast(double[] rates, double[] times, double seconds)
    {
        double end = times[^1], spikes = 0, span = 0, previous = 0;
        for (int c = 0; c < rates.Length; c++)
        {
            double width = times[c] - previous;
            previous = times[c];
            if (times[c] > end - seconds + 1e-9)
            {
                spikes += rates[c] * width;
                span += width;
            }
        }
        return span > 0 ? spikes / span : 0;
    }

    private static string SavePlot(string outDir, float[] initial, float[] final, double[] times, double[] rates, double[] means, double duration)
    {
        var multiplot = new ScottPlot.Multiplot();
        multiplot.AddPlots(3);

        // Weights against input index, as in Brian2's example.
        var byIndex = multiplot.GetPlot(0);
        var index = Enumerable.Range(0, final.Length).Select(i => (double)i).ToArray();
        var dots = byIndex.Add.ScatterPoints(index, final.Select(w => w / Gmax).ToArray());
        dots.MarkerSize = 3;
        dots.Color = ScottPlot.Colors.Black;
        byIndex.Title(FormattableString.Invariant($"Song, Miller & Abbott (2000): weights after {duration:0.#} s of STDP (SpikeLang)"));
        byIndex.XLabel("synapse (input) index");
        byIndex.YLabel("w / gmax");
        byIndex.Axes.SetLimitsY(-0.05, 1.05);

        // Histogram of w / gmax in 20 bins, before and after.
        var histogram = multiplot.GetPlot(1);
        const int bins = 20;
        var centers = Enumerable.Range(0, bins).Select(b => (b + 0.5) / bins).ToArray();
        var after = histogram.Add.Bars(centers, Counts(final, bins));
        after.Color = ScottPlot.Colors.SteelBlue;
        after.LegendText = FormattableString.Invariant($"after {duration:0.#} s");
        foreach (var bar in after.Bars)
        {
            bar.Size = 1.0 / bins * 0.9;
        }
        var before = histogram.Add.ScatterLine(new[] { 0.0, 1.0 }, new[] { initial.Length / (double)bins, initial.Length / (double)bins });
        before.Color = ScottPlot.Colors.Black;
        before.LinePattern = ScottPlot.LinePattern.Dashed;
        before.LegendText = "initial: uniform on [0, gmax]";
        histogram.XLabel("w / gmax");
        histogram.YLabel("synapses");
        histogram.ShowLegend(ScottPlot.Alignment.UpperCenter);

        // Output rate and mean weight per simulated second.
        var course = multiplot.GetPlot(2);
        var rate = course.Add.ScatterLine(times, rates);
        rate.Color = ScottPlot.Colors.DarkRed;
        rate.LegendText = "output rate (Hz)";
        var mean = course.Add.ScatterLine(times, means.Select(m => m * 100).ToArray());
        mean.Color = ScottPlot.Colors.SteelBlue;
        mean.LegendText = "mean w / gmax (%)";
        course.XLabel("time (s)");
        course.ShowLegend(ScottPlot.Alignment.UpperRight);

        return PngFile.Save(multiplot.Render(900, 1050), outDir, "SongMillerAbbott.png");
    }

    private static double[] Counts(float[] weights, int bins)
    {
        var counts = new double[bins];
        foreach (float w in weights)
        {
            counts[Math.Clamp((int)(w / Gmax * bins), 0, bins - 1)]++;
        }
        return counts;
    }
    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        PrintUsage();
        return 2;
    }

    private static void PrintUsage() =>
        Console.Error.WriteLine("usage: SongMillerAbbott [--duration <seconds>=100] [--seed <n>=1] [--out <dir>=.]");
}

/// <summary>The weight distribution in the terms of the comparison with Brian2: tenths of [0, gmax].</summary>
public sealed record Summary(double LowestTenth, double HighestTenth, double Mean, int[] Tenths)
{
    public static Summary Of(ReadOnlySpan<float> weights, double gmax)
    {
        var tenths = new int[10];
        double sum = 0;
        foreach (float w in weights)
        {
            double x = w / gmax;
            sum += w;
            tenths[Math.Clamp((int)(x * 10), 0, 9)]++;
        }
        int n = weights.Length;
        return new Summary(tenths[0] / (double)n, tenths[9] / (double)n, sum / n, tenths);
    }
}
