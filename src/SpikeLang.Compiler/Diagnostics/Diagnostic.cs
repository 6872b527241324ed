using System.Globalization;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Diagnostics;

/// <summary>A located message about a .snn file. Equatable, so it can travel through an incremental generator.</summary>
public sealed record Diagnostic(
    string Id,
    DiagnosticSeverity Severity,
    string Message,
    string FilePath,
    TextSpan Span,
    LinePositionSpan LineSpan)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    public static Diagnostic Create(DiagnosticDescriptor descriptor, SourceText source, TextSpan span, params object[] args) =>
        new(descriptor.Id,
            descriptor.Severity,
            string.Format(CultureInfo.InvariantCulture, descriptor.MessageFormat, args),
            source.Path,
            span,
            source.GetLinePositionSpan(span));

    /// <summary>MSBuild canonical form: <c>path(line,col): error SL0012: message</c>.</summary>
    public override string ToString()
    {
        string severity = Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "info",
        };
        return $"{FilePath}({LineSpan.Start}): {severity} {Id}: {Message}";
    }
}
