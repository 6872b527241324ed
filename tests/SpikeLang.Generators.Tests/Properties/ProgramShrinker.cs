using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace SpikeLang.Generators.Tests.Properties;

/// <summary>
/// Structural shrinking of a failing <see cref="SnnProgram"/>: every way to drop one part (a network, model,
/// population, connection, record, parameter, equation, assignment, flag, optional clause, layout choice). CsCheck
/// shrinks by drawing more examples and keeping smaller failing ones, which needs the expensive property (a Roslyn
/// compile) to run many times; removing parts of the failing program instead reaches a minimal one in a few rounds,
/// and each round's candidates are compiled together in one batch.
/// </summary>
internal static class ProgramShrinker
{
    /// <summary>Smaller variants of <paramref name="p"/>, each with one part removed or simplified.</summary>
    public static IEnumerable<SnnProgram> Candidates(SnnProgram p)
    {
        if (p.Layout != new Layout(false, false, false, false, false) && !p.Tags.Contains("probe:wrapped-expression"))
        {
            yield return p with { Layout = new Layout(false, false, false, false, false) };
        }
        if (p.NamespaceSuffix is not null) yield return p with { NamespaceSuffix = null };
        for (int k = 0; k < p.Networks.Length; k++)
        {
            if (p.Networks.Length > 1) yield return p with { Networks = p.Networks.RemoveAt(k) };
            foreach (var n in Network(p.Networks[k])) yield return p with { Networks = p.Networks.SetItem(k, n) };
        }
        for (int k = 0; k < p.Models.Length; k++)
        {
            yield return p with { Models = p.Models.RemoveAt(k) };
            foreach (var m in Model(p.Models[k])) yield return p with { Models = p.Models.SetItem(k, m) };
        }
    }

    private static IEnumerable<ImmutableArray<T>> Without<T>(ImmutableArray<T> items) =>
        Enumerable.Range(0, items.Length).Select(items.RemoveAt);

    private static IEnumerable<NetworkDecl> Network(NetworkDecl n)
    {
        foreach (var c in Without(n.Connections)) yield return n with { Connections = c };
        foreach (var r in Without(n.Records)) yield return n with { Records = r };
        foreach (var p in Without(n.Populations)) yield return n with { Populations = p };
        foreach (var p in Without(n.Parameters)) yield return n with { Parameters = p };
        if (n.Dt is not null) yield return n with { Dt = null };
        if (n.DoublePrecision) yield return n with { DoublePrecision = false };
        if (n.Train is { } train)
        {
            foreach (var t in Without(train)) yield return n with { Train = t };
        }
        for (int k = 0; k < n.Populations.Length; k++)
        {
            var p = n.Populations[k];
            foreach (var a in Without(p.Arguments)) yield return n with { Populations = n.Populations.SetItem(k, p with { Arguments = a }) };
            if (p.SizeText != "1" && p.Size > 1) yield return n with { Populations = n.Populations.SetItem(k, p with { SizeText = "1", Size = 1 }) };
        }
        for (int k = 0; k < n.Connections.Length; k++)
        {
            var c = n.Connections[k];
            var simpler = new List<Connection>();
            if (c.Rule is not null) simpler.Add(c with { Rule = null });
            if (c.Condition is not null) simpler.Add(c with { Condition = null });
            if (c.Delay is not null) simpler.Add(c with { Delay = null });
            if (c.Synapse is not null) simpler.Add(c with { Synapse = null, SynapseArguments = ImmutableArray<(string, string)>.Empty });
            simpler.AddRange(Without(c.SynapseArguments).Select(a => c with { SynapseArguments = a }));
            if (c.OnPre is { } onPre)
            {
                simpler.Add(c with { OnPre = null });
                simpler.AddRange(Without(onPre).Where(a => a.Length > 0).Select(a => c with { OnPre = a }));
            }
            if (c.Source.Start is not null) simpler.Add(c with { Source = new PopulationRef(c.Source.Population, null, null) });
            if (c.Target.Start is not null) simpler.Add(c with { Target = new PopulationRef(c.Target.Population, null, null) });
            foreach (var s in simpler) yield return n with { Connections = n.Connections.SetItem(k, s) };
        }
    }

    private static IEnumerable<ModelDecl> Model(ModelDecl m)
    {
        foreach (var x in Without(m.Parameters)) yield return m with { Parameters = x };
        foreach (var x in Without(m.State)) yield return m with { State = x };
        foreach (var x in Without(m.Aliases)) yield return m with { Aliases = x };
        foreach (var x in Without(m.Equations)) yield return m with { Equations = x };
        for (int k = 0; k < m.Equations.Length; k++)
        {
            var e = m.Equations[k];
            if (e.UnlessRefractory) yield return m with { Equations = m.Equations.SetItem(k, e with { UnlessRefractory = false }) };
        }
        if (m.Update is { } update)
        {
            yield return m with { Update = null };
            foreach (var x in Without(update)) yield return m with { Update = x };
        }
        if (m.Threshold is not null) yield return m with { Threshold = null };
        if (m.Reset is { } reset)
        {
            yield return m with { Reset = null };
            foreach (var x in Without(reset)) yield return m with { Reset = x };
        }
        if (m.Refractory is not null) yield return m with { Refractory = null };
        if (m.Method is not null) yield return m with { Method = null };
        if (m.OnPre is { } onPre)
        {
            foreach (var x in Without(onPre)) yield return m with { OnPre = x };
        }
        if (m.OnPost is { } onPost)
        {
            yield return m with { OnPost = null };
            foreach (var x in Without(onPost)) yield return m with { OnPost = x };
        }
    }

    /// <summary>
    /// Greedy shrinking: each round evaluates every candidate (in one batch) and keeps the shortest one that still
    /// fails the same way, until none does or <paramref name="deadline"/> passes.
    /// </summary>
    /// <param name="sameFailure">For a batch of candidate programs, which of them fail the same way as the original.</param>
    public static SnnProgram Shrink(SnnProgram failing, Func<IReadOnlyList<SnnProgram>, bool[]> sameFailure, DateTime deadline)
    {
        var current = failing;
        while (DateTime.UtcNow < deadline)
        {
            int length = current.ToString().Length;
            var candidates = Candidates(current).Where(c => c.ToString().Length < length).DistinctBy(c => c.ToString()).ToList();
            if (candidates.Count == 0) break;
            var fails = sameFailure(candidates);
            var best = candidates.Where((c, k) => fails[k]).OrderBy(c => c.ToString().Length).FirstOrDefault();
            if (best is null) break;
            current = best;
        }
        return current;
    }
}
