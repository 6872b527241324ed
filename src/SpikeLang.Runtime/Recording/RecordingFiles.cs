using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace SpikeLang.Runtime;

/// <summary>
/// The files of one recording, one per monitor, opened at the monitor's first block and moved into place
/// together by <see cref="Complete"/>: the part of <see cref="Recorder"/> that knows a format.
/// </summary>
internal abstract class RecordingFiles : IRecordingObserver, IDisposable
{
    private readonly Dictionary<object, Entry> _entries = new(ReferenceEqualityComparer.Instance);
    private readonly List<Entry> _order = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    protected RecordingFiles(string directory, double dt, IReadOnlyDictionary<IStateMonitor, SynapseSet> synapses)
    {
        Directory = directory;
        Dt = dt;
        Synapses = synapses;
    }

    protected string Directory { get; }

    protected double Dt { get; }

    /// <summary>Each synapse monitor's connection: its name and each synapse's neurons.</summary>
    protected IReadOnlyDictionary<IStateMonitor, SynapseSet> Synapses { get; }

    /// <summary>Bytes written so far, over all files.</summary>
    public long BytesWritten => _order.Sum(e => e.Bytes());

    public abstract void OnState(IStateMonitor monitor);

    public abstract void OnSpikes(SpikeMonitor monitor);

    public abstract void OnRate(RateMonitor monitor);

    /// <summary>Every connection's synapses with their weights now (the files of connections with a per-synapse <c>w</c>).</summary>
    public abstract void WriteSynapses(NetworkDescriptor descriptor);

    /// <summary>Completes every file; returns them in the order they were started.</summary>
    public IReadOnlyList<RecordedFile> Complete()
    {
        var files = new List<RecordedFile>();
        foreach (var entry in _order)
        {
            entry.Complete();
            files.Add(entry.Describe());
        }
        _order.Clear();
        _entries.Clear();
        return files;
    }

    public void Dispose()
    {
        foreach (var entry in _order)
        {
            entry.Dispose();
        }
        _order.Clear();
        _entries.Clear();
    }

    /// <summary>Seconds at the start of step <paramref name="step"/>.</summary>
    protected double Time(long step) => step * Dt;

    /// <summary>The file of <paramref name="key"/>, started by <paramref name="start"/> on first use.</summary>
    protected T File<T>(object key, Func<T> start) where T : Entry
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            entry = start();
            _entries[key] = entry;
            _order.Add(entry);
        }
        return (T)entry;
    }

    /// <summary>A file name not yet used in this recording: <c>stem.ext</c>, else <c>stem_2.ext</c>, ... (two connections A -> B).</summary>
    protected string UniquePath(string stem, string extension)
    {
        string name = Sanitize(stem);
        string candidate = name;
        for (int k = 2; !_names.Add(candidate); k++)
        {
            candidate = $"{name}_{k}";
        }
        return Path.Combine(Directory, candidate + extension);
    }

    /// <summary>The file name stem of a recording: <c>state_P_v</c>, <c>spikes_P</c>, <c>rate_P</c>, <c>weights_A_B</c>.</summary>
    protected static string Stem(string kind, string source, string? variable = null) =>
        variable is null ? $"{kind}_{source}" : $"{kind}_{source}_{variable}";

    private static string Sanitize(string stem) =>
        string.Concat(stem.Replace(" -> ", "_", StringComparison.Ordinal).Select(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '_'));

    /// <summary>One file: what it records and how to finish or abandon it.</summary>
    protected abstract class Entry : IDisposable
    {
        protected Entry(RecordedFile description) => Description = description;

        public RecordedFile Description { get; }

        public long Rows { get; set; }

        public abstract long Bytes();

        public abstract void Complete();

        public abstract void Dispose();

        public RecordedFile Describe() => Description with { Rows = Rows };
    }
}
