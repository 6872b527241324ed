using System;
using System.Collections.Generic;
using System.Linq;

namespace SpikeLang.Neuromorphic.Nir;

/// <summary>
/// One numeric dataset of a NIR node: a shape and its row-major values. Values are kept as
/// doubles whatever the file stored (NIR writers use float32 or float64, integers for shapes,
/// strides and padding), so that reading never loses precision.
/// </summary>
/// <param name="Shape">Dimensions, outermost first; empty for a scalar.</param>
/// <param name="Values">Row-major values; their count is the product of <paramref name="Shape"/>.</param>
public sealed record NirTensor(long[] Shape, double[] Values)
{
    /// <summary>A one-dimensional tensor of <paramref name="values"/>.</summary>
    public static NirTensor Vector(params double[] values) => new(new long[] { values.Length }, values);

    /// <summary>A [rows, columns] matrix from row-major <paramref name="values"/>.</summary>
    public static NirTensor Matrix(int rows, int columns, double[] values)
    {
        if (values.Length != rows * columns)
        {
            throw new ArgumentException($"A {rows}×{columns} matrix needs {rows * columns} values, not {values.Length}.", nameof(values));
        }

        return new NirTensor(new long[] { rows, columns }, values);
    }

    /// <summary>A scalar (rank 0).</summary>
    public static NirTensor Scalar(double value) => new(Array.Empty<long>(), new[] { value });

    /// <summary>Number of values.</summary>
    public int Count => Values.Length;

    /// <summary>The shape as written in messages: <c>[2, 3]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";

    /// <summary>True when every value is the same (or there are none).</summary>
    public bool IsUniform => Values.Length == 0 || Values.All(v => v.Equals(Values[0]));

    /// <summary>Value equality: same shape and the same values (records compare arrays by reference).</summary>
    public bool SameAs(NirTensor other) => Shape.AsSpan().SequenceEqual(other.Shape) && Values.AsSpan().SequenceEqual(other.Values);

    /// <summary>The values as float32, as NIR files written by SpikeLang store them.</summary>
    public float[] ToSingle() => Values.Select(v => (float)v).ToArray();

    internal static long Product(IReadOnlyList<long> shape)
    {
        long product = 1;
        foreach (long dimension in shape)
        {
            product *= dimension;
        }

        return product;
    }
}
