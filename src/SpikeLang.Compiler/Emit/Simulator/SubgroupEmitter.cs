using System.Linq;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.Simulator;

/// <summary>
/// Prints the nested class of one subgroup (Brian2's <c>P[a:b]</c>): a view of its parent's neurons
/// [start, end) with its own spikes, counted from its start, spike count and recordings.
/// </summary>
internal static class SubgroupEmitter
{
    public static void Emit(CodeWriter w, NetworkPlan network, SubgroupPlan plan)
    {
        w.Line($"/// <summary>Subgroup '{plan.Name}': neurons [Start, Start + Count) of '{plan.ParentMember}', indexed from 0.</summary>");
        using (w.Block($"public sealed class {plan.TypeName} : IPopulation"))
        {
            w.Line($"private readonly {plan.ParentTypeName} _parent;");
            w.Line("private readonly int[] _spikes;");
            w.Line("private int _spikeCount;");
            w.Line();
            using (w.Block($"internal {plan.TypeName}({plan.ParentTypeName} parent, int start, int end)"))
            {
                w.Line("_parent = parent;");
                w.Line("Start = start;");
                w.Line("int n = Count = end - start;");
                w.Line("_spikes = new int[n];");
            }
            w.Line();
            w.Line("/// <summary>The parent's index of this subgroup's neuron 0.</summary>");
            w.Line("public int Start { get; }");
            w.Line();
            w.Line("/// <summary>Number of neurons.</summary>");
            w.Line("public int Count { get; }");
            w.Line();
            w.Line("/// <summary>The neurons that spiked in the last step, ascending, counted from <see cref=\"Start\"/>.</summary>");
            w.Line("public ReadOnlySpan<int> Spikes => new(_spikes, 0, _spikeCount);");
            w.Line();
            w.Line("/// <summary>Spikes since construction.</summary>");
            w.Line("public long SpikeCount { get; private set; }");
            foreach (var state in plan.StateVariables)
            {
                w.Line();
                w.Line($"/// <summary>State variable {state} of this subgroup's neurons that this process holds (all of them in one process): the parent's values, not a copy.</summary>");
                w.Line($"public Span<Real> {Naming.Member(state)} => {Held(state)};");
            }
            MonitorEmitter.EmitProperties(w, network, plan.Member);
            MonitorEmitter.EmitSample(w, network, plan.Member, variable => $"_parent._{variable}",
                // A variable that is no state is an alias, which the parent computes when asked (NeuronPopulationEmitter).
                variable => plan.StateVariables.Contains(variable) ? null : $"_parent.Evaluate_{variable}();",
                "_parent.HeldStart - Start, _parent._ranks, _parent.OwnStart - Start, _parent.OwnEnd - Start");
            w.Line();
            w.Line("/// <summary>Takes this step's spikes in [Start, Start + Count) from the parent's (ascending, so a binary search finds the first), then records.</summary>");
            using (w.Kernel("internal void Record(long step)"))
            {
                w.Line("ReadOnlySpan<int> parent = _parent.Spikes;");
                w.Line("int k = parent.BinarySearch(Start);");
                w.Line("if (k < 0) k = ~k;");
                w.Line("int end = Start + Count, count = 0;");
                using (w.Block("for (; k < parent.Length && parent[k] < end; k++)"))
                {
                    w.Line("_spikes[count++] = parent[k] - Start;");
                }
                w.Line("_spikeCount = count;");
                w.Line("SpikeCount += count;");
                MonitorEmitter.EmitRecordLines(w, network, plan.Member);
            }
            w.Line();
            PopulationContract.Emit(w, network, plan.Member, plan.Name, plan.StateVariables.Select(s => (s, Held(s))));
        }
    }

    /// <summary>The subgroup's elements of the parent's array of a state variable, among the neurons the parent holds.</summary>
    private static string Held(string state) => $"HeldNeurons.Within(_parent._{state}, _parent.HeldStart, Start, Count)";
}
