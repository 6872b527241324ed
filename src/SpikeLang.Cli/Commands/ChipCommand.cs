using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using SpikeLang.Cli.Simulation;
using SpikeLang.Neuromorphic.Chip;
using SpikeLang.Runtime;

namespace SpikeLang.Cli.Commands;

/// <summary>What <c>spikelang chip</c> was asked to do.</summary>
internal sealed record ChipSettings(
    string File,
    string Target,
    string OutputDirectory,
    string? Weights,
    string? Network,
    ulong Seed,
    int Steps,
    double InputRate);

/// <summary>
/// <c>spikelang chip FILE.snn --target loihi1 --out DIR [--weights FILE.slw]</c>: quantizes the
/// network for a Loihi-1-class chip, maps it onto cores, writes the configuration tables and a
/// resource report, then runs the tables read back from disk beside the fixed-point model of the
/// network and checks that both give the same spikes (that run also measures traffic and energy).
/// </summary>
public static class ChipCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The .snn file." };
        var target = new Option<string>("--target", "-t") { Description = "The chip to map onto; 'loihi1' (Loihi-1-class CUBA LIF cores).", DefaultValueFactory = _ => "loihi1" };
        var output = new Option<string>("--out", "-o") { Description = "Folder for chip.json, the per-core CSV tables and report.json.", Required = true };
        var weights = new Option<string?>("--weights", "-w") { Description = "A .slw weight file to load into the network first (trained or learned weights)." };
        var network = new Option<string?>("--network", "-n") { Description = "The network to map; needed when the file declares several." };
        var seed = new Option<ulong>("--seed", "-s") { Description = "Seed of the network's construction (connectivity, initial values) and of the host input spikes.", DefaultValueFactory = _ => 0 };
        var steps = new Option<int>("--steps") { Description = "Steps to run the tables and the fixed-point model for the check and the traffic estimate (0 skips both).", DefaultValueFactory = _ => 1000 };
        var inputRate = new Option<double>("--input-rate") { Description = "Spike rate in Hz of every input and Poisson neuron during that run.", DefaultValueFactory = _ => 10.0 };
        var command = new Command("chip", "Quantize a network, map it onto neuromorphic cores and write the chip configuration tables.")
        {
            file, target, output, weights, network, seed, steps, inputRate,
        };
        command.SetAction(parseResult => Execute(
            new ChipSettings(
                parseResult.GetValue(file)!,
                parseResult.GetValue(target)!,
                parseResult.GetValue(output)!,
                parseResult.GetValue(weights),
                parseResult.GetValue(network),
                parseResult.GetValue(seed),
                parseResult.GetValue(steps),
                parseResult.GetValue(inputRate)),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return command;
    }

    internal static int Execute(ChipSettings settings, TextWriter stdout, TextWriter stderr)
    {
        if (settings.Target != ChipLimits.Loihi1.Name)
        {
            return Usage(stderr, $"--target '{settings.Target}' is not a known chip; the supported target is '{ChipLimits.Loihi1.Name}'");
        }

        if (settings.Steps < 0)
        {
            return Usage(stderr, $"--steps {settings.Steps}: give 0 or more steps");
        }

        if (!(settings.InputRate >= 0) || double.IsInfinity(settings.InputRate))
        {
            return Usage(stderr, $"--input-rate {settings.InputRate}: give a rate in Hz, 0 or more");
        }

        (NetworkDescriptor? descriptor, QuantizerOptions options) = Describe(settings, stderr, out int exitCode);
        if (descriptor is null)
        {
            return exitCode;
        }

        if (settings.InputRate * descriptor.Dt > 1)
        {
            return Usage(stderr, $"--input-rate {settings.InputRate} Hz is more than one spike per step (dt = {Durations.Format(descriptor.Dt)})");
        }

        ChipLimits limits = ChipLimits.Loihi1;
        QuantizedNetwork quantized;
        ChipTables tables;
        try
        {
            quantized = Quantizer.Quantize(descriptor, options);
            tables = ChipCompiler.Map(quantized, limits);
        }
        catch (ChipCompilationException ex)
        {
            stderr.WriteLine($"spikelang: error: {settings.File}: network '{descriptor.Name}': {ex.Message}");
            return CliApp.SnnErrors;
        }

        TrafficEstimate? traffic = null;
        try
        {
            ChipTableWriter.Write(tables, settings.OutputDirectory);
            if (settings.Steps > 0)
            {
                var input = new BernoulliSpikes(settings.Seed, settings.InputRate * descriptor.Dt);
                SpikeRecord fromTables = new TableSimulator(ChipTableReader.Read(settings.OutputDirectory), input).Run(settings.Steps);
                SpikeRecord fromModel = new FixedPointSimulator(quantized, input).Run(settings.Steps);
                if (fromModel.FirstDifference(fromTables) is { } difference)
                {
                    stderr.WriteLine($"spikelang: internal error: the tables and the fixed-point model of network '{descriptor.Name}' disagree ({difference}); please report it with the .snn file");
                    return CliApp.InternalError;
                }

                traffic = TrafficMeter.Measure(tables, fromTables, settings.Steps, input, EnergyFigures.Loihi1);
                stdout.WriteLine($"checked: the tables read back and the fixed-point model give the same {fromTables.Count} spikes in {settings.Steps} steps");
            }

            ResourceReport report = ResourceReport.Of(tables, limits, traffic);
            ChipReportWriter.Write(settings.OutputDirectory, quantized, report);
            WriteSummary(stdout, settings, quantized, report);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Usage(stderr, $"cannot write into '{settings.OutputDirectory}': {ex.Message}");
        }

        return 0;
    }

    /// <summary>
    /// Compiles the .snn file in memory, builds the network, loads the weights and describes it, with
    /// the built network's initial voltages so the chip starts where the float simulator does; a null
    /// descriptor with an exit code on failure.
    /// </summary>
    private static (NetworkDescriptor? Descriptor, QuantizerOptions Options) Describe(ChipSettings settings, TextWriter stderr, out int exitCode)
    {
        using var built = BuiltNetwork.Build(settings.File, settings.Network, "Chip", settings.Seed, settings.Weights, stderr, out exitCode);
        if (built is null)
        {
            return (null, QuantizerOptions.Default);
        }
        NetworkDescriptor descriptor = built.Network.Describe();
        return (descriptor, new QuantizerOptions(InitialVoltages(built.Network, descriptor)));
    }

    /// <summary>The threshold variable of every neuron population as the built network holds it.</summary>
    private static Dictionary<string, double[]> InitialVoltages(INetwork network, NetworkDescriptor descriptor)
    {
        var voltages = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (PopulationDescriptor population in descriptor.Populations)
        {
            if (population.Dynamics?.Threshold?.Variable is { } variable)
            {
                voltages[population.Name] = network.Populations.First(p => p.Name == population.Name).ReadState(variable);
            }
        }
        return voltages;
    }

    private static void WriteSummary(TextWriter stdout, ChipSettings settings, QuantizedNetwork network, ResourceReport report)
    {
        var invariant = CultureInfo.InvariantCulture;
        stdout.WriteLine($"wrote {Path.Combine(settings.OutputDirectory, ChipTableWriter.HeaderFile)}: network '{network.Name}' on {report.Cores.Count} core(s) of {report.Chips} {report.Limits.Name} chip(s)");
        foreach ((string resource, double peak) in report.PeakUtilization())
        {
            stdout.WriteLine(string.Format(invariant, "  peak {0,-20} {1,6:P1}", resource, peak));
        }

        foreach (QuantizedPopulation population in network.Populations.Where(p => p.Quality is not null))
        {
            QuantizedQuantity worst = population.Quality!.Quantities.MaxBy(q => q.RelativeError)!;
            stdout.WriteLine(string.Format(invariant, "  {0}: {1} neuron(s) x {2} compartment(s) [{3}], largest quantization error {4:P2} ({5})",
                population.Name, population.Size, population.CompartmentsPerNeuron, string.Join(", ", population.Channels), worst.RelativeError, worst.Name));
        }

        foreach (QuantizedConnection connection in network.Connections.Where(c => c.Quality is not null))
        {
            // A convolution is stored expanded; its kind and shared kernel size show what the expansion costs.
            string expanded = connection.Convolution is { } convolution
                ? string.Format(invariant, " ({0}, {1} shared weight(s))", convolution.Kind, convolution.SharedWeights)
                : "";
            stdout.WriteLine(string.Format(invariant, "  {0} -> {1}{2}: {3} synapse(s), weight exponent {4}, largest weight error {5:P2} of the largest weight",
                connection.Source, connection.Target, expanded, connection.SynapseCount, connection.WeightExponent, connection.Quality!.MaxRelativeError));
        }

        foreach (string note in network.Notes)
        {
            stdout.WriteLine($"  note: {note}");
        }

        if (report.Traffic is { } traffic)
        {
            stdout.WriteLine(string.Format(invariant, "  traffic: {0:F1} spikes, {1:F0} synaptic events, {2:F1} messages ({3:F1} between chips) per step; about {4:G3} J per step",
                traffic.SpikesPerStep, traffic.SynapticOperationsPerStep, traffic.MessagesPerStep, traffic.MessagesBetweenChipsPerStep, traffic.EnergyPerStep));
        }

        stdout.WriteLine($"wrote {Path.Combine(settings.OutputDirectory, ChipReportWriter.ReportFile)}");
    }

    private static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine($"spikelang: error: {message}");
        return CliApp.UsageError;
    }
}
