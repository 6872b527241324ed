namespace SpikeLang.Neuromorphic.Nir;

/// <summary>
/// How an imported neuron's NIR equation is stepped. NIR is continuous-time; the framework that wrote a file
/// chose a discretization when it turned its discrete neurons into NIR's time constants, and a file imports as
/// that framework ran it only when stepped the same way.
/// </summary>
public enum NirIntegration
{
    /// <summary>
    /// The exact solution over a step with the input held constant (the language's default for linear equations):
    /// what SpikeLang's own export assumes (a discrete <c>mem = beta * mem + input</c> goes out as tau = −dt/ln β).
    /// </summary>
    Exact,

    /// <summary>
    /// Forward Euler, <c>v += dt · dv/dt</c> (<c>method euler</c>): what snnTorch's <c>export_to_nir</c> and
    /// <c>import_from_nir</c> assume (tau = dt / (1 − β), r = tau / dt, so that a step of dt is <c>mem = β · mem + input</c>).
    /// </summary>
    Euler,
}
