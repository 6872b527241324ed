using System;

namespace SpikeLang.Runtime;

/// <summary>A <see cref="StateMonitor{T}"/> seen without its element type: float and double monitors read as double.</summary>
public interface IStateMonitor
{
    /// <summary>Name of the recorded variable.</summary>
    string Variable { get; }

    /// <summary>The population, subgroup or connection (<c>"A -> B"</c>) recorded, as the .snn file names it.</summary>
    string Source { get; }

    /// <summary>The SI unit of the values: <c>"V"</c>, <c>"A"</c>, <c>"S"</c>, <c>"Hz"</c>, ..., <c>"1"</c> when dimensionless.</summary>
    string Unit { get; }

    /// <summary>The source's index of the first recorded element: recorded element k is element <c>Start + k</c> of the source.</summary>
    int Start { get; }

    /// <summary>Steps between samples.</summary>
    int Interval { get; }

    /// <summary>Elements per sample (neurons, or synapses for a connection).</summary>
    int Neurons { get; }

    /// <summary>Number of samples held (since the last flush when streaming).</summary>
    int Samples { get; }

    /// <summary>Samples taken since creation, those already handed on by <see cref="Flush"/> included.</summary>
    long TotalSamples { get; }

    /// <summary>Step of each sample held; a sample of step s holds the values at the start of step s (time s·dt).</summary>
    ReadOnlySpan<long> Steps { get; }

    /// <summary>Bytes per value: 4 for float, 8 for double.</summary>
    int BytesPerValue { get; }

    /// <summary>The samples held, row after row, as the little-endian bytes of their own precision.</summary>
    ReadOnlySpan<byte> ValueBytes { get; }

    /// <summary>The value of recorded element <paramref name="neuron"/> in sample <paramref name="sample"/>, as double.</summary>
    double ValueAt(int sample, int neuron);

    /// <summary>Writes the value in its own precision as the shortest text that reads back the same; returns the characters written.</summary>
    int Format(int sample, int neuron, Span<char> destination);

    /// <summary>Makes room for <paramref name="samples"/> samples in all.</summary>
    void EnsureCapacity(int samples);

    /// <summary>Makes room for the samples of <paramref name="steps"/> more steps (nothing while streaming).</summary>
    /// <exception cref="InvalidOperationException">They cannot be held in memory at once; the message says what to do instead.</exception>
    void Reserve(long steps);

    /// <summary>
    /// Bounds the memory: from now on the monitor holds at most <paramref name="bufferSamples"/> samples
    /// and calls <paramref name="flush"/> whenever it holds that many (then drops them), and on <see cref="Flush"/>.
    /// </summary>
    void Stream(Action<IStateMonitor> flush, int bufferSamples);

    /// <summary>When streaming, hands the samples held (possibly none) to the callback and drops them.</summary>
    void Flush();
}
