using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.Simulator;

/// <summary>
/// Prints the monitors of a plan's <see cref="NetworkPlan.Recordings"/>: the properties that hold them in
/// their owner's class, their construction in the network's constructor (where slices that use network
/// parameters can be evaluated), the kernels that feed them, and the room <c>Run</c> makes in them.
/// </summary>
internal static class MonitorEmitter
{
    /// <summary>The monitors held by the class of <paramref name="owner"/>, in the order recorded.</summary>
    public static IEnumerable<RecordingPlan> Of(NetworkPlan network, string owner) => network.Recordings.Where(r => r.Owner == owner);

    /// <summary>The properties of the owner's class.</summary>
    public static void EmitProperties(CodeWriter w, NetworkPlan network, string owner)
    {
        foreach (var recording in Of(network, owner))
        {
            w.Line();
            w.Line(recording.Kind switch
            {
                RecordKind.Spikes => $"/// <summary>Every spike: step and index{Counted(recording)} (from 'record spikes').</summary>",
                RecordKind.Rate => $"/// <summary>The population rate in every step{(recording.Window > 1 ? $", smoothed over {recording.Window} steps" : "")} (from 'record rate').</summary>",
                _ => $"/// <summary>{recording.Variable} at the start of {Every(recording)}{Counted(recording)}, in {recording.Unit} (from 'record {(recording.Kind == RecordKind.Weights ? "weights" : "state")}').</summary>",
            });
            string type = recording.Kind switch
            {
                RecordKind.Spikes => "SpikeMonitor",
                RecordKind.Rate => "RateMonitor",
                _ => "StateMonitor<Real>",
            };
            // Set by the network's constructor, which evaluates slices from the network parameters.
            w.Line($"public {type} {recording.Property} {{ get; internal set; }} = null!;");
        }
    }

    /// <summary>Constructs every monitor, in the network's constructor after the populations, subgroups and connections.</summary>
    public static void EmitConstruction(CodeWriter w, NetworkPlan network, ExpressionWriter constants)
    {
        if (network.Recordings.Count > 0)
        {
            w.Line("// Monitors of 'record', each over the elements and steps it records.");
        }
        foreach (var recording in network.Recordings)
        {
            string owner = $"this.{recording.Owner}";
            string available = recording.Kind == RecordKind.Weights ? $"{owner}._{recording.Variable}.Length" : $"{owner}.Count";
            string source = CSharpLiteral.String(recording.Source);
            var options = new List<string> { $"Source = {source}" };
            if (recording.Start is { } start)
            {
                options.Add($"Start = ConstructionChecks.Index(\"slice start\", {constants.Write(start)}, {available})");
            }
            if (recording.End is { } end)
            {
                string first = recording.Start is null ? "0" : $"ConstructionChecks.Index(\"slice start\", {constants.Write(recording.Start)}, {available})";
                options.Add($"Count = ConstructionChecks.Index(\"slice end\", {constants.Write(end)}, {available}) - {first}");
            }
            if (recording.Interval != 1)
            {
                options.Add($"Interval = {recording.Interval}");
            }
            if (recording.SamplesValues)
            {
                options.Add($"Unit = {CSharpLiteral.String(recording.Unit)}");
            }
            string optionsText = $"new MonitorOptions {{ {string.Join(", ", options)} }}";
            w.Line(recording.Kind switch
            {
                RecordKind.Spikes => $"{owner}.SpikeMonitor = new SpikeMonitor({available}, {optionsText});",
                RecordKind.Rate => $"{owner}.RateMonitor = new RateMonitor({available}, Dt, {recording.Window}, {source});",
                _ => $"{owner}.{recording.Property} = new StateMonitor<Real>({CSharpLiteral.String(recording.Variable!)}, {available}, {optionsText});",
            });
        }
    }

    /// <summary>The kernel that samples the owner's state monitors at the start of a step, when it has any.</summary>
    /// <param name="field">The array that holds a variable, by name.</param>
    /// <param name="prepare">A statement that fills the array first (an alias, computed from the state), or null.</param>
    /// <param name="owned">For neurons: where the array's elements start, the ranks and the range this process keeps up to
    /// date (e.g. <c>HeldStart, _ranks, OwnStart, OwnEnd</c>), whose values the ranks join at each sample; null for others.</param>
    public static void EmitSample(CodeWriter w, NetworkPlan network, string owner, System.Func<string, string> field, System.Func<string, string?>? prepare = null,
        string? owned = null)
    {
        var sampled = Of(network, owner).Where(r => r.SamplesValues).ToList();
        if (sampled.Count == 0)
        {
            return;
        }
        w.Line();
        w.Line("/// <summary>Samples the state monitors at the start of the step, before the update (Brian2's when='start').</summary>");
        using (w.Kernel("internal void Sample(long step)"))
        {
            foreach (var recording in sampled)
            {
                if (prepare?.Invoke(recording.Variable!) is { } statement)
                {
                    w.Line(statement);
                }
                w.Line($"{recording.Property}.Record(step, {field(recording.Variable!)}{(owned is null ? "" : ", " + owned)});");
            }
        }
    }

    /// <summary>The lines of the owner's end-of-step <c>Record</c> kernel: spikes and rate.</summary>
    public static void EmitRecordLines(CodeWriter w, NetworkPlan network, string owner)
    {
        foreach (var recording in Of(network, owner).Where(r => !r.SamplesValues))
        {
            w.Line(recording.Kind == RecordKind.Spikes
                ? "SpikeMonitor.Record(step, Spikes);"
                : "RateMonitor.Record(step, Spikes.Length);");
        }
    }

    /// <summary>True when the owner's end-of-step <c>Record</c> kernel has lines.</summary>
    public static bool Records(NetworkPlan network, string owner) => Of(network, owner).Any(r => !r.SamplesValues);

    /// <summary>The room <c>Run(steps)</c> makes in every state monitor first, so a run kept in memory allocates once.</summary>
    public static void EmitReserve(CodeWriter w, NetworkPlan network)
    {
        foreach (var recording in network.Recordings.Where(r => r.SamplesValues))
        {
            w.Line($"this.{recording.Owner}.{recording.Property}.Reserve(steps);");
        }
    }

    /// <summary>The <c>INetwork.SynapseMonitors</c> list.</summary>
    /// <param name="holder">What holds the connections: <c>this</c> in the CPU simulator, its host network in the GPU simulator, which fills the same monitors.</param>
    public static string SynapseMonitors(NetworkPlan network, string holder = "this")
    {
        var monitors = network.Recordings.Where(r => r.Kind == RecordKind.Weights).Select(r => $"{holder}.{r.Owner}.{r.Property}").ToList();
        return monitors.Count == 0 ? "Array.Empty<IStateMonitor>()" : $"new IStateMonitor[] {{ {string.Join(", ", monitors)} }}";
    }

    private static string Every(RecordingPlan recording) => recording.Interval == 1 ? "every step" : $"every {recording.Interval} steps";

    private static string Counted(RecordingPlan recording) => recording.Start is null && recording.End is null
        ? ""
        : $", for the slice {recording.Source}[...] counted from its start";
}
