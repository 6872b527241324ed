namespace SpikeLang.Runtime;

/// <summary>
/// What a presynaptic spike does to its target when a connection's <c>on pre</c> changes the
/// postsynaptic neuron by one statement, <c>post_var += w</c> or <c>post_var += constant</c>.
/// It happens when the spike is delivered (after the connection's delay), and the target's next
/// update sees it.
/// </summary>
/// <param name="TargetVariable">The postsynaptic variable incremented: a state variable (e.g. "ge", "v") or "input", the summed synaptic input.</param>
/// <param name="SynapseVariable">The per-synapse variable added (e.g. "w", a key of <see cref="ConnectionDescriptor.SynapseState"/>), or null when a constant is added.</param>
/// <param name="Constant">The constant added, in SI units, when <paramref name="SynapseVariable"/> is null.</param>
/// <param name="Plastic">True when the synapse changes its own state while running (on pre / on post update it, or equations integrate it): the value added then changes over time.</param>
public sealed record SpikeEffect(string TargetVariable, string? SynapseVariable, double? Constant, bool Plastic);
