using System;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Threading;
using SpikeLang.Cli.Commands;

namespace SpikeLang.Cli;

/// <summary>
/// The whole tool behind one call, so tests can run it in-process. All output goes through
/// the given writers; nothing here touches <see cref="Console"/>.
/// </summary>
public static class CliApp
{
    /// <summary>Exit code for .snn files with errors.</summary>
    public const int SnnErrors = 1;

    /// <summary>Exit code for arguments the tool cannot work with (missing file, no files, bad option).</summary>
    public const int UsageError = 2;

    /// <summary>Exit code for a bug in the tool itself.</summary>
    public const int InternalError = 3;

    /// <summary>When this call of <see cref="Run"/> began (<see cref="Stopwatch"/> ticks): start-up is measured from here.
    /// Per call, not per process: runs in one process (the tests) overlap, and each measures from its own start.</summary>
    internal static long StartTimestamp => s_startTimestamp.Value;

    private static readonly AsyncLocal<long> s_startTimestamp = new();

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        s_startTimestamp.Value = Stopwatch.GetTimestamp();
        try
        {
            var root = new RootCommand("Compile, inspect and run SpikeLang (.snn) spiking neural network files.")
            {
                CheckCommand.Create(),
                RunCommand.Create(),
                SweepCommand.Create(),
                EmitCommand.Create(),
                NewCommand.Create(),
                NirCommand.Create(),
                ChipCommand.Create(),
            };

            ParseResult parseResult = root.Parse(args);

            // System.CommandLine reports parse errors with exit code 1, which we reserve for
            // "the .snn files have errors"; scripts must be able to tell the two apart.
            if (parseResult.Errors.Count > 0)
            {
                foreach (var error in parseResult.Errors)
                {
                    stderr.WriteLine($"spikelang: error: {error.Message}");
                }
                stderr.WriteLine("Run 'spikelang --help' for usage.");
                return UsageError;
            }

            // Under mpirun every rank runs the command, and only 'run' shares its network among them: a command that
            // writes files or runs many networks would do the whole work once per rank, into the same files.
            if (int.TryParse(Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_SIZE"), out int ranks) && ranks > 1
                && parseResult.CommandResult.Command.Name is "sweep" or "chip" or "nir" or "new")
            {
                string name = parseResult.CommandResult.Command.Name;
                stderr.WriteLine($"spikelang: error: '{name}' runs in one process, and under mpirun each of the {ranks} ranks would do all of it, into the same files; only 'spikelang run' shares a network among the ranks: run '{name}' without mpirun");
                return UsageError;
            }

            return parseResult.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                // Our own guard below keeps stack traces off the user's terminal.
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (Exception ex)
        {
            stderr.WriteLine($"spikelang: internal error: {ex.Message}");
            return InternalError;
        }
    }
}
