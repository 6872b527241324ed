using System;
using System.IO;
using System.Linq;
using SpikeLang.Cli.Simulation;
using SpikeLang.Neuromorphic.Nir;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Cli.Tests.Nir;

/// <summary>
/// Spiking CNNs through <c>spikelang nir import</c> and <c>export</c>, built and driven step by step: a Sinabs-style
/// graph spikes as its PyTorch reference (tests/fixtures/nir/cnn_sinabs_style.*, written by
/// bench/nir/make_cnn_fixture.py), a CNN exported by snnTorch spikes as snnTorch's own forward pass did
/// (tests/fixtures/nir/cnn_snntorch.*, written by bench/nir/make_snntorch_fixture.py), and the SpikingCnn and
/// FashionMnistConv examples export and import back to the same network.
/// </summary>
public class NirConvolutionRunTests
{
    [Fact]
    public void A_Sinabs_style_CNN_spikes_as_its_PyTorch_reference()
    {
        using var temp = new TempDirectory();
        // Sinabs' IAF is v += input each step: NIR's IF with r = 1 over a step of 1 s.
        string snn = RecordedNirFixture.Import(temp.Path, "cnn_sinabs_style", "--dt", "1s");
        Assert.Contains("connect input_ -> if1 conv2d(kernel = 3, padding = 1) same_step", snn);
        Assert.Contains("connect if1 -> if2 sum_pool2d(kernel = 2) same_step", snn);
        RecordedNirFixture.AssertSpikesAsRecorded(temp.Path, "cnn_sinabs_style", "input_");
    }

    [Fact]
    public void An_snnTorch_CNN_spikes_as_snnTorch_ran_it()
    {
        using var temp = new TempDirectory();
        // snnTorch's export writes Leaky's beta as the LIF whose forward Euler step at dt = 1e-4 s is
        // mem = beta * mem + input (tau = dt / (1 - beta), r = tau / dt): that step and that integration.
        string snn = RecordedNirFixture.Import(temp.Path, "cnn_snntorch", "--dt", "0.1ms", "--integration", "euler");
        Assert.Contains("    method euler\n", snn);
        Assert.Contains("connect input_ -> lif1 conv2d(kernel = 3, padding = 1) same_step", snn);
        // AvgPool2d -> Flatten -> Linear has no neurons between: the pooling is part of the dense matrix.
        Assert.Contains("connect lif1 -> lif2 dense same_step", snn);
        RecordedNirFixture.AssertSpikesAsRecorded(temp.Path, "cnn_snntorch", "input_");
    }

    /// <summary>NIR resets to a value; the examples' Leaky subtracts its threshold, so they are exported with a reset to 0.</summary>
    private const string LeakyZero = """
        neuron LeakyZero {
            parameters { beta = 0.95; theta = 1.0 }
            state { mem = 0 }
            update { mem = beta * mem + input }
            threshold mem > theta
            reset { mem = 0 }
        }

        """;

    [Fact]
    public void The_SpikingCnn_example_exports_and_imports_back_with_the_same_weights_and_spikes() =>
        // The example's connections take one step each; one-step timing gives that back.
        AssertRoundTrip("SpikingCnn", "SpikingCnn", text => text.Replace("= Leaky(beta", "= LeakyZero(beta", StringComparison.Ordinal), "1ms", "one-step",
            new[]
            {
                "input img[1, 28, 28]", "population c1 = NirLif[8, 28, 28]", "population p1 = NirLif[8, 14, 14]", "population c2 = NirLif[16, 14, 14]",
                "population p2 = NirLif[16, 7, 7]", "population out = NirLif[10]",
                "connect img -> c1 conv2d(kernel = 3, padding = 1)\n", "connect c1 -> p1 sum_pool2d(kernel = 2)\n",
                "connect p1 -> c2 conv2d(kernel = 3, padding = 1)\n", "connect c2 -> p2 sum_pool2d(kernel = 2)\n", "connect p2 -> out dense\n",
            },
            new[] { "img_to_c1", "p1_to_c2", "p2_to_out" });

