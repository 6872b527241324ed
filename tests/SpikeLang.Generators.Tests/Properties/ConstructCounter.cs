using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace SpikeLang.Generators.Tests.Properties;

/// <summary>
/// Names every construct a generated program contains, read from its typed model (declarations, rules, synapses,
/// records, train settings, layout, mistakes and probes) and from its expressions (functions, operators, built-ins).
/// A construct that occurs several times is counted each time.
/// </summary>
internal static class ConstructCounter
{
    private static readonly Regex Functions = new(@"\b(exp|log|sqrt|abs|sin|cos|tanh|floor|ceil|min|max|clip|rand|randn|uniform|normal)\(", RegexOptions.CultureInvariant);

    private static readonly (string Name, Regex Pattern)[] ExpressionPatterns =
    {
        ("expr:power **", new Regex(@"\*\*", RegexOptions.CultureInvariant)),
        ("expr:constant pi/e", new Regex(@"(?<![\w.])(pi|e)(?![\w(])", RegexOptions.CultureInvariant)),
        ("expr:builtin t", new Regex(@"(?<![\w.])t(?![\w(])", RegexOptions.CultureInvariant)),
        ("expr:builtin dt", new Regex(@"(?<![\w./])dt(?![\w(])", RegexOptions.CultureInvariant)),
        ("expr:builtin i/j/N", new Regex(@"(?<![\w.])(i|j|N|N_pre|N_post)(?![\w(])", RegexOptions.CultureInvariant)),
        ("expr:input", new Regex(@"(?<![\w.])input(?![\w(])", RegexOptions.CultureInvariant)),
        ("expr:x_pre / x_post", new Regex(@"\w+_(pre|post)(?!\w)", RegexOptions.CultureInvariant)),
        ("expr:compound unit literal", new Regex(@"\* \((ms|mV|nA)", RegexOptions.CultureInvariant)),
        ("expr:logic and/or/not", new Regex(@"\b(and|or|not)\b|&&|\|\|", RegexOptions.CultureInvariant)),
    };

