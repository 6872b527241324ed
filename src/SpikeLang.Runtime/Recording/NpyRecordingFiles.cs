using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;

namespace SpikeLang.Runtime;

/// <summary>
/// Recordings as NPY files of records, one per monitor: <c>spikes_P.npy</c> (t, i), <c>state_P_v.npy</c>
/// (t, v[neurons]), <c>rate_P.npy</c> (t, rate[, smoothed]), <c>weights_A_B.npy</c> (t, w[synapses]), and
/// <c>synapses_A_B.npy</c> (pre, post, w) with every synapse's final weight. Times in seconds, values in SI
/// units, in the network's precision.
/// </summary>
internal sealed class NpyRecordingFiles : RecordingFiles
{
    private readonly byte[] _rows = new byte[1 << 16];

    public NpyRecordingFiles(string directory, double dt, IReadOnlyDictionary<IStateMonitor, SynapseSet> synapses)
        : base(directory, dt, synapses)
    {
    }

    public override void OnState(IStateMonitor monitor)
    {
        bool synapse = Synapses.TryGetValue(monitor, out var set);
        var file = File(monitor, () =>
        {
            string type = monitor.BytesPerValue == 4 ? "<f4" : "<f8";
            string stem = synapse ? $"weights_{set!.Name}" : Stem("state", monitor.Source, monitor.Variable);
            return Start(stem, [new("t", "<f8"), new(monitor.Variable, type, monitor.Neurons)],
                synapse ? "weights" : "state", monitor.Source, monitor.Variable, monitor.Unit, monitor.Start, monitor.Neurons, monitor.Interval);
        });
        ReadOnlySpan<byte> values = monitor.ValueBytes;
        int rowBytes = monitor.Neurons * monitor.BytesPerValue;
        ReadOnlySpan<long> steps = monitor.Steps;
        for (int k = 0; k < steps.Length; k++)
        {
            file.Writer.Write(Time(steps[k]));
            file.Writer.Write(values.Slice(k * rowBytes, rowBytes));
        }
        file.Rows += steps.Length;
    }

    public override void OnSpikes(SpikeMonitor monitor)
    {
        var file = File(monitor, () => Start(Stem("spikes", monitor.Source), [new("t", "<f8"), new("i", "<i4")],
            "spikes", monitor.Source, null, "s", monitor.Start, monitor.Neurons, 1));
        ReadOnlySpan<long> steps = monitor.Steps;
        ReadOnlySpan<int> indices = monitor.Indices;
        // Rows staged in a buffer: one write per 5000 spikes rather than two per spike.
        const int RowBytes = 12;
        int staged = 0;
        for (int k = 0; k < steps.Length; k++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(_rows.AsSpan(staged), Time(steps[k]));
            BinaryPrimitives.WriteInt32LittleEndian(_rows.AsSpan(staged + 8), indices[k]);
            staged += RowBytes;
            if (staged + RowBytes > _rows.Length)
            {
                file.Writer.Write<byte>(_rows.AsSpan(0, staged));
                staged = 0;
            }
        }
        file.Writer.Write<byte>(_rows.AsSpan(0, staged));
        file.Rows += steps.Length;
    }

    public override void OnRate(RateMonitor monitor)
    {
        bool smoothed = monitor.Window > 1;
        var file = File(monitor, () => Start(Stem("rate", monitor.Source),
            smoothed ? [new("t", "<f8"), new("rate", "<f8"), new("smoothed", "<f8")] : [new("t", "<f8"), new("rate", "<f8")],
            "rate", monitor.Source, null, "Hz", 0, monitor.Neurons, 1, monitor.Window));
        ReadOnlySpan<long> steps = monitor.Steps;
        for (int k = 0; k < steps.Length; k++)
        {
            file.Writer.Write(Time(steps[k]));
            file.Writer.Write(monitor.Rates[k]);
            if (smoothed)
            {
                file.Writer.Write(monitor.Smoothed[k]);
            }
        }
        file.Rows += steps.Length;
    }

    public override void WriteSynapses(NetworkDescriptor descriptor)
    {
        foreach (var (name, connection) in SynapseSet.Named(descriptor))
        {
            var set = SynapseSet.Of(name, connection);
            float[] w = connection.SynapseState["w"];
            var file = File(connection, () => Start($"synapses_{name}", [new("pre", "<i4"), new("post", "<i4"), new("w", "<f4")],
                "synapses", $"{connection.Source} -> {connection.Target}", "w", "", 0, w.Length, 1));
            for (int s = 0; s < w.Length; s++)
            {
                file.Writer.Write(set.Pre[s]);
                file.Writer.Write(set.Post[s]);
                file.Writer.Write(w[s]);
            }
            file.Rows += w.Length;
        }
    }

    private NpyEntry Start(string stem, NpyField[] fields, string kind, string source, string? variable, string unit, int start, int count, int interval, int window = 1)
    {
        string path = UniquePath(stem, ".npy");
        var writer = new NpyWriter(path, fields);
        return new NpyEntry(writer, new RecordedFile(kind, source, variable, writer.Path, unit, start, count, interval, window, 0,
            fields.Select(f => f.Name).ToArray()));
    }

    private sealed class NpyEntry(NpyWriter writer, RecordedFile description) : Entry(description)
    {
        public NpyWriter Writer { get; } = writer;

        public override long Bytes() => Writer.DataBytes;

        public override void Complete() => Writer.Complete();

        public override void Dispose() => Writer.Dispose();
    }
}
