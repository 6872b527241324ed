namespace SpikeLang.Neuromorphic.Nir;

/// <summary>
/// When an imported connection's spikes reach their target. NIR edges carry no delay; the frameworks that
/// train NIR graphs (snnTorch, Norse, Sinabs) evaluate a feed-forward path within one step and take one
/// step around a recurrent loop.
/// </summary>
public enum NirTiming
{
    /// <summary>
    /// As those frameworks: a connection on no cycle is <c>same_step</c> (its target's update sees the
    /// spikes of the step), one on a cycle delivers to the next step.
    /// </summary>
    SameStep,

    /// <summary>Every connection delivers to the next step: a spike of step k drives its targets in step k + 1.</summary>
    OneStep,
}
