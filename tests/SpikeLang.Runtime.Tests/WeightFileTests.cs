using System;
using System.IO;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Runtime.Tests;

public sealed class WeightFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("slw-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static WeightSet Sample()
    {
        var set = new WeightSet();
        set.Metadata["network"] = "FashionMlp";
        set.Add("a_to_b.w", [2, 3], [1f, -2f, 3.5f, float.Epsilon, -0f, 1e30f]);
        set.Add("b.beta", [], [0.95f]);
        return set;
    }

    [Fact]
    public void Round_trip_keeps_names_shapes_bits_and_metadata()
    {
        string path = Path.Combine(_dir, "w.slw");
        WeightFile.Save(path, Sample());
        WeightSet loaded = WeightFile.Load(path);
        Assert.Equal("FashionMlp", loaded.Metadata["network"]);
        Assert.Equal(2, loaded.Count);
        Assert.Equal([2, 3], loaded[0].Shape);
        Assert.Equal(Sample()[0].Values, loaded[0].Values);
        Assert.True(BitConverter.SingleToInt32Bits(loaded[0].Values[4]) == BitConverter.SingleToInt32Bits(-0f));
        Assert.Empty(loaded[1].Shape);
        Assert.Equal(0.95f, loaded.Find("b.beta")!.Values[0]);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void The_fingerprint_follows_names_shapes_and_every_value_but_not_the_metadata()
    {
        ulong sample = Sample().Fingerprint();
        Assert.Equal(sample, WeightFile.Load(Save(Sample())).Fingerprint());
        var other = Sample();
        other.Metadata["epochs"] = "3";
        Assert.Equal(sample, other.Fingerprint());

        WeightSet Changed(string name, int[] shape, float[] values)
        {
            var set = new WeightSet();
            set.Add(name, shape, values);
            set.Add("b.beta", [], [0.95f]);
            return set;
        }
        float[] values = [1f, -2f, 3.5f, float.Epsilon, -0f, 1e30f];
        Assert.Equal(sample, Changed("a_to_b.w", [2, 3], values).Fingerprint());
        Assert.NotEqual(sample, Changed("a_to_b.v", [2, 3], values).Fingerprint());
        Assert.NotEqual(sample, Changed("a_to_b.w", [3, 2], values).Fingerprint());
        for (int k = 0; k < values.Length; k++)
        {
            float[] changed = (float[])values.Clone();
            changed[k] = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(changed[k]) ^ 1);
            Assert.NotEqual(sample, Changed("a_to_b.w", [2, 3], changed).Fingerprint());
        }
    }

    private string Save(WeightSet set)
    {
        string path = Path.Combine(_dir, "f.slw");
        WeightFile.Save(path, set);
        return path;
    }

    [Fact]
    public void Every_truncation_is_a_clear_error()
    {
        string path = Path.Combine(_dir, "w.slw");
        WeightFile.Save(path, Sample());
        byte[] bytes = File.ReadAllBytes(path);
        for (int length = 0; length < bytes.Length; length++)
        {
            using var stream = new MemoryStream(bytes, 0, length);
            var error = Assert.Throws<InvalidDataException>(() => WeightFile.Read(stream, "w.slw"));
            Assert.StartsWith("w.slw: not a readable weight file:", error.Message);
        }
    }

    [Fact]
    public void Trailing_bytes_and_wrong_magic_are_rejected()
    {
        using var other = new MemoryStream("PK\u0003\u0004 not weights"u8.ToArray());
        Assert.Contains("not a SpikeLang weight file", Assert.Throws<InvalidDataException>(() => WeightFile.Read(other, "x")).Message);

        var bytes = new MemoryStream();
        WeightFile.Write(bytes, Sample());
        bytes.WriteByte(0);
        bytes.Position = 0;
        Assert.Contains("1 bytes follow the last tensor", Assert.Throws<InvalidDataException>(() => WeightFile.Read(bytes, "x")).Message);
    }

    [Fact]
    public void Mismatches_name_every_missing_extra_and_misshaped_tensor()
    {
        var problems = Sample().Mismatches([("a_to_b.w", [3, 2]), ("c.b", [4])]);
        Assert.Equal(3, problems.Count);
        Assert.Contains("'a_to_b.w' has shape [2, 3], but the network needs [3, 2]", problems[0]);
        Assert.Contains("'c.b' is missing (expected shape [4])", problems[1]);
        Assert.Contains("'b.beta' [] is not a parameter of this network", problems[2]);
        var error = Assert.Throws<WeightMismatchException>(() => Sample().EnsureMatches([("a_to_b.w", [3, 2])], "network 'X'"));
        Assert.StartsWith("The weights do not fit network 'X': ", error.Message);
    }
}
