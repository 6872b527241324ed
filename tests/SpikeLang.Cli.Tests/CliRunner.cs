using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;

namespace SpikeLang.Cli.Tests;

internal sealed record CliOutcome(int ExitCode, string Stdout, string Stderr);

internal static class CliRunner
{
    static CliRunner()
    {
        // `spikelang run` caches compiled simulators; the tests keep theirs apart from the user's
        // (processes started by ProcessTests inherit the variable). The cache trims itself.
        Environment.SetEnvironmentVariable("SPIKELANG_CACHE", CacheDirectory);
    }

    public static string CacheDirectory { get; } =
        Path.Combine(Path.GetTempPath(), "spikelang-cli-tests-cache");

    /// <summary>Makes sure the environment of every run is set up, for tests that start processes directly.</summary>
    public static void EnsureEnvironment()
    {
    }

    public static CliOutcome Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exitCode = CliApp.Run(args, stdout, stderr);
        return new CliOutcome(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs the built tool as a real process (exit codes and the process's own memory only exist there), with <paramref name="environment"/> added to its environment.</summary>
    public static CliOutcome RunProcess(IReadOnlyDictionary<string, string>? environment, params string[] args) => Start(null, environment, SpikelangDll, args);

    /// <summary>Runs the built tool on <paramref name="ranks"/> processes under Open MPI's mpirun (see <see cref="MpirunFactAttribute"/>).</summary>
    public static CliOutcome RunUnderMpirun(int ranks, params string[] args) => RunUnderMpirun(SpikelangDll, ranks, args);

    /// <summary>Runs the program <paramref name="dll"/> (with <c>dotnet</c>) on <paramref name="ranks"/> processes under Open MPI's mpirun.</summary>
    public static CliOutcome RunUnderMpirun(string dll, int ranks, params string[] args) =>
        Start(["--allow-run-as-root", "--oversubscribe", "-np", ranks.ToString(System.Globalization.CultureInfo.InvariantCulture)], null, dll, args);

    private static string SpikelangDll => Path.Combine(AppContext.BaseDirectory, "spikelang.dll");

    private static CliOutcome Start(string[]? mpirun, IReadOnlyDictionary<string, string>? environment, string dll, string[] args)
    {
        EnsureEnvironment();
        // The SDK sets DOTNET_HOST_PATH for processes it starts, which pins the same dotnet.
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(mpirun is null ? dotnet : MpirunFactAttribute.Path!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in mpirun is null ? Array.Empty<string>() : [.. mpirun, dotnet])
        {
            start.ArgumentList.Add(arg);
        }
        start.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(dll)} did not exit within a minute");
        }
        return new CliOutcome(process.ExitCode, stdout, stderr.GetAwaiter().GetResult());
    }

    /// <summary>An example file as copied beside the tests, e.g. <c>Example("Cuba", "Cuba.snn")</c>.</summary>
    public static string Example(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "examples", .. parts]);
}
