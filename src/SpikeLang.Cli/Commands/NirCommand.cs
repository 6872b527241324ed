using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using SpikeLang.Cli.Simulation;
using SpikeLang.Neuromorphic.Nir;
using SpikeLang.Runtime;

namespace SpikeLang.Cli.Commands;

/// <summary>
/// <c>spikelang nir import FILE.nir -o DIR --dt 1ms</c>: a NIR graph as a .snn file plus its weights,
/// checked by the compiler before the command reports success. <c>spikelang nir export FILE.snn
/// [--weights FILE.slw] -o FILE.nir</c>: a network, built and described by its simulator, as NIR.
/// </summary>
public static class NirCommand
{
    public static Command Create()
    {
        var command = new Command("nir", "Convert between NIR (Neuromorphic Intermediate Representation) files and .snn networks.");
        command.Subcommands.Add(CreateImport());
        command.Subcommands.Add(CreateExport());
        return command;
    }

    private static Command CreateExport()
    {
        var file = new Argument<string>("file") { Description = "The .snn file." };
        var output = new Option<string>("--output", "-o") { Description = "The .nir file to write.", Required = true };
        var weights = new Option<string?>("--weights", "-w") { Description = "A .slw weight file to load into the network first (trained, learned or imported weights)." };
        var network = new Option<string?>("--network", "-n") { Description = "The network to export; needed when the file declares several." };
        var command = new Command("export", "Write a .snn network (with its weights) as a NIR graph.")
        {
            file, output, weights, network,
        };
        command.SetAction(parseResult => Export(
            parseResult.GetValue(file)!,
            parseResult.GetValue(output)!,
            parseResult.GetValue(weights),
            parseResult.GetValue(network),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return command;
    }

    internal static int Export(string file, string output, string? weightsPath, string? networkName, TextWriter stdout, TextWriter stderr)
    {
        using var built = BuiltNetwork.Build(file, networkName, "Nir", seed: 0, weightsPath, stderr, out int exitCode);
        if (built is null)
        {
            return exitCode;
        }
        var network = built.Network;
        WeightSet weights = network.GetWeights();

        NirGraph graph;
        try
        {
            graph = NirExporter.Export(network.Describe(), weights);
        }
        catch (NirFormatException ex)
        {
            stderr.WriteLine($"spikelang: error: {file}: network '{network.Name}': {ex.Message}");
            return CliApp.SnnErrors;
        }

        try
        {
            NirWriter.Write(output, new NirDocument(NirDocument.CurrentVersion, graph));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Usage(stderr, $"cannot write '{output}': {ex.Message}");
        }

        stdout.WriteLine($"wrote {output} (NIR {NirDocument.CurrentVersion}: {graph.Nodes.Count} nodes, {graph.Edges.Count} edges)");
        return 0;
    }

    private static Command CreateImport()
    {
        var file = new Argument<string>("file") { Description = "The .nir file (HDF5, NIR 0.1 to 1.0)." };
        var output = new Option<string>("--output", "-o") { Description = "Folder for <name>.snn and <name>.slw.", Required = true };
        var dt = new Option<string>("--dt") { Description = "Time step of the network, e.g. 1ms or 0.1ms (NIR graphs are continuous-time and carry none).", Required = true };
        var name = new Option<string?>("--name") { Description = "Name of the network (default: from the file name)." };
        var timing = new Option<string>("--timing")
        {
            Description = "same-step (default: a connection on no cycle delivers within the step, as snnTorch, Norse and Sinabs; one on a cycle takes one step) or one-step (every connection takes one step).",
            DefaultValueFactory = _ => "same-step",
        };
        var integration = new Option<string>("--integration")
        {
            Description = "exact (default: the neurons' equations solved exactly over a step, as SpikeLang's export assumes) or euler (forward Euler, as snnTorch's export assumes: tau = dt / (1 - beta)).",
            DefaultValueFactory = _ => "exact",
        };
        var command = new Command("import", "Write a NIR graph as a .snn file and a .slw weight file that build and run like any other .snn.")
        {
            file, output, dt, name, timing, integration,
        };
        command.SetAction(parseResult => Import(
            parseResult.GetValue(file)!,
            parseResult.GetValue(output)!,
            parseResult.GetValue(dt)!,
            parseResult.GetValue(name),
            parseResult.GetValue(timing)!,
            parseResult.GetValue(integration)!,
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return command;
    }

    internal static int Import(string file, string outputDirectory, string dtText, string? networkName, string timingText, string integrationText, TextWriter stdout, TextWriter stderr)
    {
        if (Durations.TryParseSeconds(dtText, out string? dtError) is not { } dt)
        {
            return Usage(stderr, $"--dt: {dtError}");
        }

        NirTiming? timing = timingText switch
        {
            "same-step" => NirTiming.SameStep,
            "one-step" => NirTiming.OneStep,
            _ => null,
        };
        if (timing is null)
        {
            return Usage(stderr, $"--timing: '{timingText}' is no timing; write same-step (feed-forward connections deliver within the step) or one-step (every connection takes one step)");
        }

        NirIntegration? integration = integrationText switch
        {
            "exact" => NirIntegration.Exact,
            "euler" => NirIntegration.Euler,
            _ => null,
        };
        if (integration is null)
        {
            return Usage(stderr, $"--integration: '{integrationText}' is no integration; write exact (the equations solved over each step) or euler (forward Euler, as snnTorch's export assumes)");
        }

        if (!File.Exists(file))
        {
            return Usage(stderr, $"'{file}' does not exist");
        }

        string stem = Path.GetFileNameWithoutExtension(file);
        string network = networkName ?? NetworkName(stem);
        NirImportPlan plan;
        NirDocument document;
        try
        {
            document = NirReader.Read(file);
            plan = NirImporter.Plan(document, network, dt, timing.Value, integration.Value);
        }
        catch (NirFormatException ex)
        {
            stderr.WriteLine($"spikelang: error: {(ex.Message.StartsWith(file, StringComparison.Ordinal) ? ex.Message : $"{file}: {ex.Message}")}");
            return CliApp.SnnErrors;
        }

        string snnPath = Path.Combine(outputDirectory, stem + ".snn");
        string weightsPath = Path.Combine(outputDirectory, stem + ".slw");
        try
        {
            Directory.CreateDirectory(outputDirectory);
            AtomicFile.WriteText(snnPath, NirSnnWriter.Write(plan, Path.GetFileName(file), document.Version, Path.GetFileName(weightsPath)));
            WeightFile.Save(weightsPath, NirImporter.Weights(plan, Path.GetFileName(file)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Usage(stderr, $"cannot write into '{outputDirectory}': {ex.Message}");
        }

        // The file must build like any other .snn: if it does not, that is a bug in the importer.
        if (GeneratedNetworks.Generate(snnPath, stderr, out _) is null)
        {
            stderr.WriteLine($"spikelang: internal error: the .snn written for {file} does not compile (an importer bug; please report it with the .nir file)");
            return CliApp.InternalError;
        }

        stdout.WriteLine($"wrote {snnPath} (network {network}: {plan.Populations.Count} populations, {plan.Connections.Count(c => c.Convolution is null && !c.IsDelayed)} dense connections, {plan.Connections.Count(c => c.IsDelayed)} delayed connections, {plan.Connections.Count(c => c.Convolution is not null)} convolutions and poolings)");
        stdout.WriteLine($"wrote {weightsPath}");
        return 0;
    }

    /// <summary>A PascalCase network name from a file name: <c>lif_norse</c> → <c>LifNorse</c>.</summary>
    private static string NetworkName(string stem)
    {
        var name = new StringBuilder();
        foreach (string part in System.Text.RegularExpressions.Regex.Split(stem, "[^A-Za-z0-9]+").Where(p => p.Length > 0))
        {
            name.Append(char.ToUpperInvariant(part[0])).Append(part.AsSpan(1));
        }

        return name.Length == 0 || char.IsAsciiDigit(name[0]) ? "Nir" + name : name.ToString();
    }

    private static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine($"spikelang: error: {message}");
        return CliApp.UsageError;
    }
}
