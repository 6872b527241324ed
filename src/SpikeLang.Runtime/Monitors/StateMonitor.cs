using System;
using System.Globalization;
using System.Numerics;

namespace SpikeLang.Runtime;

/// <summary>
/// Records one state variable of every neuron of a population at chosen steps, as a
/// samples × neurons matrix stored row by row.
/// </summary>
/// <remarks>
/// Storage doubles when full, so recording allocates only while the monitor grows; size it with
/// the constructor or <see cref="EnsureCapacity"/> to keep a run allocation-free.
/// </remarks>
/// <typeparam name="T">Element type of the variable: the network's precision, float or double.</typeparam>
public sealed class StateMonitor<T> : IStateMonitor
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _neurons;
    private T[] _values;
    private long[] _steps;
    private int _samples;

    /// <summary>Creates an empty monitor.</summary>
    /// <param name="variable">Name of the recorded variable, e.g. "v".</param>
    /// <param name="neurons">Population size.</param>
    /// <param name="initialSamples">Samples held before the first growth.</param>
    public StateMonitor(string variable, int neurons, int initialSamples = 0)
    {
        ArgumentNullException.ThrowIfNull(variable);
        ArgumentOutOfRangeException.ThrowIfNegative(neurons);
        ArgumentOutOfRangeException.ThrowIfNegative(initialSamples);
        Variable = variable;
        _neurons = neurons;
        _values = new T[CheckedLength(initialSamples)];
        _steps = new long[initialSamples];
    }

    /// <summary>Name of the recorded variable.</summary>
    public string Variable { get; }

    /// <summary>Population size (values per sample).</summary>
    public int Neurons => _neurons;

    /// <summary>Number of recorded samples.</summary>
    public int Samples => _samples;

    /// <summary>Samples that fit before the next growth.</summary>
    public int Capacity => _steps.Length;

    /// <summary>Step of each sample.</summary>
    public ReadOnlySpan<long> Steps => new(_steps, 0, _samples);

    /// <summary>Copies every neuron's value (<paramref name="values"/> must have <see cref="Neurons"/> elements) as the sample of step <paramref name="step"/>.</summary>
    public void Record(long step, ReadOnlySpan<T> values)
    {
        if (values.Length != _neurons)
        {
            throw new ArgumentException($"Expected {_neurons} values, got {values.Length}.", nameof(values));
        }

        if (_samples == _steps.Length)
        {
            Grow();
        }

        values.CopyTo(new Span<T>(_values, _samples * _neurons, _neurons));
        _steps[_samples++] = step;
    }

    /// <summary>All neurons' values in sample <paramref name="k"/>.</summary>
    public ReadOnlySpan<T> Sample(int k)
    {
        if ((uint)k >= (uint)_samples)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"Sample must lie in [0, {_samples}).");
        }

        return new ReadOnlySpan<T>(_values, k * _neurons, _neurons);
    }

    /// <summary>The value of <paramref name="neuron"/> in sample <paramref name="sample"/>.</summary>
    public T At(int sample, int neuron)
    {
        if ((uint)neuron >= (uint)_neurons)
        {
            throw new ArgumentOutOfRangeException(nameof(neuron), neuron, $"Neuron must lie in [0, {_neurons}).");
        }

        return Sample(sample)[neuron];
    }

    /// <inheritdoc/>
    public double ValueAt(int sample, int neuron) => double.CreateChecked(At(sample, neuron));

    /// <inheritdoc/>
    public int Format(int sample, int neuron, Span<char> destination)
    {
        At(sample, neuron).TryFormat(destination, out int written, "R", CultureInfo.InvariantCulture);
        return written;
    }

    /// <summary>Makes room for <paramref name="samples"/> samples in all.</summary>
    public void EnsureCapacity(int samples)
    {
        if (samples > _steps.Length)
        {
            Resize(samples);
        }
    }

    /// <summary>Drops all samples, keeping the storage.</summary>
    public void Clear() => _samples = 0;

    private void Grow()
    {
        // Double, but only as far as one array can hold the samples × neurons matrix.
        long maxSamples = _neurons == 0 ? int.MaxValue : Math.Min(int.MaxValue, Array.MaxLength / _neurons);
        long target = Math.Min(maxSamples, Math.Max(16L, 2L * _samples));
        if (target <= _samples)
        {
            throw new InvalidOperationException($"A state monitor of {_neurons} neurons cannot hold more than {maxSamples} samples.");
        }

        Resize((int)target);
    }

    private void Resize(int samples)
    {
        Array.Resize(ref _values, CheckedLength(samples));
        Array.Resize(ref _steps, samples);
    }

    private int CheckedLength(int samples)
    {
        long length = (long)samples * _neurons;
        if (length > Array.MaxLength)
        {
            throw new ArgumentException($"{samples} samples of {_neurons} neurons exceed the largest array .NET can allocate.");
        }

        return (int)length;
    }
}
