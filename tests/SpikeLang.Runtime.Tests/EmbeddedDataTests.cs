using System;
using System.Buffers.Binary;
using Xunit;

namespace SpikeLang.Runtime.Tests;

/// <summary><see cref="EmbeddedData"/> reads back the little-endian base64 tables the compiler writes.</summary>
public class EmbeddedDataTests
{
    [Fact]
    public void Doubles_and_ints_come_back_bit_for_bit()
    {
        double[] doubles = { 0, -0.0, 1.5e-300, double.MaxValue, -7.25, Math.PI };
        int[] ints = { 0, 1, -1, int.MaxValue, int.MinValue, 123456 };
        var doubleBytes = new byte[doubles.Length * 8];
        var intBytes = new byte[ints.Length * 4];
        for (int k = 0; k < doubles.Length; k++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(doubleBytes.AsSpan(8 * k), doubles[k]);
            BinaryPrimitives.WriteInt32LittleEndian(intBytes.AsSpan(4 * k), ints[k]);
        }

        double[] decoded = EmbeddedData.Doubles(Convert.ToBase64String(doubleBytes));
        Assert.Equal(doubles.Length, decoded.Length);
        for (int k = 0; k < doubles.Length; k++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(doubles[k]), BitConverter.DoubleToInt64Bits(decoded[k]));
        }
        Assert.Equal(ints, EmbeddedData.Ints(Convert.ToBase64String(intBytes)));
    }
}
