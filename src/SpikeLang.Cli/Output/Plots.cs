using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ScottPlot;
using SpikeLang.Cli.Simulation;
using SpikeLang.Runtime;

namespace SpikeLang.Cli.Output;

/// <summary>
/// PNG pictures of a <see cref="Recording"/> (ScottPlot, rendered off-screen): a spike raster over the
/// population rates, the recorded state traces, and a histogram of the weights. Kept in a class of its
/// own so that plotting libraries load only when pictures are asked for.
/// </summary>
internal static class Plots
{
    public const string SpikesFile = "spikes.png";
    public const string WeightsFile = "weights.png";

    /// <summary>Markers beyond this make the raster slow to draw and unreadable: fewer neurons are shown instead.</summary>
    private const int MaxRasterPoints = 200_000;

    /// <summary>Traces per state plot: all neurons up to this many, else this many spread over the population.</summary>
    private const int MaxTraces = 8;

    private static readonly ScottPlot.Palettes.Category10 Palette = new();

    public static string StateFile(IPopulation population, IStateMonitor trace) => $"state_{population.Name}_{trace.Variable}.png";

    /// <summary>Writes every picture the recording allows; returns the paths written.</summary>
    public static List<string> WritePng(Recording recording, string directory)
    {
        var written = new List<string>();
        var spiking = recording.WithSpikeMonitors.ToList();
        if (spiking.Count > 0)
        {
            string path = Path.Combine(directory, SpikesFile);
            AtomicFile.WriteBytes(path, SpikeRasterAndRate(recording, spiking));
            written.Add(path);
        }

        foreach (var (population, trace) in recording.StateTraces)
        {
            if (trace.Samples == 0)
            {
                continue;
            }
            string path = Path.Combine(directory, StateFile(population, trace));
            AtomicFile.WriteBytes(path, StateTraces(recording, population, trace));
            written.Add(path);
        }

        if (recording.Weights.Any(w => w.W.Length > 0))
        {
            string path = Path.Combine(directory, WeightsFile);
            AtomicFile.WriteBytes(path, WeightHistograms(recording));
            written.Add(path);
        }
        return written;
    }

    private static byte[] SpikeRasterAndRate(Recording recording, List<IPopulation> populations)
    {
        long totalSpikes = populations.Sum(p => (long)p.SpikeMonitor!.Count);
        double shownFraction = totalSpikes > MaxRasterPoints ? (double)MaxRasterPoints / totalSpikes : 1.0;

        var raster = new Plot();
        int offset = 0;
        bool partial = false;
        for (int p = 0; p < populations.Count; p++)
        {
            IPopulation population = populations[p];
            SpikeMonitor monitor = population.SpikeMonitor!;
            // Too many spikes: the first neurons of each population, the same share of each.
            int shownNeurons = shownFraction < 1 ? Math.Max(1, (int)(population.Count * shownFraction)) : population.Count;
            partial |= shownNeurons < population.Count;
            var xs = new List<double>();
            var ys = new List<double>();
            ReadOnlySpan<long> steps = monitor.Steps;
            ReadOnlySpan<int> indices = monitor.Indices;
            for (int k = 0; k < steps.Length; k++)
            {
                if (indices[k] < shownNeurons)
                {
                    xs.Add(recording.SpikeTime(steps[k]));
                    ys.Add(offset + indices[k]);
                }
            }
            var markers = raster.Add.Markers(xs.ToArray(), ys.ToArray(), MarkerShape.FilledSquare, MarkerSizeFor(xs.Count), Palette.GetColor(p));
            markers.LegendText = shownNeurons < population.Count ? $"{population.Name} (first {shownNeurons} of {population.Count})" : population.Name;
            offset += shownNeurons;
        }
        raster.Title($"{recording.Network}: spikes{(partial ? " (first neurons of each population)" : "")}");
        raster.YLabel("neuron");
        raster.Axes.SetLimits(0, recording.Duration, -0.5, Math.Max(offset, 1) - 0.5);
        if (populations.Count > 1)
        {
            raster.ShowLegend(Alignment.UpperRight);
        }

        var rate = new Plot();
        long totalSteps = (long)Math.Round(recording.Duration / recording.Dt);
        long binSteps = BinSteps(recording.Duration, recording.Dt);
        int bins = (int)Math.Max(1, (totalSteps + binSteps - 1) / binSteps);
        double binSeconds = binSteps * recording.Dt;
        for (int p = 0; p < populations.Count; p++)
        {
            IPopulation population = populations[p];
            var counts = new double[bins];
            foreach (long step in population.SpikeMonitor!.Steps)
            {
                counts[Math.Min(bins - 1, (int)(step / binSteps))]++;
            }
            var xs = new double[bins];
            for (int b = 0; b < bins; b++)
            {
                xs[b] = (b + 0.5) * binSeconds;
                counts[b] /= population.Count * binSeconds;
            }
            var line = rate.Add.ScatterLine(xs, counts, Palette.GetColor(p));
            line.LegendText = population.Name;
            line.LineWidth = 1.5f;
        }
        rate.Title($"population rate ({Durations.Format(binSeconds)} bins)");
        rate.XLabel("time (s)");
        rate.YLabel("rate (Hz)");
        rate.Axes.SetLimitsX(0, recording.Duration);
        if (populations.Count > 1)
        {
            rate.ShowLegend(Alignment.UpperRight);
        }

        var multiplot = new Multiplot(raster);
        multiplot.AddPlot(rate);
        multiplot.SharedAxes.ShareX([raster, rate]);
        return multiplot.Render(1200, 900).GetImageBytes(ImageFormat.Png, 100);
    }

