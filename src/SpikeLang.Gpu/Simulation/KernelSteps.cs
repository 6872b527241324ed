namespace SpikeLang.Gpu.Simulation;

/// <summary>What a generated neuron kernel needs to know of the step it runs in.</summary>
/// <param name="Step">The step's index.</param>
/// <param name="Slot">The slot of the population's <see cref="DeviceSpikes"/> that holds this step's spikes.</param>
/// <param name="Neurons">The population's size.</param>
/// <param name="RefractorySteps">The refractory period in whole steps (0 without one).</param>
/// <param name="Seed">The network's seed, for a population that draws random numbers while running (<see cref="CounterStream"/>).</param>
/// <param name="Stream">The population's random stream (0 when it draws none).</param>
public readonly record struct NeuronStep(long Step, int Slot, int Neurons, long RefractorySteps, ulong Seed, int Stream);

/// <summary>What a generated delivery kernel needs to know: the spikes it delivers (those arriving now, after the delay) and the slices it connects.</summary>
/// <param name="Slot">The slot of the source's <see cref="DeviceSpikes"/> of the step whose spikes arrive now.</param>
/// <param name="SourceNeurons">The source population's size (the length of a slot's row).</param>
/// <param name="SourceStart">The first neuron of the source slice.</param>
/// <param name="SourceCount">The neurons of the source slice: the rows of the connectivity.</param>
/// <param name="TargetStart">The first neuron of the target slice.</param>
/// <param name="TargetNeurons">The target population's size (the length of each of its variables).</param>
/// <param name="Synapses">The connection's synapses (the length of each per-synapse value).</param>
public readonly record struct DeliverStep(int Slot, int SourceNeurons, int SourceStart, int SourceCount, int TargetStart, int TargetNeurons, int Synapses);
