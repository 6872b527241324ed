using System;
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

    /// <summary>An example file as copied beside the tests, e.g. <c>Example("Cuba", "Cuba.snn")</c>.</summary>
    public static string Example(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "examples", .. parts]);
}
