namespace SpikeLang.Runtime;

/// <summary>What a reset statement does to its variable.</summary>
public enum ResetKind
{
    /// <summary><c>x = value</c>.</summary>
    Set,

    /// <summary><c>x += value</c> (and <c>x -= v</c>, described as adding −v).</summary>
    Add,
}

/// <summary>One reset statement run on a neuron that spiked, with its value in SI units.</summary>
/// <param name="Variable">The state variable changed.</param>
/// <param name="Kind">Set to the value, or add it.</param>
/// <param name="Value">The value, per neuron when it differs.</param>
public sealed record ResetOperation(string Variable, ResetKind Kind, NeuronValue Value);
