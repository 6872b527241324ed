using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.GpuSimulator;

/// <summary>
/// 'record state' on the device: each recorded variable of a population or subgroup has a <c>DeviceStateRecording</c>
/// that copies the monitor's slice of it, in the schedule's Sample call (the start of the step, before the update), into
/// a block on the device, and hands the block to the host network's monitor when it is full and when a run ends.
/// </summary>
internal sealed partial class GpuSimulatorEmitter
{
    /// <summary>The 'record state' monitors, each of a state variable of a population or subgroup (SL0521 refuses the rest).</summary>
    private IEnumerable<RecordingPlan> StateRecordings => _network.Recordings.Where(r => r.Kind == RecordKind.State);

    private static string RecordingField(RecordingPlan recording) => $"_recording_{recording.Owner.TrimStart('@')}_{recording.Variable}";

    private void EmitStateRecordingFields(CodeWriter w)
    {
        foreach (var recording in StateRecordings)
        {
            w.Line();
            w.Line($"// record state {recording.Source}.{recording.Variable}: sampled on the device, copied back in blocks into the host network's monitor.");
            w.Line($"private readonly DeviceStateRecording<Real> {RecordingField(recording)};");
        }
    }

    private void EmitStateRecordingConstruction(CodeWriter w)
    {
        foreach (var recording in StateRecordings)
        {
            string host = $"_host.{recording.Owner}";
            w.Line($"{RecordingField(recording)} = _buffers.Own(new DeviceStateRecording<Real>(accelerator, {host}.{recording.Property}, {host}.Count));");
        }
    }

    /// <summary>The owner's samples at the start of the step: each recorded variable's view over the owner's neurons.</summary>
    private void EmitSampleCall(CodeWriter w, string owner)
    {
        foreach (var recording in StateRecordings.Where(r => r.Owner == owner))
        {
            var subgroup = _network.Subgroups.FirstOrDefault(g => g.Member == owner);
            var neurons = (NeuronPopulationPlan)_network.Populations.First(p => subgroup is null ? p.Member == owner : p.Name == subgroup.Parent);
            string n = $"this.{neurons.Member}.Count";
            int slot = neurons.State.Select(s => s.Name).ToList().IndexOf(recording.Variable!);
            string view = subgroup is null
                ? $"{Buffer("state", neurons)}.View.SubView({slot} * (long){n}, {n})"
                : $"{Buffer("state", neurons)}.View.SubView({slot} * (long){n} + _host.{owner}.Start, _host.{owner}.Count)";
            w.Line($"{RecordingField(recording)}.Sample(step, {view});");
        }
    }

    /// <summary>Before a run's steps, room in the monitors for their samples (as the CPU simulator's Run makes).</summary>
    private void EmitStateRecordingReserve(CodeWriter w)
    {
        foreach (var recording in StateRecordings)
        {
            w.Line($"{RecordingField(recording)}.Reserve(steps);");
        }
    }

    /// <summary>After a run's steps, the samples still on the device into the monitors.</summary>
    private void EmitStateRecordingFlush(CodeWriter w)
    {
        foreach (var recording in StateRecordings)
        {
            w.Line($"{RecordingField(recording)}.Flush();");
        }
    }
}
