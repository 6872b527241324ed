using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.GpuSimulator;

/// <summary>
/// run_regularly and shared variables. The host network holds a population's shared values: device kernels read them
/// from the population's constants view (<see cref="Simulator.NeuronPopulationEmitter.DeviceConstants"/>), and only the host
/// writes them. run_regularly code runs rarely, so the host network runs it, in the steps its intervals divide, on the
/// state it reads and writes copied back from the device; what it wrote (per-neuron values, shared values) is copied
/// to the device again before the step's kernels. It is the CPU simulator's own code, so its random numbers are the
/// host network's stream's, drawn in the same order as on the CPU where the population draws nothing else.
/// </summary>
internal sealed partial class GpuSimulatorEmitter
{
    /// <summary>The launch of a population's run_regularly code: in the steps one of its intervals divides.</summary>
    private static void EmitRegularlyCall(CodeWriter w, NeuronPopulationPlan neurons)
    {
        string due = string.Join(" || ", neurons.Regularly.Select(r => r.Steps).Distinct().Select(steps => $"step % {steps} == 0"));
        w.Line($"if ({due}) Regularly_{neurons.Member.TrimStart('@')}(step);");
    }

    /// <summary>The per-neuron state variables the population's run_regularly code reads or writes, and those it writes.</summary>
    private static (List<string> Used, List<string> Written) RegularlyState(NeuronPopulationPlan neurons)
    {
        var statements = neurons.Regularly.SelectMany(r => r.Statements).ToList();
        var written = new HashSet<string>(statements.Where(s => !s.Target.IsShared).Select(s => s.Target.Name));
        var read = ExpressionFacts.References(statements.Select(s => s.Value.ExpandAliases(neurons.Aliases)));
        var states = neurons.State.Select(s => s.Name).ToList();
        return (states.Where(s => read.Contains(s) || written.Contains(s)).ToList(), states.Where(written.Contains).ToList());
    }

    private void EmitRegularlyMethod(CodeWriter w, NeuronPopulationPlan neurons)
    {
        string host = $"_host.{neurons.Member}";
        string state = $"{Buffer("state", neurons)}.View";
        var (used, written) = RegularlyState(neurons);
        var statements = neurons.Regularly.SelectMany(r => r.Statements).ToList();
        var shared = neurons.SharedState.Select(s => s.Name).Where(name => statements.Any(s => s.Target.IsShared && s.Target.Name == name)).ToList();
        bool refractoriness = BuiltinRenderer.ReadsRefractoriness(statements.Select(s => s.Value.ExpandAliases(neurons.Aliases)));
        var index = neurons.State.Select(s => s.Name).ToList();
        w.Line($"/// <summary>'{neurons.Name}''s run_regularly code due at this step, run by the host network on the values it reads from the device; what it writes goes back.</summary>");
        using (w.Block($"private void Regularly_{neurons.Member.TrimStart('@')}(long step)"))
        {
            w.Line($"int n = {host}.Count;");
            foreach (string variable in used)
            {
                w.Line($"DeviceCopy.Download<Real>({state}.SubView({index.IndexOf(variable)} * (long)n, n), {host}._{variable});");
            }
            if (refractoriness)
            {
                w.Line($"DeviceCopy.Download<{StepType}>({Buffer("lastSpike", neurons)}, {host}._lastSpike);");
            }
            w.Line($"{host}.Regularly(step);");
            foreach (string variable in written)
            {
                w.Line($"DeviceCopy.Upload<Real>({state}.SubView({index.IndexOf(variable)} * (long)n, n), {host}._{variable});");
            }
            var constants = _neurons[neurons.Member].DeviceConstants;
            foreach (string variable in shared)
            {
                w.Line($"DeviceCopy.Upload<Real>({Buffer("constants", neurons)}.SubView({constants.IndexOf($"_{variable}")}, 1), new ReadOnlySpan<Real>(in {host}._{variable}));");
            }
        }
    }
}
