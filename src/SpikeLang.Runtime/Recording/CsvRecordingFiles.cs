using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace SpikeLang.Runtime;

/// <summary>
/// Recordings as CSV, long format, one file per monitor: <c>spikes_P.csv</c> (<c>time_s,index</c>),
/// <c>state_P_v.csv</c> (<c>time_s,index,v</c>), <c>rate_P.csv</c> (<c>time_s,rate_hz[,smoothed_hz]</c>),
/// <c>weights_A_B.csv</c> (<c>time_s,pre,post,w</c>), and <c>weights.csv</c> with every synapse's final
/// weight (<c>source_population,pre,post_population,post,w</c>). Numbers in invariant culture, the
/// shortest text that reads back to the same value; times rounded to the nanosecond.
/// </summary>
internal sealed class CsvRecordingFiles : RecordingFiles
{
    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    private readonly char[] _number = new char[64];

    public CsvRecordingFiles(string directory, double dt, IReadOnlyDictionary<IStateMonitor, SynapseSet> synapses)
        : base(directory, dt, synapses)
    {
    }

    public override void OnState(IStateMonitor monitor)
    {
        bool synapse = Synapses.TryGetValue(monitor, out var set);
        var file = File(monitor, () => synapse
            ? Start($"weights_{set!.Name}", ["time_s", "pre", "post", monitor.Variable], "weights", monitor.Source, monitor.Variable, monitor.Unit, monitor.Start, monitor.Neurons, monitor.Interval)
            : Start(Stem("state", monitor.Source, monitor.Variable), ["time_s", "index", monitor.Variable], "state", monitor.Source, monitor.Variable, monitor.Unit, monitor.Start, monitor.Neurons, monitor.Interval));
        TextWriter writer = file.Writer;
        ReadOnlySpan<long> steps = monitor.Steps;
        for (int k = 0; k < steps.Length; k++)
        {
            double time = Time(steps[k]);
            for (int i = 0; i < monitor.Neurons; i++)
            {
                Number(writer, time);
                writer.Write(',');
                if (synapse)
                {
                    Integer(writer, set!.Pre[i]);
                    writer.Write(',');
                    Integer(writer, set.Post[i]);
                }
                else
                {
                    Integer(writer, monitor.Start + i);
                }
                writer.Write(',');
                writer.Write(_number, 0, monitor.Format(k, i, _number));
                writer.Write('\n');
            }
        }
        file.Rows += (long)steps.Length * monitor.Neurons;
    }

    public override void OnSpikes(SpikeMonitor monitor)
    {
        var file = File(monitor, () => Start(Stem("spikes", monitor.Source), ["time_s", "index"], "spikes", monitor.Source, null, "s", monitor.Start, monitor.Neurons, 1));
        TextWriter writer = file.Writer;
        ReadOnlySpan<long> steps = monitor.Steps;
        ReadOnlySpan<int> indices = monitor.Indices;
        for (int k = 0; k < steps.Length; k++)
        {
            Number(writer, Time(steps[k]));
            writer.Write(',');
            Integer(writer, indices[k]);
            writer.Write('\n');
        }
        file.Rows += steps.Length;
    }

    public override void OnRate(RateMonitor monitor)
    {
        bool smoothed = monitor.Window > 1;
        var file = File(monitor, () => Start(Stem("rate", monitor.Source), smoothed ? ["time_s", "rate_hz", "smoothed_hz"] : ["time_s", "rate_hz"],
            "rate", monitor.Source, null, "Hz", 0, monitor.Neurons, 1, monitor.Window));
        TextWriter writer = file.Writer;
        for (int k = 0; k < monitor.Samples; k++)
        {
            Number(writer, Time(monitor.Steps[k]));
            writer.Write(',');
            Number(writer, monitor.Rates[k]);
            if (smoothed)
            {
                writer.Write(',');
                Number(writer, monitor.Smoothed[k]);
            }
            writer.Write('\n');
        }
        file.Rows += monitor.Samples;
    }

    public override void WriteSynapses(NetworkDescriptor descriptor)
    {
        var connections = SynapseSet.Named(descriptor);
        if (connections.Count == 0)
        {
            return;
        }
        var file = File(descriptor, () => Start("weights", ["source_population", "pre", "post_population", "post", "w"], "synapses", "", "w", "", 0, 0, 1));
        TextWriter writer = file.Writer;
        foreach (var (name, connection) in connections)
        {
            var set = SynapseSet.Of(name, connection);
            float[] w = connection.SynapseState["w"];
            for (int s = 0; s < w.Length; s++)
            {
                writer.Write(connection.Source);
                writer.Write(',');
                Integer(writer, set.Pre[s]);
                writer.Write(',');
                writer.Write(connection.Target);
                writer.Write(',');
                Integer(writer, set.Post[s]);
                writer.Write(',');
                w[s].TryFormat(_number, out int written, "R", CultureInfo.InvariantCulture);
                writer.Write(_number, 0, written);
                writer.Write('\n');
            }
            file.Rows += w.Length;
        }
    }

    private void Number(TextWriter writer, double value)
    {
        // Nanoseconds keep 3 × 0.1 ms from printing as 0.00030000000000000003; other values are exact.
        Math.Round(value, 9).TryFormat(_number, out int written, "R", CultureInfo.InvariantCulture);
        writer.Write(_number, 0, written);
    }

    private void Integer(TextWriter writer, long value)
    {
        value.TryFormat(_number, out int written, default, CultureInfo.InvariantCulture);
        writer.Write(_number, 0, written);
    }

    private CsvEntry Start(string stem, string[] columns, string kind, string source, string? variable, string unit, int start, int count, int interval, int window = 1)
    {
        var file = new PartialFile(UniquePath(stem, ".csv"));
        var writer = new StreamWriter(file.Stream, Utf8NoBom, bufferSize: 1 << 16, leaveOpen: true) { NewLine = "\n" };
        writer.WriteLine(string.Join(",", columns));
        return new CsvEntry(file, writer, new RecordedFile(kind, source, variable, file.Path, unit, start, count, interval, window, 0, columns));
    }

    private sealed class CsvEntry(PartialFile file, StreamWriter writer, RecordedFile description) : Entry(description)
    {
        private long _completedBytes = -1;

        public StreamWriter Writer { get; } = writer;

        public override long Bytes() => _completedBytes >= 0 ? _completedBytes : file.Stream.Position;

        public override void Complete()
        {
            Writer.Dispose();
            _completedBytes = file.Stream.Length;
            file.Complete();
        }

        public override void Dispose()
        {
            if (_completedBytes < 0)
            {
                Writer.Dispose();
                file.Dispose();
            }
        }
    }
}
