using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Cli.Tests;

/// <summary>
/// Ctrl-C during a long recorded run, sent as SIGINT to a real process: the run stops after the step it is in,
/// prints the summary so far, completes what it recorded (whole files, no temporary ones) and exits with 130.
/// </summary>
public class InterruptTests
{
    [Fact]
    public async Task Sigint_stops_a_run_with_the_summary_whole_files_and_exit_code_130()
    {
        Assert.True(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "SIGINT is sent with kill(1), which this platform lacks");
        using var dir = new TempDirectory();
        string output = Path.Combine(dir.Path, "out");
        CliRunner.EnsureEnvironment();
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // An hour of network time: far longer than the test waits.
        foreach (string arg in new[] { Path.Combine(AppContext.BaseDirectory, "spikelang.dll"), "run", CliRunner.Example("Cuba", "Cuba.snn"),
            "--duration", "3600s", "--out", output, "--json" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = new System.Text.StringBuilder();
        // The estimate is printed once the Ctrl-C handler is in place and the recording has begun.
        string? line;
        while ((line = await process.StandardError.ReadLineAsync()) is not null)
        {
            stderr.AppendLine(line);
            if (line.StartsWith("spikelang: estimate:", StringComparison.Ordinal))
            {
                break;
            }
        }
        Assert.True(line is not null, stderr.ToString());
        await Task.Delay(1500);
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        Task<string> rest = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("spikelang did not stop within 30 s of SIGINT");
        }
        string errors = stderr + await rest;

        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}: {errors}");
        using var json = JsonDocument.Parse(await stdout);
        var summary = json.RootElement;
        Assert.True(summary.GetProperty("interrupted").GetBoolean());
        Assert.Equal(3600, summary.GetProperty("planned_duration_s").GetDouble());
        double simulated = summary.GetProperty("duration_s").GetDouble();
        Assert.InRange(simulated, 0.0001, 3599);
        long spikes = summary.GetProperty("populations")[0].GetProperty("spikes").GetInt64();
        Assert.True(spikes > 0);

        // The spikes written are those counted, up to the step the run stopped at.
        using (var reader = NpyReader.Open(Path.Combine(output, "spikes_P.npy")))
        {
            Assert.Equal(spikes, reader.Rows);
            Assert.InRange(reader.ReadField("t").Max(), 0, simulated);
        }
        string[] files = Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        Assert.Equal(["index.html", "recording.json", "spikes_P.npy", "spikes_P.png"], files);
        Assert.DoesNotContain("   at ", errors);
    }
}
