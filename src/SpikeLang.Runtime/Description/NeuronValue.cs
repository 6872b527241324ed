using System;
using System.Collections.Generic;

namespace SpikeLang.Runtime;

/// <summary>
/// A value of a neuron population that is either the same for every neuron (stored once) or differs
/// per neuron (one entry per neuron), like <see cref="PopulationDescriptor.Parameters"/>.
/// </summary>
public sealed class NeuronValue
{
    private readonly double[] _values;

    /// <param name="values">One value for all neurons, or one per neuron; must not be empty.</param>
    public NeuronValue(params double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0)
        {
            throw new ArgumentException("A neuron value needs one value for all neurons or one per neuron, but none was given.", nameof(values));
        }

        _values = values;
    }

    /// <summary>The stored values: length 1 when homogeneous, else one per neuron.</summary>
    public IReadOnlyList<double> Values => _values;

    /// <summary>True when every neuron has the same value.</summary>
    public bool IsHomogeneous => _values.Length == 1;

    /// <summary>The value of neuron <paramref name="neuron"/> (any index when homogeneous).</summary>
    public double this[int neuron] => _values.Length == 1 ? _values[0] : _values[neuron];

    /// <summary>The single value of a homogeneous quantity.</summary>
    /// <exception cref="InvalidOperationException">The value differs per neuron.</exception>
    public double Value => _values.Length == 1
        ? _values[0]
        : throw new InvalidOperationException($"This value differs per neuron ({_values.Length} values); read it per neuron with the indexer.");

    /// <summary>The value as a number when homogeneous, else a summary of the per-neuron values.</summary>
    public override string ToString() => _values.Length == 1
        ? _values[0].ToString("R", System.Globalization.CultureInfo.InvariantCulture)
        : $"per neuron ({_values.Length} values)";
}
