using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;

namespace SpikeLang.Runtime;

/// <summary>
/// Reads and writes <see cref="WeightSet"/>s as <c>.slw</c> files (format in docs/weights.md):
/// little-endian, self-describing, written atomically so a crash never leaves half a file.
/// </summary>
public static class WeightFile
{
    /// <summary>The first 8 bytes of every weight file.</summary>
    public static ReadOnlySpan<byte> Magic => "SLWEIGHT"u8;

    /// <summary>The format version this code writes and reads.</summary>
    public const uint Version = 1;

    private const int MaxRank = 8;

    /// <summary>Writes <paramref name="weights"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, WeightSet weights) => AtomicFile.Write(path, stream => Write(stream, weights));

    /// <summary>Writes <paramref name="weights"/> to a stream.</summary>
    public static void Write(Stream stream, WeightSet weights)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write((uint)weights.Metadata.Count);
        foreach (var (key, value) in weights.Metadata)
        {
            WriteString(writer, key);
            WriteString(writer, value);
        }
        writer.Write((uint)weights.Count);
        foreach (NamedTensor tensor in weights)
        {
            WriteString(writer, tensor.Name);
            writer.Write((byte)tensor.Shape.Length);
            foreach (int dimension in tensor.Shape)
            {
                writer.Write((long)dimension);
            }
            foreach (float value in tensor.Values)
            {
                writer.Write(value);
            }
        }
    }

    /// <summary>Reads a weight file.</summary>
    /// <exception cref="InvalidDataException">The file is not a weight file, is truncated or is damaged; the message says which and where.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static WeightSet Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads a weight set from <paramref name="stream"/>; <paramref name="name"/> names it in messages.</summary>
    public static WeightSet Read(Stream stream, string name)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            Span<byte> magic = stackalloc byte[8];
            if (reader.Read(magic) != magic.Length || !magic.SequenceEqual(Magic))
            {
                throw Bad(name, "it does not start with 'SLWEIGHT', so it is not a SpikeLang weight file");
            }
            uint version = reader.ReadUInt32();
            if (version != Version)
            {
                throw Bad(name, $"it has format version {version}; this SpikeLang reads version {Version}");
            }
            var weights = new WeightSet();
            uint metadata = reader.ReadUInt32();
            for (uint k = 0; k < metadata; k++)
            {
                string key = ReadString(reader, name);
                weights.Metadata[key] = ReadString(reader, name);
            }
            uint count = reader.ReadUInt32();
            for (uint k = 0; k < count; k++)
            {
                string tensorName = ReadString(reader, name);
                int rank = reader.ReadByte();
                if (rank > MaxRank)
                {
                    throw Bad(name, $"tensor '{tensorName}' claims {rank} dimensions (at most {MaxRank})");
                }
                var shape = new int[rank];
                long length = 1;
                for (int d = 0; d < rank; d++)
                {
                    long dimension = reader.ReadInt64();
                    if (dimension < 0 || dimension > int.MaxValue)
                    {
                        throw Bad(name, $"tensor '{tensorName}' has dimension {dimension}");
                    }
                    shape[d] = (int)dimension;
                    length *= dimension;
                }
                if (length * sizeof(float) > stream.Length - stream.Position)
                {
                    throw Bad(name, $"tensor '{tensorName}' of shape {NamedTensor.FormatShape(shape)} needs {length * sizeof(float)} bytes, but only {stream.Length - stream.Position} remain (truncated file?)");
                }
                var values = new float[length];
                reader.Read(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
                if (!BitConverter.IsLittleEndian)
                {
                    var bits = System.Runtime.InteropServices.MemoryMarshal.Cast<float, int>(values.AsSpan());
                    BinaryPrimitives.ReverseEndianness(bits, bits);
                }
                try
                {
                    weights.Add(tensorName, shape, values);
                }
                catch (ArgumentException ex)
                {
                    throw Bad(name, ex.Message);
                }
            }
            if (stream.Position != stream.Length)
            {
                throw Bad(name, $"{stream.Length - stream.Position} bytes follow the last tensor");
            }
            return weights;
        }
        catch (EndOfStreamException)
        {
            throw Bad(name, "it ends early (truncated file?)");
        }
    }

    private static void WriteString(BinaryWriter writer, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        writer.Write((ushort)checked((ushort)bytes.Length));
        writer.Write(bytes);
    }

    private static string ReadString(BinaryReader reader, string name)
    {
        int length = reader.ReadUInt16();
        byte[] bytes = reader.ReadBytes(length);
        if (bytes.Length != length)
        {
            throw new EndOfStreamException();
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Bad(name, "a name is not valid UTF-8");
        }
    }

    private static InvalidDataException Bad(string name, string why) => new($"{name}: not a readable weight file: {why}.");
}
