namespace SpikeLang.Runtime;

/// <summary>
/// An external Poisson drive (<c>drive P.v += poisson(n, rate, weight)</c>): each step, each neuron of
/// [<paramref name="TargetStart"/>, <paramref name="TargetEnd"/>) of <paramref name="Target"/> receives
/// Binomial(<paramref name="Inputs"/>, <paramref name="Rate"/>·dt) input spikes, each adding
/// <paramref name="Weight"/> (SI units) to <paramref name="Variable"/>.
/// </summary>
public sealed record DriveDescriptor(string Target, int TargetStart, int TargetEnd, string Variable, int Inputs, double Rate, double Weight);
