using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace SpikeLang.Runtime;

/// <summary>
/// Writes everything a network's <c>record</c> statements record to files while it runs, with memory bounded
/// by a fixed buffer per monitor whatever the run's length: spikes, state, population rates and synapse
/// variables, as NPY (numpy reads them with <c>np.load</c>) or CSV; at <see cref="Complete"/> also every
/// connection's synapses with their final weights, and <c>recording.json</c>, which lists every file.
/// </summary>
/// <remarks>
/// <code>
/// var net = new Cuba(seed: 1);
/// using (var recorder = new Recorder(net, "out"))
/// {
///     net.Run(TimeSpan.FromSeconds(20));
///     recorder.Complete();
/// }
/// </code>
/// Files are written under hidden temporary names and moved into place by <see cref="Complete"/>; disposing
/// an incomplete recorder (an exception, an interrupted run) deletes them, so no half-written file is ever
/// left. The recorder takes over the network's monitors (<c>Stream</c>): from then on they hold one buffer
/// each, and <see cref="IRecordingObserver"/>s given to the constructor see every block too.
/// </remarks>
public sealed class Recorder : IDisposable
{
    /// <summary>Default buffer per monitor: 4 MiB.</summary>
    public const int DefaultBufferBytes = 4 << 20;

    /// <summary>The manifest written beside the recordings.</summary>
    public const string ManifestFile = "recording.json";

    private readonly INetwork _network;
    private readonly RecordingFiles _files;
    private readonly IReadOnlyList<IRecordingObserver> _observers;
    private readonly List<Action> _flushes = [];
    private readonly List<RateMonitor> _rates = [];
    private bool _done;

