using System.Collections.Generic;

namespace SpikeLang.Runtime;

/// <summary>One population of a built network, as runtime tools (chip mapping, NIR export, plots) see it.</summary>
/// <param name="Name">Population name from the .snn file.</param>
/// <param name="Kind">"neurons", "poisson" or "input".</param>
/// <param name="Model">Neuron model name, or null for poisson and input populations.</param>
/// <param name="Size">Number of neurons.</param>
/// <param name="Parameters">Parameter values in SI units: length 1 when homogeneous, <paramref name="Size"/> when per neuron. Enumeration order is kept in <see cref="NetworkDescriptor.ToJson"/>, so pass declaration order.</param>
/// <param name="StateVariables">State variable names in declaration order.</param>
/// <param name="Equations">The model's equations as written in the source.</param>
/// <param name="Discretization">"exact", "rk2", "rk4", "euler" or "discrete".</param>
/// <param name="Dynamics">The model's dynamics as matrices when they are affine in the state; null for poisson and input populations and for models that are not affine (see <paramref name="DynamicsUnavailable"/>).</param>
/// <param name="DynamicsUnavailable">Why a neuron population has no <paramref name="Dynamics"/>, for error messages (e.g. "dv/dt is not affine in the state: it multiplies 'v' by 'v'"); else null.</param>
public sealed record PopulationDescriptor(
    string Name,
    string Kind,
    string? Model,
    int Size,
    IReadOnlyDictionary<string, double[]> Parameters,
    IReadOnlyList<string> StateVariables,
    string Equations,
    string Discretization,
    NeuronDynamics? Dynamics = null,
    string? DynamicsUnavailable = null);
