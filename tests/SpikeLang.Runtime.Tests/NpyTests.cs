using System;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace SpikeLang.Runtime.Tests;

/// <summary>The NPY files recordings write: header layout, round trips, atomic completion.</summary>
public class NpyTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("spikelang-npy-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Records_read_back_field_by_field()
    {
        string path = Path.Combine(_directory, "state.npy");
        using (var writer = new NpyWriter(path, [new("t", "<f8"), new("v", "<f4", 3)]))
        {
            for (int k = 0; k < 1000; k++)
            {
                writer.Write(k * 1e-4);
                writer.Write<float>([k, -k, k * 0.5f]);
            }
            Assert.False(File.Exists(path));
            Assert.Equal(1000, writer.Rows);
            writer.Complete();
        }

        using var reader = NpyReader.Open(path);
        Assert.Equal(1000, reader.Rows);
        Assert.Equal(new[] { ("t", "<f8", 1), ("v", "<f4", 3) }, reader.Fields.Select(f => (f.Name, f.Type, f.Count)).ToArray());
        double[] t = reader.ReadField("t");
        Assert.Equal(999e-4, t[999]);
        using var again = NpyReader.Open(path);
        double[] v = again.ReadField("v");
        Assert.Equal(new double[] { 7, -7, 3.5 }, v.Skip(21).Take(3).ToArray());
    }

    [Fact]
    public void The_header_is_what_numpy_writes_padded_to_64_bytes()
    {
        string path = Path.Combine(_directory, "spikes.npy");
        using (var writer = new NpyWriter(path, [new("t", "<f8"), new("i", "<i4")]))
        {
            writer.Write(0.5);
            writer.Write(7);
            writer.Complete();
        }
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }, bytes[..8]);
        int headerLength = bytes[8] | bytes[9] << 8;
        Assert.Equal(0, (10 + headerLength) % 64);
        string header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.StartsWith("{'descr': [('t', '<f8'), ('i', '<i4')], 'fortran_order': False, 'shape': (1,), }", header);
        Assert.EndsWith("\n", header);
        Assert.Equal(10 + headerLength + 12, bytes.Length);
    }

    [Fact]
    public void An_abandoned_file_leaves_nothing_behind()
    {
        string path = Path.Combine(_directory, "abandoned.npy");
        using (var writer = new NpyWriter(path, [new("t", "<f8")]))
        {
            writer.Write(1.0);
            Assert.True(File.Exists(writer.TemporaryPath));
        }
        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }

    [Fact]
    public void An_incomplete_row_is_refused_at_completion()
    {
        using var writer = new NpyWriter(Path.Combine(_directory, "bad.npy"), [new("t", "<f8"), new("i", "<i4")]);
        writer.Write(1.0);
        Assert.Throws<InvalidOperationException>(writer.Complete);
    }

    [Fact]
    public void Plain_arrays_as_numpy_saves_them_read_as_one_field()
    {
        // np.save('a.npy', np.arange(6, dtype='<i8').reshape(2, 3)) in version 1.0.
        string header = "{'descr': '<i8', 'fortran_order': False, 'shape': (2, 3), }";
        header = header.PadRight(118 - 1) + "\n";
        var bytes = new System.Collections.Generic.List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.AddRange([1, 0, (byte)header.Length, 0]);
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        for (long k = 0; k < 6; k++)
        {
            bytes.AddRange(BitConverter.GetBytes(k));
        }
        string path = Path.Combine(_directory, "plain.npy");
        File.WriteAllBytes(path, bytes.ToArray());

        using var reader = NpyReader.Open(path);
        Assert.Equal(2, reader.Rows);
        Assert.Equal(("", 3), (reader.Fields.Single().Name, reader.Fields.Single().Count));
        Assert.Equal(new double[] { 0, 1, 2, 3, 4, 5 }, reader.ReadField(""));
    }

    [Theory]
    [InlineData("not an npy file at all")]
    [InlineData("\u0093NUMPY\u0001\u0000\u0010\u0000{'descr': 3}   \n")]
    public void Other_files_are_refused_with_a_reason(string content)
    {
        string path = Path.Combine(_directory, "other.npy");
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes(content));
        var error = Assert.Throws<InvalidDataException>(() => NpyReader.Open(path).Dispose());
        Assert.Contains(path, error.Message);
    }
}
