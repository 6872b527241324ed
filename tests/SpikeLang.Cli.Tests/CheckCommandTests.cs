using System;
using System.IO;
using System.Linq;
using Xunit;

namespace SpikeLang.Cli.Tests;

public class CheckCommandTests
{
    private const string CleanNeuron = """
        neuron Decay {
            parameters { tau = 10 ms }
            state { v = 0 mV }
            equations { dv/dt = -v / tau }
            threshold v > 1 mV
            reset { v = 0 mV }
        }
        """;

    private const string NetworkUsingDecay = """
        network OneDecay {
            dt = 0.1 ms
            population n = Decay[10]
            record spikes n
        }
        """;

    [Fact]
    public void Clean_file_exits_zero_with_summary()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("decay.snn", CleanNeuron);

        var outcome = CliRunner.Run("check", file);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("1 file checked: no problems", outcome.Stdout.Trim());
        Assert.Equal("", outcome.Stderr);
    }

    [Theory]
    [InlineData("""
        network N {
            population a = Lif[10]
            connect a -> a fixed_indegree 2 if i != j
        }
        """, "SL0500", "(3,40): error SL0500: The C# simulator cannot run this yet: a condition together with fixed_indegree")]
    [InlineData("""
        network N {
            population noise = poisson(rate = 5 Hz)[4]
            population out = Leaky[2]
            connect noise -> out dense
            train { steps 4; loss cross_entropy(spike_count(out)) }
        }
        """, "SL0501", "(2,5): error SL0501: The generated trainer cannot train this yet: training a network with the Poisson population 'noise'")]
    public void Check_reports_what_only_the_backends_refuse(string text, string id, string located)
    {
        using var dir = new TempDirectory();
        string file = dir.Write("backend.snn", text);

        var outcome = CliRunner.Run("check", file);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains(id, outcome.Stdout + outcome.Stderr);
        Assert.Contains(located, outcome.Stdout + outcome.Stderr);
        Assert.DoesNotContain("internal error", outcome.Stdout + outcome.Stderr);
    }

    [Fact]
    public void Quiet_prints_only_the_summary()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("decay.snn", CleanNeuron);

        var outcome = CliRunner.Run("check", "--quiet", file);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("1 file checked: no problems", outcome.Stdout.Trim());
    }

    [Fact]
    public void Missing_file_exits_two_with_one_line_message_and_no_stack_trace()
    {
        using var dir = new TempDirectory();
        string missing = Path.Combine(dir.Path, "nope.snn");

        var outcome = CliRunner.Run("check", missing);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"spikelang: error: file '{missing}' does not exist", outcome.Stderr.Trim());
        Assert.DoesNotContain("   at ", outcome.Stderr);
        Assert.Equal("", outcome.Stdout);
    }

    [Fact]
    public void Missing_file_is_reported_even_when_other_files_exist()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("decay.snn", CleanNeuron);

        var outcome = CliRunner.Run("check", file, Path.Combine(dir.Path, "nope.snn"));

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("nope.snn' does not exist", outcome.Stderr);
    }

    [Fact]
    public void Check_without_files_exits_two()
    {
        var outcome = CliRunner.Run("check");

        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("spikelang: error: ", outcome.Stderr);
        Assert.DoesNotContain("   at ", outcome.Stderr);
    }

    [Fact]
    public void No_arguments_at_all_exits_two()
    {
        var outcome = CliRunner.Run();

        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("spikelang: error: ", outcome.Stderr);
    }

    [Fact]
    public void Unknown_option_exits_two()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("decay.snn", CleanNeuron);

        var outcome = CliRunner.Run("check", "--frobnicate", file);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--frobnicate", outcome.Stderr);
    }

    [Fact]
    public void Unexpected_failure_is_an_internal_error_without_stack_trace()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int exitCode = CliApp.Run(null!, stdout, stderr);

        Assert.Equal(3, exitCode);
        Assert.StartsWith("spikelang: internal error: ", stderr.ToString());
        Assert.DoesNotContain("   at ", stderr.ToString());
    }

    [Fact]
    public void Help_exits_zero_and_lists_check()
    {
        var outcome = CliRunner.Run("--help");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("check", outcome.Stdout);
    }

    [Fact]
    public void Invalid_utf8_is_a_usage_error()
    {
        using var dir = new TempDirectory();
        string file = Path.Combine(dir.Path, "latin1.snn");
        File.WriteAllBytes(file, [0x2F, 0x2F, 0x20, 0xE9, 0x74, 0xE9, 0x0A]);

        var outcome = CliRunner.Run("check", file);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"spikelang: error: file '{file}' is not valid UTF-8", outcome.Stderr.Trim());
    }

    [Fact]
    public void Directory_checks_every_snn_file_below_it()
    {
        using var dir = new TempDirectory();
        dir.Write("models/decay.snn", CleanNeuron);
        dir.Write("networks/deep/one.snn", NetworkUsingDecay);
        dir.Write("notes.txt", "not a model");

        var outcome = CliRunner.Run("check", dir.Path);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("2 files checked: no problems", outcome.Stdout.Trim());
    }

    [Fact]
    public void File_named_twice_is_checked_once()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("decay.snn", CleanNeuron);

        var outcome = CliRunner.Run("check", file, dir.Path);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("1 file checked: no problems", outcome.Stdout.Trim());
    }

    [Fact]
    public void Directory_without_snn_files_exits_two()
    {
        using var dir = new TempDirectory();
        dir.Write("readme.txt", "nothing here");

        var outcome = CliRunner.Run("check", dir.Path);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"spikelang: error: directory '{dir.Path}' contains no .snn files", outcome.Stderr.Trim());
    }

    [Fact]
    public void Two_files_are_compiled_together()
    {
        using var dir = new TempDirectory();
        string model = dir.Write("decay.snn", CleanNeuron);
        string network = dir.Write("net.snn", NetworkUsingDecay);

        var outcome = CliRunner.Run("check", network, model);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("2 files checked: no problems", outcome.Stdout.Trim());
    }

    public static TheoryData<string> ExampleFiles()
    {
        string examples = Path.Combine(AppContext.BaseDirectory, "examples");
        return new TheoryData<string>(Directory.GetFiles(examples, "*.snn", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(examples, f))
            .Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Examples_are_present()
    {
        Assert.NotEmpty(ExampleFiles());
    }

    // Each example on its own, as each is its own project.
    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Example_checks_clean(string example)
    {
        string file = Path.Combine(AppContext.BaseDirectory, "examples", example);

        var outcome = CliRunner.Run("check", file);

        Assert.True(outcome.ExitCode == 0, outcome.Stdout + outcome.Stderr);
        Assert.Equal("1 file checked: no problems", outcome.Stdout.Trim());
    }

    // These depend on the compiler rejecting malformed input, hence the trait to filter on.

    [Fact]
    [Trait("Requires", "CompilerDiagnostics")]
    public void Syntax_error_exits_one_with_canonical_diagnostic()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("broken.snn", "neuron {\n");

        var outcome = CliRunner.Run("check", file);

        Assert.Equal(1, outcome.ExitCode);
        string[] lines = outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith(file + "(", StringComparison.Ordinal) && l.Contains("): error SL", StringComparison.Ordinal));
        Assert.Matches(@"^1 file checked: \d+ errors?(, \d+ warnings?)?$", lines[^1]);
        Assert.Equal("", outcome.Stderr);
    }

    [Fact]
    [Trait("Requires", "CompilerDiagnostics")]
    public void Errors_are_sorted_by_file_and_only_summary_is_printed_when_quiet()
    {
        using var dir = new TempDirectory();
        string b = dir.Write("b.snn", "garbage ^^^\n");
        string a = dir.Write("a.snn", "neuron {\n");

        var loud = CliRunner.Run("check", b, a);
        var quiet = CliRunner.Run("check", "-q", b, a);

        Assert.Equal(1, loud.ExitCode);
        string[] errors = loud.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.Contains(": error SL", StringComparison.Ordinal))
            .ToArray();
        Assert.Contains(errors, l => l.StartsWith(a + "(", StringComparison.Ordinal));
        Assert.Contains(errors, l => l.StartsWith(b + "(", StringComparison.Ordinal));
        int lastA = Array.FindLastIndex(errors, l => l.StartsWith(a + "(", StringComparison.Ordinal));
        int firstB = Array.FindIndex(errors, l => l.StartsWith(b + "(", StringComparison.Ordinal));
        Assert.True(lastA < firstB, loud.Stdout);

        Assert.Equal(1, quiet.ExitCode);
        Assert.Matches(@"^2 files checked: \d+ errors?(, \d+ warnings?)?$", quiet.Stdout.Trim());
    }
}
