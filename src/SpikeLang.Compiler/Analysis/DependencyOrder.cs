using System;
using System.Collections.Generic;
using System.Linq;

namespace SpikeLang.Compiler.Analysis;

/// <summary>
/// Orders definitions so each comes after what it uses (parameters that use parameters, aliases that
/// use aliases). Stable: independent definitions keep their written order. Cycles are returned, each
/// as the path that closes it, so they can be reported where they start. Iterative, so a long chain
/// of definitions cannot overflow the stack.
/// </summary>
internal static class DependencyOrder
{
    public sealed record Result(IReadOnlyList<int> Order, IReadOnlyList<IReadOnlyList<int>> Cycles);

    /// <param name="count">Number of definitions, indexed 0..count-1 in written order.</param>
    /// <param name="dependencies">For each definition, the definitions it uses.</param>
    public static Result Sort(int count, Func<int, IEnumerable<int>> dependencies)
    {
        var order = new List<int>(count);
        var cycles = new List<IReadOnlyList<int>>();
        var state = new byte[count]; // 0 unvisited, 1 on the current path, 2 placed
        var path = new List<(int Node, IEnumerator<int> Next)>();

        for (int root = 0; root < count; root++)
        {
            if (state[root] != 0)
            {
                continue;
            }
            Enter(root);
            while (path.Count > 0)
            {
                var (node, next) = path[path.Count - 1];
                if (!next.MoveNext())
                {
                    path.RemoveAt(path.Count - 1);
                    state[node] = 2;
                    order.Add(node);
                    continue;
                }
                int dependency = next.Current;
                if (state[dependency] == 0)
                {
                    Enter(dependency);
                }
                else if (state[dependency] == 1)
                {
                    int start = path.FindIndex(p => p.Node == dependency);
                    cycles.Add(path.Skip(start).Select(p => p.Node).Concat(new[] { dependency }).ToList());
                }
            }
        }
        return new Result(order, cycles);

        void Enter(int node)
        {
            state[node] = 1;
            path.Add((node, dependencies(node).Distinct().OrderBy(d => d).ToList().GetEnumerator()));
        }
    }
}
