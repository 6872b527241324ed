using SpikeLang.Compiler.Binding;

namespace SpikeLang.Compiler.Lowering;

/// <summary>
/// One monitor, decided: what it records, which class holds it, the elements it takes, how often, and in
/// what unit. State and synapse monitors sample at the start of a step (<see cref="KernelKind.Sample"/>),
/// spike and rate monitors at its end (<see cref="KernelKind.Record"/>).
/// </summary>
/// <param name="Owner">The member (population, subgroup or connection) whose class holds the monitor.</param>
/// <param name="Source">What the .snn file records, as named there: a population, a subgroup, or <c>"A -> B"</c>.</param>
/// <param name="Variable">The state or synapse variable; null for spikes and rates.</param>
/// <param name="Start">The first element recorded, counted in the source, or null for 0.</param>
/// <param name="End">The end of the elements recorded (exclusive), or null for all.</param>
/// <param name="Interval">Steps between samples.</param>
/// <param name="Window">A rate's smoothing width in steps (odd); 1 for none.</param>
/// <param name="Unit">The SI unit of the values ("V", "A", "1", ...).</param>
internal sealed record RecordingPlan(
    RecordKind Kind,
    string Owner,
    string Source,
    string? Variable,
    BoundExpression? Start,
    BoundExpression? End,
    int Interval,
    int Window,
    string Unit)
{
    /// <summary>The property of the owner's class that holds the monitor.</summary>
    public string Property => Kind switch
    {
        RecordKind.Spikes => "SpikeMonitor",
        RecordKind.Rate => "RateMonitor",
        _ => $"{Variable}Monitor",
    };

    /// <summary>True for monitors of values sampled at the start of a step: state and synapse variables.</summary>
    public bool SamplesValues => Kind is RecordKind.State or RecordKind.Weights;
}
