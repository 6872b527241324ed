using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using SpikeLang.Cli.Simulation;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Cli.Tests;

/// <summary>
/// <c>spikelang run --input NAME=FILE</c> with a file of values (docs/stimuli.md): an input population drives a
/// population through a dense connection, value × weight each step. The CSV and the NPY form of one stimulus give
/// the state and spikes the same network gives when a <see cref="ValueStimulus"/> drives it from C#; a malformed
/// file is refused before the run with its line or fields.
/// </summary>
public class RunValueInputTests
{
    private const string Driven = """
        namespace Tests.Values

        neuron Integrator {
            parameters { theta = 1 }
            state { v = 0 }
            update { v = 0.9 * v + input }
            threshold v > theta
            reset { v = 0 }
        }

        network ValueDriven {
            dt = 1 ms
            input cur[3]
            population n = Integrator[2]
            connect cur -> n dense
            record state n.v
            record spikes n
        }
        """;

    private const int Steps = 60;

    /// <summary>(step, source, value): each source's value from that step on.</summary>
    private static readonly (long Step, int Index, double Value)[] Changes =
    [
        (0, 0, 0.3), (5, 1, 0.5), (12, 0, -0.2), (12, 2, 0.8), (30, 1, 0), (41, 0, 0.45), (41, 2, 0.05),
    ];

    /// <summary>The dense weights (2 targets × 3 sources) and no bias, so that every source reaches a target.</summary>
    private static string WriteWeights(TempDirectory dir)
    {
        var weights = new WeightSet();
        weights.Add("cur_to_n.w", [2, 3], [1f, 0.5f, 0f, 0f, 1f, 0.7f]);
        weights.Add("cur_to_n.b", [2], [0f, 0f]);
        string path = Path.Combine(dir.Path, "dense.slw");
        WeightFile.Save(path, weights);
        return path;
    }

