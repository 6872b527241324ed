using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace SpikeLang.Cli.Tests;

public class RunCommandTests
{
    /// <summary>What examples/Cuba (its own C# project, the source generator's class) prints for seed 0 and 1 s.</summary>
    private const int CubaSpikesSeed0 = 21286;

    private const string TwoNetworks = """
        neuron Decay {
            parameters { tau = 10 ms }
            state { v = 0 mV }
            equations { dv/dt = -v / tau }
            threshold v > 1 mV
            reset { v = 0 mV }
        }

        network First {
            dt = 0.1 ms
            population drive = poisson(rate = 100 Hz)[5]
            population n = Decay[3]
            connect drive -> n all on pre { v += 2 mV }
        }

        network Second {
            dt = 1 ms
            population m = Decay[2]
        }
        """;

    private static JsonElement ParseJson(CliOutcome outcome)
    {
        Assert.True(outcome.ExitCode == 0, outcome.Stdout + outcome.Stderr);
        // The whole of stdout is one JSON object: nothing before or after it.
        using var document = JsonDocument.Parse(outcome.Stdout);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        return document.RootElement.Clone();
    }

    private static JsonElement Population(JsonElement json, string name) =>
        json.GetProperty("populations").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name);

    [Fact]
    public void Cuba_json_has_the_documented_shape_and_the_examples_spike_count()
    {
        var json = ParseJson(CliRunner.Run("run", CliRunner.Example("Cuba", "Cuba.snn"), "--seed", "0", "--duration", "1s", "--json"));

        Assert.Equal(["network", "duration_s", "dt_s", "wall_s", "populations", "subgroups"], json.EnumerateObject().Select(p => p.Name));
        Assert.Empty(json.GetProperty("subgroups").EnumerateArray());
        Assert.Equal("Cuba", json.GetProperty("network").GetString());
        Assert.Equal(1.0, json.GetProperty("duration_s").GetDouble(), 12);
        Assert.Equal(0.0001, json.GetProperty("dt_s").GetDouble(), 12);
        Assert.True(json.GetProperty("wall_s").GetDouble() > 0);

        var population = Assert.Single(json.GetProperty("populations").EnumerateArray());
        Assert.Equal(["name", "neurons", "spikes", "rate_hz"], population.EnumerateObject().Select(p => p.Name));
        Assert.Equal("P", population.GetProperty("name").GetString());
        Assert.Equal(4000, population.GetProperty("neurons").GetInt32());
        Assert.Equal(CubaSpikesSeed0, population.GetProperty("spikes").GetInt64());
        double rate = population.GetProperty("rate_hz").GetDouble();
        Assert.InRange(rate, 5.0, 6.5);
        Assert.Equal(CubaSpikesSeed0 / 4000.0, rate, 9);
    }

    [Fact]
    public void Adaptive_threshold_matches_its_example_project()
    {
        // `dotnet run -c Release --project examples/AdaptiveThreshold -- 1 1` prints spikes=71, input_spikes=508.
        var json = ParseJson(CliRunner.Run("run", CliRunner.Example("AdaptiveThreshold", "AdaptiveThreshold.snn"), "--seed", "1", "--duration", "1s", "--json"));

        Assert.Equal(71, Population(json, "n").GetProperty("spikes").GetInt64());
        Assert.Equal(508, Population(json, "drive").GetProperty("spikes").GetInt64());
    }

    [Fact]
    public void Same_seed_gives_the_same_spikes_and_another_seed_other_spikes()
    {
        string cuba = CliRunner.Example("Cuba", "Cuba.snn");
        long Spikes(string seed) => Population(ParseJson(CliRunner.Run("run", cuba, "--seed", seed, "--duration", "200ms", "--json")), "P").GetProperty("spikes").GetInt64();

        long first = Spikes("7");
        Assert.Equal(first, Spikes("7"));
        Assert.NotEqual(first, Spikes("8"));
    }

    [Fact]
    public void Threads_change_only_the_speed_and_a_negative_count_is_refused()
    {
        // 140 000 neurons: CUBA's update and delivery split into two parts on two threads.
        string cuba = CliRunner.Example("Cuba", "Cuba.snn");
        long Spikes(string threads) => Population(ParseJson(CliRunner.Run("run", cuba, "--param", "n=140000", "--duration", "50ms", "--threads", threads, "--json")), "P").GetProperty("spikes").GetInt64();

        long one = Spikes("1");
        Assert.True(one > 1000, $"{one} spikes");
        Assert.Equal(one, Spikes("2"));
        Assert.Equal(one, Spikes("0"));

        var refused = CliRunner.Run("run", cuba, "--threads", "-1");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--threads -1 must be 0 (one per core) or more", refused.Stderr);

        var tooMany = CliRunner.Run("run", cuba, "--threads", "100000");
        Assert.Equal(2, tooMany.ExitCode);
        Assert.Contains("--threads 100000 is more than 1024", tooMany.Stderr);
    }

    [Fact]
    public void Summary_lists_every_population_with_rate_and_wall_time()
    {
        var outcome = CliRunner.Run("run", CliRunner.Example("AdaptiveThreshold", "AdaptiveThreshold.snn"), "--seed", "1");

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.Contains("AdaptiveThreshold: 1 s simulated in 10000 steps of 0.1 ms (seed 1)", outcome.Stdout);
        Assert.Matches(@"(?m)^\s+drive\s+1\s+508\s+508\s*$", outcome.Stdout);
        Assert.Matches(@"(?m)^\s+n\s+1\s+71\s+71\s*$", outcome.Stdout);
        Assert.Contains("wall time ", outcome.Stdout);
    }

    [Fact]
    public void Redirected_output_reports_progress_as_plain_lines_on_stderr()
    {
        var outcome = CliRunner.Run("run", CliRunner.Example("Cuba", "Cuba.snn"), "--duration", "1s", "--json");

        Assert.Equal(0, outcome.ExitCode);
        var lines = outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10, lines.Length);
        Assert.StartsWith("spikelang: Cuba  10%", lines[0]);
        Assert.StartsWith("spikelang: Cuba 100%  1.000 s of 1 s simulated", lines[^1]);
        Assert.Contains("spikes/s", lines[^1]);
        Assert.False((outcome.Stderr + outcome.Stdout).Contains('\u001b'), "no terminal escape codes when output is redirected");
    }

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("0.2", 0.2)]
    [InlineData("1.5s", 1.5)]
    [InlineData("2e-1 s", 0.2)]
    public void Durations_take_units_or_seconds(string duration, double seconds)
    {
        var json = ParseJson(CliRunner.Run("run", CliRunner.Example("IfCurve", "IfCurve.snn"), "--duration", duration, "--json"));

        Assert.Equal(seconds, json.GetProperty("duration_s").GetDouble(), 9);
    }

    [Fact]
    public void Network_parameters_are_set_by_name()
    {
        var json = ParseJson(CliRunner.Run("run", CliRunner.Example("Cuba", "Cuba.snn"), "--param", "n=1000", "--duration", "100ms", "--json"));

        Assert.Equal(1000, Population(json, "P").GetProperty("neurons").GetInt32());
    }

    [Fact]
    public void Unknown_parameter_is_a_usage_error_listing_the_valid_ones()
    {
        var outcome = CliRunner.Run("run", CliRunner.Example("IfCurve", "IfCurve.snn"), "--param", "neurons=10");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("spikelang: error: --param: unknown parameter 'neurons'; the parameters of network 'IfCurve' are: n (1), i_max (A)", outcome.Stderr.Trim());
        Assert.Equal("", outcome.Stdout);
    }

    [Fact]
    public void Parameter_the_network_rejects_is_a_usage_error()
    {
        var outcome = CliRunner.Run("run", CliRunner.Example("Cuba", "Cuba.snn"), "--param", "n=7");

        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("spikelang: error: --param: ", outcome.Stderr);
        Assert.DoesNotContain("   at ", outcome.Stderr);
    }

    [Theory]
    [InlineData("n")]
    [InlineData("n=")]
    [InlineData("n=abc")]
    [InlineData("=5")]
    public void Malformed_parameter_is_a_usage_error(string parameter)
    {
        var outcome = CliRunner.Run("run", CliRunner.Example("Cuba", "Cuba.snn"), "--param", parameter);

        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("spikelang: error: --param", outcome.Stderr);
    }

    [Fact]
    public void Missing_file_exits_two()
    {
        using var dir = new TempDirectory();
        string missing = Path.Combine(dir.Path, "nope.snn");

        var outcome = CliRunner.Run("run", missing);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"spikelang: error: file '{missing}' does not exist", outcome.Stderr.Trim());
        Assert.Equal("", outcome.Stdout);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1s")]
    [InlineData("0")]
    [InlineData("10 parsecs")]
    [InlineData("1,5s")]
    [InlineData("")]
    public void Bad_duration_exits_two_with_a_clear_message(string duration)
    {
        var outcome = CliRunner.Run("run", CliRunner.Example("Cuba", "Cuba.snn"), "--duration", duration);

        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("spikelang: error: --duration ", outcome.Stderr);
        Assert.DoesNotContain("   at ", outcome.Stderr);
        Assert.Equal("", outcome.Stdout);
    }

    [Fact]
    public void Duration_shorter_than_a_step_exits_two()
    {
        var outcome = CliRunner.Run("run", CliRunner.Example("Cuba", "Cuba.snn"), "--duration", "10us");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("spikelang: error: --duration 10us is shorter than one time step (dt = 0.1 ms)", outcome.Stderr.Trim());
    }

    [Fact]
    public void Unknown_network_exits_two_listing_the_networks()
    {
        var outcome = CliRunner.Run("run", CliRunner.Example("Cuba", "Cuba.snn"), "--network", "Nope");

        Assert.Equal(2, outcome.ExitCode);
        Assert.EndsWith("has no network 'Nope'; its networks: Cuba", outcome.Stderr.Trim());
    }

    [Fact]
    public void Several_networks_need_network_and_it_chooses_one()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("two.snn", TwoNetworks);

        var ambiguous = CliRunner.Run("run", file);
        Assert.Equal(2, ambiguous.ExitCode);
        Assert.Equal($"spikelang: error: {file} declares 2 networks; choose one with --network: First, Second", ambiguous.Stderr.Trim());

        var second = ParseJson(CliRunner.Run("run", file, "--network", "Second", "--json"));
        Assert.Equal("Second", second.GetProperty("network").GetString());
        Assert.Equal(0.001, second.GetProperty("dt_s").GetDouble(), 12);
    }

    [Fact]
    public void Snn_errors_are_reported_like_check_and_exit_one()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("broken.snn", "network X {\n    dt = 0.1 ms\n    population p = Nope[3]\n}\n");

        var outcome = CliRunner.Run("run", file, "--json");
        var check = CliRunner.Run("check", file);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal("", outcome.Stdout);
        string diagnostic = check.Stdout.Split('\n')[0].TrimEnd();
        Assert.StartsWith($"{file}(3,", diagnostic);
        Assert.Contains(": error SL", diagnostic);
        Assert.StartsWith(diagnostic, outcome.Stderr);
    }

    [Fact]
    public void File_without_networks_exits_two()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("model.snn", TwoNetworks[..(TwoNetworks.IndexOf("network", StringComparison.Ordinal))]);

        var outcome = CliRunner.Run("run", file);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("declares no network", outcome.Stderr);
    }

    [Fact]
    public void Output_folder_under_a_regular_file_exits_two_before_running()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("plain.txt", "not a folder");
        string output = Path.Combine(file, "out");

        var outcome = CliRunner.Run("run", CliRunner.Example("Cuba", "Cuba.snn"), "--out", output);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"spikelang: error: cannot write to output folder '{output}': '{file}' is a file, not a folder", outcome.Stderr.Trim());
        Assert.Equal("", outcome.Stdout);
    }

    [Fact]
    public void Output_folder_that_is_a_file_exits_two()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("plain.txt", "not a folder");

        var outcome = CliRunner.Run("run", CliRunner.Example("Cuba", "Cuba.snn"), "--out", file);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"spikelang: error: cannot write to output folder '{file}': it is a file", outcome.Stderr.Trim());
    }

    [Fact]
    public void Cached_simulator_gives_the_same_result()
    {
        string file = CliRunner.Example("IfCurve", "IfCurve.snn");

        var compiled = CliRunner.Run("run", file, "--duration", "300ms", "--json", "--verbose", "--no-cache");
        CliRunner.Run("run", file, "--duration", "10ms", "--json");
        var cached = CliRunner.Run("run", file, "--duration", "300ms", "--json", "--verbose");

        Assert.Contains("compile C#", compiled.Stderr);
        Assert.Contains("load cached C# build", cached.Stderr);
        Assert.Equal(
            Population(ParseJson(compiled), "lif").GetProperty("spikes").GetInt64(),
            Population(ParseJson(cached), "lif").GetProperty("spikes").GetInt64());
    }

    [Fact]
    public void Verbose_reports_start_up_to_the_first_step()
    {
        var outcome = CliRunner.Run("run", CliRunner.Example("Cuba", "Cuba.snn"), "--duration", "100ms", "--verbose");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Matches(@"spikelang: timings: compile \.snn \d+ ms, (compile C#|load cached C# build) \d+ ms, construct \d+ ms, simulate \d+ ms", outcome.Stderr);
        Assert.Matches(@"spikelang: start-up: first simulated step done \d+\.\d{3} s after Main", outcome.Stderr);
    }

    [Fact]
    public void A_diverging_run_warns_and_its_json_names_the_first_non_finite_value()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("stiff.snn", """
            neuron Stiff {
                parameters { tau = 0.01 ms }
                state { v = 1 mV }
                equations { dv/dt = -v / tau }
                method euler
            }
            network D { population a = Stiff[4] }
            """);

        var outcome = CliRunner.Run("run", file, "--duration", "20ms", "--json");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("spikelang: warning: ", outcome.Stderr);
        Assert.Contains("v of neuron 0 of population 'a' is", outcome.Stderr);
        var nonFinite = ParseJson(outcome).GetProperty("non_finite");
        Assert.Equal("a", nonFinite.GetProperty("population").GetString());
        Assert.Equal("v", nonFinite.GetProperty("variable").GetString());
        Assert.Equal(0, nonFinite.GetProperty("neuron").GetInt32());
        Assert.InRange(nonFinite.GetProperty("step").GetInt64(), 30, 200);
    }

    public static TheoryData<string> ExampleFiles() => CheckCommandTests.ExampleFiles();

    // Every example of the repository runs; those whose input comes from the host (FashionMnist) simply stay silent.
    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Example_runs(string example)
    {
        var json = ParseJson(CliRunner.Run("run", Path.Combine(AppContext.BaseDirectory, "examples", example), "--duration", "100ms", "--json"));

        Assert.NotEmpty(json.GetProperty("populations").EnumerateArray());
        Assert.All(json.GetProperty("populations").EnumerateArray(), p => Assert.True(p.GetProperty("neurons").GetInt32() > 0));
    }

    private const string Phased = """
        neuron Drifting {
            state { v = 0 mV; drive = 0 mV }
            equations { dv/dt = (drive - v) / (10 ms) }
            threshold v > 1 mV
            reset { v = 0 mV }
        }
        network Phased {
            population P = Drifting[4]
            protocol {
                phase rest 2 ms
                phase driven 3 ms { P.drive = 5 mV }
            }
        }
        """;

    [Fact]
    public void A_network_with_a_protocol_runs_it_to_its_end_unless_a_duration_is_given()
    {
        using var temp = new TempDirectory();
        string file = temp.Write("phased.snn", Phased);

        var whole = ParseJson(CliRunner.Run("run", file, "--json"));
        Assert.Equal(0.005, whole.GetProperty("duration_s").GetDouble(), 9);
        var phases = whole.GetProperty("phases").EnumerateArray().Select(p => (p.GetProperty("name").GetString()!, p.GetProperty("start_s").GetDouble())).ToList();
        Assert.Equal(new[] { ("rest", 0.0), ("driven", 0.002) }, phases);
        Assert.True(whole.GetProperty("populations")[0].GetProperty("spikes").GetInt64() > 0, "the second phase drives the neurons over threshold");

        var first = ParseJson(CliRunner.Run("run", file, "--json", "--duration", "2ms"));
        Assert.Equal(0.002, first.GetProperty("duration_s").GetDouble(), 9);
        Assert.Equal(0, first.GetProperty("populations")[0].GetProperty("spikes").GetInt64());

        var text = CliRunner.Run("run", file);
        Assert.Contains("protocol: rest 0 s-2 ms, driven 2 ms-5 ms", text.Stdout);
    }
}