    [Fact]
    public void The_FashionMnistConv_example_exports_and_imports_back_with_the_same_weights_and_spikes() =>
        // The example keeps the default step of 0.1 ms. Every connection of it is same_step, which same-step timing gives
        // back; SpikeMax (mem = input, no memory) is a NIR Threshold node and comes back as NirThreshold. NIR has no max
        // pooling: the pooled spikes are written as a sum pooling, which gives SpikeMax (spiking above 0.5) the same spikes.
        // Batch normalization is exported folded into the kernels, as the simulator runs it.
        AssertRoundTrip("FashionMnistConv", "FashionCnn", text => text.Replace("= Leaky(beta", "= LeakyZero(beta", StringComparison.Ordinal)
                .Replace("max_pool2d", "sum_pool2d", StringComparison.Ordinal), "0.1ms", "same-step",
            new[]
            {
                "input img[1, 28, 28]", "population conv1 = NirLif[16, 28, 28]", "population pool1 = NirThreshold[16, 14, 14]",
                "population conv2 = NirLif[32, 14, 14]", "population pool2 = NirThreshold[32, 7, 7]", "population hidden = NirLif[128]",
                "population out = NirLif[10]",
                "connect img -> conv1 conv2d(kernel = 3, padding = 1) same_step\n", "connect conv1 -> pool1 sum_pool2d(kernel = 2) same_step\n",
                "connect pool1 -> conv2 conv2d(kernel = 3, padding = 1) same_step\n", "connect conv2 -> pool2 sum_pool2d(kernel = 2) same_step\n",
                "connect pool2 -> hidden dense same_step\n", "connect hidden -> out dense same_step\n",
            },
            new[] { "img_to_conv1", "pool1_to_conv2", "pool2_to_hidden", "hidden_to_out" });

    /// <param name="dt">The example's time step: the export turns its β into the LIF's tau for that step, so the import steps by it too.</param>
    private static void AssertRoundTrip(string example, string network, Func<string, string> exportable, string dt, string timing, string[] lines, string[] connections)
    {
        using var temp = new TempDirectory();
        string text = File.ReadAllText(CliRunner.Example(example, example + ".snn"));
        string snn = temp.Write(example + ".snn", exportable(text.Replace($"network {network} {{", LeakyZero + $"network {network} {{", StringComparison.Ordinal)));
        string nir = Path.Combine(temp.Path, example + ".nir");
        var export = CliRunner.Run("nir", "export", snn, "-o", nir);
        Assert.True(export.ExitCode == 0, export.Stderr);
        string back = Path.Combine(temp.Path, "back");
        var import = CliRunner.Run("nir", "import", nir, "-o", back, "--dt", dt, "--timing", timing, "--name", network);
        Assert.True(import.ExitCode == 0, import.Stderr);

        string imported = File.ReadAllText(Path.Combine(back, example + ".snn"));
        foreach (string line in lines)
        {
            Assert.Contains("    " + line, imported);
        }

        // The weights the import writes are those of the NIR file, value for value.
        string slw = Path.Combine(back, example + ".slw");
        WeightSet weights = WeightFile.Load(slw);
        NirGraph graph = NirReader.Read(nir).Graph;
        foreach (string connection in connections)
        {
            Assert.Equal(graph.Find(connection)!["weight"].ToSingle(), weights.Find(connection + ".w")!.Values);
            Assert.Equal(graph.Find(connection)!["bias"].ToSingle(), weights.Find(connection + ".b")!.Values);
        }

        // Both networks with those weights, on the same input spikes: the same spikes in every population.
        var random = new Random(5);
        var input = Enumerable.Range(0, 30).Select(_ => Enumerable.Range(0, 784).Where(_ => random.NextDouble() < 0.4).ToArray()).ToList();
        using var original = BuiltNetwork.Build(snn, null, "NirCnnOriginal" + network, 0, slw, TextWriter.Null, out int originalExit);
        using var roundTripped = BuiltNetwork.Build(Path.Combine(back, example + ".snn"), null, "NirCnnImported" + network, 0, slw, TextWriter.Null, out int importedExit);
        Assert.True(original is not null && roundTripped is not null, $"exit {originalExit}, {importedExit}");
        var before = NetworkDriver.Drive(original!.Network, "img", input.Count, step => input[step]);
        var after = NetworkDriver.Drive(roundTripped!.Network, "img", input.Count, step => input[step]);
        foreach (string population in before.Keys)
        {
            Assert.True(before[population].Count > 10, $"{population} spikes {before[population].Count} times: the test would show little");
            Assert.Equal(before[population], after[population]);
        }
    }
}
