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
    public static double[] Doubles(string base64) => Decode(base64, sizeof(double), BinaryPrimitives.ReadDoubleLittleEndian);

    /// <summary>The ints of <paramref name="base64"/>, 4 bytes each.</summary>
    public static int[] Ints(string base64) => Decode(base64, sizeof(int), BinaryPrimitives.ReadInt32LittleEndian);

    private delegate T Reader<T>(ReadOnlySpan<byte> bytes);

    private static T[] Decode<T>(string base64, int size, Reader<T> read)
    {
        byte[] bytes = Convert.FromBase64String(base64);
        var values = new T[bytes.Length / size];
        for (int k = 0; k < values.Length; k++)
        {
            values[k] = read(bytes.AsSpan(k * size, size));
        }
        return values;
    }
}
