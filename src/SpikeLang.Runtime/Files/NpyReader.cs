using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace SpikeLang.Runtime;

/// <summary>
/// Reads NPY files (format versions 1 to 3, C order, little-endian): the records <see cref="NpyWriter"/>
/// writes, and plain arrays as numpy's <c>np.save</c> writes them (a plain array is read as one field
/// named <c>""</c> holding each row's trailing elements). Rows are read in order, so a file of any size
/// streams through a bounded buffer.
/// </summary>
public sealed class NpyReader : IDisposable
{
    private readonly Stream _stream;
    private long _rowsRead;

    private NpyReader(Stream stream, string path, IReadOnlyList<NpyField> fields, long rows)
    {
        _stream = stream;
        Path = path;
        Fields = fields;
        Rows = rows;
        RowBytes = fields.Sum(f => f.Bytes);
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>The fields of a row, in file order.</summary>
    public IReadOnlyList<NpyField> Fields { get; }

    /// <summary>Rows in the file (the first dimension).</summary>
    public long Rows { get; }

    /// <summary>Bytes of one row.</summary>
    public int RowBytes { get; }

    /// <summary>Opens <paramref name="path"/> and reads its header.</summary>
    /// <exception cref="InvalidDataException">Not an NPY file, or one of a layout this reader does not take (the message says which).</exception>
    public static NpyReader Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        try
        {
            var (fields, rows) = ReadHeader(stream, path);
            return new NpyReader(stream, path, fields, rows);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The field named <paramref name="name"/>, or null.</summary>
    public NpyField? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);

    /// <summary>Reads up to <paramref name="rows"/> more rows into <paramref name="buffer"/> (at least rows × <see cref="RowBytes"/>); returns the rows read, 0 at the end.</summary>
    public int ReadRows(Span<byte> buffer, int rows)
    {
        int wanted = (int)Math.Min(rows, Rows - _rowsRead);
        if (wanted <= 0)
        {
            return 0;
        }
        _stream.ReadExactly(buffer[..(wanted * RowBytes)]);
        _rowsRead += wanted;
        return wanted;
    }

    /// <summary>Offset of <paramref name="field"/> within a row.</summary>
    public int Offset(NpyField field)
    {
        int offset = 0;
        foreach (var f in Fields)
        {
            if (ReferenceEquals(f, field))
            {
                return offset;
            }
            offset += f.Bytes;
        }
        throw new ArgumentException($"'{field.Name}' is not a field of {Path}.", nameof(field));
    }

    /// <summary>Element <paramref name="k"/> of <paramref name="field"/> in one row's bytes, as double.</summary>
    public double Value(ReadOnlySpan<byte> row, NpyField field, int k = 0)
    {
        int size = field.Bytes / field.Count;
        var bytes = row.Slice(Offset(field) + k * size, size);
        return field.Type[1..] switch
        {
            "f4" => BinaryPrimitives.ReadSingleLittleEndian(bytes),
            "f8" => BinaryPrimitives.ReadDoubleLittleEndian(bytes),
            "i1" => (sbyte)bytes[0],
            "u1" or "b1" => bytes[0],
            "i2" => BinaryPrimitives.ReadInt16LittleEndian(bytes),
            "u2" => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
            "i4" => BinaryPrimitives.ReadInt32LittleEndian(bytes),
            "u4" => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            "i8" => BinaryPrimitives.ReadInt64LittleEndian(bytes),
            "u8" => BinaryPrimitives.ReadUInt64LittleEndian(bytes),
            _ => throw new InvalidDataException($"{Path}: field '{field.Name}' has type '{field.Type}', which is no number this reader takes."),
        };
    }

    /// <summary>Every remaining row's elements of <paramref name="name"/> as double, row after row (rows × the field's count).</summary>
    /// <exception cref="ArgumentException">No field of that name.</exception>
    public double[] ReadField(string name)
    {
        NpyField field = Field(name) ?? throw new ArgumentException($"{Path} has no field '{name}'; it has {string.Join(", ", Fields.Select(f => $"'{f.Name}'"))}.", nameof(name));
        long remaining = Rows - _rowsRead;
        var values = new double[checked((int)(remaining * field.Count))];
        int chunk = Math.Max(1, (1 << 20) / Math.Max(1, RowBytes));
        var buffer = new byte[chunk * RowBytes];
        int at = 0;
        int read;
        while ((read = ReadRows(buffer, chunk)) > 0)
        {
            for (int r = 0; r < read; r++)
            {
                var row = new ReadOnlySpan<byte>(buffer, r * RowBytes, RowBytes);
                for (int k = 0; k < field.Count; k++)
                {
                    values[at++] = Value(row, field, k);
                }
            }
        }
        return values;
    }

    /// <inheritdoc/>
    public void Dispose() => _stream.Dispose();

    private static (IReadOnlyList<NpyField> Fields, long Rows) ReadHeader(Stream stream, string path)
    {
        Span<byte> prefix = stackalloc byte[12];
        if (stream.ReadAtLeast(prefix[..8], 8, throwOnEndOfStream: false) < 8 || prefix[0] != 0x93 || !prefix.Slice(1, 5).SequenceEqual("NUMPY"u8))
        {
            throw new InvalidDataException($"{path} is not an NPY file (it does not start with \\x93NUMPY).");
        }
        byte major = prefix[6];
        int length;
        if (major == 1)
        {
            stream.ReadExactly(prefix.Slice(8, 2));
            length = BinaryPrimitives.ReadUInt16LittleEndian(prefix.Slice(8, 2));
        }
        else if (major is 2 or 3)
        {
            stream.ReadExactly(prefix.Slice(8, 4));
            length = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(prefix.Slice(8, 4)));
        }
        else
        {
            throw new InvalidDataException($"{path}: NPY format version {major} is not one this reader takes (1 to 3).");
        }
        var header = new byte[length];
        stream.ReadExactly(header);
        string text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(header);
        if (PythonLiteral.Parse(text, path) is not Dictionary<string, object> dictionary
            || !dictionary.TryGetValue("descr", out object? descr) || !dictionary.TryGetValue("shape", out object? shapeValue)
            || shapeValue is not List<object> shape || shape.Any(s => s is not long))
        {
            throw new InvalidDataException($"{path}: the NPY header has no 'descr' and 'shape'.");
        }
        if (dictionary.TryGetValue("fortran_order", out object? fortran) && fortran is true && shape.Count > 1)
        {
            throw new InvalidDataException($"{path}: the array is in Fortran order; save it in C order (numpy's default).");
        }
        long rows = shape.Count == 0 ? 1 : (long)shape[0];
        int trailing = checked((int)shape.Skip(1).Aggregate(1L, (a, b) => a * (long)b));
        var fields = descr switch
        {
            string type => new[] { Field("", type, trailing, path) },
            List<object> list => list.Select(item => item is List<object> { Count: >= 2 } tuple && tuple[0] is string name && tuple[1] is string type
                ? Field(name, type, trailing * (tuple.Count > 2 && tuple[2] is List<object> sub ? checked((int)sub.Aggregate(1L, (a, b) => a * (long)b)) : 1), path)
                : throw new InvalidDataException($"{path}: a field of the NPY record is not (name, type[, shape]).")).ToArray(),
            _ => throw new InvalidDataException($"{path}: the NPY 'descr' is neither a type nor a list of fields."),
        };
        return (fields, rows);
    }

