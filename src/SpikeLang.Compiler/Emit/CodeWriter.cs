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