    /// <summary>Takes over every monitor of <paramref name="network"/> and starts its files in <paramref name="directory"/> (which must exist).</summary>
    /// <param name="network">A generated network.</param>
    /// <param name="directory">The folder for the files; files of the same names are replaced on <see cref="Complete"/>.</param>
    /// <param name="format">NPY (default) or CSV.</param>
    /// <param name="observers">Others that see every block (plots, statistics); may be null.</param>
    /// <param name="bufferBytes">Memory per monitor; a buffer holds at least one sample.</param>
    public Recorder(INetwork network, string directory, RecordingFormat format = RecordingFormat.Npy,
        IReadOnlyList<IRecordingObserver>? observers = null, int bufferBytes = DefaultBufferBytes)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferBytes, 1);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The recording folder '{directory}' does not exist.");
        }
        _network = network;
        Directory = Path.GetFullPath(directory);
        Format = format;
        _observers = observers ?? [];
        var synapses = SynapseIndices(network);
        _files = format == RecordingFormat.Npy
            ? new NpyRecordingFiles(Directory, network.Dt, synapses)
            : new CsvRecordingFiles(Directory, network.Dt, synapses);

        foreach (IPopulation population in network.Populations.Concat(network.Subgroups))
        {
            if (population.SpikeMonitor is { } spikes)
            {
                // A step's spikes never exceed the population, which Stream guarantees room for.
                spikes.Stream(Spikes, Math.Max(1, bufferBytes / 12));
                _flushes.Add(spikes.Flush);
            }
            if (population.RateMonitor is { } rate)
            {
                rate.Stream(Rate, Math.Max(1, bufferBytes / 24));
                _rates.Add(rate);
            }
            foreach (IStateMonitor state in population.StateMonitors)
            {
                Attach(state, bufferBytes);
            }
        }
        foreach (IStateMonitor synapse in network.SynapseMonitors)
        {
            Attach(synapse, bufferBytes);
        }
    }

    /// <summary>The folder the files go to.</summary>
    public string Directory { get; }

    /// <summary>NPY or CSV.</summary>
    public RecordingFormat Format { get; }

    /// <summary>Bytes written to the recordings so far.</summary>
    public long BytesWritten => _files.BytesWritten;

    /// <summary>The files written, once <see cref="Complete"/> has returned; empty before.</summary>
    public IReadOnlyList<RecordedFile> Files { get; private set; } = [];

    /// <summary>
    /// The bytes the state, rate and synapse recordings of <paramref name="network"/> take on disk for
    /// <paramref name="steps"/> more steps (spikes are not known before they happen; an NPY spike takes
    /// 12 bytes, a CSV one about 20).
    /// </summary>
    public static long EstimateBytes(INetwork network, long steps, RecordingFormat format = RecordingFormat.Npy)
    {
        // CSV: a number of about 12 characters and a separator per value, the time and index per row.
        double perValue(IStateMonitor m) => format == RecordingFormat.Npy ? m.BytesPerValue : 30;
        double total = 0;
        foreach (IPopulation population in network.Populations.Concat(network.Subgroups))
        {
            foreach (IStateMonitor state in population.StateMonitors)
            {
                total += Samples(state, steps) * (8 + state.Neurons * perValue(state));
            }
            if (population.RateMonitor is { } rate)
            {
                total += (double)steps * (format == RecordingFormat.Npy ? (rate.Window > 1 ? 24 : 16) : 40);
            }
        }
        foreach (IStateMonitor synapse in network.SynapseMonitors)
        {
            total += Samples(synapse, steps) * (8 + synapse.Neurons * perValue(synapse));
        }
        return (long)Math.Min(long.MaxValue, total);

        static double Samples(IStateMonitor m, long steps) => Math.Ceiling((double)steps / m.Interval);
    }

    /// <summary>
    /// Writes what the monitors still hold, finishes smoothed rates, writes every connection's synapses
    /// with their weights now and the manifest, and moves every file into place.
    /// </summary>
    /// <param name="described">The network as described now, when the caller has it: on several ranks, every rank's
    /// synapses (<see cref="SynapseJoin"/>); null describes the network here.</param>
    public void Complete(NetworkDescriptor? described = null)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        foreach (Action flush in _flushes)
        {
            flush();
        }
        foreach (RateMonitor rate in _rates)
        {
            rate.Complete();
        }
        _files.WriteSynapses(described ?? _network.Describe());
        var files = _files.Complete();
        string manifest = Path.Combine(Directory, ManifestFile);
        AtomicFile.WriteBytes(manifest, Manifest(files));
        Files = files;
        _done = true;
    }

    /// <summary>Deletes the files of an incomplete recording; after <see cref="Complete"/> nothing is left to do.</summary>
    public void Dispose()
    {
        _done = true;
        _files.Dispose();
    }

    private void Attach(IStateMonitor monitor, int bufferBytes)
    {
        long rowBytes = 8 + (long)monitor.Neurons * monitor.BytesPerValue;
        monitor.Stream(State, (int)Math.Clamp(bufferBytes / rowBytes, 1, int.MaxValue));
        _flushes.Add(monitor.Flush);
    }

    private void State(IStateMonitor monitor)
    {
        _files.OnState(monitor);
        foreach (var observer in _observers)
        {
            observer.OnState(monitor);
        }
    }

    private void Spikes(SpikeMonitor monitor)
    {
        _files.OnSpikes(monitor);
        foreach (var observer in _observers)
        {
            observer.OnSpikes(monitor);
        }
    }

    private void Rate(RateMonitor monitor)
    {
        _files.OnRate(monitor);
        foreach (var observer in _observers)
        {
            observer.OnRate(monitor);
        }
    }

    /// <summary>For each synapse monitor, its connection's name and each synapse's neurons.</summary>
    private static Dictionary<IStateMonitor, SynapseSet> SynapseIndices(INetwork network)
    {
        var result = new Dictionary<IStateMonitor, SynapseSet>(ReferenceEqualityComparer.Instance);
        if (network.SynapseMonitors.Count == 0)
        {
            return result;
        }
        var connections = SynapseSet.Named(network.Describe());
        var used = new HashSet<ConnectionDescriptor>(ReferenceEqualityComparer.Instance);
        foreach (IStateMonitor monitor in network.SynapseMonitors)
        {
            // The k-th monitor of "A -> B" records the k-th connection from A to B with that variable.
            var (name, connection) = connections.FirstOrDefault(c => !used.Contains(c.Connection) && $"{c.Connection.Source} -> {c.Connection.Target}" == monitor.Source
                && c.Connection.SynapseState.ContainsKey(monitor.Variable) && c.Connection.Connectivity.SynapseCount == monitor.Neurons);
            if (connection is null)
            {
                continue;
            }
            used.Add(connection);
            result[monitor] = SynapseSet.Of(name, connection);
        }
        return result;
    }

    private byte[] Manifest(IReadOnlyList<RecordedFile> files)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("network", _network.Name);
            writer.WriteNumber("dt_s", _network.Dt);
            writer.WriteNumber("steps", _network.StepIndex);
            writer.WriteString("format", Format == RecordingFormat.Npy ? "npy" : "csv");
            writer.WriteString("time", "t = step · dt: spikes and rates in the step they happen, state at the start of the step (Brian2's when='start')");
            writer.WriteStartArray("files");
            foreach (RecordedFile file in files)
            {
                writer.WriteStartObject();
                writer.WriteString("file", Path.GetFileName(file.Path));
                writer.WriteString("kind", file.Kind);
                writer.WriteString("source", file.Source);
                if (file.Variable is { } variable)
                {
                    writer.WriteString("variable", variable);
                }
                writer.WriteString("unit", file.Unit);
                writer.WriteNumber("start", file.Start);
                writer.WriteNumber("count", file.Count);
                writer.WriteNumber("interval_steps", file.Interval);
                writer.WriteNumber("window_steps", file.Window);
                writer.WriteNumber("rows", file.Rows);
                writer.WriteStartArray("columns");
                foreach (string column in file.Columns)
                {
                    writer.WriteStringValue(column);
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
