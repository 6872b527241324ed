using System;
using ILGPU;
using SpikeLang.Runtime;

namespace SpikeLang.Gpu.Simulation;

/// <summary>
/// One of a network's timed arrays, read by a neuron kernel: the network's tables lie in one view of doubles, each
/// a header (columns, rows, ε, K) followed by its rows of values, as <see cref="Pack"/> lays them out. A value is
/// looked up by <see cref="TimedArray.Row(double, double, int, int)"/>, the CPU simulator's own arithmetic, and kept in double
/// until the generated code casts it to the network's precision, as the CPU simulator's <see cref="TimedArray.At(double)"/> is.
/// </summary>
public readonly struct DeviceTimedArray
{
    private const int Header = 4;

    private readonly ArrayView<double> _values;
    private readonly int _columns;
    private readonly int _rows;
    private readonly double _epsilon;
    private readonly int _upsampling;

    /// <summary>Table <paramref name="table"/> of <paramref name="tables"/> (in the order packed): found by walking the headers before it.</summary>
    public DeviceTimedArray(ArrayView<double> tables, int table)
    {
        long start = 0;
        for (int k = 0; k < table; k++)
        {
            start += Header + (long)tables[start] * (long)tables[start + 1];
        }
        _columns = (int)tables[start];
        _rows = (int)tables[start + 1];
        _epsilon = tables[start + 2];
        _upsampling = (int)tables[start + 3];
        _values = tables.SubView(start + Header, (long)_columns * _rows);
    }

    /// <summary>The value at time <paramref name="t"/> (seconds) of a one-column array.</summary>
    public double At(double t) => _values[(long)TimedArray.Row(t, _epsilon, _upsampling, _rows) * _columns];

    /// <summary>
    /// Column <paramref name="i"/> at time <paramref name="t"/>; NaN for a column the table does not have (where the CPU
    /// simulator throws), which the network's check for values that are not finite then reports.
    /// </summary>
    public double At(double t, int i) =>
        (uint)i < (uint)_columns ? _values[(long)TimedArray.Row(t, _epsilon, _upsampling, _rows) * _columns + i] : double.NaN;

    /// <summary>The tables of <paramref name="arrays"/>, one after the other, for one view on the device.</summary>
    public static double[] Pack(params TimedArray[] arrays)
    {
        long length = 0;
        foreach (var array in arrays)
        {
            length += Header + array.Values.Length;
        }
        var packed = new double[length];
        long at = 0;
        foreach (var array in arrays)
        {
            packed[at] = array.Columns;
            packed[at + 1] = array.Rows;
            packed[at + 2] = array.Epsilon;
            packed[at + 3] = array.Upsampling;
            array.Values.CopyTo(packed.AsSpan((int)at + Header));
            at += Header + array.Values.Length;
        }
        return packed;
    }
}
