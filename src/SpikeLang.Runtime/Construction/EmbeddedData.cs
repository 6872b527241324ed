using System;
using System.Buffers.Binary;

namespace SpikeLang.Runtime;

/// <summary>
/// Decodes the long constant tables that generated code carries as base64 text (a timed array or a spike schedule
/// read from a file): one string literal compiles at once where tens of thousands of numeric literals would make
/// every build parse megabytes of source. The bytes are little-endian, as the compiler writes them.
/// </summary>
public static class EmbeddedData
{
    /// <summary>The doubles of <paramref name="base64"/>, 8 bytes each.</summary>
    public static double[] Doubles(string base64)
    {
        byte[] bytes = Convert.FromBase64String(base64);
        var values = new double[bytes.Length / sizeof(double)];
        for (int k = 0; k < values.Length; k++)
        {
            values[k] = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(k * sizeof(double)));
        }
        return values;
    }

    /// <summary>The ints of <paramref name="base64"/>, 4 bytes each.</summary>
    public static int[] Ints(string base64)
    {
        byte[] bytes = Convert.FromBase64String(base64);
        var values = new int[bytes.Length / sizeof(int)];
        for (int k = 0; k < values.Length; k++)
        {
            values[k] = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(k * sizeof(int)));
        }
        return values;
    }
}