    private static NpyField Field(string name, string type, int count, string path)
    {
        string code = type.Length == 3 && type[0] == '=' ? "<" + type[1..] : type;
        if (code.Length != 3 || code[0] is not ('<' or '|') || !char.IsDigit(code[2]) || code[1] is not ('f' or 'i' or 'u' or 'b'))
        {
            throw new InvalidDataException($"{path}: field '{name}' has type '{type}'; this reader takes little-endian numbers (<f4, <f8, <i4, <i8, ...).");
        }
        return new NpyField(name, code, count);
    }

    /// <summary>The subset of Python literals an NPY header holds: dicts, lists, tuples, strings, integers and booleans.</summary>
    private static class PythonLiteral
    {
        public static object Parse(string text, string path)
        {
            int at = 0;
            object value = Value(text, ref at, path);
            return value;
        }

        private static object Value(string s, ref int at, string path)
        {
            Skip(s, ref at);
            if (at >= s.Length)
            {
                throw Bad(path);
            }
            char c = s[at];
            if (c is '{')
            {
                var dictionary = new Dictionary<string, object>(StringComparer.Ordinal);
                at++;
                while (true)
                {
                    Skip(s, ref at);
                    if (at < s.Length && s[at] == '}')
                    {
                        at++;
                        return dictionary;
                    }
                    if (Value(s, ref at, path) is not string key)
                    {
                        throw Bad(path);
                    }
                    Skip(s, ref at);
                    Expect(s, ref at, ':', path);
                    dictionary[key] = Value(s, ref at, path);
                    Separator(s, ref at, '}');
                }
            }
            if (c is '[' or '(')
            {
                char close = c == '[' ? ']' : ')';
                var list = new List<object>();
                at++;
                while (true)
                {
                    Skip(s, ref at);
                    if (at < s.Length && s[at] == close)
                    {
                        at++;
                        return list;
                    }
                    list.Add(Value(s, ref at, path));
                    Separator(s, ref at, close);
                }
            }
            if (c is '\'' or '"')
            {
                int end = s.IndexOf(c, at + 1);
                if (end < 0)
                {
                    throw Bad(path);
                }
                string text = s[(at + 1)..end];
                at = end + 1;
                return text;
            }
            int start = at;
            while (at < s.Length && (char.IsLetterOrDigit(s[at]) || s[at] is '-' or '_'))
            {
                at++;
            }
            string word = s[start..at];
            return word switch
            {
                "True" => true,
                "False" => false,
                _ when long.TryParse(word.TrimEnd('L'), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number) => number,
                _ => throw Bad(path),
            };
        }

        private static void Separator(string s, ref int at, char close)
        {
            Skip(s, ref at);
            if (at < s.Length && s[at] == ',')
            {
                at++;
            }
            else if (at >= s.Length || s[at] != close)
            {
                throw new InvalidDataException("The NPY header is not a Python literal.");
            }
        }

        private static void Expect(string s, ref int at, char c, string path)
        {
            if (at >= s.Length || s[at] != c)
            {
                throw Bad(path);
            }
            at++;
        }

        private static void Skip(string s, ref int at)
        {
            while (at < s.Length && char.IsWhiteSpace(s[at]))
            {
                at++;
            }
        }

        private static InvalidDataException Bad(string path) => new($"{path}: the NPY header is not a Python literal numpy writes.");
    }
}
