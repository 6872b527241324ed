using System;
using System.Diagnostics;
using System.IO;
using Xunit;

namespace SpikeLang.Cli.Tests;

/// <summary>Runs the built tool as a real process: exit codes only exist at that boundary.</summary>
public class ProcessTests
{
    private static CliOutcome RunTool(params string[] args)
    {
        // The SDK sets DOTNET_HOST_PATH for processes it starts, which pins the same dotnet.
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "spikelang.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("spikelang did not exit within a minute");
        }
        return new CliOutcome(process.ExitCode, stdout, stderr.GetAwaiter().GetResult());
    }

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
}
