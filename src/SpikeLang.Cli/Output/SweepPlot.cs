using System.Collections.Generic;
using System.IO;
using System.Linq;
using ScottPlot;
using SpikeLang.Runtime;

namespace SpikeLang.Cli.Output;

/// <summary>
/// <c>sweep_rates.png</c>: the rate of each recorded population (those with <c>record rate</c>, else all)
/// against the first swept parameter in its display unit, one line per population and per combination of
/// the other swept values: for an input current, the f-I curve.
/// </summary>
internal static class SweepPlot
{
    public const string FileName = "sweep_rates.png";

    private static readonly ScottPlot.Palettes.Category10 Palette = new();

    public static Plot Build(SweepReport report)
    {
        var first = report.Swept[0];
        var (unit, scale) = DisplayUnits.For(first.Unit);
        var plot = new Plot();
        int color = 0;
        var lines = report.Runs.GroupBy(r => string.Join(", ", report.Swept.Skip(1).Select((p, k) => $"{p.Name}={p.Texts[r.Point.Choice[k + 1]]}")));
        foreach (var line in lines)
        {
            var ordered = line.OrderBy(r => r.Point.Values[first.Name]).ToList();
            double[] xs = ordered.Select(r => r.Point.Values[first.Name] * scale).ToArray();
            foreach (string population in report.Plotted)
            {
                double[] ys = ordered.Select(r => r.Run.Summary.Populations.First(p => p.Name == population).RateHz).ToArray();
                var scatter = plot.Add.Scatter(xs, ys, Palette.GetColor(color++));
                scatter.LegendText = line.Key.Length == 0 ? population : $"{population}, {line.Key}";
                scatter.MarkerSize = 6;
                scatter.LineWidth = 1.5f;
            }
        }
        plot.Title($"{report.Network}: rate against {first.Name}");
        plot.XLabel(DisplayUnits.Label(first.Name, first.Unit));
        plot.YLabel("rate (Hz)");
        if (color > 1)
        {
            plot.ShowLegend(Alignment.UpperLeft);
        }
        return plot;
    }

    /// <summary>Renders <see cref="Build"/> to <c>sweep_rates.png</c> (atomically); returns its path.</summary>
    public static string Write(SweepReport report, string directory)
    {
        string path = Path.Combine(directory, FileName);
        AtomicFile.WriteBytes(path, Build(report).GetImageBytes(1000, 600, ImageFormat.Png));
        return path;
    }
}
