using System;

namespace SpikeLang.Runtime;

/// <summary>
/// Brian2's TimedArray: a value per time bin of <see cref="Step"/> seconds (and per neuron for a table of
/// columns), read at time t in bin int((t/ε + 0.5)/K) with ε = step/K and K the power of two at least
/// 8·step/dt, as Brian2 reads it (so times on the simulation grid never fall into the previous bin), and
/// holding the first and last values before and after the table.
/// </summary>
public sealed class TimedArray
{
    private readonly double[] _values;
    private readonly int _rows;
    private readonly double _epsilon;
    private readonly int _upsampling;

    /// <param name="values">Rows of <paramref name="columns"/> values, one row per time bin, in SI units.</param>
    /// <param name="columns">Values per row: 1 for I(t), one per neuron for I(t, i).</param>
    /// <param name="step">The width of a time bin, in seconds.</param>
    /// <param name="dt">The simulation's time step, in seconds.</param>
    public TimedArray(double[] values, int columns, double step, double dt)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (columns < 1 || values.Length == 0 || values.Length % columns != 0)
        {
            throw new ArgumentException($"{values.Length} values do not make rows of {columns}.", nameof(values));
        }
        if (!(step > 0) || !(dt > 0))
        {
            throw new ArgumentException($"A timed array needs a positive step and dt, not {step} and {dt}.", nameof(step));
        }
        _values = values;
        Columns = columns;
        _rows = values.Length / columns;
        Step = step;
        _upsampling = Math.Max((int)Math.Pow(2, Math.Ceiling(Math.Log2(8 / dt * step))), 1);
        _epsilon = step / _upsampling;
    }

    /// <summary>The width of a time bin, in seconds.</summary>
    public double Step { get; }

    /// <summary>Values per time bin.</summary>
    public int Columns { get; }

    /// <summary>The number of time bins.</summary>
    public int Rows => _rows;

    /// <summary>The values, a row of <see cref="Columns"/> per time bin (the GPU simulator copies them to the device).</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>The upsampling K of the bins, a power of two (see the class summary).</summary>
    public int Upsampling => _upsampling;

    /// <summary>ε = step/K, in seconds.</summary>
    public double Epsilon => _epsilon;

    /// <summary>The value at time <paramref name="t"/> (seconds) of a one-column array.</summary>
    public double At(double t) => _values[Row(t) * Columns];

    /// <summary>Column <paramref name="i"/> at time <paramref name="t"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">There is no column <paramref name="i"/>.</exception>
    public double At(double t, int i)
    {
        if ((uint)i >= (uint)Columns)
        {
            throw new ArgumentOutOfRangeException(nameof(i), i, $"The timed array has {Columns} columns.");
        }
        return _values[Row(t) * Columns + i];
    }

    private int Row(double t) => Row(t, _epsilon, _upsampling, _rows);

    /// <summary>
    /// The bin that time <paramref name="t"/> falls into, held at the first and last: static and free of references, so
    /// that the GPU simulator's kernels (<c>DeviceTimedArray</c>) look values up by the same arithmetic.
    /// </summary>
    public static int Row(double t, double epsilon, int upsampling, int rows)
    {
        double bin = (t / epsilon + 0.5) / upsampling;
        return bin <= 0 ? 0 : bin >= rows ? rows - 1 : (int)bin;
    }
}
