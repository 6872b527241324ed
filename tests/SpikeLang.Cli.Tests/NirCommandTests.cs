using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using SpikeLang.Cli.Tests.Nir;
using SpikeLang.Neuromorphic.Nir;
using Xunit;

namespace SpikeLang.Cli.Tests;

public class NirCommandTests
{
    [NirFixtureTheory]
    [InlineData("lif_norse")]
    [InlineData("two_lif_neurons")]
    public void A_fixture_imports_builds_and_runs(string name)
    {
        using var temp = new TempDirectory();
        var import = CliRunner.Run("nir", "import", Path.Combine(NirFixtureDirectory.Path!, name + ".nir"), "-o", temp.Path, "--dt", "1ms");
        Assert.True(import.ExitCode == 0, import.Stderr);
        Assert.True(File.Exists(Path.Combine(temp.Path, name + ".slw")));

        var run = CliRunner.Run("run", Path.Combine(temp.Path, name + ".snn"), "-d", "100ms", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
    }

    /// <summary>
    /// A LIF whose leak (1.2) lies above its threshold (1), like lif1 of two_lif_neurons.nir, fires on
    /// its own; through import and 'spikelang run' its spike count must be that of the NIR LIF equation
    /// integrated exactly step by step.
    /// </summary>
    [Fact]
    public void An_imported_LIF_fires_as_the_NIR_equation_says()
    {
        var graph = new NirGraph(
            new[]
            {
                new NirNode("cell", "LIF", new Dictionary<string, NirTensor>
                {
                    ["tau"] = NirTensor.Vector(0.01), ["r"] = NirTensor.Vector(1), ["v_leak"] = NirTensor.Vector(1.2),
                    ["v_threshold"] = NirTensor.Vector(1), ["v_reset"] = NirTensor.Vector(0),
                }),
                new NirNode("out", "Output", new Dictionary<string, NirTensor> { ["shape"] = NirTensor.Vector(1) }),
            },
            new[] { new NirEdge("cell", "out") });
        using var temp = new TempDirectory();
        string nir = Path.Combine(temp.Path, "leaky.nir");
        NirWriter.Write(nir, new NirDocument(NirDocument.CurrentVersion, graph));

        Assert.Equal(0, CliRunner.Run("nir", "import", nir, "-o", temp.Path, "--dt", "0.1ms").ExitCode);
        var run = CliRunner.Run("run", Path.Combine(temp.Path, "leaky.snn"), "-d", "1s", "--json");

        // Reference: tau·dv/dt = v_leak − v, exactly over each 0.1 ms step; spike when v > 1, then v = 0.
        int expected = 0;
        double v = 0, decay = Math.Exp(-1e-4 / 0.01);
        for (int step = 0; step < 10_000; step++)
        {
            v = 1.2 + (v - 1.2) * decay;
            if (v > 1)
            {
                expected++;
                v = 0;
            }
        }

        using var summary = JsonDocument.Parse(run.Stdout);
        var cell = summary.RootElement.GetProperty("populations").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "cell");
        Assert.Equal(expected, cell.GetProperty("spikes").GetInt32());
        Assert.True(expected > 40, $"the reference fires {expected} times");
    }

    [Fact]
    public void Export_then_import_gives_the_same_network()
    {
        using var temp = new TempDirectory();
        string snn = temp.Write("net.snn", """
            neuron Cell {
                parameters { tau = 20 ms; r = 2; v_leak = 0.5; v_threshold = 1; v_reset = 0 }
                state { v = 0 }
                equations { dv/dt = (v_leak - v + r * input) / tau }
                threshold v > v_threshold
                reset { v = v_reset }
            }
            network Net {
                dt = 1 ms
                input x[2]
                population a = Cell[3]
                connect x -> a dense
                connect a -> a dense
            }
            """);
        string nir = Path.Combine(temp.Path, "net.nir");
        var export = CliRunner.Run("nir", "export", snn, "-o", nir);
        Assert.True(export.ExitCode == 0, export.Stderr);

        NirGraph graph = NirReader.Read(nir).Graph;
        NirNode a = graph.Find("a")!;
        Assert.Equal("LIF", a.Type);
        Assert.Equal(0.02, a["tau"].Values[0], 6);
        Assert.Equal(2.0, a["r"].Values[0], 6);
        Assert.Equal(0.5, a["v_leak"].Values[0], 6);
        Assert.Equal("Affine", graph.Find("a_to_a")!.Type);
        Assert.Contains(new NirEdge("a_to_a", "a"), graph.Edges);

        string back = Path.Combine(temp.Path, "back");
        var import = CliRunner.Run("nir", "import", nir, "-o", back, "--dt", "1ms", "--name", "Net");
        Assert.True(import.ExitCode == 0, import.Stderr);
        string text = File.ReadAllText(Path.Combine(back, "net.snn"));
        Assert.Contains("input x[2]", text);
        Assert.Contains("population a = NirLif[3]", text);
        Assert.Contains("connect x -> a dense", text);
        Assert.Contains("connect a -> a dense", text);
        Assert.Contains("parameters { tau = 0.02 s; r = 2; v_leak = 0.5; v_threshold = 1; v_reset = 0 }", text);
    }

    [Fact]
    public void A_bad_file_is_an_error_naming_the_node_and_field()
    {
        var graph = new NirGraph(
            new[]
            {
                new NirNode("in", "Input", new Dictionary<string, NirTensor> { ["shape"] = NirTensor.Vector(3) }),
                new NirNode("w", "Linear", new Dictionary<string, NirTensor> { ["weight"] = NirTensor.Matrix(1, 2, new double[] { 1, 1 }) }),
            },
            new[] { new NirEdge("in", "w") });
        using var temp = new TempDirectory();
        string nir = Path.Combine(temp.Path, "bad.nir");
        NirWriter.Write(nir, new NirDocument(NirDocument.CurrentVersion, graph));

        var import = CliRunner.Run("nir", "import", nir, "-o", temp.Path, "--dt", "1ms");

        Assert.Equal(1, import.ExitCode);
        Assert.Contains("node 'w', field 'weight'", import.Stderr);
        Assert.DoesNotContain("   at ", import.Stderr);
    }

    [Fact]
    public void A_model_NIR_cannot_express_is_named()
    {
        using var temp = new TempDirectory();
        string snn = temp.Write("izh.snn", """
            network Izh {
                population p = Izhikevich[2]
            }
            """);

        var export = CliRunner.Run("nir", "export", snn, "-o", Path.Combine(temp.Path, "izh.nir"));

        Assert.Equal(1, export.ExitCode);
        Assert.Contains("model 'Izhikevich' cannot be exported to NIR", export.Stderr);
    }
}
