using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Runtime;

namespace SpikeLang.Cli.Commands;

/// <summary>One swept parameter: its name, SI unit, and the values as written and in SI units.</summary>
internal sealed record SweptParameter(string Name, string Unit, IReadOnlyList<string> Texts, IReadOnlyList<double> Values);

/// <summary>One point of the grid: the index of each swept parameter's value, and the values in SI units by name.</summary>
internal sealed record GridPoint(int Index, IReadOnlyList<int> Choice, IReadOnlyDictionary<string, double> Values);

/// <summary>
/// <c>spikelang sweep --param tau=10ms,20ms,40ms --param i=1nA,2nA</c>: each parameter's list of values, checked
/// against its dimension as <c>run --param</c> checks one, and every combination of them (the last parameter
/// varies fastest, as in nested loops written in the order given).
/// </summary>
internal static class SweepGrid
{
    /// <summary>The most runs one sweep makes: a mistyped list should not start a week of work.</summary>
    public const int MaxRuns = 10_000;

    /// <summary><c>name=v1,v2,...</c> pairs, the values as written; null with the reason otherwise.</summary>
    public static List<(string Name, List<string> Texts)>? Lists(IReadOnlyDictionary<string, string> pairs, out string? error)
    {
        error = null;
        var lists = new List<(string, List<string>)>();
        foreach (var (name, text) in pairs)
        {
            var texts = text.Split(',', StringSplitOptions.TrimEntries).ToList();
            if (texts.Any(t => t.Length == 0))
            {
                error = $"--param {name}: '{text}' has an empty value; separate values with commas, for example --param {name}=10ms,20ms,40ms";
                return null;
            }
            lists.Add((name, texts));
        }
        return lists;
    }

    /// <summary>Each list in SI units, its values checked against the parameter's dimension.</summary>
    public static List<SweptParameter>? Parameters(List<(string Name, List<string> Texts)> lists, IReadOnlyList<NetworkParameterInfo> parameters, out string? error)
    {
        error = null;
        var swept = new List<SweptParameter>();
        foreach (var (name, texts) in lists)
        {
            var values = new List<double>();
            foreach (string text in texts)
            {
                var one = RunOptions.Parameters(new Dictionary<string, string> { [name] = text }, parameters, out error);
                if (one is null)
                {
                    return null;
                }
                values.Add(one[name]);
            }
            if (values.Distinct().Count() < values.Count)
            {
                error = $"--param {name}: a value is given twice ({string.Join(", ", texts)})";
                return null;
            }
            swept.Add(new SweptParameter(name, parameters.First(p => p.Name == name).Unit, texts, values));
        }
        long runs = swept.Aggregate(1L, (product, p) => product * p.Values.Count);
        if (runs > MaxRuns)
        {
            error = $"--param: the grid has {runs:N0} points, more than the {MaxRuns:N0} one sweep makes; sweep fewer values";
            return null;
        }
        return swept;
    }

    /// <summary>Every combination, the last parameter varying fastest.</summary>
    public static List<GridPoint> Points(IReadOnlyList<SweptParameter> swept)
    {
        int total = swept.Aggregate(1, (product, p) => product * p.Values.Count);
        var points = new List<GridPoint>(total);
        for (int k = 0; k < total; k++)
        {
            var choice = new int[swept.Count];
            int rest = k;
            for (int p = swept.Count - 1; p >= 0; p--)
            {
                choice[p] = rest % swept[p].Values.Count;
                rest /= swept[p].Values.Count;
            }
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            for (int p = 0; p < swept.Count; p++)
            {
                values[swept[p].Name] = swept[p].Values[choice[p]];
            }
            points.Add(new GridPoint(k, choice, values));
        }
        return points;
    }
}
