namespace SpikeLang.Compiler.Lowering;

/// <summary>
/// The closed catalogue of per-step kernels, as Brian2 has one: every backend implements each kind for
/// every population or connection that needs it, and runs them in the order of <see cref="NetworkPlan.Schedule"/>.
/// </summary>
internal enum KernelKind
{
    /// <summary>A neuron population runs its run_regularly code, at the start of the steps its intervals divide (Brian2's when='start').</summary>
    Regularly,

    /// <summary>
    /// A connection writes its summed variables into its neurons: each the sum over the neuron's synapses of
    /// a value read from the state the step starts with (before the populations update, as in Brian2).
    /// </summary>
    SummedVariable,

    /// <summary>A neuron population's state update (and, when fused, its threshold).</summary>
    NeuronUpdate,

    /// <summary>A connection's clock-driven synapse equations.</summary>
    SynapseUpdate,

    /// <summary>A population finds its spikes: threshold, Poisson draws, or host-set spikes.</summary>
    Threshold,

    /// <summary>A connection runs its 'on pre' code for presynaptic spikes (after their delay).</summary>
    Deliver,

    /// <summary>An external drive adds this step's input spikes to its targets (after the connections' 'on pre', as Brian2's PoissonInput).</summary>
    Drive,

    /// <summary>
    /// A neuron population adds the input accumulated by this step's deliveries and drives to the variables
    /// it holds while refractory, for the neurons that are not refractory (see <c>DeferredInputLowering</c>).
    /// </summary>
    ApplyInput,

    /// <summary>A connection runs its 'on post' code for postsynaptic spikes.</summary>
    DeliverPost,

    /// <summary>A neuron population resets the neurons that spiked and starts their refractory period.</summary>
    Reset,

    /// <summary>A population appends this step to its monitors.</summary>
    Record,

    /// <summary>
    /// A neuron population looks for state that is no longer finite; periodic (every
    /// <c>NonFiniteState.FiniteCheckInterval</c> steps and at the end of a run), so it costs next to nothing.
    /// </summary>
    FiniteCheck,

    /// <summary>
    /// A population, subgroup or connection samples its state monitors at the start of a step, before the
    /// update, as Brian2's StateMonitor does (when='start'): sample s holds the values at time s·dt.
    /// </summary>
    Sample,
}

/// <summary>
/// One kernel of a step: its kind and the population, connection or drive (by member name) that runs it;
/// <paramref name="InParts"/> when it runs over the owner's parts (ranges of neurons or targets), which the
/// network hands to its threads, each part writing only its own elements.
/// </summary>
internal sealed record KernelCall(KernelKind Kind, string Member, bool InParts = false);
