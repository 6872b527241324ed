using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using SpikeLang.Cli.Simulation;
using SpikeLang.Compiler.Units;
using SpikeLang.Runtime;

namespace SpikeLang.Cli.Commands;

/// <summary>
/// The values of <c>spikelang run</c>'s options that need more than a type: network parameters with units
/// (checked against each parameter's dimension), <c>--input NAME=FILE</c>, <c>--format</c>,
/// <c>--plot-neurons 0,5,9</c> and <c>--plot-window 0.5s:1s</c>. Each returns null with the reason in
/// <c>error</c>, phrased to follow the option's name.
/// </summary>
internal static class RunOptions
{
    /// <summary><c>name=value</c> pairs, the values as written.</summary>
    public static Dictionary<string, string>? Pairs(IReadOnlyList<string> items, string option, string example, out string? error)
    {
        error = null;
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string item in items)
        {
            int equals = item.IndexOf('=');
            string name = equals < 0 ? "" : item[..equals].Trim();
            string value = equals < 0 ? "" : item[(equals + 1)..].Trim();
            if (name.Length == 0 || value.Length == 0)
            {
                error = $"{option} '{item}' is not name=value (for example {option} {example})";
                return null;
            }
            if (!pairs.TryAdd(name, value))
            {
                error = $"{option} {name} is given twice";
                return null;
            }
        }
        return pairs;
    }

    /// <summary>Checks that each value reads as a number with an optional unit, before anything is compiled.</summary>
    public static string? CheckQuantities(IReadOnlyDictionary<string, string> values)
    {
        foreach (var (name, text) in values)
        {
            if (!Quantity.TryParse(text, out _, out _, out string? error))
            {
                return $"--param {name}: {error}";
            }
        }
        return null;
    }

    /// <summary>The parameters <paramref name="names"/> that the network does not have, with those it has; null when all are known.</summary>
    public static string? Unknown(IEnumerable<string> names, INetworkFactory factory)
    {
        var unknown = names.Where(k => factory.Parameters.All(p => p.Name != k)).ToList();
        if (unknown.Count == 0)
        {
            return null;
        }
        string valid = factory.Parameters.Count == 0
            ? $"network '{factory.NetworkName}' has no parameters"
            : $"the parameters of network '{factory.NetworkName}' are: {string.Join(", ", factory.Parameters.Select(p => $"{p.Name} ({p.Unit})"))}";
        return $"--param: unknown parameter{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => $"'{u}'"))}; {valid}";
    }

    /// <summary>
    /// The parameters in SI units, each value's dimension checked against its parameter's: <c>i_max=5nA</c>
    /// for a current, <c>tau=10ms</c> for a time; a bare number is taken in SI units, as before units were allowed.
    /// </summary>
    public static Dictionary<string, double>? Parameters(IReadOnlyDictionary<string, string> values, IReadOnlyList<NetworkParameterInfo> parameters, out string? error)
    {
        error = null;
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, text) in values)
        {
            var parameter = parameters.First(p => p.Name == name);
            if (!Quantity.TryParse(text, out double value, out string? unit, out error))
            {
                error = $"--param {name}: {error}";
                return null;
            }
            if (unit != "1" && unit != parameter.Unit)
            {
                error = parameter.Unit == "1"
                    ? $"--param {name}: '{text}' is in {unit}, but {name} is a number without a unit; write it without one"
                    : $"--param {name}: '{text}' is in {unit}, but {name} is in {parameter.Unit}; write it in {parameter.Unit} or a unit of it (for example {Example(parameter.Unit)})";
                return null;
            }
            result[name] = value;
        }
        return result;
    }

    /// <summary><c>--input NAME=FILE</c>: the files must exist.</summary>
    public static Dictionary<string, string>? Inputs(IReadOnlyList<string> items, out string? error)
    {
        var pairs = Pairs(items, "--input", "ext=spikes.csv", out error);
        if (pairs is null)
        {
            return null;
        }
        foreach (var (name, path) in pairs)
        {
            if (!File.Exists(path))
            {
                error = $"--input {name}: the file '{path}' does not exist";
                return null;
            }
            if (!path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
            {
                error = $"--input {name}: '{path}' is neither a .csv nor a .npy file (docs/stimuli.md describes both)";
                return null;
            }
        }
        return pairs;
    }

    /// <summary><c>npy</c> (default) or <c>csv</c>.</summary>
    public static RecordingFormat? Format(string text, out string? error)
    {
        error = null;
        switch (text.Trim().ToLowerInvariant())
        {
            case "npy":
                return RecordingFormat.Npy;
            case "csv":
                return RecordingFormat.Csv;
            default:
                error = $"--format '{text}' is not a recording format; write npy (numpy's binary files, the default) or csv";
                return null;
        }
    }

    /// <summary><c>--backend</c>: <c>cpu</c> (the default), <c>gpu</c> (CUDA) or <c>gpu-emulator</c> (ILGPU's CPU accelerator).</summary>
    public static RunBackend? Backend(string text, out string? error)
    {
        error = null;
        switch (text.Trim().ToLowerInvariant())
        {
            case "cpu":
                return RunBackend.Cpu;
            case "gpu":
                return RunBackend.Gpu;
            case "gpu-emulator":
                return RunBackend.GpuEmulator;
            default:
                error = $"--backend '{text}' is not a backend; write cpu (the default), gpu (a CUDA GPU) or gpu-emulator (the GPU simulator on the CPU, for checks)";
                return null;
        }
    }

    /// <summary><c>0,5,9</c>: neuron indices, counted in their population or subgroup.</summary>
    public static int[]? Neurons(string? text, out string? error)
    {
        error = null;
        if (text is null)
        {
            return null;
        }
        var neurons = new List<int>();
        foreach (string item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out int neuron))
            {
                error = $"--plot-neurons '{text}': '{item}' is not a neuron index (write whole numbers from 0, for example --plot-neurons 0,5,9)";
                return null;
            }
            neurons.Add(neuron);
        }
        if (neurons.Count == 0)
        {
            error = "--plot-neurons names no neuron (for example --plot-neurons 0,5,9)";
            return null;
        }
        return neurons.Distinct().ToArray();
    }

    /// <summary><c>0.5s:1s</c>, <c>200ms:</c> (to the end), <c>:1s</c> (from the start): the plots' time window, in seconds.</summary>
    public static (double From, double? To)? Window(string? text, out string? error)
    {
        error = null;
        if (text is null)
        {
            return (0, null);
        }
        int colon = text.IndexOf(':');
        if (colon < 0)
        {
            error = $"--plot-window '{text}' is not FROM:TO (for example --plot-window 0.5s:1s)";
            return null;
        }
        double? from = Time(text[..colon], 0, out error);
        double? to = from is null ? null : Time(text[(colon + 1)..], null, out error);
        if (from is null || (to is null && error is not null))
        {
            error = $"--plot-window '{text}': {error}";
            return null;
        }
        if (to is { } end && end <= from)
        {
            error = $"--plot-window '{text}' ends before it starts";
            return null;
        }
        return (from.Value, to);
    }

    private static double? Time(string text, double? empty, out string? error)
    {
        error = null;
        string trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            if (empty is null)
            {
                error = null;
            }
            return empty;
        }
        if (trimmed.TrimEnd('s', 'm', 'u', 'µ', 'i', 'n', ' ').Trim() is "0" or "0.0")
        {
            return 0;
        }
        return Durations.TryParseSeconds(trimmed, out error);
    }

    private static string Example(string unit) => unit switch
    {
        "A" => "5nA, 200pA",
        "V" => "-65mV",
        "s" => "10ms",
        "S" => "10nS",
        "F" => "200pF",
        "Hz" => "15Hz, 1kHz",
        "Ohm" => "100MOhm",
        "m" => "50um",
        _ => $"1{unit}",
    };
}
