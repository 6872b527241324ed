using SpikeLang.Runtime;
using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using SpikeLang.Cli.Output;

namespace SpikeLang.Cli.Commands;

/// <summary>
/// <c>spikelang emit FILE.snn [-o OUT.cs|DIR]</c>: the C# the source generator adds to a project for
/// the file, one file per network, printed or written.
/// </summary>
public static class EmitCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The .snn file." };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Write to this .cs file (one network) or into this folder (one <namespace>.<network>.g.cs per network) instead of printing.",
        };
        var network = new Option<string?>("--network", "-n") { Description = "Only this network." };
        var command = new Command("emit", "Print the C# the source generator produces for a .snn file.")
        {
            file, output, network,
        };
        command.SetAction(parseResult => Execute(
            parseResult.GetValue(file)!,
            parseResult.GetValue(output),
            parseResult.GetValue(network),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return command;
    }

    internal static int Execute(string file, string? output, string? network, TextWriter stdout, TextWriter stderr)
    {
        var networks = GeneratedNetworks.Generate(file, stderr, out int exitCode);
        if (networks is null)
        {
            return exitCode;
        }
        if (network is not null)
        {
            var selected = GeneratedNetworks.Select(networks, network, file, stderr);
            if (selected is null)
            {
                return CliApp.UsageError;
            }
            networks = [selected];
        }
        if (networks.Count == 0)
        {
            stderr.WriteLine($"spikelang: {file} declares no network, so there is no C# to emit (models become code only through a network)");
            return 0;
        }

        if (output is null)
        {
            for (int k = 0; k < networks.Count; k++)
            {
                if (k > 0)
                {
                    stdout.WriteLine();
                }
                stdout.Write(networks[k].Source.Text);
            }
            return 0;
        }

        try
        {
            bool toFile = output.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) && !Directory.Exists(output);
            if (toFile && networks.Count > 1)
            {
                stderr.WriteLine($"spikelang: error: {file} declares {networks.Count} networks ({string.Join(", ", networks.Select(n => n.Name))}); give a folder to -o, or choose one with --network");
                return CliApp.UsageError;
            }
            if (File.Exists(output) && !toFile)
            {
                stderr.WriteLine($"spikelang: error: cannot write into '{output}': it is a file (an output file must end in .cs)");
                return CliApp.UsageError;
            }

            var written = new List<string>();
            if (toFile)
            {
                string? directory = Path.GetDirectoryName(Path.GetFullPath(output));
                Directory.CreateDirectory(directory!);
                AtomicFile.WriteText(output, networks[0].Source.Text);
                written.Add(output);
            }
            else
            {
                Directory.CreateDirectory(output);
                foreach (var generated in networks)
                {
                    string path = Path.Combine(output, generated.Source.HintName);
                    AtomicFile.WriteText(path, generated.Source.Text);
                    written.Add(path);
                }
            }
            foreach (string path in written)
            {
                stdout.WriteLine($"wrote {path}");
            }
            return 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"spikelang: error: cannot write '{output}': {ex.Message}");
            return CliApp.UsageError;
        }
    }
}
