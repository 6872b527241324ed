using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using SpikeLang.Cli.Commands;
using SpikeLang.Cli.Simulation;
using SpikeLang.Runtime;

namespace SpikeLang.Cli.Output;

/// <summary>
/// The results of a sweep as one table: a row per finished run, with the swept values (as written and in SI
/// units), the seed, and each population's spikes and rate. Printed as text or JSON, and written as
/// <c>sweep.json</c> and <c>sweep.npy</c> (numpy records: one field per swept parameter in SI units, <c>seed</c>,
/// and <c>rate_NAME</c> in Hz per population).
/// </summary>
internal sealed class SweepReport(string network, double dt, long steps, ulong seed, IReadOnlyList<SweptParameter> swept,
    IReadOnlyList<(GridPoint Point, SweepRun Run)> runs, int planned)
{
    public const string JsonFile = "sweep.json";
    public const string NpyFile = "sweep.npy";

    public string Network => network;

    public IReadOnlyList<SweptParameter> Swept => swept;

    public IReadOnlyList<(GridPoint Point, SweepRun Run)> Runs => runs;

    /// <summary>The populations (and subgroups) in the order of the summaries.</summary>
    public IReadOnlyList<string> Populations => runs.Count == 0 ? [] : runs[0].Run.Summary.Populations.Select(p => p.Name).ToList();

    /// <summary>Populations whose rate the network records, or every population when it records none.</summary>
    public IReadOnlyList<string> Plotted => runs.Count == 0 ? [] : runs[0].Run.RateMonitored.Count > 0 ? runs[0].Run.RateMonitored : Populations;

    public void WriteText(TextWriter stdout)
    {
        stdout.WriteLine(runs.Count == planned
            ? $"{network}: {runs.Count} runs of {Durations.Format(steps * dt)} (seeds {seed} to {seed + (ulong)planned - 1})"
            : $"{network}: interrupted (Ctrl-C) after {runs.Count} of {planned} runs of {Durations.Format(steps * dt)}");
        if (runs.Count == 0)
        {
            return;
        }
        stdout.WriteLine();
        var header = swept.Select(p => p.Name).Append("seed").Concat(Populations.Select(p => $"{p} (Hz)")).ToList();
        var rows = runs.Select(r => swept.Select((p, k) => p.Texts[r.Point.Choice[k]])
            .Append(r.Run.Summary.Seed.ToString(CultureInfo.InvariantCulture))
            .Concat(r.Run.Summary.Populations.Select(p => p.RateHz.ToString("0.###", CultureInfo.InvariantCulture))).ToList()).ToList();
        var widths = header.Select((h, c) => Math.Max(h.Length, rows.Max(r => r[c].Length))).ToList();
        stdout.WriteLine("  " + string.Join("  ", header.Select((h, c) => c < swept.Count ? h.PadRight(widths[c]) : h.PadLeft(widths[c]))));
        foreach (var row in rows)
        {
            stdout.WriteLine("  " + string.Join("  ", row.Select((cell, c) => c < swept.Count ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))));
        }
    }

    /// <summary>One JSON object on one line: the network, the swept parameters and a row per run.</summary>
    public string Json()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("network", network);
            writer.WriteNumber("duration_s", Math.Round(steps * dt, 9));
            writer.WriteNumber("dt_s", dt);
            writer.WriteNumber("planned_runs", planned);
            writer.WriteStartArray("parameters");
            foreach (var p in swept)
            {
                writer.WriteStartObject();
                writer.WriteString("name", p.Name);
                writer.WriteString("unit", p.Unit);
                writer.WriteStartArray("values");
                foreach (double value in p.Values)
                {
                    writer.WriteNumberValue(value);
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartArray("runs");
            foreach (var (point, run) in runs)
            {
                writer.WriteStartObject();
                writer.WriteStartObject("parameters");
                foreach (var p in swept)
                {
                    writer.WriteNumber(p.Name, point.Values[p.Name]);
                }
                writer.WriteEndObject();
                writer.WriteNumber("seed", run.Summary.Seed);
                writer.WriteNumber("wall_s", Math.Round(run.Summary.WallSeconds, 6));
                writer.WriteStartArray("populations");
                foreach (var population in run.Summary.Populations)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", population.Name);
                    writer.WriteNumber("spikes", population.Spikes);
                    writer.WriteNumber("rate_hz", population.RateHz);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes <c>sweep.json</c> and <c>sweep.npy</c> (each atomically); returns their paths.</summary>
    public List<string> Write(string directory)
    {
        string json = Path.Combine(directory, JsonFile);
        AtomicFile.WriteText(json, Json() + "\n");
        string npy = Path.Combine(directory, NpyFile);
        var fields = swept.Select(p => new NpyField(p.Name, NpyField.TypeOf<double>()))
            .Append(new NpyField("seed", NpyField.TypeOf<long>()))
            .Concat(Populations.Select(p => new NpyField($"rate_{p}", NpyField.TypeOf<double>())))
            .ToList();
        using (var writer = new NpyWriter(npy, fields))
        {
            foreach (var (point, run) in runs)
            {
                foreach (var p in swept)
                {
                    writer.Write(point.Values[p.Name]);
                }
                writer.Write((long)run.Summary.Seed);
                foreach (var population in run.Summary.Populations)
                {
                    writer.Write(population.RateHz);
                }
            }
            writer.Complete();
        }
        return [json, npy];
    }
}
