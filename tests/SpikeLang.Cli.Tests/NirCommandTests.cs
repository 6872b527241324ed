using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using SpikeLang.Neuromorphic.Nir;
using SpikeLang.Tests;
using Xunit;

namespace SpikeLang.Cli.Tests;

public class NirCommandTests
{
    [Theory]
    [InlineData("lif_norse")]
    [InlineData("two_lif_neurons")]
    public void A_fixture_imports_builds_and_runs(string name)
    {
        using var temp = new TempDirectory();
        var import = CliRunner.Run("nir", "import", TestFixtures.Path($"nir/{name}.nir"), "-o", temp.Path, "--dt", "1ms");
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
    public void Import_then_export_keeps_the_equations_and_the_weights()
    {
        var graph = new NirGraph(
            new[]
            {
                new NirNode("in", "Input", new Dictionary<string, NirTensor> { ["shape"] = NirTensor.Vector(2) }),
                new NirNode("w", "Affine", new Dictionary<string, NirTensor>
                {
                    ["weight"] = NirTensor.Matrix(2, 2, new[] { 0.5, -1.0, 2.0, 0.25 }), ["bias"] = NirTensor.Vector(0.1, -0.2),
                }),
                new NirNode("cell", "CubaLIF", new Dictionary<string, NirTensor>
                {
                    ["tau_syn"] = NirTensor.Vector(0.005, 0.005), ["tau_mem"] = NirTensor.Vector(0.02, 0.02), ["r"] = NirTensor.Vector(2, 2),
                    ["v_leak"] = NirTensor.Vector(0.1, 0.1), ["v_threshold"] = NirTensor.Vector(1, 1), ["v_reset"] = NirTensor.Vector(-0.5, -0.5),
                    ["w_in"] = NirTensor.Vector(1.5, 1.5),
                }),
            },
            new[] { new NirEdge("in", "w"), new NirEdge("w", "cell") });
        using var temp = new TempDirectory();
        string nir = Path.Combine(temp.Path, "cuba.nir");
        NirWriter.Write(nir, new NirDocument(NirDocument.CurrentVersion, graph));
        Assert.Equal(0, CliRunner.Run("nir", "import", nir, "-o", temp.Path, "--dt", "1ms").ExitCode);

        string back = Path.Combine(temp.Path, "back.nir");
        var export = CliRunner.Run("nir", "export", Path.Combine(temp.Path, "cuba.snn"), "--weights", Path.Combine(temp.Path, "cuba.slw"), "-o", back);
        Assert.True(export.ExitCode == 0, export.Stderr);

        NirGraph exported = NirReader.Read(back).Graph;
        NirNode cell = exported.Find("cell")!;
        Assert.Equal("CubaLIF", cell.Type);
        foreach (string field in new[] { "tau_syn", "tau_mem", "r", "v_leak", "v_threshold", "v_reset", "w_in" })
        {
            Assert.Equal(graph.Find("cell")![field].Values.Select(v => (float)v), cell[field].Values.Select(v => (float)v));
        }

        NirNode affine = exported.Find("in_to_cell")!;
        Assert.Equal(new[] { 0.5f, -1f, 2f, 0.25f }, affine["weight"].Values.Select(v => (float)v));
        Assert.Equal(new[] { 0.1f, -0.2f }, affine["bias"].Values.Select(v => (float)v));
        Assert.Equal(new[] { new NirEdge("in", "in_to_cell"), new NirEdge("in_to_cell", "cell"), new NirEdge("cell", "cell_output") }, exported.Edges);
    }

    [Fact]
    public void A_Leaky_neuron_that_subtracts_its_threshold_is_refused()
    {
        using var temp = new TempDirectory();
        string snn = temp.Write("leaky.snn", """
            network Mlp {
                input x[4]
                population out = Leaky[2]
                connect x -> out dense
            }
            """);

        var export = CliRunner.Run("nir", "export", snn, "-o", Path.Combine(temp.Path, "leaky.nir"));

        Assert.Equal(1, export.ExitCode);
        Assert.Contains("model 'Leaky' cannot be exported to NIR", export.Stderr);
        Assert.Contains("subtracts the threshold", export.Stderr);
    }

    [Fact]
    public void A_Poisson_drive_is_refused_not_left_out()
    {
        using var temp = new TempDirectory();
        string snn = temp.Write("driven.snn", ChipCommandTests.DrivenNetwork);

        var export = CliRunner.Run("nir", "export", snn, "-o", Path.Combine(temp.Path, "driven.nir"));

        Assert.Equal(1, export.ExitCode);
        Assert.Contains("Poisson drive onto 'v'", export.Stderr);
        Assert.False(File.Exists(Path.Combine(temp.Path, "driven.nir")));
    }

    [Fact]
    public void Run_regularly_code_is_refused_not_left_out()
    {
        using var temp = new TempDirectory();
        string snn = temp.Write("regular.snn", (string)ChipCommandTests.Unmappable.First()[0]);

        var export = CliRunner.Run("nir", "export", snn, "-o", Path.Combine(temp.Path, "regular.nir"));

        Assert.Equal(1, export.ExitCode);
        Assert.Contains("run_regularly p every 1 ms", export.Stderr);
        Assert.False(File.Exists(Path.Combine(temp.Path, "regular.nir")));
    }

    [Fact]
    public void A_discrete_leaky_neuron_with_a_reset_value_is_the_LIF_of_the_same_step()
    {
        using var temp = new TempDirectory();
        string snn = temp.Write("discrete.snn", """
            neuron Decay {
                parameters { beta = 0.9; theta = 1 }
                state { mem = 0 }
                update { mem = beta * mem + input }
                threshold mem > theta
                reset { mem = 0 }
            }
            network Net {
                dt = 1 ms
                input x[1]
                population p = Decay[1]
                connect x -> p dense
            }
            """);
        string nir = Path.Combine(temp.Path, "discrete.nir");

        Assert.Equal(0, CliRunner.Run("nir", "export", snn, "-o", nir).ExitCode);

        NirNode p = NirReader.Read(nir).Graph.Find("p")!;
        Assert.Equal("LIF", p.Type);
        double tau = p["tau"].Values[0], r = p["r"].Values[0];
        // One exact LIF step with input I held: v' = e^(−dt/τ)·v + (1 − e^(−dt/τ))·r·I must be 0.9·v + I.
        Assert.Equal(0.9, Math.Exp(-1e-3 / tau), 6);
        Assert.Equal(1.0, (1 - Math.Exp(-1e-3 / tau)) * r, 5);
        Assert.Equal(1.0, p["v_threshold"].Values[0], 6);
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

    [Fact]
    public void An_unknown_timing_is_a_usage_error_that_names_both()
    {
        using var temp = new TempDirectory();

        var import = CliRunner.Run("nir", "import", TestFixtures.Path("nir/lif_norse.nir"), "-o", temp.Path, "--dt", "1ms", "--timing", "zero");

        Assert.Equal(2, import.ExitCode);
        Assert.Contains("--timing: 'zero' is no timing", import.Stderr);
        Assert.Contains("same-step", import.Stderr);
        Assert.Contains("one-step", import.Stderr);
        Assert.False(File.Exists(Path.Combine(temp.Path, "lif_norse.snn")));
    }

    [Fact]
    public void An_unknown_integration_is_a_usage_error_that_names_both()
    {
        using var temp = new TempDirectory();

        var import = CliRunner.Run("nir", "import", TestFixtures.Path("nir/lif_norse.nir"), "-o", temp.Path, "--dt", "1ms", "--integration", "rk4");

        Assert.Equal(2, import.ExitCode);
        Assert.Contains("--integration: 'rk4' is no integration", import.Stderr);
        Assert.Contains("exact", import.Stderr);
        Assert.Contains("euler", import.Stderr);
        Assert.False(File.Exists(Path.Combine(temp.Path, "lif_norse.snn")));
    }

    [Theory]
    [InlineData("same-step", true)]
    [InlineData("one-step", false)]
    public void Same_step_and_one_step_connections_export_alike_and_the_import_timing_chooses(string timing, bool sameStepBack)
    {
        using var temp = new TempDirectory();
        string Network(string sameStep) => $$"""
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
                population b = Cell[2]
                connect x -> a dense{{sameStep}}
                connect a -> b dense{{sameStep}}
                connect b -> b dense
            }
            """;
        string withSameStep = Path.Combine(temp.Path, "same.nir");
        string without = Path.Combine(temp.Path, "one.nir");
        var exported = CliRunner.Run("nir", "export", temp.Write("same.snn", Network(" same_step")), "-o", withSameStep);
        Assert.True(exported.ExitCode == 0, exported.Stderr);
        exported = CliRunner.Run("nir", "export", temp.Write("one.snn", Network("")), "-o", without);
        Assert.True(exported.ExitCode == 0, exported.Stderr);

        // NIR edges carry no delay: the two networks are one graph.
        NirGraph a = NirReader.Read(withSameStep).Graph, b = NirReader.Read(without).Graph;
        Assert.Equal(b.Nodes.Select(n => (n.Name, n.Type)), a.Nodes.Select(n => (n.Name, n.Type)));
        Assert.Equal(b.Edges, a.Edges);

        string back = Path.Combine(temp.Path, "back");
        var import = CliRunner.Run("nir", "import", withSameStep, "-o", back, "--dt", "1ms", "--name", "Net", "--timing", timing);
        Assert.True(import.ExitCode == 0, import.Stderr);
        string text = File.ReadAllText(Path.Combine(back, "same.snn"));
        string sameStep = sameStepBack ? " same_step" : "";
        Assert.Contains($"connect x -> a dense{sameStep}\n", text);
        Assert.Contains($"connect a -> b dense{sameStep}\n", text);
        Assert.Contains("connect b -> b dense\n", text);
    }
}
