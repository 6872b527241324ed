using System;
using System.Collections.Generic;
using System.Text;

namespace SpikeLang.Neuromorphic.Nir;

/// <summary>
/// Turns NIR node names (any string: <c>0</c>, <c>input</c>, <c>block.lif</c>) into distinct .snn
/// identifiers: letters, digits and underscores, not starting with a digit, never a keyword.
/// </summary>
internal sealed class SnnNames
{
    /// <summary>
    /// The .snn keywords (grammar/spikelang.ebnf, reserved and contextual). A copy: this project
    /// does not reference the compiler; <c>spikelang nir import</c> checks the file it writes with it.
    /// </summary>
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "namespace", "neuron", "synapse", "network", "connect", "population", "record", "train",
        "on", "if", "delay", "unless", "event", "and", "or", "not", "as", "shared",
        "all", "one_to_one", "dense", "probability", "fixed_indegree",
        "parameters", "state", "equations", "update", "threshold", "reset", "refractory", "method",
        "dt", "precision", "input", "spikes", "weights", "driven", "pre", "post",
        "t", "i", "j", "N", "e", "pi", "poisson",
    };

    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    /// <summary>A fresh identifier for <paramref name="nirName"/>.</summary>
    public string Claim(string nirName)
    {
        var builder = new StringBuilder();
        foreach (char c in nirName)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        string name = builder.ToString();
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            name = "n" + name;
        }

        if (Keywords.Contains(name))
        {
            name += "_";
        }

        string candidate = name;
        for (int k = 2; !_taken.Add(candidate); k++)
        {
            candidate = $"{name}_{k}";
        }

        return candidate;
    }
}
