using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace SpikeLang.Cli.Tests;

public class ChipCommandTests
{
    [Fact]
    public void Cuba_maps_checks_and_reports()
    {
        using var temp = new TempDirectory();
        var outcome = CliRunner.Run("chip", CliRunner.Example("Cuba", "Cuba.snn"), "--target", "loihi1", "--out", temp.Path, "--steps", "200");
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.Contains("checked: the tables read back and the fixed-point model give the same", outcome.Stdout);
        Assert.Contains("P: 4000 neuron(s) x 2 compartment(s) [ge, gi]", outcome.Stdout);

        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.Path, "report.json")));
        JsonElement root = report.RootElement;
        Assert.Equal(1, root.GetProperty("chips").GetInt32());
        Assert.True(root.GetProperty("cores").GetInt32() >= 8, "4000 two-compartment neurons need at least 8 cores of 1024 compartments");
        Assert.All(root.GetProperty("peakUtilization").EnumerateObject(), p => Assert.InRange(p.Value.GetDouble(), 0, 1));
        JsonElement traffic = root.GetProperty("traffic");
        Assert.True(traffic.GetProperty("energyPerStepJoules").GetDouble() > 0);
        Assert.Contains("Davies", traffic.GetProperty("energyPerEventJoules").GetProperty("source").GetString());
    }

    [Fact]
    public void The_spiking_cnn_example_maps_with_each_convolution_expanded_and_its_cost_shown()
    {
        using var temp = new TempDirectory();
        var outcome = CliRunner.Run("chip", CliRunner.Example("SpikingCnn", "SpikingCnn.snn"), "--out", temp.Path, "--steps", "100", "--input-rate", "50");
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.Contains("checked: the tables read back and the fixed-point model give the same", outcome.Stdout);
        // 8 output channels of a 3×3 kernel over 28×28 with padding 1: 8 · 82² = 53 792 synapses for 72 kernel weights.
        Assert.Contains("img -> c1 (conv2d, 72 shared weight(s)): 53792 synapse(s)", outcome.Stdout);
        Assert.Contains("c1 -> p1 (sum_pool2d, 1 shared weight(s)): 6272 synapse(s)", outcome.Stdout);
    }

    [Fact]
    public void The_same_file_gives_the_same_bytes()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        string cuba = CliRunner.Example("Cuba", "Cuba.snn");
        Assert.Equal(0, CliRunner.Run("chip", cuba, "--out", first.Path, "--steps", "50").ExitCode);
        Assert.Equal(0, CliRunner.Run("chip", cuba, "--out", second.Path, "--steps", "50").ExitCode);
        string[] files = Directory.GetFiles(first.Path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(first.Path, f)).Order().ToArray();
        Assert.Equal(files, Directory.GetFiles(second.Path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(second.Path, f)).Order());
        Assert.All(files, file => Assert.Equal(File.ReadAllBytes(Path.Combine(first.Path, file)), File.ReadAllBytes(Path.Combine(second.Path, file))));
    }

    [Fact]
    public void A_nonlinear_model_is_an_error_naming_population_and_reason()
    {
        using var temp = new TempDirectory();
        string file = temp.Write("quad.snn", """
            neuron Quad {
                parameters { tau = 10 ms }
                state { v = 0 mV }
                equations { dv/dt = (v * v / (1 mV) + 1 mV) / tau }
                threshold v > 10 mV
                reset { v = 0 mV }
            }
            network Q { population p = Quad[10] }
            """);
        var outcome = CliRunner.Run("chip", file, "--out", Path.Combine(temp.Path, "out"));
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("Population 'p' (model Quad) has no integer equivalent", outcome.Stderr);
        Assert.Contains("not affine", outcome.Stderr);
        Assert.DoesNotContain("   at ", outcome.Stderr);
    }

    [Fact]
    public void A_moving_threshold_is_an_error_naming_population_and_reason()
    {
        using var temp = new TempDirectory();
        var outcome = CliRunner.Run("chip", CliRunner.Example("AdaptiveThreshold", "AdaptiveThreshold.snn"), "--out", temp.Path);
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("Population 'n' (model AdaptiveLif)", outcome.Stderr);
        Assert.Contains("fixed threshold", outcome.Stderr);
    }

    /// <summary>A small network with a Poisson drive: its input cannot be put on a chip, and must not be silently left out.</summary>
    internal const string DrivenNetwork = """
        network Driven {
            population p = Lif[10]
            drive p.v += poisson(n = 100, rate = 10 Hz, weight = 0.1 mV)
        }
        """;

    [Fact]
    public void A_Poisson_drive_is_an_error_naming_it_not_input_left_out()
    {
        using var temp = new TempDirectory();
        string file = temp.Write("driven.snn", DrivenNetwork);
        var outcome = CliRunner.Run("chip", file, "--out", Path.Combine(temp.Path, "out"));
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("Poisson drive of p.v", outcome.Stderr);
        Assert.Contains("'poisson' population", outcome.Stderr);
        Assert.DoesNotContain("   at ", outcome.Stderr);
    }

    /// <summary>Networks with a part that neither chips nor NIR can hold, and the words their refusal names it by.</summary>
    public static TheoryData<string, string> Unmappable => new()
    {
        {
            """
            network Regular {
                population p = Lif[10]
                run_regularly p every 1 ms { v = -70 mV }
            }
            """, "run_regularly p every 1 ms"
        },
        {
            """
            neuron Coupled {
                state { v = 0; I = 0 }
                equations { dv/dt = (I - v) / (10 ms) }
                threshold v > 1
                reset { v = 0 }
            }
            synapse Gap { equations { I_post = 0.1 * (v_pre - v_post) (summed) } }
            network Summed {
                population p = Coupled[10]
                connect p -> p all synapse Gap
            }
            """, "(summed)"
        },
    };

    [Theory]
    [MemberData(nameof(Unmappable))]
    public void A_part_with_no_chip_equivalent_is_an_error_naming_it(string network, string named)
    {
        using var temp = new TempDirectory();
        string file = temp.Write("unmappable.snn", network);
        var outcome = CliRunner.Run("chip", file, "--out", Path.Combine(temp.Path, "out"));
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains(named, outcome.Stderr);
        Assert.DoesNotContain("   at ", outcome.Stderr);
    }

    [Fact]
    public void An_unknown_target_is_a_usage_error()
    {
        using var temp = new TempDirectory();
        var outcome = CliRunner.Run("chip", CliRunner.Example("Cuba", "Cuba.snn"), "--target", "truenorth", "--out", temp.Path);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("'truenorth' is not a known chip", outcome.Stderr);
    }

    [Fact]
    public void A_weight_file_that_does_not_match_is_a_usage_error()
    {
        using var temp = new TempDirectory();
        string weights = temp.Write("bad.slw", "not a weight file");
        var outcome = CliRunner.Run("chip", CliRunner.Example("Cuba", "Cuba.snn"), "--out", Path.Combine(temp.Path, "out"), "--weights", weights);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--weights", outcome.Stderr);
    }
}
