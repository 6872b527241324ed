using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using SpikeLang.Cli.Simulation;
using SpikeLang.Neuromorphic.Nir;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Cli.Tests;

/// <summary>
/// A NIR network imported with <c>spikelang nir import</c> and run on a recorded input from the command line
/// (<c>--weights</c> and <c>--input</c>), as docs/nir.md shows: its spikes are those of the same network driven
/// step by step from C# through <see cref="IInputPopulation.SetSpikes"/>.
/// </summary>
public class NirRunTests
{
    [Fact]
    public void An_imported_network_runs_on_a_spike_file_as_the_CSharp_harness_drives_it()
    {
        var graph = new NirGraph(
            new[]
            {
                new NirNode("in", "Input", new Dictionary<string, NirTensor> { ["shape"] = NirTensor.Vector(2) }),
                new NirNode("w", "Affine", new Dictionary<string, NirTensor>
                {
                    ["weight"] = NirTensor.Matrix(3, 2, new[] { 0.6, 0.0, 0.0, 0.6, 0.35, 0.35 }), ["bias"] = NirTensor.Vector(0, 0, 0),
                }),
                new NirNode("cell", "LIF", new Dictionary<string, NirTensor>
                {
                    ["tau"] = NirTensor.Vector(0.005, 0.005, 0.005), ["r"] = NirTensor.Vector(1, 1, 1), ["v_leak"] = NirTensor.Vector(0, 0, 0),
                    ["v_threshold"] = NirTensor.Vector(0.1, 0.1, 0.1), ["v_reset"] = NirTensor.Vector(0, 0, 0),
                }),
                new NirNode("out", "Output", new Dictionary<string, NirTensor> { ["shape"] = NirTensor.Vector(3) }),
            },
            new[] { new NirEdge("in", "w"), new NirEdge("w", "cell"), new NirEdge("cell", "out") });
        using var temp = new TempDirectory();
        string nir = Path.Combine(temp.Path, "relay.nir");
        NirWriter.Write(nir, new NirDocument(NirDocument.CurrentVersion, graph));
        var import = CliRunner.Run("nir", "import", nir, "-o", temp.Path, "--dt", "1ms");
        Assert.True(import.ExitCode == 0, import.Stderr);
        string snn = Path.Combine(temp.Path, "relay.snn"), slw = Path.Combine(temp.Path, "relay.slw");

        // Two input channels, 200 ms: channel 0 at random steps, channel 1 in bursts.
        var random = new Random(3);
        var spikes = new List<(long Step, int Index)>();
        for (long step = 0; step < 200; step++)
        {
            if (random.NextDouble() < 0.3)
            {
                spikes.Add((step, 0));
            }
            if (step % 40 < 8)
            {
                spikes.Add((step, 1));
            }
        }
        var csv = new StringBuilder("time_s,index\n");
        foreach (var (step, index) in spikes)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{step * 0.001:0.000},{index}\n");
        }
        string input = temp.Write("in.csv", csv.ToString());

        string output = Path.Combine(temp.Path, "out");
        var run = CliRunner.Run("run", snn, "--weights", slw, "--input", $"in={input}", "--duration", "200ms", "--out", output, "--no-plots", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var reader = NpyReader.Open(Path.Combine(output, "spikes_cell.npy"));
        var fromCli = reader.ReadField("t").Select(t => (long)Math.Round(t / 0.001)).ToList();
        using var again = NpyReader.Open(Path.Combine(output, "spikes_cell.npy"));
        var cliSpikes = fromCli.Zip(again.ReadField("i").Select(i => (int)i)).ToList();

        // The C# harness: the same network, its weights loaded, each step's spikes set by hand before the step.
        using var built = BuiltNetwork.Build(snn, null, "NirHarness", 0, slw, TextWriter.Null, out int exitCode);
        Assert.True(built is not null, $"exit {exitCode}");
        var network = built!.Network;
        var source = (IInputPopulation)network.Populations.Single(p => p.Name == "in");
        var cell = network.Populations.Single(p => p.Name == "cell");
        for (long step = 0; step < 200; step++)
        {
            source.SetSpikes(spikes.Where(s => s.Step == step).Select(s => s.Index).ToArray());
            network.Run(1);
        }
        var monitor = cell.SpikeMonitor!;
        var harness = monitor.Steps.ToArray().Zip(monitor.Indices.ToArray()).ToList();

        Assert.True(harness.Count > 10, $"only {harness.Count} spikes: the test would show little");
        // Both channels matter: the weights came from the .slw file.
        Assert.Equal([0, 1, 2], harness.Select(s => s.Second).Distinct().Order());
        Assert.Equal(harness, cliSpikes);
    }
}
