using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using SpikeLang.Cli.Simulation;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Cli.Tests;

/// <summary>
/// The final weights <c>spikelang run --out</c> writes at the end of a run (<c>synapses_A_B.npy</c>, or one
/// <c>weights.csv</c>): their layout, and that they hold the weights the same plastic network reaches when it is
/// built with the same seed and run as long from C#.
/// </summary>
public class RunSynapseFilesTests
{
    /// <summary>Brian2's STDP example's neuron and synapse, for networks of plastic connections.</summary>
    internal const string StdpModels = """
        neuron StdpNeuron {
            parameters { taum = 10 ms; Ee = 0 mV; vt = -54 mV; vr = -60 mV; El = -74 mV; taue = 5 ms }
            state { v = vr; ge = 0 }
            equations {
                dv/dt = (ge * (Ee - v) + El - v) / taum
                dge/dt = -ge / taue
            }
            threshold v > vt
            reset { v = vr }
        }

        synapse Stdp {
            parameters { taupre = 20 ms; taupost = 20 ms; gmax = 0.05; dApre = 0.01 * gmax; dApost = -0.0105 * gmax }
            state { w = rand() * gmax; Apre = 0; Apost = 0 }
            equations {
                dApre/dt = -Apre / taupre     (event-driven)
                dApost/dt = -Apost / taupost  (event-driven)
            }
            on pre { ge += w; Apre += dApre; w = clip(w + Apost, 0, gmax) }
            on post { Apost += dApost; w = clip(w + Apre, 0, gmax) }
        }
        """;

    /// <summary>Two plastic connections onto two neurons, driven hard enough that they spike.</summary>
    private const string Stdp = "namespace Tests.SynapseFiles\n" + StdpModels + "\n" + """
        network Plastic {
            dt = 0.1 ms
            population a = poisson(rate = 40 Hz)[120]
            population b = poisson(rate = 20 Hz)[60]
            population n = StdpNeuron[2]
            connect a -> n synapse Stdp
            connect b -> n probability 0.5 synapse Stdp
            record spikes n
        }
        """;

    private const ulong Seed = 3;

    /// <summary>Each connection with a per-synapse w, from the same network run from C#: (source, pre, target, post, w) per synapse, in CSR order.</summary>
    private static List<(string Source, int Pre, string Target, int Post, float W)>[] Harness(string snn, double seconds, bool run = true)
    {
        using var built = BuiltNetwork.Build(snn, null, "SynapseFiles", Seed, null, TextWriter.Null, out int exitCode);
        Assert.True(built is not null, $"exit {exitCode}");
        var network = built!.Network;
        if (run)
        {
            network.Run(SimulationTime.Steps(TimeSpan.FromSeconds(seconds), network.Dt));
        }
        return network.Describe().Connections.Where(c => c.SynapseState.ContainsKey("w")).Select(c =>
        {
            var synapses = new List<(string, int, string, int, float)>();
            for (int row = 0; row < c.Connectivity.Rows; row++)
            {
                for (int s = c.Connectivity.RowStart[row]; s < c.Connectivity.RowStart[row + 1]; s++)
                {
                    synapses.Add((c.Source, c.SourceStart + row, c.Target, c.TargetStart + c.Connectivity.Columns[s], c.SynapseState["w"][s]));
                }
            }
            return synapses;
        }).ToArray();
    }

    private static void RunCli(string snn, string output, params string[] extra)
    {
        var outcome = CliRunner.Run(["run", snn, "--seed", Seed.ToString(CultureInfo.InvariantCulture), "--duration", "1s", "--out", output, "--no-plots", "--json", .. extra]);
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
    }

    [Fact]
    public void Npy_synapse_files_have_pre_post_w_records_equal_to_the_weights_of_the_same_run_in_CSharp()
    {
        using var dir = new TempDirectory();
        string snn = dir.Write("Plastic.snn", Stdp);
        string output = Path.Combine(dir.Path, "out");

        RunCli(snn, output);
        var expected = Harness(snn, 1.0);
        var initial = Harness(snn, 1.0, run: false);

        Assert.Equal(2, expected.Length);
        // The run moved the weights (otherwise equal files would only show the seed's initial draw).
        Assert.Equal(initial.Select(c => c.Count), expected.Select(c => c.Count));
        int moved = expected.Zip(initial).Sum(pair => pair.First.Zip(pair.Second).Count(s => s.First.W != s.Second.W));
        Assert.True(moved > expected.Sum(c => c.Count) / 4, $"only {moved} weights moved");

        string[] files = ["synapses_a_n.npy", "synapses_b_n.npy"];
        for (int k = 0; k < files.Length; k++)
        {
            string path = Path.Combine(output, files[k]);
            using var reader = NpyReader.Open(path);
            Assert.Equal([new NpyField("pre", "<i4"), new NpyField("post", "<i4"), new NpyField("w", "<f4")], reader.Fields);
            Assert.Equal(expected[k].Count, reader.Rows);
            var rows = new byte[reader.RowBytes * reader.Rows];
            Assert.Equal((int)reader.Rows, reader.ReadRows(rows, (int)reader.Rows));
            for (int s = 0; s < expected[k].Count; s++)
            {
                var row = rows.AsSpan(s * reader.RowBytes, reader.RowBytes);
                var (_, pre, _, post, w) = expected[k][s];
                Assert.Equal((pre, post, w), (BitConverter.ToInt32(row), BitConverter.ToInt32(row[4..]), BitConverter.ToSingle(row[8..])));
            }
        }
        // The b -> n connection is random: its file holds only the synapses drawn, fewer than all pairs.
        Assert.InRange(expected[1].Count, 1, 60 * 2 - 1);
    }

    [Fact]
    public void Csv_weights_file_lists_every_connection_with_population_names_and_the_same_weights()
    {
        using var dir = new TempDirectory();
        string snn = dir.Write("Plastic.snn", Stdp);
        string output = Path.Combine(dir.Path, "out");

        RunCli(snn, output, "--format", "csv");
        var expected = Harness(snn, 1.0).SelectMany(c => c).ToList();

        string[] lines = File.ReadAllLines(Path.Combine(output, "weights.csv"));
        Assert.Equal("source_population,pre,post_population,post,w", lines[0]);
        var rows = lines.Skip(1).Select(line => line.Split(',')).Select(f =>
            (f[0], int.Parse(f[1], CultureInfo.InvariantCulture), f[2], int.Parse(f[3], CultureInfo.InvariantCulture), float.Parse(f[4], CultureInfo.InvariantCulture))).ToList();
        // Written round-trippably: each float32 reads back exactly.
        Assert.Equal(expected, rows);
        Assert.False(File.Exists(Path.Combine(output, "synapses_a_n.npy")));
    }
}
