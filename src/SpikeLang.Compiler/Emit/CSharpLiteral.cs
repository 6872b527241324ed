using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SpikeLang.Compiler.Emit;

/// <summary>C# literals for generated code, round-trippable.</summary>
internal static class CSharpLiteral
{
    /// <summary>A float literal, parenthesised when negative: 0.02f, (-0.049f).</summary>
    public static string Single(double value) => Infinity(value, "float") ?? Parenthesized(((float)value).ToString("R", CultureInfo.InvariantCulture) + "f");

    /// <summary>A double literal, parenthesised when negative: 5E-04d, (-0.07d).</summary>
    public static string Double(double value) => Infinity(value, "double") ?? Parenthesized(value.ToString("R", CultureInfo.InvariantCulture) + "d");

    /// <summary>Brian2's inf (and -inf) as C# names them; null for a finite value.</summary>
    private static string? Infinity(double value, string type) => double.IsInfinity(value)
        ? value > 0 ? $"{type}.PositiveInfinity" : $"({type}.NegativeInfinity)"
        : null;

    /// <summary>A string literal.</summary>
    public static string String(string text) =>
        "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\r", "") + "\"";

    /// <summary>
    /// A double[] expression: the values written out, or, past <see cref="LongTable"/> values (a file's table),
    /// one base64 string that EmbeddedData decodes, because tens of thousands of literals are megabytes of source
    /// for every build to parse, while one string literal compiles at once.
    /// </summary>
    public static string DoubleArray(IReadOnlyList<double> values) => values.Count <= LongTable
        ? $"new double[] {{ {string.Join(", ", values.Select(Double))} }}"
        : $"EmbeddedData.Doubles({String(Base64(values.SelectMany(v => LittleEndian(BitConverter.GetBytes(v)))))})";

    /// <summary>An int[] expression, written out or, past <see cref="LongTable"/> values, as base64 (see <see cref="DoubleArray"/>).</summary>
    public static string IntArray(IReadOnlyList<int> values) => values.Count <= LongTable
        ? $"new int[] {{ {string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)))} }}"
        : $"EmbeddedData.Ints({String(Base64(values.SelectMany(v => LittleEndian(BitConverter.GetBytes(v)))))})";

    /// <summary>Tables up to this many values are written out, readable in the generated code.</summary>
    public const int LongTable = 256;

    private static string Base64(IEnumerable<byte> bytes) => Convert.ToBase64String(bytes.ToArray());

    private static byte[] LittleEndian(byte[] bytes)
    {
        if (!BitConverter.IsLittleEndian)
        {
            Array.Reverse(bytes);
        }
        return bytes;
    }

    private static string Parenthesized(string literal) => literal.StartsWith("-", StringComparison.Ordinal) ? "(" + literal + ")" : literal;
}
