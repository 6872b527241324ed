using System;
using System.Collections.Generic;

namespace SpikeLang.Compiler.Text;

/// <summary>The text of one .snn file and the path it is reported under.</summary>
public sealed class SourceText
{
    private readonly int[] _lineStarts;

    public SourceText(string path, string content)
    {
        Path = path ?? throw new ArgumentNullException(nameof(path));
        Content = content ?? throw new ArgumentNullException(nameof(content));
        _lineStarts = ComputeLineStarts(content);
    }

    public string Path { get; }

    public string Content { get; }

    public int LineCount => _lineStarts.Length;

    public LinePosition GetLinePosition(int offset)
    {
        offset = Math.Max(0, Math.Min(offset, Content.Length));
        int line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0)
        {
            line = ~line - 1;
        }
        return new LinePosition(line, offset - _lineStarts[line]);
    }

    public LinePositionSpan GetLinePositionSpan(TextSpan span) =>
        new(GetLinePosition(span.Start), GetLinePosition(span.End));

    public string GetText(TextSpan span)
    {
        int start = Math.Max(0, Math.Min(span.Start, Content.Length));
        int end = Math.Max(start, Math.Min(span.End, Content.Length));
        return Content.Substring(start, end - start);
    }

    private static int[] ComputeLineStarts(string content)
    {
        var starts = new List<int> { 0 };
        for (int i = 0; i < content.Length; i++)
        {
            if (content[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }
        return starts.ToArray();
    }
}
