using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using SpikeLang.Cli.Simulation;
using SpikeLang.Runtime;

namespace SpikeLang.Cli.Output;

/// <summary>One population or subgroup in a run's summary.</summary>
internal sealed record PopulationSummary(string Name, bool Subgroup, int Neurons, long Spikes, double RateHz);

/// <summary>
/// What a run did, as <c>spikelang run</c> prints it (a table, or one JSON object with <c>--json</c>) and the
/// index page shows it: simulated time, steps, wall time, spikes and rate per population, whether it was
/// interrupted (Ctrl-C), and the first non-finite value.
/// </summary>
internal sealed record RunSummary(
    string Network,
    ulong Seed,
    double Dt,
    long Steps,
    long PlannedSteps,
    double WallSeconds,
    bool Interrupted,
    IReadOnlyList<PopulationSummary> Populations,
    NonFiniteState? NonFinite,
    IReadOnlyList<ProtocolPhase> Phases)
{
    public double Duration => Steps * Dt;

    public static RunSummary Of(INetwork network, ulong seed, long steps, long plannedSteps, double wall, bool interrupted)
    {
        double duration = steps * network.Dt;
        PopulationSummary Row(IPopulation p, bool subgroup) =>
            new(p.Name, subgroup, p.Count, p.SpikeCount, p.Count > 0 && duration > 0 ? p.SpikeCount / (double)p.Count / duration : 0);
        return new RunSummary(network.Name, seed, network.Dt, steps, plannedSteps, wall, interrupted,
            network.Populations.Select(p => Row(p, false)).Concat(network.Subgroups.Select(g => Row(g, true))).ToList(), network.NonFinite,
            network.Phases);
    }

    /// <summary>Spikes of the populations (subgroups' are counted there already).</summary>
    public long TotalSpikes => Populations.Where(p => !p.Subgroup).Sum(p => p.Spikes);

    /// <summary>The first line: what was simulated, and how far when interrupted.</summary>
    public string Headline => Interrupted
        ? FormattableString.Invariant($"{Network}: interrupted (Ctrl-C) after {Durations.Format(Duration)} of {Durations.Format(PlannedSteps * Dt)}, {Steps} steps of {Durations.Format(Dt)} (seed {Seed})")
        : FormattableString.Invariant($"{Network}: {Durations.Format(Duration)} simulated in {Steps} steps of {Durations.Format(Dt)} (seed {Seed})");

    /// <summary>The wall-time line.</summary>
    public string WallLine => WallSeconds > 0
        ? FormattableString.Invariant($"wall time {WallSeconds:0.000} s ({Duration / WallSeconds:0.##} × real time, {SpikesPerSecond(TotalSpikes, WallSeconds)})")
        : FormattableString.Invariant($"wall time {WallSeconds:0.000} s");

    public static string SpikesPerSecond(long spikes, double wall) =>
        wall > 0 ? FormattableString.Invariant($"{spikes / wall:#,0} spikes/s") : "";

    /// <summary>The table of populations, as printed.</summary>
    public IReadOnlyList<string> Table()
    {
        var rows = Populations.Select(p => (Name: p.Subgroup ? p.Name + " (subgroup)" : p.Name,
            Neurons: p.Neurons.ToString(CultureInfo.InvariantCulture), Spikes: p.Spikes.ToString(CultureInfo.InvariantCulture),
            Rate: p.RateHz.ToString("0.###", CultureInfo.InvariantCulture))).ToList();
        int name = Math.Max("population".Length, rows.Max(r => r.Name.Length));
        int neurons = Math.Max("neurons".Length, rows.Max(r => r.Neurons.Length));
        int spikes = Math.Max("spikes".Length, rows.Max(r => r.Spikes.Length));
        int rate = Math.Max("rate (Hz)".Length, rows.Max(r => r.Rate.Length));
        var lines = new List<string> { $"  {"population".PadRight(name)}  {"neurons".PadLeft(neurons)}  {"spikes".PadLeft(spikes)}  {"rate (Hz)".PadLeft(rate)}" };
        lines.AddRange(rows.Select(r => $"  {r.Name.PadRight(name)}  {r.Neurons.PadLeft(neurons)}  {r.Spikes.PadLeft(spikes)}  {r.Rate.PadLeft(rate)}"));
        return lines;
    }

    /// <summary>The protocol's phases as run, or null without a protocol.</summary>
    public string? ProtocolLine => Phases.Count == 0 ? null
        : "protocol: " + string.Join(", ", Phases.Select(p => FormattableString.Invariant(
            $"{p.Name} {Durations.Format(p.FirstStep * Dt)}-{Durations.Format(p.EndStep * Dt)}{(p.FirstStep >= Steps ? " (not reached)" : "")}")));

    public void WriteText(TextWriter stdout)
    {
        stdout.WriteLine(Headline);
        if (ProtocolLine is { } protocol)
        {
            stdout.WriteLine(protocol);
        }
        stdout.WriteLine();
        foreach (string line in Table())
        {
            stdout.WriteLine(line);
        }
        stdout.WriteLine();
        stdout.WriteLine(WallLine);
    }

    /// <summary>One JSON object on one line (docs/cli.md lists the fields).</summary>
    public string Json(IReadOnlyList<string>? files = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("network", Network);
            writer.WriteNumber("duration_s", Math.Round(Duration, 9));
            writer.WriteNumber("dt_s", Dt);
            writer.WriteNumber("wall_s", Math.Round(WallSeconds, 6));
            if (Interrupted)
            {
                writer.WriteBoolean("interrupted", true);
                writer.WriteNumber("planned_duration_s", Math.Round(PlannedSteps * Dt, 9));
            }
            foreach (bool subgroups in new[] { false, true })
            {
                writer.WriteStartArray(subgroups ? "subgroups" : "populations");
                foreach (var population in Populations.Where(p => p.Subgroup == subgroups))
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", population.Name);
                    writer.WriteNumber("neurons", population.Neurons);
                    writer.WriteNumber("spikes", population.Spikes);
                    writer.WriteNumber("rate_hz", population.RateHz);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            if (Phases.Count > 0)
            {
                writer.WriteStartArray("phases");
                foreach (var phase in Phases)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", phase.Name);
                    writer.WriteNumber("start_s", Math.Round(phase.FirstStep * Dt, 9));
                    writer.WriteNumber("duration_s", Math.Round(phase.Steps * Dt, 9));
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            if (NonFinite is { } bad)
            {
                writer.WriteStartObject("non_finite");
                writer.WriteString("population", bad.Population);
                writer.WriteString("variable", bad.Variable);
                writer.WriteNumber("neuron", bad.Neuron);
                // NaN and ±∞ are no JSON numbers.
                writer.WriteString("value", bad.Value.ToString(CultureInfo.InvariantCulture));
                writer.WriteNumber("step", bad.Step);
                writer.WriteEndObject();
            }
            if (files is not null)
            {
                writer.WriteStartArray("files");
                foreach (string file in files)
                {
                    writer.WriteStringValue(file);
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
