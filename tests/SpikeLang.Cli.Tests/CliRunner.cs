using System.IO;

namespace SpikeLang.Cli.Tests;

internal sealed record CliOutcome(int ExitCode, string Stdout, string Stderr);

internal static class CliRunner
{
    public static CliOutcome Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exitCode = CliApp.Run(args, stdout, stderr);
        return new CliOutcome(exitCode, stdout.ToString(), stderr.ToString());
    }
}
