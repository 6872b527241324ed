using System;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SpikeLang.Runtime;

/// <summary>
/// Records one state variable of a population (or one per-synapse variable of a connection) at chosen
/// steps, as a samples × elements matrix stored row by row: all elements or a slice
/// (<see cref="MonitorOptions.Start"/>, <see cref="MonitorOptions.Count"/>), every step or every
/// <see cref="MonitorOptions.Interval"/> steps.
/// </summary>
/// <remarks>
/// Generated networks sample at the start of each step, before the update, as Brian2's
/// <c>StateMonitor</c> does with <c>when='start'</c>: sample k of step s holds the values at time s·dt
/// (sample 0 holds the initial values). Kept in memory, storage doubles when full, so recording allocates
/// only while the monitor grows; <see cref="EnsureCapacity"/> or <see cref="Reserve"/> size it up front.
/// After <see cref="Stream"/>, the monitor holds at most a fixed number of samples and hands them to a
/// callback whenever that many are held (and on <see cref="Flush"/>), so memory is bounded whatever
/// the length of the run; <see cref="Recorder"/> writes them to files that way.
/// </remarks>
/// <typeparam name="T">Element type of the variable: the network's precision, float or double.</typeparam>
public sealed class StateMonitor<T> : IStateMonitor
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _neurons;
    private readonly int _available;
    private readonly int _start;
    private readonly int _interval;
    private T[] _values;
    private long[] _steps;
    private int _samples;
    private long _flushed;
    private Action<IStateMonitor>? _stream;

    /// <summary>Creates an empty monitor of every neuron, sampling whenever <see cref="Record(long, ReadOnlySpan{T})"/> is called.</summary>
    /// <param name="variable">Name of the recorded variable, e.g. "v".</param>
    /// <param name="neurons">Population size.</param>
    /// <param name="initialSamples">Samples held before the first growth.</param>
    public StateMonitor(string variable, int neurons, int initialSamples = 0)
        : this(variable, neurons, new MonitorOptions(), initialSamples)
    {
    }

    /// <summary>Creates an empty monitor of the elements and steps <paramref name="options"/> choose.</summary>
    /// <param name="variable">Name of the recorded variable, e.g. "v".</param>
    /// <param name="available">Elements of the source (the population's neurons, the connection's synapses): the length <see cref="Record(long, ReadOnlySpan{T})"/> is given.</param>
    /// <param name="options">Which elements, how often, the unit and the source's name.</param>
    /// <param name="initialSamples">Samples held before the first growth.</param>
    public StateMonitor(string variable, int available, MonitorOptions options, int initialSamples = 0)
    {
        ArgumentNullException.ThrowIfNull(variable);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(initialSamples);
        Variable = variable;
        _neurons = options.CountIn(available);
        _available = available;
        _start = options.Start;
        _interval = options.Interval;
        Source = options.Source;
        Unit = options.Unit;
        _values = new T[CheckedLength(initialSamples)];
        _steps = new long[initialSamples];
    }

    /// <inheritdoc/>
    public string Variable { get; }

    /// <inheritdoc/>
    public string Source { get; }

    /// <inheritdoc/>
    public string Unit { get; }

    /// <inheritdoc/>
    public int Start => _start;

    /// <inheritdoc/>
    public int Interval => _interval;

    /// <summary>Elements per sample (the neurons or synapses recorded).</summary>
    public int Neurons => _neurons;

    /// <summary>Number of samples held.</summary>
    public int Samples => _samples;

    /// <inheritdoc/>
    public long TotalSamples => _flushed + _samples;

    /// <summary>Samples that fit before the next growth (or, when streaming, before the next flush).</summary>
    public int Capacity => _steps.Length;

    /// <summary>Step of each sample held.</summary>
    public ReadOnlySpan<long> Steps => new(_steps, 0, _samples);

    /// <inheritdoc/>
    public int BytesPerValue => Unsafe.SizeOf<T>();

    /// <inheritdoc/>
    public ReadOnlySpan<byte> ValueBytes => MemoryMarshal.AsBytes(new ReadOnlySpan<T>(_values, 0, _samples * _neurons));

    /// <summary>
    /// Takes a sample of step <paramref name="step"/> when it is a multiple of the interval: the recorded
    /// elements of <paramref name="values"/>, which holds every element of the source.
    /// </summary>
    public void Record(long step, ReadOnlySpan<T> values)
    {
        if (values.Length != _available)
        {
            throw new ArgumentException($"Expected {_available} values, got {values.Length}.", nameof(values));
        }
        if (_interval != 1 && step % _interval != 0)
        {
            return;
        }
        Append(step, values.Slice(_start, _neurons));
    }

    /// <summary>Stores the recorded elements' values of a sampled step.</summary>
    private void Append(long step, ReadOnlySpan<T> recorded)
    {
        if (_samples == _steps.Length)
        {
            Grow();
        }

        recorded.CopyTo(new Span<T>(_values, _samples * _neurons, _neurons));
        _steps[_samples++] = step;
        if (_stream is not null && _samples == _steps.Length)
        {
            Flush();
        }
    }

    /// <summary>
    /// Takes a sample of a neuron population (or subgroup) whose values this process holds only in part:
    /// <paramref name="held"/> holds elements from <paramref name="heldStart"/> on (counted as the source counts them;
    /// see <see cref="HeldNeurons"/>). In one process (<paramref name="ranks"/> null) it holds every recorded element. On
    /// ranks, each of which keeps its own elements [<paramref name="ownStart"/>, <paramref name="ownEnd"/>) up to date,
    /// the ranks' own recorded values are joined when the step is sampled (one all-gather; ranks own ascending ranges,
    /// so rank order is element order): every rank records the whole sample, as one process would have.
    /// </summary>
    public void Record(long step, ReadOnlySpan<T> held, int heldStart, RankGroup? ranks, int ownStart, int ownEnd)
    {
        if (_interval != 1 && step % _interval != 0)
        {
            return;
        }
        if (ranks is null)
        {
            Append(step, held.Slice(_start - heldStart, _neurons));
            return;
        }
        int first = Math.Max(ownStart, _start), end = Math.Min(ownEnd, _start + _neurons);
        ReadOnlySpan<T> own = end > first ? held.Slice(first - heldStart, end - first) : ReadOnlySpan<T>.Empty;
        ReadOnlySpan<int> all = ranks.AllGather(MemoryMarshal.Cast<T, int>(own));
        Append(step, MemoryMarshal.Cast<int, T>(all));
    }

    /// <summary>All recorded elements' values in sample <paramref name="k"/>.</summary>
    public ReadOnlySpan<T> Sample(int k)
    {
        if ((uint)k >= (uint)_samples)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"Sample must lie in [0, {_samples}).");
        }

        return new ReadOnlySpan<T>(_values, k * _neurons, _neurons);
    }

    /// <summary>The value of recorded element <paramref name="neuron"/> (counted from <see cref="Start"/>) in sample <paramref name="sample"/>.</summary>
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

    /// <summary>Makes room for <paramref name="samples"/> samples in all (no effect while streaming).</summary>
    public void EnsureCapacity(int samples)
    {
        if (_stream is null && samples > _steps.Length)
        {
            Resize(samples);
        }
    }

    /// <inheritdoc/>
    public void Reserve(long steps)
    {
        if (_stream is not null || steps <= 0)
        {
            return;
        }
        long needed = _samples + (steps + _interval - 1) / _interval;
        if (needed > int.MaxValue)
        {
            throw new InvalidOperationException(
                $"{Source}.{Variable}: {needed} samples do not fit in memory at once; record a slice, sample less often, or stream the monitor to a file (Recorder).");
        }
        if (needed > _steps.Length)
        {
            // Geometric growth: a run made of many short Run calls reallocates a logarithmic number of times.
            Resize((int)Math.Min(Math.Max(needed, 2L * _steps.Length), int.MaxValue));
        }
    }

    /// <inheritdoc/>
    public void Stream(Action<IStateMonitor> flush, int bufferSamples)
    {
        ArgumentNullException.ThrowIfNull(flush);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSamples, 1);
        Flush();
        _stream = flush;
        if (bufferSamples != _steps.Length)
        {
            Resize(Math.Max(bufferSamples, _samples));
        }
        if (_samples >= _steps.Length)
        {
            Flush();
        }
    }

    /// <inheritdoc/>
    public void Flush()
    {
        if (_stream is { } stream)
        {
            stream(this);
            _flushed += _samples;
            _samples = 0;
        }
    }

    /// <summary>Drops all samples held, keeping the storage.</summary>
    public void Clear() => _samples = 0;

    private void Grow()
    {
        // Double, but only as far as one array can hold the samples × elements matrix.
        long maxSamples = _neurons == 0 ? int.MaxValue : Math.Min(int.MaxValue, Array.MaxLength / _neurons);
        long target = Math.Min(maxSamples, Math.Max(16L, 2L * _samples));
        if (target <= _samples)
        {
            throw new InvalidOperationException($"A state monitor of {_neurons} elements cannot hold more than {maxSamples} samples; stream it to a file (Recorder).");
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
            throw new ArgumentException($"{samples} samples of {_neurons} elements exceed the largest array .NET can allocate.");
        }

        return (int)length;
    }
}
