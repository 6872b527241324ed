using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using SpikeLang.Runtime;

namespace SpikeLang.Cli.Output;

/// <summary>
/// <c>index.html</c> beside a run's recordings: the run's summary, every picture with its caption, and every
/// data file with what it holds (kind, source, unit, rows). Written as well-formed XHTML (through
/// System.Xml.Linq, so names are escaped), so any HTML or XML parser reads it.
/// </summary>
internal static class RunIndex
{
    public const string FileName = "index.html";

    public static string Write(string directory, RunSummary summary, IReadOnlyList<PlotFile> plots, IReadOnlyList<RecordedFile> files)
    {
        XNamespace ns = "http://www.w3.org/1999/xhtml";
        XElement Cell(string name, object? text) => new(ns + name, text);

        var table = new XElement(ns + "table",
            new XElement(ns + "tr", Cell("th", "population"), Cell("th", "neurons"), Cell("th", "spikes"), Cell("th", "rate (Hz)")),
            summary.Populations.Select(p => new XElement(ns + "tr",
                Cell("td", p.Subgroup ? p.Name + " (subgroup)" : p.Name),
                Cell("td", p.Neurons.ToString(CultureInfo.InvariantCulture)),
                Cell("td", p.Spikes.ToString(CultureInfo.InvariantCulture)),
                Cell("td", p.RateHz.ToString("0.###", CultureInfo.InvariantCulture)))));

        var data = new XElement(ns + "table",
            new XElement(ns + "tr", Cell("th", "file"), Cell("th", "kind"), Cell("th", "source"), Cell("th", "variable"), Cell("th", "unit"), Cell("th", "rows"), Cell("th", "columns")),
            files.Select(f => new XElement(ns + "tr",
                new XElement(ns + "td", new XElement(ns + "a", new XAttribute("href", Path.GetFileName(f.Path)), Path.GetFileName(f.Path))),
                Cell("td", f.Kind), Cell("td", f.Source), Cell("td", f.Variable ?? ""), Cell("td", f.Unit),
                Cell("td", f.Rows.ToString(CultureInfo.InvariantCulture)), Cell("td", string.Join(", ", f.Columns)))));

        var body = new XElement(ns + "body",
            new XElement(ns + "h1", summary.Network),
            new XElement(ns + "p", summary.Headline),
            new XElement(ns + "p", summary.WallLine),
            summary.NonFinite is { } bad ? new XElement(ns + "p", new XAttribute("class", "warning"), bad.ToString()) : null,
            table,
            new XElement(ns + "h2", "Plots"),
            plots.Select(p => new XElement(ns + "figure",
                new XElement(ns + "img", new XAttribute("src", Path.GetFileName(p.Path)), new XAttribute("alt", p.Caption)),
                new XElement(ns + "figcaption", p.Caption),
                // The labels the picture was drawn with, for readers and for tests that check them without reading pixels.
                p.Panels.Select(panel => new XElement(ns + "span", new XAttribute("class", "panel"), new XAttribute("hidden", "hidden"),
                    new XAttribute("data-title", panel.Title), new XAttribute("data-x", panel.X), new XAttribute("data-y", panel.Y))))),
            new XElement(ns + "h2", "Data"),
            new XElement(ns + "p", "Times in seconds, values in SI units; recording.json describes every file, and numpy reads the .npy files with np.load."),
            data);

        var html = new XElement(ns + "html", new XAttribute(XNamespace.Xml + "lang", "en"),
            new XElement(ns + "head",
                new XElement(ns + "meta", new XAttribute("charset", "utf-8")),
                new XElement(ns + "title", $"{summary.Network}: spikelang run"),
                new XElement(ns + "style", "body { font-family: sans-serif; max-width: 1250px; margin: auto; } table { border-collapse: collapse; } "
                    + "td, th { border: 1px solid #ccc; padding: 2px 8px; text-align: right; } img { max-width: 100%; } .warning { color: #b00; }")),
            body);

        string path = Path.Combine(directory, FileName);
        AtomicFile.WriteText(path, "<!DOCTYPE html>\n" + html.ToString(SaveOptions.None) + "\n");
        return path;
    }
}
