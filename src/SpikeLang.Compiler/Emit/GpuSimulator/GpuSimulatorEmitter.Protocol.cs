using System.Linq;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.GpuSimulator;

/// <summary>
/// A protocol whose settings reach neuron populations (SL0521 refuses settings of connections). At a phase's first
/// step, before its kernels as on the CPU, the host network applies the phase's settings to its own fields (its
/// <c>BeginPhase</c>, the CPU simulator's code), and what they set is copied to the device: the slice of a per-neuron
/// variable, or a shared value into its population's constants view.
/// </summary>
internal sealed partial class GpuSimulatorEmitter
{
    /// <summary>The phase change at the start of a step, when the next phase begins at it.</summary>
    private void EmitPhaseChange(CodeWriter w)
    {
        if (_network.Phases.Count > 0)
        {
            w.Line($"if (_nextPhase < {_network.Phases.Count} && step == {Host}.Phases[_nextPhase].FirstStep) BeginPhase(_nextPhase++);");
        }
    }

    private void EmitProtocol(CodeWriter w)
    {
        w.Line("private int _nextPhase;");
        w.Line();
        w.Line("/// <summary>Applies the settings of a phase, at its first step: on the host network, then copied to the device.</summary>");
        using (w.Block("private void BeginPhase(int phase)"))
        {
            w.Line("_host.BeginPhase(phase);");
            using (w.Block("switch (phase)"))
            {
                foreach (var (phase, index) in _network.Phases.Select((p, k) => (p, k)))
                {
                    w.Line($"case {index}: // {phase.Text}");
                    foreach (var setting in phase.Settings)
                    {
                        var neurons = (NeuronPopulationPlan)_network.Populations.First(p => p.Member == setting.Member);
                        string host = $"_host.{neurons.Member}";
                        if (setting.Target == PhaseTarget.SharedValue)
                        {
                            int slot = _neurons[neurons.Member].DeviceConstants.IndexOf($"_{setting.Variable}");
                            w.Line($"    DeviceCopy.Upload<Real>({Buffer("constants", neurons)}.SubView({slot}, 1), new ReadOnlySpan<Real>(in {host}._{setting.Variable}));");
                            continue;
                        }
                        int k = neurons.State.Select(s => s.Name).ToList().IndexOf(setting.Variable);
                        string start = setting.Start?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "0";
                        string length = setting.Start is { } s0 ? (setting.End!.Value - s0).ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{host}.Count";
                        w.Line($"    DeviceCopy.Upload<Real>({Buffer("state", neurons)}.View.SubView({k} * (long){host}.Count + {start}, {length}), {host}._{setting.Variable}.AsSpan({start}, {length}));");
                    }
                    w.Line("    break;");
                }
            }
        }
    }
}
