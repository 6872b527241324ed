using System.Collections.Generic;

namespace SpikeLang.Runtime;

/// <summary>One projection of a built network: which neurons it joins, its synapses and their state.</summary>
/// <param name="Source">Presynaptic population name.</param>
/// <param name="SourceStart">First presynaptic neuron of the slice (inclusive).</param>
/// <param name="SourceEnd">End of the presynaptic slice (exclusive), as in <c>P[0:3200]</c>.</param>
/// <param name="Target">Postsynaptic population name.</param>
/// <param name="TargetStart">First postsynaptic neuron of the slice (inclusive).</param>
/// <param name="TargetEnd">End of the postsynaptic slice (exclusive).</param>
/// <param name="Synapse">Synapse model name.</param>
/// <param name="Connectivity">Synapses with indices local to the slices; synapse ids index <paramref name="SynapseState"/>.</param>
/// <param name="SynapseState">Per-synapse values by variable name (e.g. "w"), each of length SynapseCount.</param>
/// <param name="DelaySteps">Homogeneous delay in steps, or −1 when delays are per synapse.</param>
/// <param name="SynapseDelaySteps">Per-synapse delays in steps when <paramref name="DelaySteps"/> is −1, else null.</param>
/// <param name="Bias">For a <c>dense</c> connection, the value added to each target's summed input every step (one per target of the slice, as a dense layer's bias); else null.</param>
/// <param name="Effect">What a presynaptic spike does to the target when <c>on pre</c> changes it by a single <c>post_var += w</c> or <c>post_var += constant</c>; else null.</param>
/// <param name="SameStep">Written <c>same_step</c>: a spike reaches its target's update in the step it happens, not the next.</param>
public sealed record ConnectionDescriptor(
    string Source,
    int SourceStart,
    int SourceEnd,
    string Target,
    int TargetStart,
    int TargetEnd,
    string Synapse,
    Csr Connectivity,
    IReadOnlyDictionary<string, float[]> SynapseState,
    int DelaySteps,
    int[]? SynapseDelaySteps,
    SpikeEffect? Effect = null,
    float[]? Bias = null,
    bool SameStep = false);
