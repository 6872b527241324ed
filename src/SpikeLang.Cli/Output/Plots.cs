using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ScottPlot;
using ScottPlot.TickGenerators;
using SpikeLang.Runtime;

namespace SpikeLang.Cli.Output;

/// <summary>The time window the plots show, in seconds.</summary>
internal sealed record PlotWindow(double From, double To)
{
    public (string Unit, double Scale) TimeUnit => DisplayUnits.Time(To - From);

    public string TimeLabel => $"time ({TimeUnit.Unit})";
}

/// <summary>The title and axis labels of one panel, read from ScottPlot's model of it.</summary>
internal sealed record PanelLabels(string Title, string X, string Y)
{
    public static PanelLabels Of(Plot plot) => new(plot.Axes.Title.Label.Text, plot.Axes.Bottom.Label.Text, plot.Axes.Left.Label.Text);
}

/// <summary>One picture: its file name, what it shows, and the labels of its panels, for the index page.</summary>
internal sealed record PlotFile(string Path, string Caption, IReadOnlyList<PanelLabels> Panels);

/// <summary>
/// PNG pictures of a run (ScottPlot, rendered off-screen), one per recording: state traces in the display
/// unit of their dimension, a handful per panel; spike rasters with integer neuron axes named after the
/// population, over the population rate; rates; synapse variables over time; and a histogram of the final
/// weights. The <c>*Plot</c> methods build ScottPlot's model, which tests inspect; <see cref="WritePng"/>
/// renders them. Kept apart so that plotting libraries load only when pictures are asked for.
/// </summary>
internal static class Plots
{
    public const string WeightsFile = "weights.png";

    private static readonly ScottPlot.Palettes.Category10 Palette = new();

    /// <summary>Renders every picture the data allow; returns them in the order drawn.</summary>
    public static List<PlotFile> WritePng(string network, PlotData data, PlotWindow window, NetworkDescriptor? finalWeights, string directory)
    {
        var written = new List<PlotFile>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        void Write(string stem, string caption, byte[] png, params Plot[] panels)
        {
            string name = stem;
            for (int k = 2; !names.Add(name); k++)
            {
                name = $"{stem}_{k}";
            }
            string path = Path.Combine(directory, Sanitize(name) + ".png");
            AtomicFile.WriteBytes(path, png);
            written.Add(new PlotFile(path, caption, panels.Select(PanelLabels.Of).ToList()));
        }

        var rates = data.Rates;
        foreach (var raster in data.Rasters)
        {
            var rate = rates.FirstOrDefault(r => r.Source == raster.Source);
            var (top, bottom) = RasterPlots(network, raster, rate, window);
            var multiplot = new Multiplot(top);
            multiplot.AddPlot(bottom);
            multiplot.SharedAxes.ShareX([top, bottom]);
            Write($"spikes_{raster.Source}", $"Spikes of {raster.Source} over its population rate", multiplot.Render(1200, 900).GetImageBytes(ImageFormat.Png, 100), top, bottom);
        }
        foreach (var rate in rates)
        {
            var plot = RatePlot(network, rate, window);
            Write($"rate_{rate.Source}", $"Population rate of {rate.Source}", plot.GetImageBytes(1200, 500, ImageFormat.Png), plot);
        }
        foreach (var set in data.States.Where(s => s.Traces.Any(t => t.Times.Length > 0)))
        {
            var plot = StatePlot(network, set, window);
            Write($"state_{set.Source}_{set.Variable}", $"{set.Variable} of {set.Source}", plot.GetImageBytes(1200, 600, ImageFormat.Png), plot);
        }
        foreach (var set in data.Weights.Where(s => s.Traces.Any(t => t.Times.Length > 0)))
        {
            var plot = StatePlot(network, set, window);
            Write($"weights_{set.Source}", $"{set.Variable} of the synapses {set.Source} over time", plot.GetImageBytes(1200, 600, ImageFormat.Png), plot);
        }
        var histograms = finalWeights is null ? [] : WeightHistograms(network, finalWeights);
        if (histograms.Count > 0)
        {
            var multiplot = new Multiplot(histograms[0]);
            foreach (Plot plot in histograms.Skip(1))
            {
                multiplot.AddPlot(plot);
            }
            Write("weights", "Final weights of each connection", multiplot.Render(1000, 450 * histograms.Count).GetImageBytes(ImageFormat.Png, 100), [.. histograms]);
        }
        return written;
    }

