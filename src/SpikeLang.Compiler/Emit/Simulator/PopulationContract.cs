using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.Simulator;

/// <summary>A population class's explicit <c>IPopulation</c> implementation, the same for neurons and sources.</summary>
internal static class PopulationContract
{
    /// <param name="member">The population's or subgroup's member, whose monitors the plan's recordings name.</param>
    /// <param name="state">Each state variable's name and the array field that holds it.</param>
    public static void Emit(CodeWriter w, NetworkPlan network, string member, string name, IEnumerable<(string Name, string Field)> state)
    {
        var variables = state.ToList();
        var recordings = MonitorEmitter.Of(network, member).ToList();
        w.Line($"string IPopulation.Name => {CSharpLiteral.String(name)};");
        w.Line($"SpikeMonitor? IPopulation.SpikeMonitor => {(recordings.Any(r => r.Kind == RecordKind.Spikes) ? "SpikeMonitor" : "null")};");
        w.Line($"RateMonitor? IPopulation.RateMonitor => {(recordings.Any(r => r.Kind == RecordKind.Rate) ? "RateMonitor" : "null")};");
        var list = recordings.Where(r => r.Kind == RecordKind.State).Select(r => r.Property).ToList();
        w.Line(list.Count == 0
            ? "IReadOnlyList<IStateMonitor> IPopulation.StateMonitors => Array.Empty<IStateMonitor>();"
            : $"IReadOnlyList<IStateMonitor> IPopulation.StateMonitors => new IStateMonitor[] {{ {string.Join(", ", list)} }};");
        w.Line(variables.Count == 0
            ? "IReadOnlyList<string> IPopulation.StateVariables => Array.Empty<string>();"
            : $"IReadOnlyList<string> IPopulation.StateVariables => new[] {{ {string.Join(", ", variables.Select(v => CSharpLiteral.String(v.Name)))} }};");
        using (w.Block("double[] IPopulation.ReadState(string variable) => variable switch", "};"))
        {
            foreach (var (variable, field) in variables)
            {
                w.Line($"{CSharpLiteral.String(variable)} => ValueArrays.ToDouble<Real>({field}),");
            }
            w.Line($"_ => throw new ArgumentException($\"Population '{name}' has no state variable '{{variable}}'.\", nameof(variable)),");
        }
    }
}
