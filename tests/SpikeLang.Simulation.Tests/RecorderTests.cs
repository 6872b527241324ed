using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Recording;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Simulation.Tests;

/// <summary>
/// A <see cref="Recorder"/> streams a run's recordings to files with small buffers; read back, the files hold
/// exactly what an in-memory run of the same seed records, and an interrupted recording leaves no file.
/// </summary>
public sealed class RecorderTests : IDisposable
{
    private const int Steps = 3000;
    private readonly string _directory = Directory.CreateTempSubdirectory("spikelang-recorder-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Recorded InMemory()
    {
        var net = new Recorded(seed: 5);
        net.Run(Steps);
        net.whole.RateMonitor.Complete();
        return net;
    }

    [Fact]
    public void Npy_files_hold_what_an_in_memory_run_records()
    {
        var reference = InMemory();
        var net = new Recorded(seed: 5);
        using (var recorder = new Recorder(net, _directory, RecordingFormat.Npy, bufferBytes: 1000))
        {
            for (int k = 0; k < 10; k++)
            {
                net.Run(Steps / 10);
            }
            // Small buffers: what is held is one buffer, whatever the length of the run.
            Assert.True(net.p.uMonitor.Capacity * 6 * 8 <= 1000);
            recorder.Complete();
            Assert.Equal(7 + 1, recorder.Files.Count);
        }

        using (var u = NpyReader.Open(Path.Combine(_directory, "state_p_u.npy")))
        {
            Assert.Equal(Steps, u.Rows);
            Assert.Equal(Enumerable.Range(0, Steps).Select(s => s * Recorded.Dt).ToArray(), u.ReadField("t"));
        }
        using (var u = NpyReader.Open(Path.Combine(_directory, "state_p_u.npy")))
        {
            var values = u.ReadField("u");
            var expected = Enumerable.Range(0, Steps).SelectMany(s => reference.p.uMonitor.Sample(s).ToArray()).ToArray();
            Assert.Equal(expected, values);
        }
        using (var v = NpyReader.Open(Path.Combine(_directory, "state_p_v.npy")))
        {
            Assert.Equal((Steps / 10, 3), (v.Rows, v.Field("v")!.Count));
        }
        using (var spikes = NpyReader.Open(Path.Combine(_directory, "spikes_whole.npy")))
        {
            var monitor = reference.whole.SpikeMonitor;
            Assert.Equal(monitor.Count, spikes.Rows);
            Assert.Equal(monitor.Steps.ToArray().Select(s => s * Recorded.Dt).ToArray(), spikes.ReadField("t"));
        }
        using (var rate = NpyReader.Open(Path.Combine(_directory, "rate_whole.npy")))
        {
            Assert.Equal(new[] { "t", "rate", "smoothed" }, rate.Fields.Select(f => f.Name).ToArray());
            Assert.Equal(reference.whole.RateMonitor.Rates.ToArray(), rate.ReadField("rate"));
        }
        using (var rate = NpyReader.Open(Path.Combine(_directory, "rate_whole.npy")))
        {
            Assert.Equal(reference.whole.RateMonitor.Smoothed.ToArray(), rate.ReadField("smoothed"));
        }
        using (var weights = NpyReader.Open(Path.Combine(_directory, "weights_src_p.npy")))
        {
            Assert.Equal((Steps / 10, 120), (weights.Rows, weights.Field("w")!.Count));
            Assert.Equal(Enumerable.Range(0, Steps / 10).SelectMany(k => reference.src_to_p.wMonitor.Sample(k).ToArray()).ToArray(), weights.ReadField("w"));
        }
        using (var synapses = NpyReader.Open(Path.Combine(_directory, "synapses_src_p.npy")))
        {
            Assert.Equal(120, synapses.Rows);
            Assert.Equal(reference.src_to_p.w.ToArray().Select(w => (double)(float)w).ToArray(), synapses.ReadField("w"));
        }

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory, Recorder.ManifestFile)));
        var files = manifest.RootElement.GetProperty("files").EnumerateArray().ToList();
        var v2 = files.Single(f => f.GetProperty("file").GetString() == "state_p_v.npy");
        Assert.Equal(("state", "p", "v", "V", 2, 3, 10), (v2.GetProperty("kind").GetString(), v2.GetProperty("source").GetString(), v2.GetProperty("variable").GetString(),
            v2.GetProperty("unit").GetString(), v2.GetProperty("start").GetInt32(), v2.GetProperty("count").GetInt32(), v2.GetProperty("interval_steps").GetInt32()));
        Assert.Equal(Steps, manifest.RootElement.GetProperty("steps").GetInt64());
        Assert.DoesNotContain(Directory.GetFiles(_directory), f => Path.GetFileName(f).StartsWith('.'));
    }

    [Fact]
    public void Csv_files_hold_the_same_numbers_as_text()
    {
        var reference = InMemory();
        var net = new Recorded(seed: 5);
        using (var recorder = new Recorder(net, _directory, RecordingFormat.Csv, bufferBytes: 4096))
        {
            net.Run(Steps);
            recorder.Complete();
        }
        var spikes = File.ReadAllLines(Path.Combine(_directory, "spikes_p.csv"));
        Assert.Equal("time_s,index", spikes[0]);
        var monitor = reference.p.SpikeMonitor;
        Assert.Equal(monitor.Count + 1, spikes.Length);
        Assert.Equal(FormattableString.Invariant($"{Math.Round(monitor.Steps[3] * Recorded.Dt, 9):R},{monitor.Indices[3]}"), spikes[4]);
        var v = File.ReadAllLines(Path.Combine(_directory, "state_p_v.csv"));
        Assert.Equal("time_s,index,v", v[0]);
        // Sample 1 (step 10, 1 ms) of neuron p[3] (recorded element 1).
        Assert.Equal(FormattableString.Invariant($"0.001,3,{reference.p.vMonitor.At(1, 1):R}"), v[1 + 3 + 1]);
        Assert.Equal("time_s,pre,post,w", File.ReadLines(Path.Combine(_directory, "weights_src_p.csv")).First());
        Assert.Equal("source_population,pre,post_population,post,w", File.ReadLines(Path.Combine(_directory, "weights.csv")).First());
        Assert.Equal("time_s,rate_hz,smoothed_hz", File.ReadLines(Path.Combine(_directory, "rate_whole.csv")).First());
    }

    [Fact]
    public void An_interrupted_recording_leaves_no_file()
    {
        var net = new Recorded(seed: 5);
        using (var recorder = new Recorder(net, _directory, RecordingFormat.Npy, bufferBytes: 1000))
        {
            net.Run(500);
            Assert.NotEmpty(Directory.GetFiles(_directory));
        }
        Assert.Empty(Directory.GetFiles(_directory));
    }

    [Fact]
    public void The_estimate_counts_state_rate_and_weights()
    {
        var net = new Recorded(seed: 5);
        long bytes = Recorder.EstimateBytes(net, 1000);
        // v: 100 samples of 8 + 3·8 bytes; u: 1000 of 8 + 6·8; rates: 1000 · 24 (smoothed) + 1000 · 16; w: 100 of 8 + 120·8.
        Assert.Equal(100 * 32 + 1000 * 56 + 1000 * 24 + 1000 * 16 + 100 * 968, bytes);
    }
}
