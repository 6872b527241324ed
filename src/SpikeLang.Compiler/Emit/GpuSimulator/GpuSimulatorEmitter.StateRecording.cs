using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.GpuSimulator;

/// <summary>
/// 'record state' and 'record weights' on the device: each recorded variable of a population or subgroup, and each
/// recorded synapse variable of a connection, has a <c>DeviceStateRecording</c> that copies the monitor's slice of it, in
/// the schedule's Sample call (the start of the step, before the update), into a block on the device, and hands the
/// block to the host network's monitor when it is full and when a run ends.
/// </summary>
/// <remarks>
/// Synapse values are sampled on the device too, not copied back at sample steps: a weight monitor samples every step
/// unless told otherwise, and a copy on the device is a copy of the same bits, so the samples are exact either way; the
/// block only saves a transfer per sample.
/// </remarks>
internal sealed partial class GpuSimulatorEmitter
{
    /// <summary>
    /// The monitors sampled at the start of a step: 'record state' of a state variable of a population or subgroup (SL0521
    /// refuses the rest) and 'record weights' of a connection's synapse variable.
    /// </summary>
    private IEnumerable<RecordingPlan> StateRecordings => _network.Recordings.Where(r => r.SamplesValues);

    /// <summary>The connection that holds a monitor of synapse values, or null for one of neurons.</summary>
    private ConnectionPlan? RecordedConnection(RecordingPlan recording) =>
        recording.Kind == RecordKind.Weights ? _network.Connections.First(c => c.Member == recording.Owner) : null;

    private static string RecordingField(RecordingPlan recording) => $"_recording_{recording.Owner.TrimStart('@')}_{recording.Variable}";

    private void EmitStateRecordingFields(CodeWriter w)
    {
        foreach (var recording in StateRecordings)
        {
            w.Line();
            w.Line(recording.Kind == RecordKind.Weights
                ? $"// record weights {recording.Source} ({recording.Variable}): sampled on the device, copied back in blocks into the host network's monitor."
                : $"// record state {recording.Source}.{recording.Variable}: sampled on the device, copied back in blocks into the host network's monitor.");
            w.Line($"private readonly DeviceStateRecording<Real> {RecordingField(recording)};");
        }
    }

    private void EmitStateRecordingConstruction(CodeWriter w)
    {
        foreach (var recording in StateRecordings)
        {
            string host = $"_host.{recording.Owner}";
            // The values of every element of the owner: its neurons, or the connection's synapses.
            string available = RecordedConnection(recording) is null ? $"{host}.Count" : $"{host}.Connectivity.Columns.Length";
            w.Line($"{RecordingField(recording)} = _buffers.Own(new DeviceStateRecording<Real>(accelerator, {host}.{recording.Property}, {available}));");
        }
    }

    /// <summary>The owner's samples at the start of the step: each recorded variable's view over the owner's neurons or synapses.</summary>
    private void EmitSampleCall(CodeWriter w, string owner)
    {
        foreach (var recording in StateRecordings.Where(r => r.Owner == owner))
        {
            if (RecordedConnection(recording) is { } connection)
            {
                // The variable's row of the synapse-values view, which plastic code changes in place.
                int row = SynapseArrays(connection).ToList().IndexOf($"_{recording.Variable}");
                string synapses = $"_host.{owner}.Connectivity.Columns.Length";
                w.Line($"{RecordingField(recording)}.Sample(step, {Buffer("synapseValues", owner)}.SubView({row} * (long){synapses}, {synapses}));");
                continue;
            }
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
