using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace SpikeLang.Runtime;

/// <summary>One field of a row of an NPY file: its name, numpy type code (<c>&lt;f4</c>, <c>&lt;f8</c>, <c>&lt;i4</c>, <c>&lt;i8</c>) and element count (1 for a scalar, N for a sub-array of N).</summary>
public sealed record NpyField(string Name, string Type, int Count = 1)
{
    /// <summary>Bytes of the field in one row.</summary>
    public int Bytes => Count * int.Parse(Type.AsSpan(2), CultureInfo.InvariantCulture);

    /// <summary>The numpy code of <typeparamref name="T"/>: float, double, int or long.</summary>
    public static string TypeOf<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? "<f4"
        : typeof(T) == typeof(double) ? "<f8"
        : typeof(T) == typeof(int) ? "<i4"
        : typeof(T) == typeof(long) ? "<i8"
        : throw new NotSupportedException($"No NPY type for {typeof(T).Name}.");
}

/// <summary>
/// Writes a one-dimensional NPY file of records (numpy's structured arrays, format version 1.0) row by
/// row while a run goes, so memory stays bounded whatever its length: <c>np.load(path)</c> gives an
/// array whose fields are the columns (<c>a['t']</c>, <c>a['v'][:, 5]</c>).
/// </summary>
/// <remarks>
/// The rows go to a hidden temporary file beside <c>path</c>; <see cref="Complete"/> writes the row
/// count into the header and moves the file into place, so a reader never sees a half-written file.
/// <see cref="Dispose"/> without <see cref="Complete"/> deletes the temporary file: nothing is left behind.
/// The header keeps room for any row count, so completing never moves the data.
/// </remarks>
public sealed class NpyWriter : IDisposable
{
    // numpy aligns the data to 64 bytes; room for a 20-digit row count is kept in the padding.
    private const int Alignment = 64;
    private const int ShapeRoom = 24;

    private readonly string _descr;
    private readonly int _headerLength;
    private readonly int _rowBytes;
    private readonly PartialFile _file;
    private long _bytes;

    /// <summary>Starts the file <paramref name="path"/> (replaced when it exists, on <see cref="Complete"/>).</summary>
    public NpyWriter(string path, IReadOnlyList<NpyField> fields)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count == 0)
        {
            throw new ArgumentException("An NPY record needs at least one field.", nameof(fields));
        }
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("NPY files are written little-endian, as this machine is not.");
        }
        Fields = fields;
        var parts = new List<string>();
        foreach (var field in fields)
        {
            _rowBytes += field.Bytes;
            parts.Add(field.Count == 1 ? $"('{field.Name}', '{field.Type}')" : $"('{field.Name}', '{field.Type}', ({field.Count},))");
        }
        _descr = "[" + string.Join(", ", parts) + "]";
        _headerLength = Header(0).Length;
        _file = new PartialFile(path);
        _file.Stream.Write(Header(0));
    }

    /// <summary>Where the file will be once complete.</summary>
    public string Path => _file.Path;

    /// <summary>Where the rows go until then.</summary>
    public string TemporaryPath => _file.TemporaryPath;

    /// <summary>The fields of each row.</summary>
    public IReadOnlyList<NpyField> Fields { get; }

    /// <summary>Whole rows written so far.</summary>
    public long Rows => _bytes / _rowBytes;

    /// <summary>Bytes of data written so far (the header excluded).</summary>
    public long DataBytes => _bytes;

    /// <summary>Appends values to the current row, in field order; a row is complete when all its fields are written.</summary>
    public void Write<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(values);
        _file.Stream.Write(bytes);
        _bytes += bytes.Length;
    }

    /// <summary>Appends one value to the current row.</summary>
    public void Write<T>(T value) where T : unmanaged => Write(MemoryMarshal.CreateReadOnlySpan(ref value, 1));

    /// <summary>Writes the row count, flushes to disk and moves the file into place.</summary>
    /// <exception cref="InvalidOperationException">The last row is incomplete.</exception>
    public void Complete()
    {
        Stream stream = _file.Stream;
        if (_bytes % _rowBytes != 0)
        {
            throw new InvalidOperationException($"{System.IO.Path.GetFileName(Path)}: the last row is incomplete ({_bytes % _rowBytes} of {_rowBytes} bytes).");
        }
        stream.Flush();
        stream.Position = 0;
        stream.Write(Header(Rows));
        _file.Complete();
    }

    /// <summary>Closes the file; when <see cref="Complete"/> was not called, deletes what was written.</summary>
    public void Dispose() => _file.Dispose();

    /// <summary>The magic, version and header dictionary, padded with spaces to the same length whatever the row count.</summary>
    private byte[] Header(long rows)
    {
        string dictionary = $"{{'descr': {_descr}, 'fortran_order': False, 'shape': ({rows.ToString(CultureInfo.InvariantCulture)},), }}";
        int unpadded = 10 + dictionary.Length + 1;
        int total = _headerLength > 0
            ? _headerLength
            : (unpadded + ShapeRoom + Alignment - 1) / Alignment * Alignment;
        int headerBytes = total - 10;
        if (headerBytes > ushort.MaxValue)
        {
            throw new NotSupportedException("The NPY header is longer than format version 1.0 allows; record fewer fields.");
        }
        var text = new StringBuilder(dictionary).Append(' ', headerBytes - dictionary.Length - 1).Append('\n').ToString();
        var bytes = new byte[total];
        bytes[0] = 0x93;
        Encoding.ASCII.GetBytes("NUMPY", bytes.AsSpan(1));
        bytes[6] = 1;
        bytes[7] = 0;
        bytes[8] = (byte)(headerBytes & 0xFF);
        bytes[9] = (byte)(headerBytes >> 8);
        Encoding.ASCII.GetBytes(text, bytes.AsSpan(10));
        return bytes;
    }
}
