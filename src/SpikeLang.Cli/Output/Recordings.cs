using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using SpikeLang.Cli.Simulation;
using SpikeLang.Runtime;

namespace SpikeLang.Cli.Output;

/// <summary>The per-synapse weights of one connection, with indices in the whole populations.</summary>
internal sealed record ConnectionWeights(string Source, int SourceStart, string Target, int TargetStart, Csr Connectivity, float[] W)
{
    public string Label => $"{Source} → {Target}";
}

/// <summary>What a finished run recorded, in the form the CSV and PNG writers need.</summary>
internal sealed class Recording
{
    public Recording(INetwork network)
    {
        Network = network.Name;
        Dt = network.Dt;
        Duration = network.Time;
        // A subgroup's recordings are its own (indices counted from its start), written next to the populations'.
        Populations = network.Populations.Concat(network.Subgroups).ToList();
        NetworkDescriptor descriptor = network.Describe();
        Weights = descriptor.Connections
            .Where(c => c.SynapseState.ContainsKey("w"))
            .Select(c => new ConnectionWeights(c.Source, c.SourceStart, c.Target, c.TargetStart, c.Connectivity, c.SynapseState["w"]))
            .ToList();
    }

    public string Network { get; }

    public double Dt { get; }

    /// <summary>Simulated seconds.</summary>
    public double Duration { get; }

    public IReadOnlyList<IPopulation> Populations { get; }

    public IReadOnlyList<ConnectionWeights> Weights { get; }

    public IEnumerable<IPopulation> WithSpikeMonitors => Populations.Where(p => p.SpikeMonitor is not null);

    public IEnumerable<(IPopulation Population, IStateMonitor Trace)> StateTraces =>
        Populations.SelectMany(p => p.StateMonitors.Select(m => (p, m)));

    /// <summary>The time a spike of step <paramref name="step"/> is reported at: the step's start, as Brian2 reports it.</summary>
    public double SpikeTime(long step) => RoundTime(step * Dt);

    /// <summary>The time of a state sample of step <paramref name="step"/>, taken at its start (Brian2's when='start').</summary>
    public double SampleTime(long step) => RoundTime(step * Dt);

    // Nanosecond resolution keeps 0.1 ms × 3 from printing as 0.00030000000000000003.
    private static double RoundTime(double seconds) => Math.Round(seconds, 9);
}

/// <summary>Writes a <see cref="Recording"/> as CSV files (and, through <see cref="Plots"/>, PNG files).</summary>
internal static class RecordingWriter
{
    public const string SpikesFile = "spikes.csv";
    public const string WeightsFile = "weights.csv";

    public static string StateFile(IPopulation population, IStateMonitor trace) => $"state_{population.Name}_{trace.Variable}.csv";

    /// <summary>Writes every CSV the recording has; returns the paths written.</summary>
    public static List<string> WriteCsv(Recording recording, string directory)
    {
        var written = new List<string>();
        var spiking = recording.WithSpikeMonitors.ToList();
        if (spiking.Count > 0)
        {
            string path = Path.Combine(directory, SpikesFile);
            AtomicFile.WriteText(path, writer => WriteSpikes(recording, spiking, writer));
            written.Add(path);
        }

        foreach (var (population, trace) in recording.StateTraces)
        {
            string path = Path.Combine(directory, StateFile(population, trace));
            AtomicFile.WriteText(path, writer => WriteState(recording, trace, writer));
            written.Add(path);
        }

        if (recording.Weights.Count > 0)
        {
            string path = Path.Combine(directory, WeightsFile);
            AtomicFile.WriteText(path, writer => WriteWeights(recording.Weights, writer));
            written.Add(path);
        }
        return written;
    }

    /// <summary><c>time_s,population,index</c>, in time order (populations in declaration order within a step).</summary>
    private static void WriteSpikes(Recording recording, List<IPopulation> populations, TextWriter writer)
    {
        writer.WriteLine("time_s,population,index");
        var monitors = populations.Select(p => p.SpikeMonitor!).ToArray();
        var next = new int[monitors.Length];
        Span<char> buffer = stackalloc char[64];
        while (true)
        {
            // The population whose next spike is earliest; each monitor is in step order already.
            int best = -1;
            long bestStep = long.MaxValue;
            for (int m = 0; m < monitors.Length; m++)
            {
                if (next[m] < monitors[m].Count && monitors[m].Steps[next[m]] < bestStep)
                {
                    bestStep = monitors[m].Steps[next[m]];
                    best = m;
                }
            }
            if (best < 0)
            {
                return;
            }

            SpikeMonitor monitor = monitors[best];
            ReadOnlySpan<long> steps = monitor.Steps;
            ReadOnlySpan<int> indices = monitor.Indices;
            string name = populations[best].Name;
            double time = recording.SpikeTime(bestStep);
            int k = next[best];
            for (; k < steps.Length && steps[k] == bestStep; k++)
            {
                WriteNumber(writer, time, buffer);
                writer.Write(',');
                writer.Write(name);
                writer.Write(',');
                WriteInt(writer, indices[k], buffer);
                writer.Write('\n');
            }
            next[best] = k;
        }
    }

    /// <summary>Long format: <c>time_s,index,&lt;variable&gt;</c>, one row per sample and neuron.</summary>
    private static void WriteState(Recording recording, IStateMonitor trace, TextWriter writer)
    {
        writer.Write("time_s,index,");
        writer.WriteLine(trace.Variable);
        Span<char> buffer = stackalloc char[64];
        for (int k = 0; k < trace.Samples; k++)
        {
            double time = recording.SampleTime(trace.Steps[k]);
            for (int i = 0; i < trace.Neurons; i++)
            {
                WriteNumber(writer, time, buffer);
                writer.Write(',');
                WriteInt(writer, i, buffer);
                writer.Write(',');
                writer.Write(buffer[..trace.Format(k, i, buffer)]);
                writer.Write('\n');
            }
        }
    }

    /// <summary><c>source_population,pre,post_population,post,w</c>, indices in the whole populations.</summary>
    private static void WriteWeights(IReadOnlyList<ConnectionWeights> connections, TextWriter writer)
    {
        writer.WriteLine("source_population,pre,post_population,post,w");
        Span<char> buffer = stackalloc char[64];
        foreach (var connection in connections)
        {
            Csr csr = connection.Connectivity;
            for (int row = 0; row < csr.Rows; row++)
            {
                for (int s = csr.RowStart[row]; s < csr.RowStart[row + 1]; s++)
                {
                    writer.Write(connection.Source);
                    writer.Write(',');
                    WriteInt(writer, connection.SourceStart + row, buffer);
                    writer.Write(',');
                    writer.Write(connection.Target);
                    writer.Write(',');
                    WriteInt(writer, connection.TargetStart + csr.Columns[s], buffer);
                    writer.Write(',');
                    WriteNumber(writer, connection.W[s], buffer);
                    writer.Write('\n');
                }
            }
        }
    }

    private static void WriteNumber(TextWriter writer, double value, Span<char> buffer)
    {
        value.TryFormat(buffer, out int written, "R", CultureInfo.InvariantCulture);
        writer.Write(buffer[..written]);
    }

    private static void WriteNumber(TextWriter writer, float value, Span<char> buffer)
    {
        value.TryFormat(buffer, out int written, "R", CultureInfo.InvariantCulture);
        writer.Write(buffer[..written]);
    }

    private static void WriteInt(TextWriter writer, int value, Span<char> buffer)
    {
        value.TryFormat(buffer, out int written, default, CultureInfo.InvariantCulture);
        writer.Write(buffer[..written]);
    }
}