    /// <summary>Traces of a state or synapse variable, in the display unit of its dimension.</summary>
    public static Plot StatePlot(string network, TraceSet set, PlotWindow window)
    {
        var plot = new Plot();
        var (timeUnit, timeScale) = window.TimeUnit;
        double scale = DisplayUnits.For(set.Unit).Scale;
        for (int k = 0; k < set.Traces.Count; k++)
        {
            var (label, times, values) = set.Traces[k];
            var line = plot.Add.ScatterLine(times.Select(t => t * timeScale).ToArray(), values.Select(v => v * scale).ToArray(), Palette.GetColor(k));
            line.LegendText = label;
            line.LineWidth = set.Synapses && k == 0 ? 2.5f : 1.2f;
        }
        int shown = set.Traces.Count - (set.Synapses ? 1 : 0);
        string of = set.Synapses ? $"{shown} of {set.Recorded} synapses and their mean" : shown < set.Recorded ? $"{shown} of {set.Recorded} neurons" : $"{shown} neuron{(shown == 1 ? "" : "s")}";
        plot.Title($"{network}: {set.Source}.{set.Variable} ({of})");
        plot.XLabel(window.TimeLabel);
        plot.YLabel(DisplayUnits.Label(set.Variable, set.Unit));
        plot.Axes.SetLimitsX(window.From * timeScale, window.To * timeScale);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>A raster (neurons of the population on an integer axis) over the population rate (from its rate monitor when it has one, else spikes per bin).</summary>
    public static (Plot Raster, Plot Rate) RasterPlots(string network, RasterData raster, RateData? rate, PlotWindow window)
    {
        var (_, timeScale) = window.TimeUnit;
        var top = new Plot();
        top.Add.Markers(raster.Times.Select(t => t * timeScale).ToArray(), raster.Indices.Select(i => (double)(raster.Start + i)).ToArray(),
            MarkerShape.FilledSquare, MarkerSizeFor(raster.Times.Length), Palette.GetColor(0));
        bool partial = raster.ShownNeurons < raster.Neurons;
        top.Title($"{network}: spikes of {raster.Source}" + (partial ? $" (first {raster.ShownNeurons} of {raster.Neurons} neurons)" : ""));
        top.YLabel($"{raster.Source} neuron");
        top.Axes.Left.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };
        top.Axes.SetLimits(window.From * timeScale, window.To * timeScale, raster.Start - 0.5, raster.Start + Math.Max(raster.ShownNeurons, 1) - 0.5);

        var bottom = rate is null ? BinnedRate(raster, window) : RatePlot(network, rate, window);
        return (top, bottom);
    }

    /// <summary>A population rate in Hz over time, raw and, when the monitor smooths, smoothed.</summary>
    public static Plot RatePlot(string network, RateData rate, PlotWindow window)
    {
        var (_, timeScale) = window.TimeUnit;
        var plot = new Plot();
        double[] times = rate.Times.Select(t => t * timeScale).ToArray();
        var raw = plot.Add.ScatterLine(times, rate.Rates, Palette.GetColor(0));
        raw.LegendText = "rate";
        raw.LineWidth = 1;
        if (rate.Smoothed is { } smoothed)
        {
            var line = plot.Add.ScatterLine(times, smoothed, Palette.GetColor(1));
            line.LegendText = $"smoothed over {rate.Window} steps";
            line.LineWidth = 2;
            plot.ShowLegend(Alignment.UpperRight);
        }
        plot.Title($"{network}: population rate of {rate.Source}");
        plot.XLabel(window.TimeLabel);
        plot.YLabel("rate (Hz)");
        plot.Axes.SetLimitsX(window.From * timeScale, window.To * timeScale);
        return plot;
    }

    /// <summary>A histogram of the final <c>w</c> of each connection that has one (50 bins).</summary>
    public static List<Plot> WeightHistograms(string network, NetworkDescriptor descriptor)
    {
        var plots = new List<Plot>();
        var connections = descriptor.Connections.Where(c => c.SynapseState.TryGetValue("w", out var w) && w.Length > 0).ToList();
        for (int c = 0; c < connections.Count; c++)
        {
            var connection = connections[c];
            float[] weights = connection.SynapseState["w"];
            double min = weights.Min(), max = weights.Max();
            if (!(max > min))
            {
                // All weights equal: one visible bar around the value.
                double half = Math.Max(Math.Abs(min) * 0.05, 1e-12);
                min -= half;
                max += half;
            }
            var histogram = ScottPlot.Statistics.Histogram.WithBinCount(50, min, max);
            histogram.AddRange(weights.Select(w => (double)w));
            var plot = new Plot();
            plot.Add.Histogram(histogram, Palette.GetColor(c));
            plot.Title($"{network}: weights {connection.Source} → {connection.Target} ({weights.Length} synapses)");
            plot.XLabel("w");
            plot.YLabel("synapses");
            plot.Axes.Left.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };
            plot.Axes.Margins(bottom: 0);
            plots.Add(plot);
        }
        return plots;
    }

    private static Plot BinnedRate(RasterData raster, PlotWindow window)
    {
        var (_, timeScale) = window.TimeUnit;
        var plot = new Plot();
        var line = plot.Add.ScatterLine(raster.BinTimes.Select(t => t * timeScale).ToArray(), raster.BinRates, Palette.GetColor(0));
        line.LineWidth = 1.5f;
        plot.Title($"population rate of {raster.Source} ({Simulation.Durations.Format(raster.BinSeconds)} bins)");
        plot.XLabel(window.TimeLabel);
        plot.YLabel("rate (Hz)");
        plot.Axes.SetLimitsX(window.From * timeScale, window.To * timeScale);
        return plot;
    }

    private static string Sanitize(string stem) =>
        string.Concat(stem.Replace(" -> ", "_", StringComparison.Ordinal).Select(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '_'));

    private static float MarkerSizeFor(int points) => points switch
    {
        < 2_000 => 4,
        < 20_000 => 2.5f,
        _ => 1.5f,
    };
}
