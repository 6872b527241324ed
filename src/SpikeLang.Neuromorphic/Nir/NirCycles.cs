using System;
using System.Collections.Generic;
using System.Linq;

namespace SpikeLang.Neuromorphic.Nir;

/// <summary>
/// Which connections lie on a cycle of populations: the timing conventions (<see cref="NirTiming"/>) evaluate a
/// connection on no cycle within the step and give one on a cycle a step, so import and export must agree on it.
/// </summary>
public static class NirCycles
{
    /// <summary>
    /// Whether the connection <paramref name="source"/> → <paramref name="target"/> lies on a cycle: the connections
    /// (source and target population names) lead from its target back to its source.
    /// </summary>
    public static bool OnCycle(IReadOnlyList<(string Source, string Target)> connections, string source, string target)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { target };
        var pending = new Stack<string>(seen);
        while (pending.Count > 0)
        {
            string next = pending.Pop();
            if (next == source)
            {
                return true;
            }

            foreach (var connection in connections.Where(c => c.Source == next && seen.Add(c.Target)))
            {
                pending.Push(connection.Target);
            }
        }

        return false;
    }
}
