using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace SpikeLang.Runtime;

/// <summary>
/// An unsigned-byte IDX file (the MNIST format): the dimensions and the raw bytes, row-major.
/// </summary>
/// <remarks>
/// Format: a big-endian 32-bit magic 0x000008NN, where 08 says "unsigned byte" and NN is the number
/// of dimensions (0x00000801 for label files, 0x00000803 for image files); then NN big-endian
/// 32-bit sizes; then the product of the sizes in bytes, nothing after. Files whose name ends in
/// <c>.gz</c> are gunzipped while reading.
/// </remarks>
public sealed class IdxFile
{
    private IdxFile(int[] shape, byte[] data)
    {
        Shape = shape;
        Data = data;
    }

    /// <summary>Sizes of the dimensions, outermost first (for images: count, rows, columns).</summary>
    public int[] Shape { get; }

    /// <summary>The values, row-major.</summary>
    public byte[] Data { get; }

    /// <summary>Reads an IDX file, gunzipping it when its name ends in <c>.gz</c>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Its dimensions and bytes.</returns>
    /// <exception cref="InvalidDataException">The file is not an unsigned-byte IDX file or its length does not match its dimensions; the message names the file.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IdxFile Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = File.OpenRead(path);
        bool gzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        try
        {
            return Read(stream, path);
        }
        catch (InvalidDataException ex) when (gzip && !ex.Message.StartsWith(path, StringComparison.Ordinal))
        {
            // GZipStream's own errors do not say which file was broken.
            throw new InvalidDataException($"{path}: not a readable gzip file ({ex.Message}); download it again or gunzip it to check.", ex);
        }
    }

    /// <summary>Reads an IDX file from a stream (not compressed); <paramref name="name"/> labels errors.</summary>
    /// <param name="stream">Positioned at the magic number.</param>
    /// <param name="name">Shown in error messages (usually the path).</param>
    /// <returns>Its dimensions and bytes.</returns>
    /// <exception cref="InvalidDataException">The content is not an unsigned-byte IDX file or its length does not match its dimensions.</exception>
    public static IdxFile Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> word = stackalloc byte[4];
        if (!TryFill(stream, word))
        {
            throw new InvalidDataException($"{name}: not an IDX file: it ends before the 4-byte magic number.");
        }

        uint magic = BinaryPrimitives.ReadUInt32BigEndian(word);
        int dimensions = (int)(magic & 0xFF);
        if ((magic & 0xFFFFFF00) != 0x00000800 || dimensions == 0)
        {
            throw new InvalidDataException($"{name}: not an unsigned-byte IDX file: the magic number is 0x{magic:X8}, expected 0x000008NN (0x00000801 for labels, 0x00000803 for images). Is it gzipped without a .gz name?");
        }

        var shape = new int[dimensions];
        long length = 1;
        for (int d = 0; d < dimensions; d++)
        {
            if (!TryFill(stream, word))
            {
                throw new InvalidDataException($"{name}: truncated IDX file: the header announces {dimensions} dimensions but ends after {d}.");
            }

            uint size = BinaryPrimitives.ReadUInt32BigEndian(word);
            if (size > int.MaxValue)
            {
                throw new InvalidDataException($"{name}: dimension {d} of the IDX header is {size}, too large to be real.");
            }

            shape[d] = (int)size;
            length *= size;
            if (length > Array.MaxLength)
            {
                throw new InvalidDataException($"{name}: the IDX dimensions {string.Join("×", shape[..(d + 1)])} need more than {Array.MaxLength} bytes.");
            }
        }

        var data = new byte[length];
        int read = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (read < data.Length)
        {
            throw new InvalidDataException($"{name}: truncated IDX file: the dimensions {string.Join("×", shape)} need {data.Length} bytes of data but only {read} follow the header.");
        }

        if (stream.ReadByte() >= 0)
        {
            throw new InvalidDataException($"{name}: the IDX file has bytes after the {data.Length} that its dimensions {string.Join("×", shape)} announce; the header does not match the data.");
        }

        return new IdxFile(shape, data);
    }

    private static bool TryFill(Stream stream, Span<byte> buffer) => stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) == buffer.Length;
}
