using System;

namespace SpikeLang.Runtime;

/// <summary>A <see cref="StateMonitor{T}"/> seen without its element type: float and double monitors read as double.</summary>
public interface IStateMonitor
{
    /// <summary>Name of the recorded variable.</summary>
    string Variable { get; }

    /// <summary>Population size (values per sample).</summary>
    int Neurons { get; }

    /// <summary>Number of recorded samples.</summary>
    int Samples { get; }

    /// <summary>Step of each sample.</summary>
    ReadOnlySpan<long> Steps { get; }

    /// <summary>The value of <paramref name="neuron"/> in sample <paramref name="sample"/>, as double.</summary>
    double ValueAt(int sample, int neuron);

    /// <summary>Writes the value in its own precision as the shortest text that reads back the same; returns the characters written.</summary>
    int Format(int sample, int neuron, Span<char> destination);

    /// <summary>Makes room for <paramref name="samples"/> samples in all.</summary>
    void EnsureCapacity(int samples);
}
