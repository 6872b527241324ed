using ILGPU;

namespace SpikeLang.Gpu.Simulation;

/// <summary>
/// A connection's per-synapse views, as one parameter of a generated synapse kernel (plastic 'on pre' and 'on post' code,
/// static 'on pre' code that reads neurons, summed variables): ILGPU's kernels take at most 16 parameters, and a struct of
/// views is one.
/// </summary>
/// <typeparam name="TReal">The network's real type.</typeparam>
/// <param name="Constants">The values with one value for the connection, in the order the emitter gives them.</param>
/// <param name="Values">The per-synapse arrays, [array, synapse].</param>
/// <param name="LastUpdate">The step each synapse's event-driven traces were last brought up to date.</param>
/// <param name="Pre">Each synapse's source, in the source slice (for code that reads the presynaptic neuron while running over a target's synapses).</param>
public readonly record struct SynapseViews<TReal>(ArrayView<TReal> Constants, ArrayView<TReal> Values, ArrayView<int> LastUpdate, ArrayView<int> Pre)
    where TReal : unmanaged;

/// <summary>
/// A neuron population's views that synapse code reads or adds to, as one parameter of a generated synapse kernel (the
/// presynaptic and the postsynaptic population each have one).
/// </summary>
/// <typeparam name="TReal">The network's real type.</typeparam>
/// <typeparam name="TStep">The network's step type (int, or long in double precision).</typeparam>
/// <param name="State">The state variables, [variable, neuron].</param>
/// <param name="Input">The summed input.</param>
/// <param name="Deferred">The accumulators of the variables held while refractory, [accumulator, neuron].</param>
/// <param name="LastSpike">The step of each neuron's last spike (long in double precision, int otherwise).</param>
/// <param name="Periods">Each neuron's refractory period in whole steps, where they differ per neuron; empty otherwise.</param>
/// <param name="RefractorySteps">The refractory period in whole steps, where it is one for the population.</param>
public readonly record struct NeuronViews<TReal, TStep>(ArrayView<TReal> State, ArrayView<TReal> Input, ArrayView<TReal> Deferred, ArrayView<TStep> LastSpike, ArrayView<TStep> Periods, long RefractorySteps)
    where TReal : unmanaged
    where TStep : unmanaged;

/// <summary>Brian2's not_refractory of a neuron in synapse code on the device, as the CPU simulator's population computes it.</summary>
public static class NeuronViewsExtensions
{
    /// <summary>False from the step neuron <paramref name="i"/> spikes until its refractory period is over.</summary>
    public static bool NotRefractory<TReal>(this NeuronViews<TReal, int> views, int i, long step)
        where TReal : unmanaged =>
        step - views.LastSpike[i] >= (views.Periods.Length > 0 ? views.Periods[i] : views.RefractorySteps);

    /// <summary>False from the step neuron <paramref name="i"/> spikes until its refractory period is over (steps as long, in double precision).</summary>
    public static bool NotRefractory<TReal>(this NeuronViews<TReal, long> views, int i, long step)
        where TReal : unmanaged =>
        step - views.LastSpike[i] >= (views.Periods.Length > 0 ? views.Periods[i] : views.RefractorySteps);
}