    public static Dictionary<string, int> Count(SnnProgram program, string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        void Add(string construct, int n = 1)
        {
            if (n > 0) counts[construct] = counts.GetValueOrDefault(construct) + n;
        }

        foreach (var tag in program.Tags) Add(tag);
        if (program.NamespaceSuffix is not null) Add("program:namespace suffix");
        if (program.Networks.Length > 1) Add("program:two networks");
        if (program.Layout.OneLineBlocks) Add("layout:one-line blocks");
        if (program.Layout.Semicolons) Add("layout:semicolons");
        if (program.Layout.Comments) Add("layout:comments");
        if (program.Layout.BraceOnNextLine) Add("layout:brace on next line");
        if (program.Layout.WrapLongExpressions) Add("layout:wrapped expressions");

        foreach (var m in program.Models)
        {
            string kind = m.IsSynapse ? "synapse" : "neuron";
            Add($"{kind}:model");
            if (!m.IsSynapse)
            {
                Add(m.Equations.Length > 0 ? "neuron:continuous" : m.Update is not null ? "neuron:discrete update" : m.State.Length > 0 ? "neuron:no dynamics" : "neuron:no state");
                if (StandardModelTable.IsStandard(m.Name)) Add("neuron:replaces a standard model");
            }
            Add($"{kind}:parameter", m.Parameters.Length);
            foreach (var d in m.Parameters.Concat(m.State)) Add($"dimension:{d.Dim}");
            Add($"{kind}:parameter defined from another", m.Parameters.Count(p => m.Parameters.Any(o => o != p && Regex.IsMatch(p.Value, $@"(?<!\w){Regex.Escape(o.Name)}(?!\w)"))));
            Add($"{kind}:state", m.State.Length);
            Add("state:random initial value", m.State.Count(s => s.Value.Contains("uniform(", StringComparison.Ordinal) || s.Value.Contains("normal(", StringComparison.Ordinal)));
            Add("synapse:shared state", m.State.Count(s => s.Shared));
            Add("neuron:alias", m.Aliases.Length);
            Add($"{kind}:equation", m.Equations.Length);
            Add("equation:implicit variable", m.Equations.Count(e => m.State.All(s => s.Name != e.Variable)));
            Add("equation:unless refractory", m.Equations.Count(e => e.UnlessRefractory));
            Add("equation:event-driven", m.Equations.Count(e => e.EventDriven));
            Add("equation:noise randn", m.Equations.Count(e => e.Rhs.Contains("randn()", StringComparison.Ordinal)));
            if (m.IsSynapse) Add("synapse:clock-driven equation", m.Equations.Count(e => !e.EventDriven));
            if (m.Method is { } method) Add($"method:{method}");
            if (!m.IsSynapse && m.Threshold is not null) Add("neuron:threshold");
            if (m.Threshold is { } t && Regex.IsMatch(t, @"\b(and|or|not)\b|&&|\|\|")) Add("threshold:and/or/not");
            foreach (var a in m.Reset ?? default(System.Collections.Immutable.ImmutableArray<Assignment>).EmptyIfDefault()) Add($"reset:{a.Operator}");
            foreach (var a in m.Update ?? default(System.Collections.Immutable.ImmutableArray<Assignment>).EmptyIfDefault()) Add($"update:{a.Operator}");
            if (m.Refractory is not null) Add("neuron:refractory");
            if (m.OnPre is not null && m.IsSynapse) Add("synapse:on pre");
            if (m.OnPost is not null) Add("synapse:on post");
        }

        foreach (var n in program.Networks)
        {
            Add("network");
            Add("network:parameter", n.Parameters.Length);
            if (n.Dt is not null) Add("network:dt");
            if (n.DoublePrecision) Add("network:precision double");
            foreach (var p in n.Populations)
            {
                Add(p.Kind switch
                {
                    PopulationKind.Poisson => "population:poisson",
                    PopulationKind.Input => "population:input",
                    _ => program.Models.Any(m => m.Name == p.Model) ? "population:user model" : $"population:standard {p.Model}",
                });
                Add("population:override", p.Kind == PopulationKind.Neurons ? p.Arguments.Length : 0);
                Add("population:override using i/N", p.Arguments.Count(a => Regex.IsMatch(a.Value, @"(?<!\w)(i|N)(?!\w)")));
                if (!int.TryParse(p.SizeText, out _)) Add("population:size expression");
            }
            foreach (var c in n.Connections)
            {
                Add($"connect:rule {c.Rule?.Split(' ')[0] ?? "(default all)"}");
                if (c.Source.Start is not null || c.Target.Start is not null) Add("connect:slice");
                if (c.Condition is not null) Add("connect:condition");
                if (c.Delay is { } delay) Add(Regex.IsMatch(delay, @"uniform|\bi\b|\bj\b") ? "connect:delay per synapse" : "connect:delay homogeneous");
                Add(c.OnPre is not null ? "connect:inline on pre" : $"connect:synapse {(c.Synapse is null ? "(default Static)" : program.Models.Any(m => m.Name == c.Synapse) ? "user" : c.Synapse)}");
                Add("connect:synapse override", c.SynapseArguments.Length);
            }
            foreach (var r in n.Records) Add($"record:{r.Split(' ')[1]}");
            if (n.Train is { } train)
            {
                Add("train");
                foreach (var setting in train)
                {
                    // "encode x as poisson(...)" -> train:encode poisson; "loss mse(spike_count(o))" -> train:loss mse spike_count.
                    var words = Regex.Matches(setting, @"[A-Za-z_]+").Select(m => m.Value).ToList();
                    string key = words[0] switch
                    {
                        "encode" => $"encode {words.SkipWhile(w => w != "as").Skip(1).FirstOrDefault()}",
                        "loss" => $"loss {words.ElementAtOrDefault(1)} {words.ElementAtOrDefault(2)}",
                        "surrogate" or "optimizer" or "learn" => $"{words[0]} {words.ElementAtOrDefault(1)}",
                        _ => words[0],
                    };
                    Add($"train:{key}");
                }
            }
        }

        foreach (Match m in Functions.Matches(text)) Add($"function:{m.Groups[1].Value}");
        foreach (var (name, pattern) in ExpressionPatterns) Add(name, pattern.Matches(StripComments(text)).Count);
        return counts;
    }

    private static string StripComments(string text) => Regex.Replace(text, @"//[^\n]*|/\*[\s\S]*?\*/", "");

    private static System.Collections.Immutable.ImmutableArray<T> EmptyIfDefault<T>(this System.Collections.Immutable.ImmutableArray<T> array) =>
        array.IsDefault ? System.Collections.Immutable.ImmutableArray<T>.Empty : array;
}
