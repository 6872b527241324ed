using System;
using System.IO;
using Xunit;
using Xunit.Abstractions;

namespace SpikeLang.Cli.Tests;

/// <summary>Runs the built tool as a real process: exit codes only exist at that boundary.</summary>
public class ProcessTests
{
    private readonly ITestOutputHelper _output;

    public ProcessTests(ITestOutputHelper output) => _output = output;

    private static CliOutcome RunTool(params string[] args) => CliRunner.RunProcess(null, args);

    [Fact]
    public void Example_checks_clean_as_a_process()
    {
        string example = Path.Combine(AppContext.BaseDirectory, "examples", "Cuba", "Cuba.snn");

        var outcome = RunTool("check", example);

        Assert.True(outcome.ExitCode == 0, outcome.Stdout + outcome.Stderr);
        Assert.Equal("1 file checked: no problems", outcome.Stdout.Trim());
    }

    [Fact]
    public void Missing_file_exits_two_as_a_process()
    {
        var outcome = RunTool("check", Path.Combine(AppContext.BaseDirectory, "does-not-exist.snn"));

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("does not exist", outcome.Stderr);
        Assert.DoesNotContain("   at ", outcome.Stderr);
    }

    [Fact]
    [Trait("Requires", "CompilerDiagnostics")]
    public void Syntax_error_exits_one_as_a_process()
    {
        string file = Path.Combine(Path.GetTempPath(), $"spikelang-broken-{Guid.NewGuid():N}.snn");
        File.WriteAllText(file, "neuron {\n");
        try
        {
            var outcome = RunTool("check", file);

            Assert.Equal(1, outcome.ExitCode);
            Assert.Contains("error SL", outcome.Stdout);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Run_as_a_process_prints_one_json_object_and_reports_start_up()
    {
        var outcome = RunTool("run", Path.Combine(AppContext.BaseDirectory, "examples", "Cuba", "Cuba.snn"), "--seed", "0", "--duration", "1s", "--json", "--verbose", "--no-cache");

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        using var json = System.Text.Json.JsonDocument.Parse(outcome.Stdout);
        Assert.Equal(21286, json.RootElement.GetProperty("populations")[0].GetProperty("spikes").GetInt64());
        string startUp = Array.Find(outcome.Stderr.Split('\n'), l => l.StartsWith("spikelang: start-up:", StringComparison.Ordinal))!;
        Assert.NotNull(startUp);
        // Not asserted against a limit (shared CI machines vary); README's figure comes from this line.
        _output.WriteLine(startUp);
    }

    [Fact]
    public void Bad_duration_exits_two_as_a_process()
    {
        var outcome = RunTool("run", Path.Combine(AppContext.BaseDirectory, "examples", "Cuba", "Cuba.snn"), "--duration", "soon");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--duration 'soon' is not a duration", outcome.Stderr);
        Assert.Equal("", outcome.Stdout);
    }
}
