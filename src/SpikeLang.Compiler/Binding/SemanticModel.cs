using System.Collections.Generic;

namespace SpikeLang.Compiler.Binding;

/// <summary>
/// Everything a compilation declares, bound: neuron models, synapse models as declared (checked on
/// their own), and networks with each connection's synapse bound to its neurons.
/// </summary>
internal sealed record SemanticModel(
    IReadOnlyList<NeuronModel> Neurons,
    IReadOnlyList<SynapseModel> Synapses,
    IReadOnlyList<NetworkModel> Networks);