    private static string WriteCsv(TempDirectory dir)
    {
        var csv = new StringBuilder("time_s,index,cur\n");
        foreach (var (step, index, value) in Changes)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{step * 0.001:0.000},{index},{value}\n");
        }
        return dir.Write("cur.csv", csv.ToString());
    }

    /// <summary>The same stimulus as NPY records: at each step with a change, a row of every source's value then.</summary>
    private static string WriteNpy(TempDirectory dir)
    {
        string path = Path.Combine(dir.Path, "cur.npy");
        var values = new double[3];
        using var writer = new NpyWriter(path, [new("t", "<f8"), new("cur", "<f8", 3)]);
        foreach (var group in Changes.GroupBy(c => c.Step))
        {
            foreach (var (_, index, value) in group)
            {
                values[index] = value;
            }
            writer.Write(group.Key * 0.001);
            writer.Write<double>(values);
        }
        writer.Complete();
        return path;
    }

    /// <summary>v of each neuron at the start of each step, and the spikes (step, neuron), of the network driven from C#.</summary>
    private static (double[] V, (long, int)[] Spikes) Harness(string snn, string weights)
    {
        using var built = BuiltNetwork.Build(snn, null, "ValueHarness", 0, weights, TextWriter.Null, out int exitCode);
        Assert.True(built is not null, $"exit {exitCode}");
        var network = built!.Network;
        var input = (IInputPopulation)network.Populations.Single(p => p.Name == "cur");
        input.Stimulus = new ValueStimulus(3, Changes);
        network.Run(Steps);
        var n = network.Populations.Single(p => p.Name == "n");
        var state = n.StateMonitors.Single();
        var v = Enumerable.Range(0, state.Samples).SelectMany(s => Enumerable.Range(0, state.Neurons).Select(i => state.ValueAt(s, i))).ToArray();
        var spikes = n.SpikeMonitor!.Steps.ToArray().Zip(n.SpikeMonitor.Indices.ToArray()).Select(p => (p.First, p.Second)).ToArray();
        return (v, spikes);
    }

    private static (double[] V, (long, int)[] Spikes) RunCli(string snn, string weights, string input, string output)
    {
        var outcome = CliRunner.Run("run", snn, "--duration", $"{Steps}ms", "--weights", weights, "--input", $"cur={input}", "--out", output, "--no-plots", "--json");
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        using var state = NpyReader.Open(Path.Combine(output, "state_n_v.npy"));
        Assert.Equal(Steps, state.Rows);
        double[] v = state.ReadField("v");
        using var times = NpyReader.Open(Path.Combine(output, "spikes_n.npy"));
        using var indices = NpyReader.Open(Path.Combine(output, "spikes_n.npy"));
        var spikes = times.ReadField("t").Select(t => (long)Math.Round(t / 0.001)).Zip(indices.ReadField("i").Select(i => (int)i)).ToArray();
        return (v, spikes);
    }

    [Fact]
    public void Csv_and_npy_value_files_drive_the_dense_connection_as_a_value_stimulus_from_CSharp()
    {
        using var dir = new TempDirectory();
        string snn = dir.Write("Driven.snn", Driven);
        string weights = WriteWeights(dir);

        var expected = Harness(snn, weights);
        var fromCsv = RunCli(snn, weights, WriteCsv(dir), Path.Combine(dir.Path, "csv"));
        var fromNpy = RunCli(snn, weights, WriteNpy(dir), Path.Combine(dir.Path, "npy"));

        // The stimulus shows: both neurons spike, and v moves with each change.
        Assert.Equal([0, 1], expected.Spikes.Select(s => s.Item2).Distinct().Order());
        Assert.True(expected.V.Distinct().Count() > Steps / 2, "v hardly moves: the values do not reach the neurons");
        Assert.Equal(expected.V, fromCsv.V);
        Assert.Equal(expected.Spikes, fromCsv.Spikes);
        Assert.Equal(expected.V, fromNpy.V);
        Assert.Equal(expected.Spikes, fromNpy.Spikes);
    }

    [Fact]
    public void Malformed_value_files_are_refused_before_the_run_with_their_line_or_fields()
    {
        using var dir = new TempDirectory();
        string snn = dir.Write("Driven.snn", Driven);
        string output = Path.Combine(dir.Path, "out");
        string shortRows = Path.Combine(dir.Path, "short.npy");
        using (var writer = new NpyWriter(shortRows, [new("t", "<f8"), new("cur", "<f8", 2)]))
        {
            writer.Write(0.0);
            writer.Write<double>([1, 2]);
            writer.Complete();
        }

        var notNumber = CliRunner.Run("run", snn, "--input", "cur=" + dir.Write("word.csv", "time_s,index,cur\n0,0,0.5\n0.002,1,strong\n"), "--out", output);
        var notFinite = CliRunner.Run("run", snn, "--input", "cur=" + dir.Write("nan.csv", "time_s,index,cur\n0,0,0.5\n0.002,1,NaN\n"), "--out", output);
        var source = CliRunner.Run("run", snn, "--input", "cur=" + dir.Write("source.csv", "time_s,index,cur\n0,3,0.5\n"), "--out", output);
        var width = CliRunner.Run("run", snn, "--input", "cur=" + shortRows, "--out", output);

        Assert.All(new[] { notNumber, notFinite, source, width }, outcome =>
        {
            Assert.Equal(2, outcome.ExitCode);
            Assert.Equal("", outcome.Stdout);
            Assert.StartsWith("spikelang: error: --input cur: ", outcome.Stderr);
            Assert.DoesNotContain("   at ", outcome.Stderr);
        });
        Assert.Contains("word.csv line 3: 'strong' is not a number", notNumber.Stderr);
        Assert.Contains("nan.csv line 3: the value NaN is not a finite number", notFinite.Stderr);
        Assert.Contains("source.csv line 2: index 3 is not a source of this input, which has 3 (0 to 2)", source.Stderr);
        Assert.Contains("short.npy: expected records with fields 't' and 'i' (spike times) or 't' and one field of 3 values per row, but it has 't', 'cur' (2 values)", width.Stderr);
        // Refused before anything ran: no recording was started.
        Assert.Empty(Directory.Exists(output) ? Directory.EnumerateFileSystemEntries(output) : []);
    }
}