    private static byte[] StateTraces(Recording recording, IPopulation population, IStateMonitor trace)
    {
        var plot = new Plot();
        int samples = trace.Samples;
        var times = new double[samples];
        for (int k = 0; k < samples; k++)
        {
            times[k] = recording.SampleTime(trace.Steps[k]);
        }

        int[] neurons = trace.Neurons <= MaxTraces
            ? Enumerable.Range(0, trace.Neurons).ToArray()
            : Enumerable.Range(0, MaxTraces).Select(k => (int)Math.Round(k * (trace.Neurons - 1) / (double)(MaxTraces - 1))).Distinct().ToArray();
        for (int n = 0; n < neurons.Length; n++)
        {
            var values = new double[samples];
            for (int k = 0; k < samples; k++)
            {
                values[k] = trace.ValueAt(k, neurons[n]);
            }
            var signal = plot.Add.SignalXY(times, values, Palette.GetColor(n));
            signal.LegendText = $"{population.Name}[{neurons[n]}]";
        }
        plot.Title($"{recording.Network}: {population.Name}.{trace.Variable}" +
            (neurons.Length < trace.Neurons ? $" ({neurons.Length} of {trace.Neurons} neurons)" : ""));
        plot.XLabel("time (s)");
        plot.YLabel($"{trace.Variable} (SI units)");
        if (neurons.Length > 1)
        {
            plot.ShowLegend(Alignment.UpperRight);
        }
        return plot.GetImageBytes(1200, 600, ImageFormat.Png);
    }

    private static byte[] WeightHistograms(Recording recording)
    {
        var connections = recording.Weights.Where(w => w.W.Length > 0).ToList();
        var plots = new List<Plot>();
        for (int c = 0; c < connections.Count; c++)
        {
            ConnectionWeights connection = connections[c];
            double min = connection.W.Min(), max = connection.W.Max();
            if (!(max > min))
            {
                // All weights equal: one visible bar around the value.
                double half = Math.Max(Math.Abs(min) * 0.05, 1e-12);
                min -= half;
                max += half;
            }
            var histogram = ScottPlot.Statistics.Histogram.WithBinCount(50, min, max);
            histogram.AddRange(connection.W.Select(w => (double)w));
            var plot = new Plot();
            var bars = plot.Add.Histogram(histogram, Palette.GetColor(c));
            plot.Title($"{recording.Network}: weights {connection.Label} ({connection.W.Length} synapses)");
            plot.XLabel("w");
            plot.YLabel("synapses");
            plot.Axes.Margins(bottom: 0);
            plots.Add(plot);
        }

        var multiplot = new Multiplot(plots[0]);
        foreach (Plot plot in plots.Skip(1))
        {
            multiplot.AddPlot(plot);
        }
        return multiplot.Render(1000, 450 * plots.Count).GetImageBytes(ImageFormat.Png, 100);
    }

    /// <summary>A bin of about a hundredth of the run, rounded to 1, 2 or 5 × 10ⁿ seconds, in whole steps.</summary>
    private static long BinSteps(double duration, double dt)
    {
        double target = Math.Max(dt, duration / 100);
        double decade = Math.Pow(10, Math.Floor(Math.Log10(target)));
        double nice = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(f => f * decade).First(v => v >= target * (1 - 1e-9));
        return Math.Max(1, (long)Math.Round(nice / dt));
    }

    private static float MarkerSizeFor(int points) => points switch
    {
        < 2_000 => 4,
        < 20_000 => 2.5f,
        _ => 1.5f,
    };
}
