using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Xml.Linq;
using SkiaSharp;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Cli.Tests;

/// <summary>
/// What <c>spikelang run --out</c> leaves behind: recordings in NPY or CSV that hold the same values, an
/// index page whose pictures all exist and decode, drawn with the display units of their dimension, the
/// estimate before the run, and input populations driven from files.
/// </summary>
public class RunOutputTests
{
    private const string Driven = """
        namespace Tests.Driven

        neuron Relay {
            state { v = 0 }
            threshold v > 0.5
            reset { v = 0 }
        }

        network Driven {
            dt = 0.1 ms
            input ext[3]
            population r = Relay[3]
            connect ext -> r one_to_one on pre { v += 1 }
            record spikes ext
            record spikes r
        }
        """;

    private static string AdaptiveThreshold => CliRunner.Example("AdaptiveThreshold", "AdaptiveThreshold.snn");

    private static JsonElement ParseJson(CliOutcome outcome)
    {
        Assert.True(outcome.ExitCode == 0, $"exit {outcome.ExitCode}: {outcome.Stderr}");
        return JsonDocument.Parse(outcome.Stdout).RootElement;
    }

    [Fact]
    public void Npy_and_csv_recordings_hold_the_same_values_and_the_summarys_spikes()
    {
        using var dir = new TempDirectory();
        string npy = Path.Combine(dir.Path, "npy"), csv = Path.Combine(dir.Path, "csv");

        var json = ParseJson(CliRunner.Run("run", AdaptiveThreshold, "--seed", "1", "--out", npy, "--no-plots", "--json"));
        ParseJson(CliRunner.Run("run", AdaptiveThreshold, "--seed", "1", "--out", csv, "--format", "csv", "--no-plots", "--json"));

        long spikes = json.GetProperty("populations").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "n").GetProperty("spikes").GetInt64();
        using (var reader = NpyReader.Open(Path.Combine(npy, "spikes_n.npy")))
        {
            Assert.Equal(spikes, reader.Rows);
            double[] times = reader.ReadField("t");
            Assert.Equal(times.Order(), times);
            string[] rows = File.ReadAllLines(Path.Combine(csv, "spikes_n.csv"));
            Assert.Equal("time_s,index", rows[0]);
            // CSV writes t = step · dt rounded to the nanosecond.
            Assert.Equal(times.Select(t => Math.Round(t, 9)), rows.Skip(1).Select(r => Math.Round(double.Parse(r.Split(',')[0], CultureInfo.InvariantCulture), 9)));
        }
        using (var reader = NpyReader.Open(Path.Combine(npy, "state_n_v.npy")))
        {
            // 1 s at 0.1 ms, sampled at the start of every step: t = 0, dt, ..., 9999 dt.
            Assert.Equal(10000, reader.Rows);
            double[] v = reader.ReadField("v");
            string[] rows = File.ReadAllLines(Path.Combine(csv, "state_n_v.csv"));
            Assert.Equal(10001, rows.Length);
            double[] fromCsv = rows.Skip(1).Select(r => double.Parse(r.Split(',')[^1], CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(v.Length, fromCsv.Length);
            for (int k = 0; k < v.Length; k++)
            {
                // float32 values: CSV prints them round-trippably, so they read back exactly.
                Assert.Equal((float)v[k], (float)fromCsv[k]);
            }
            // In volts: v starts at 0 and stays below the threshold, tens of millivolts.
            Assert.Equal(0, v[0]);
            Assert.InRange(v.Max(), 0.003, 0.05);
        }
        Assert.Empty(Directory.GetFiles(dir.Path, ".*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Index_names_every_picture_each_exists_decodes_and_has_display_unit_labels()
    {
        using var dir = new TempDirectory();

        var outcome = CliRunner.Run("run", AdaptiveThreshold, "--seed", "1", "--out", dir.Path);

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        var html = XDocument.Load(Path.Combine(dir.Path, "index.html"));
        XNamespace ns = "http://www.w3.org/1999/xhtml";
        var figures = html.Descendants(ns + "figure").ToList();
        Assert.Equal(3, figures.Count);
        foreach (var figure in figures)
        {
            string file = Path.Combine(dir.Path, (string)figure.Element(ns + "img")!.Attribute("src")!);
            Assert.True(File.Exists(file), file);
            using var bitmap = SKBitmap.Decode(file);
            Assert.NotNull(bitmap);
            Assert.True(bitmap.Width >= 1000 && bitmap.Height >= 400, $"{file}: {bitmap.Width}×{bitmap.Height}");
        }
        Assert.Equal(Directory.GetFiles(dir.Path, "*.png").Select(Path.GetFileName).Order(StringComparer.Ordinal),
            figures.Select(f => (string)f.Element(ns + "img")!.Attribute("src")!).Order(StringComparer.Ordinal));

        var panels = figures.ToDictionary(
            f => (string)f.Element(ns + "img")!.Attribute("src")!,
            f => f.Elements(ns + "span").Select(s => ((string)s.Attribute("data-title")!, (string)s.Attribute("data-x")!, (string)s.Attribute("data-y")!)).ToList());
        // One neuron over 1 s: v and vt in millivolts against milliseconds.
        Assert.Equal([("AdaptiveThreshold: n.v (1 neuron)", "time (ms)", "v (mV)")], panels["state_n_v.png"]);
        Assert.Equal([("AdaptiveThreshold: n.vt (1 neuron)", "time (ms)", "vt (mV)")], panels["state_n_vt.png"]);
        // The raster names its population; its rate panel is in Hz.
        Assert.Equal(2, panels["spikes_n.png"].Count);
        Assert.Equal(("AdaptiveThreshold: spikes of n", "", "n neuron"), panels["spikes_n.png"][0]);
        Assert.Equal(("time (ms)", "rate (Hz)"), (panels["spikes_n.png"][1].Item2, panels["spikes_n.png"][1].Item3));

        // The data files are listed with what they hold.
        var links = html.Descendants(ns + "a").Select(a => (string)a.Attribute("href")!).ToList();
        Assert.Equal(["spikes_n.npy", "state_n_v.npy", "state_n_vt.npy"], links);
    }

    [Fact]
    public void Plot_window_and_neurons_choose_what_is_drawn()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("Many.snn", """
            namespace Tests.Many
            neuron Ramp {
                parameters { tau = 20 ms }
                state { v = uniform(0 mV, 15 mV) }
                equations { dv/dt = (20 mV - v) / tau }
                threshold v > 15 mV
                reset { v = 0 mV }
            }
            network Many {
                population P = Ramp[10]
                record state P[2:8].v every 1 ms
                record spikes P
            }
            """);

        var outcome = CliRunner.Run("run", file, "--duration", "3s", "--out", dir.Path, "--plot-neurons", "3,5", "--plot-window", "1s:1.5s");

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        var html = XDocument.Load(Path.Combine(dir.Path, "index.html"));
        var spans = html.Descendants().Where(e => e.Name.LocalName == "span").ToList();
        var state = spans.Single(s => ((string)s.Attribute("data-title")!).Contains("P.v", StringComparison.Ordinal));
        Assert.Equal("Many: P.v (2 of 6 neurons)", (string)state.Attribute("data-title")!);
        // A half-second window is shown in milliseconds.
        Assert.Equal("time (ms)", (string)state.Attribute("data-x")!);
        Assert.Equal("v (mV)", (string)state.Attribute("data-y")!);

        // The recording itself is whole: every millisecond of 3 s for the 6 neurons of the slice.
        using var reader = NpyReader.Open(Path.Combine(dir.Path, "state_P_v.npy"));
        Assert.Equal((3000L, 6), (reader.Rows, reader.Field("v")!.Count));
    }

    [Fact]
    public void Plot_options_that_make_no_sense_are_usage_errors()
    {
        var neurons = CliRunner.Run("run", AdaptiveThreshold, "--plot-neurons", "0,x");
        Assert.Equal(2, neurons.ExitCode);
        Assert.Contains("--plot-neurons '0,x': 'x' is not a neuron index", neurons.Stderr);

        var window = CliRunner.Run("run", AdaptiveThreshold, "--plot-window", "2s:1s");
        Assert.Equal(2, window.ExitCode);
        Assert.Contains("--plot-window '2s:1s' ends before it starts", window.Stderr);

        var late = CliRunner.Run("run", AdaptiveThreshold, "--duration", "1s", "--plot-window", "2s:3s");
        Assert.Equal(2, late.ExitCode);
        Assert.Contains("starts after the run ends", late.Stderr);

        var format = CliRunner.Run("run", AdaptiveThreshold, "--format", "parquet");
        Assert.Equal(2, format.ExitCode);
        Assert.Contains("--format 'parquet' is not a recording format", format.Stderr);
    }

    [Fact]
    public void A_recorded_run_is_estimated_before_it_starts()
    {
        using var dir = new TempDirectory();

        var outcome = CliRunner.Run("run", AdaptiveThreshold, "--out", dir.Path, "--no-plots", "--json");

        Assert.Equal(0, outcome.ExitCode);
        // Two state monitors of one float32 and a float64 time per step: 2 × 10000 × 12 bytes.
        string estimate = outcome.Stderr.Split('\n').Single(l => l.StartsWith("spikelang: estimate:", StringComparison.Ordinal));
        Assert.Contains("AdaptiveThreshold, 1 s in 10,000 steps", estimate);
        Assert.Contains("recording 240 kB of state, rates and weights", estimate);
        Assert.Contains("as npy", estimate);
        long written = Directory.GetFiles(dir.Path, "state_*.npy").Sum(f => new FileInfo(f).Length);
        Assert.InRange(written, 240_000, 241_000);
    }

    [Fact]
    public void Parameters_take_units_of_their_dimension()
    {
        string ifCurve = CliRunner.Example("IfCurve", "IfCurve.snn");
        long Spikes(string value) => ParseJson(CliRunner.Run("run", ifCurve, "--duration", "200ms", "--json", "--param", value))
            .GetProperty("populations")[0].GetProperty("spikes").GetInt64();

        Assert.Equal(Spikes("i_max=5e-9"), Spikes("i_max=5nA"));
        Assert.Equal(Spikes("i_max=5nA"), Spikes("i_max=5000 pA"));
        Assert.True(Spikes("i_max=10nA") > Spikes("i_max=5nA"));

        var wrong = CliRunner.Run("run", ifCurve, "--param", "i_max=5mV");
        Assert.Equal(2, wrong.ExitCode);
        Assert.Equal("spikelang: error: --param i_max: '5mV' is in V, but i_max is in A; write it in A or a unit of it (for example 5nA, 200pA)", wrong.Stderr.Trim());

        var count = CliRunner.Run("run", ifCurve, "--param", "n=5ms");
        Assert.Equal(2, count.ExitCode);
        Assert.Contains("n is a number without a unit", count.Stderr);

        var unknownUnit = CliRunner.Run("run", ifCurve, "--param", "i_max=5 nAmp");
        Assert.Equal(2, unknownUnit.ExitCode);
        Assert.Contains("'nAmp' is not a unit", unknownUnit.Stderr);
    }

    [Fact]
    public void Input_population_plays_a_spike_file()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("Driven.snn", Driven);
        // Times in seconds; 2.5 ms falls in step 25, as Brian2's SpikeGeneratorGroup bins it.
        string spikes = dir.Write("in.csv", "time_s,index\n0.001,0\n0.0025,2\n0.0025,1\n0.010,0\n");
        string output = Path.Combine(dir.Path, "out");

        var json = ParseJson(CliRunner.Run("run", file, "--duration", "20ms", "--input", $"ext={spikes}", "--out", output, "--no-plots", "--json"));

        long Count(string population) => json.GetProperty("populations").EnumerateArray().Single(p => p.GetProperty("name").GetString() == population).GetProperty("spikes").GetInt64();
        Assert.Equal(4, Count("ext"));
        Assert.Equal(4, Count("r"));
        using var reader = NpyReader.Open(Path.Combine(output, "spikes_ext.npy"));
        Assert.Equal([0.001, 0.0025, 0.0025, 0.010], reader.ReadField("t").Select(t => Math.Round(t, 9)));
        using var again = NpyReader.Open(Path.Combine(output, "spikes_ext.npy"));
        Assert.Equal([0.0, 1, 2, 0], again.ReadField("i"));

        // A recording of one run drives the next: the NPY of ext's spikes plays as they did.
        string replay = Path.Combine(dir.Path, "replay");
        var second = ParseJson(CliRunner.Run("run", file, "--duration", "20ms", "--input", $"ext={Path.Combine(output, "spikes_ext.npy")}", "--out", replay, "--no-plots", "--json"));
        Assert.Equal(4, second.GetProperty("populations")[0].GetProperty("spikes").GetInt64());
        using var replayed = NpyReader.Open(Path.Combine(replay, "spikes_ext.npy"));
        Assert.Equal([0.001, 0.0025, 0.0025, 0.010], replayed.ReadField("t").Select(t => Math.Round(t, 9)));
    }

    [Fact]
    public void Bad_input_files_are_located_usage_errors()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("Driven.snn", Driven);

        var index = CliRunner.Run("run", file, "--input", "ext=" + dir.Write("index.csv", "time_s,index\n0.001,0\n0.002,3\n"));
        Assert.Equal(2, index.ExitCode);
        Assert.Contains("index.csv line 3: index 3 is not a source of this input, which has 3 (0 to 2)", index.Stderr);

        var order = CliRunner.Run("run", file, "--input", "ext=" + dir.Write("order.csv", "time_s,index\n0.002,0\n0.001,1\n"));
        Assert.Equal(2, order.ExitCode);
        Assert.Contains("order.csv line 3: time 0.001 s comes after a later one; sort the file by time", order.Stderr);

        var notInput = CliRunner.Run("run", file, "--input", "r=" + dir.Write("ok.csv", "time_s,index\n0.001,0\n"));
        Assert.Equal(2, notInput.ExitCode);
        Assert.Contains("--input r: 'r' is not an input population", notInput.Stderr);
        Assert.Contains("the input populations of network 'Driven' are: ext", notInput.Stderr);

        var missing = CliRunner.Run("run", file, "--input", "ext=" + Path.Combine(dir.Path, "none.csv"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.Stderr);
        Assert.DoesNotContain("   at ", index.Stderr + order.Stderr + notInput.Stderr + missing.Stderr);
    }
}
