using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Cli.Commands;

/// <summary>Reading .snn files and reporting their diagnostics, the same way for every command.</summary>
internal static class SnnSources
{
    // Strict, so a file in some other encoding is reported instead of checked as mojibake.
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text of <paramref name="file"/>, or null with a one-line reason added to <paramref name="problems"/>.</summary>
    public static string? TryRead(string file, List<string> problems)
    {
        try
        {
            return File.ReadAllText(file, StrictUtf8);
        }
        catch (DecoderFallbackException)
        {
            problems.Add($"file '{file}' is not valid UTF-8");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add($"cannot read file '{file}': {ex.Message}");
        }
        return null;
    }

    /// <summary>
    /// Reads one .snn file named on the command line; on failure writes the reason to
    /// <paramref name="stderr"/> (as <c>spikelang: error: ...</c>) and returns null.
    /// </summary>
    public static SourceText? ReadSingle(string file, TextWriter stderr)
    {
        var problems = new List<string>();
        string? text = null;
        if (Directory.Exists(file))
        {
            problems.Add($"'{file}' is a directory; give a .snn file");
        }
        else if (!File.Exists(file))
        {
            problems.Add($"file '{file}' does not exist");
        }
        else
        {
            text = TryRead(file, problems);
        }

        foreach (var problem in problems)
        {
            stderr.WriteLine($"spikelang: error: {problem}");
        }
        return text is null ? null : new SourceText(file, text);
    }

    /// <summary>The diagnostics a user sees (no infos), by file, position and id.</summary>
    public static List<Diagnostic> Reportable(IEnumerable<Diagnostic> diagnostics) => diagnostics
        .Where(d => d.Severity != DiagnosticSeverity.Info)
        .OrderBy(d => d.FilePath, StringComparer.Ordinal)
        .ThenBy(d => d.LineSpan.Start.Line)
        .ThenBy(d => d.LineSpan.Start.Character)
        .ThenBy(d => d.Id, StringComparer.Ordinal)
        .ToList();

    /// <summary>Writes the reportable diagnostics in MSBuild form; returns whether any is an error.</summary>
    public static bool Report(IEnumerable<Diagnostic> diagnostics, TextWriter writer)
    {
        bool errors = false;
        foreach (var diagnostic in Reportable(diagnostics))
        {
            writer.WriteLine(diagnostic.ToString());
            errors |= diagnostic.IsError;
        }
        return errors;
    }
}
