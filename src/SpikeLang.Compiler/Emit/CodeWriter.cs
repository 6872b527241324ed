using System;
using System.Text;

namespace SpikeLang.Compiler.Emit;

/// <summary>An indented writer for generated C#; <see cref="Block"/> opens a brace scope closed on dispose.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public CodeWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4);
        }
        _text.Append(line).Append('\n');
        return this;
    }

    /// <summary>Writes <paramref name="header"/> (if any) and opens a brace scope.</summary>
    public IDisposable Block(string header)
    {
        if (header.Length > 0)
        {
            Line(header);
        }
        Line("{");
        _indent++;
        return new Closer(this, "}");
    }

    /// <summary>
    /// A per-step kernel. Marked for full optimisation at its first call: a simulation calls its kernels
    /// from the first step on, and with tiered compilation they would run unoptimised, then through
    /// on-stack replacement, for the first tenth of a second (measured: CUBA 10 s took 0.26 s instead of 0.14 s).
    /// </summary>
    public IDisposable Kernel(string header)
    {
        Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        return Block(header);
    }

    /// <summary>A block closed by <paramref name="close"/>, e.g. "};" after an initializer.</summary>
    public IDisposable Block(string header, string close)
    {
        Line(header);
        Line("{");
        _indent++;
        return new Closer(this, close);
    }

    /// <summary>
    /// The text <paramref name="write"/> writes, indented for the block it will go into, taken back out of the
    /// writer (to be written, changed, with <see cref="Raw"/> inside a block opened at the current level).
    /// </summary>
    public string Capture(Action write)
    {
        int mark = _text.Length;
        _indent++;
        write();
        _indent--;
        string captured = _text.ToString(mark, _text.Length - mark);
        _text.Length = mark;
        return captured;
    }

    /// <summary>Appends lines already indented (from <see cref="Capture"/>) as they are.</summary>
    public void Raw(string lines) => _text.Append(lines);

    public override string ToString() => _text.ToString();

    private sealed class Closer : IDisposable
    {
        private readonly CodeWriter _writer;
        private readonly string _close;

        public Closer(CodeWriter writer, string close)
        {
            _writer = writer;
            _close = close;
        }

        public void Dispose()
        {
            _writer._indent--;
            _writer.Line(_close);
        }
    }
}
