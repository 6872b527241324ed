using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;
using SpikeLang.Runtime;

namespace SpikeLang.Compiler.Binding;

/// <summary>
/// Reads the stimulus file a text in quotes names (docs/stimuli.md), for a spike generator or a timed array: the
/// same CSV layout and the same rules as <c>spikelang run --input</c> (the rules are one linked file,
/// <see cref="StimulusRows"/>), each broken rule a located error at the file's name that quotes the file's line.
/// </summary>
internal sealed class DataFileReader
{
    /// <summary>At most this many values (spikes, or timed-array entries) are built into a network's program.</summary>
    public const int MaxValues = 1_000_000;

    private readonly DiagnosticBag _diagnostics;
    private readonly DataFiles _files;

    public DataFileReader(DiagnosticBag diagnostics, DataFiles files)
    {
        _diagnostics = diagnostics;
        _files = files;
    }

    /// <summary>The rows of the file, checked for <paramref name="sources"/> sources at bins of <paramref name="dt"/> seconds; null after a located error.</summary>
    /// <param name="what">Names the reader in messages: "Timed array 'I'", "Spike generator 'S'".</param>
    public IReadOnlyList<StimulusEvent>? Read(StringExpression name, string what, StimulusKind kind, double dt, int sources)
    {
        if (!name.Value.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            // A project build hands files to the generator as text only, so an NPY file could not be read there.
            _diagnostics.Report(DiagnosticDescriptors.DataFileInvalid, name.Span, name.Value,
                "a network reads its data files as CSV when it is built (a project's build sees them as text); write the file as CSV "
                + "(the layout is in docs/stimuli.md), or play an NPY file from outside with 'spikelang run --input'");
            return null;
        }
        if (DataFiles.Resolve(_diagnostics.Source.Path, name.Value) is not { } path)
        {
            _diagnostics.Report(DiagnosticDescriptors.DataFileInvalid, name.Span, Printable(name.Value),
                "the name holds a character no file name may hold (a control character such as NUL); write the file's name without it");
            return null;
        }
        if (_files.ReadText(path) is not { } text)
        {
            _diagnostics.Report(DiagnosticDescriptors.DataFileMissing, name.Span, what, name.Value, _files.Missing);
            return null;
        }
        try
        {
            using (var header = new StringReader(text))
            {
                var written = StimulusRows.CsvKind(header.ReadLine(), name.Value);
                if (written != kind)
                {
                    _diagnostics.Report(DiagnosticDescriptors.DataFileInvalid, name.Span, name.Value, kind == StimulusKind.Values
                        ? $"{what} needs values, a header 'time_s,index,VALUE', but the file holds spike times ('time_s,index')"
                        : $"{what} needs spike times, a header 'time_s,index', but the file holds values ('time_s,index,VALUE')");
                    return null;
                }
            }
            var rows = StimulusRows.ReadCsv(new StringReader(text), name.Value).Take(MaxValues + 1).ToList();
            if (rows.Count > MaxValues)
            {
                _diagnostics.Report(DiagnosticDescriptors.DataFileTooLarge, name.Span, name.Value, $"more than {MaxValues}", MaxValues);
                return null;
            }
            StimulusRows.Check(rows, kind, dt, sources, line => $"line {line}");
            return rows;
        }
        catch (InvalidDataException e)
        {
            _diagnostics.Report(DiagnosticDescriptors.DataFileInvalid, name.Span, name.Value, Unprefixed(e.Message, name.Value));
            return null;
        }
    }

    /// <summary>The name as a message can show it: control characters written as escapes.</summary>
    private static string Printable(string name) =>
        string.Concat(name.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    /// <summary>The diagnostic names the file already: "x.csv line 3: ..." reads "line 3: ...".</summary>
    private static string Unprefixed(string message, string file) =>
        message.StartsWith(file, StringComparison.Ordinal) ? message.Substring(file.Length).TrimStart(':', ' ') : message;
}
