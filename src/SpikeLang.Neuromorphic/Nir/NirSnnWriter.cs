using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace SpikeLang.Neuromorphic.Nir;

/// <summary>
/// Writes the .snn source of an import plan. NIR is unitless; the file reads time constants as
/// seconds (<c>tau = 0.0025 s</c>), the rate <c>r</c> of I and IF nodes as per second, and every other
/// quantity (voltages, currents, weights) as dimensionless. Each neuron model is the NIR equation
/// with the summed synaptic <c>input</c> in the place of NIR's input current I (or spike train S).
/// </summary>
public static class NirSnnWriter
{
    /// <summary>The .snn text of <paramref name="plan"/>.</summary>
    /// <param name="plan">What to write.</param>
    /// <param name="nirFile">Name of the NIR file, for the header comment.</param>
    /// <param name="nirVersion">The file's NIR version, for the header comment.</param>
    /// <param name="weightFile">Name of the weight file that goes with it, for the header comment.</param>
    public static string Write(NirImportPlan plan, string nirFile, string nirVersion, string weightFile)
    {
        var text = new StringBuilder();
        text.Append("// Imported from ").Append(nirFile).Append(" (NIR ").Append(nirVersion).Append(") by 'spikelang nir import'.\n");
        text.Append("// NIR is unitless: time constants are in seconds, I/IF rates per second, everything else dimensionless.\n");
        text.Append("// Each NIR Affine/Linear path is a dense connection, each Conv/Pool node a convolution or pooling; weights and biases are in ").Append(weightFile).Append(".\n");
        if (plan.Connections.Any(c => c.SameStep))
        {
            text.Append("// A connection on no cycle is same_step (its target sees the spikes of the step, as snnTorch, Norse and Sinabs);\n");
            text.Append("// one on a cycle delivers to the next step ('spikelang nir import --timing one-step' makes every connection so).\n");
        }

        if (plan.Connections.Any(c => c.IsDelayed))
        {
            text.Append("// A path through NIR Delay nodes is an 'all' connection with that delay and a weight per synapse (a dense connection takes no delay);\n");
            text.Append("// it carries an input's spikes, not its values.\n");
        }

        if (plan.Integration == NirIntegration.Euler)
        {
            text.Append("// Equations are stepped by forward Euler (method euler), as snnTorch's export assumes ('spikelang nir import --integration exact' solves them exactly).\n");
        }

        foreach (ImportedModel model in plan.Models)
        {
            text.Append('\n');
            WriteModel(text, model, plan.Integration);
        }

        text.Append('\n');
        text.Append("network ").Append(plan.NetworkName).Append(" {\n");
        text.Append("    dt = ").Append(Number(plan.Dt * 1000)).Append(" ms\n");
        foreach (ImportedPopulation population in plan.Populations)
        {
            string size = population.Shape is { } shape ? string.Join(", ", shape) : population.Size.ToString(CultureInfo.InvariantCulture);
            text.Append(population.Model is null
                ? $"    input {population.Name}[{size}]\n"
                : $"    population {population.Name} = {population.Model.Name}[{size}]\n");
        }

        foreach (ImportedConnection connection in plan.Connections)
        {
            text.Append($"    connect {connection.Source.Name} -> {connection.Target.Name} {Rule(connection)}{Timing(connection, plan.Dt)}\n");
        }

        foreach (ImportedPopulation population in plan.Recorded)
        {
            text.Append(NirNodeTypes.Spikes(population.Model!.NirType)
                ? $"    record spikes {population.Name}\n"
                : $"    record state {population.Name}.v\n");
        }

        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>
    /// <c>dense</c>, <c>all</c> for a delayed connection, or the convolution rule with the arguments that differ from the
    /// language's defaults.
    /// </summary>
    private static string Rule(ImportedConnection connection)
    {
        if (connection.Convolution is not { } rule)
        {
            return connection.IsDelayed ? "all" : "dense";
        }

        var arguments = new List<string> { $"kernel = {rule.Kernel}" };
        if (rule.Stride != (rule.WeightShape is null ? rule.Kernel : 1))
        {
            arguments.Add($"stride = {rule.Stride}");
        }

        if (rule.Padding != 0)
        {
            arguments.Add($"padding = {rule.Padding}");
        }

        return $"{rule.Kind}({string.Join(", ", arguments)})";
    }

    /// <summary><c> same_step</c>, <c> delay 3 ms</c> (or a delay per synapse), or nothing for a connection that delivers to the next step.</summary>
    private static string Timing(ImportedConnection connection, double dt) =>
        connection.SameStep ? " same_step"
        : connection.IsDelayed ? " delay " + connection.Delay.Text(dt)
        : "";

    private static void WriteModel(StringBuilder text, ImportedModel model, NirIntegration integration)
    {
        var values = model.Parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        string Parameter(string name) => name switch
        {
            _ when name.StartsWith("tau", StringComparison.Ordinal) => $"{name} = {Number(values[name])} s",
            "r" when model.NirType is "I" or "IF" => $"r = {Number(values[name])} / s",
            // 'threshold' is a keyword of the language; the parameter takes the name it has in the other spiking models.
            "threshold" => $"v_threshold = {Number(values[name])}",
            _ => $"{name} = {Number(values[name])}",
        };

        bool cuba = model.NirType is "CubaLI" or "CubaLIF";
        text.Append("// NIR ").Append(model.NirType).Append(": ").Append(Equation(model.NirType)).Append('\n');
        text.Append("neuron ").Append(model.Name).Append(" {\n");
        text.Append("    parameters { ").Append(string.Join("; ", model.Parameters.Select(p => Parameter(p.Key)))).Append(" }\n");
        text.Append(cuba ? "    state { v = 0; syn = 0 }\n" : "    state { v = 0 }\n");
        if (model.NirType == "Threshold")
        {
            // No reset: the next step's update overwrites v, whatever a reset would set it to.
            text.Append("    update { v = input }\n");
            text.Append("    threshold v > v_threshold\n");
            text.Append("}\n");
            return;
        }

        text.Append("    equations {\n");
        switch (model.NirType)
        {
            case "I":
            case "IF":
                text.Append("        dv/dt = r * input\n");
                break;
            case "LI":
            case "LIF":
                text.Append("        dv/dt = (v_leak - v + r * input) / tau\n");
                break;
            default:
                text.Append("        dsyn/dt = (w_in * input - syn) / tau_syn\n");
                text.Append("        dv/dt = (v_leak - v + r * syn) / tau_mem\n");
                break;
        }

        text.Append("    }\n");
        if (NirNodeTypes.Spikes(model.NirType))
        {
            text.Append("    threshold v > v_threshold\n");
            text.Append("    reset { v = v_reset }\n");
        }

        if (integration == NirIntegration.Euler)
        {
            text.Append("    method euler\n");
        }

        text.Append("}\n");
    }

    private static string Equation(string type) => type switch
    {
        "I" => "dv/dt = r·I",
        "IF" => "dv/dt = r·I, spike when v > v_threshold, then v = v_reset",
        "LI" => "tau·dv/dt = (v_leak − v) + r·I",
        "LIF" => "tau·dv/dt = (v_leak − v) + r·I, spike when v > v_threshold, then v = v_reset",
        "CubaLI" => "tau_syn·dI/dt = −I + w_in·S, tau_mem·dv/dt = (v_leak − v) + r·I",
        "Threshold" => "a spike when I > threshold (H(I − threshold), H(0) = 0), no memory: v = I each step",
        _ => "tau_syn·dI/dt = −I + w_in·S, tau_mem·dv/dt = (v_leak − v) + r·I, spike when v > v_threshold, then v = v_reset",
    };

    /// <summary>
    /// The shortest text that reads back as the value; a value that came from a float32 dataset is
    /// written as that float (0.0025, not 0.0024999999441206455).
    /// </summary>
    internal static string Number(double value)
    {
        float single = (float)value;
        return (double)single == value
            ? single.ToString("R", CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);
    }
}
