using System;

namespace SpikeLang.Runtime;

/// <summary>
/// Brian2's <c>PopulationRateMonitor</c>: each step, the fraction of the population that spiked divided by
/// dt (<see cref="Rates"/>, in Hz, computed as Brian2 computes it: spikes / dt / N), and, with a window of W steps, the rate smoothed as Brian2's
/// <c>smooth_rate(window='flat', width)</c> smooths it (<see cref="Smoothed"/>): the mean over the W steps
/// centred on each one, with no spikes counted outside the run (numpy's <c>convolve(mode='same')</c>).
/// </summary>
/// <remarks>
/// Brian2 smooths after the run; this monitor smooths while recording, so with a window the sample of a
/// step is complete only once (W − 1) / 2 later steps are recorded: that many samples are pending until
/// then, and <see cref="Complete"/> finishes them at the end of the run. Storage grows as a state
/// monitor's does, or stays bounded after <see cref="Stream"/>.
/// </remarks>
public sealed class RateMonitor
{
    private readonly int[] _ring;
    private readonly long[] _ringSteps;
    private readonly int _half;
    private long _received;
    private int _windowSum;
    private long[] _steps;
    private double[] _rates;
    private double[] _smoothed;
    private int _samples;
    private long _flushed;
    private bool _complete;
    private Action<RateMonitor>? _stream;

    /// <summary>Creates an empty monitor.</summary>
    /// <param name="neurons">Neurons of the population (or subgroup) whose spike counts <see cref="Record"/> is given.</param>
    /// <param name="dt">The time step, in seconds.</param>
    /// <param name="window">Smoothing width in steps (odd; 1 for none). <see cref="WindowSteps"/> turns a width in seconds into it as Brian2 does.</param>
    /// <param name="source">The population or subgroup, as the .snn file names it.</param>
    public RateMonitor(int neurons, double dt, int window = 1, string source = "")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(neurons, 1);
        if (!(dt > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(dt), dt, "The time step must be positive.");
        }
        if (window < 1 || window % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "The smoothing window is an odd number of steps (1 for none).");
        }
        Neurons = neurons;
        Dt = dt;
        Window = window;
        Source = source ?? "";
        _half = window / 2;
        _ring = new int[window];
        _ringSteps = new long[window];
        _steps = new long[16];
        _rates = new double[16];
        _smoothed = new double[window > 1 ? 16 : 0];
    }

    /// <summary>Brian2's flat window of <paramref name="width"/> seconds in steps: int(width / 2 / dt) · 2 + 1.</summary>
    public static int WindowSteps(double width, double dt) => checked((int)(width / 2 / dt) * 2 + 1);

    /// <summary>The population or subgroup recorded.</summary>
    public string Source { get; }

    /// <summary>Neurons of the population.</summary>
    public int Neurons { get; }

    /// <summary>The time step, in seconds.</summary>
    public double Dt { get; }

    /// <summary>Smoothing width in steps (1: none).</summary>
    public int Window { get; }

    /// <summary>Samples held (since the last flush when streaming).</summary>
    public int Samples => _samples;

    /// <summary>Samples since creation, those handed on included.</summary>
    public long TotalSamples => _flushed + _samples;

    /// <summary>Step of each sample held (one per step).</summary>
    public ReadOnlySpan<long> Steps => new(_steps, 0, _samples);

    /// <summary>The rate in each sample's step, in Hz: spikes / neurons / dt.</summary>
    public ReadOnlySpan<double> Rates => new(_rates, 0, _samples);

    /// <summary>The rate smoothed over <see cref="Window"/> steps, in Hz; empty without a window.</summary>
    public ReadOnlySpan<double> Smoothed => Window > 1 ? new(_smoothed, 0, _samples) : default;

    /// <summary>Records that <paramref name="spikes"/> neurons spiked in step <paramref name="step"/> (steps come in order, one call each).</summary>
    public void Record(long step, int spikes)
    {
        if (_complete)
        {
            throw new InvalidOperationException($"The rate monitor of '{Source}' is complete; create another to record more.");
        }
        int slot = (int)(_received % Window);
        _windowSum += spikes - (_received >= Window ? _ring[slot] : 0);
        _ring[slot] = spikes;
        _ringSteps[slot] = step;
        _received++;
        if (_received > _half)
        {
            Emit();
        }
    }

    /// <summary>Finishes the samples a window leaves pending at the end of a run (no spikes after it); no effect without a window.</summary>
    public void Complete()
    {
        if (_complete)
        {
            return;
        }
        _complete = true;
        long pending = Math.Min(_half, _received);
        long lastStep = _received > 0 ? _ringSteps[(int)((_received - 1) % Window)] : 0;
        for (long k = 0; k < pending; k++)
        {
            // A step after the run: nothing spiked in it.
            int slot = (int)(_received % Window);
            _windowSum -= _received >= Window ? _ring[slot] : 0;
            _ring[slot] = 0;
            _ringSteps[slot] = lastStep + k + 1;
            _received++;
            Emit();
        }
        Flush();
    }

    /// <summary>Bounds the memory: at most <paramref name="bufferSamples"/> samples are held; <paramref name="flush"/> is called whenever that many are, and on <see cref="Flush"/>.</summary>
    public void Stream(Action<RateMonitor> flush, int bufferSamples)
    {
        ArgumentNullException.ThrowIfNull(flush);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSamples, 1);
        Flush();
        _stream = flush;
        Resize(Math.Max(bufferSamples, _samples));
    }

    /// <summary>When streaming, hands the samples held (possibly none) to the callback and drops them.</summary>
    public void Flush()
    {
        if (_stream is { } stream)
        {
            stream(this);
            _flushed += _samples;
            _samples = 0;
        }
    }

    /// <summary>The sample of the step at the centre of the window, now that its window is recorded.</summary>
    private void Emit()
    {
        long centre = _received - 1 - _half;
        int slot = (int)(centre % Window);
        if (_samples == _steps.Length)
        {
            if (_stream is not null)
            {
                Flush();
            }
            else
            {
                Resize(2 * _steps.Length);
            }
        }
        _steps[_samples] = _ringSteps[slot];
        // Brian2's order of operations: spikes / dt / N.
        _rates[_samples] = _ring[slot] / Dt / Neurons;
        if (Window > 1)
        {
            // Steps before the first are empty: the sum holds only what was recorded.
            _smoothed[_samples] = _windowSum / Dt / Neurons / Window;
        }
        _samples++;
    }

    private void Resize(int samples)
    {
        Array.Resize(ref _steps, samples);
        Array.Resize(ref _rates, samples);
        if (Window > 1)
        {
            Array.Resize(ref _smoothed, samples);
        }
    }
}
