using System;
using System.Collections.Generic;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>
/// One population in the target's integer model. Neuron populations have
/// <see cref="Channels"/>.Count compartments per neuron, stored neuron-major: neuron i's
/// compartments are [i·k, i·k + k), dendrites first, the soma last. External populations
/// (host-driven inputs and Poisson sources) have no compartments: the host injects their spikes.
/// </summary>
public sealed class QuantizedPopulation
{
    /// <summary>Creates a neuron population; array lengths are checked.</summary>
    public QuantizedPopulation(
        string name,
        int size,
        IReadOnlyList<string> channels,
        CompartmentParameters[] compartments,
        int[] initialVoltage,
        int[] initialCurrent,
        PopulationQuantization? quality)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (channels.Count == 0)
        {
            throw new ArgumentException($"Population '{name}' needs at least one channel (the soma's current).", nameof(channels));
        }

        RequireLength(compartments.Length, size * channels.Count, name, nameof(compartments));
        RequireLength(initialVoltage.Length, size, name, nameof(initialVoltage));
        RequireLength(initialCurrent.Length, size * channels.Count, name, nameof(initialCurrent));
        Name = name;
        Size = size;
        IsExternal = false;
        Channels = channels;
        Compartments = compartments;
        InitialVoltage = initialVoltage;
        InitialCurrent = initialCurrent;
        Quality = quality;
    }

    private QuantizedPopulation(string name, int size)
    {
        Name = name;
        Size = size;
        IsExternal = true;
        Channels = [];
        Compartments = [];
        InitialVoltage = [];
        InitialCurrent = [];
    }

    /// <summary>A population whose spikes the host supplies (an <c>input</c> or a Poisson source).</summary>
    public static QuantizedPopulation External(string name, int size) => new(name, size);

    /// <summary>Population name from the .snn file.</summary>
    public string Name { get; }

    /// <summary>Number of neurons.</summary>
    public int Size { get; }

    /// <summary>True when the host supplies this population's spikes.</summary>
    public bool IsExternal { get; }

    /// <summary>
    /// The state variable each compartment's current stands for, in compartment order (dendrites
    /// first, the soma last); connections name their target by channel index.
    /// </summary>
    public IReadOnlyList<string> Channels { get; }

    /// <summary>Compartments per neuron (0 for external populations).</summary>
    public int CompartmentsPerNeuron => Channels.Count;

    /// <summary>Parameters of every compartment, neuron-major.</summary>
    public CompartmentParameters[] Compartments { get; }

    /// <summary>Initial soma voltage per neuron.</summary>
    public int[] InitialVoltage { get; }

    /// <summary>Initial current per compartment, neuron-major.</summary>
    public int[] InitialCurrent { get; }

    /// <summary>How far the integer model is from the float one; null when built by hand.</summary>
    public PopulationQuantization? Quality { get; }

    private static void RequireLength(int actual, int expected, string population, string field)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"Population '{population}': {field} has {actual} entries, expected {expected}.", field);
        }
    }
}
