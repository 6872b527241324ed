using System;
using System.Numerics;

namespace SpikeLang.Runtime;

/// <summary>
/// Conversions between a network's precision (<c>Real</c>: float or double) and the double values of
/// construction and descriptors or the float32 values of weight files, used by generated code.
/// </summary>
public static class ValueArrays
{
    /// <summary>Values computed in double at construction, rounded to the network's precision.</summary>
    public static T[] FromDouble<T>(double[] values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new T[values.Length];
        for (int k = 0; k < values.Length; k++)
        {
            result[k] = T.CreateChecked(values[k]);
        }
        return result;
    }

    /// <summary>A copy as double.</summary>
    public static double[] ToDouble<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new double[values.Length];
        for (int k = 0; k < values.Length; k++)
        {
            result[k] = double.CreateChecked(values[k]);
        }
        return result;
    }

    /// <summary>A copy as float32, the precision of weight files and descriptors.</summary>
    public static float[] ToSingle<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new float[values.Length];
        for (int k = 0; k < values.Length; k++)
        {
            result[k] = float.CreateChecked(values[k]);
        }
        return result;
    }

    /// <summary>Copies float32 values (from a weight file) into an array of the network's precision.</summary>
    public static void CopyFromSingle<T>(ReadOnlySpan<float> values, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (values.Length != destination.Length)
        {
            throw new ArgumentException($"{values.Length} values for {destination.Length} elements.", nameof(values));
        }
        for (int k = 0; k < values.Length; k++)
        {
            destination[k] = T.CreateChecked(values[k]);
        }
    }
}
