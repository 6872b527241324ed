using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using SnnDiagnostic = SpikeLang.Compiler.Diagnostics.Diagnostic;
using SnnSeverity = SpikeLang.Compiler.Diagnostics.DiagnosticSeverity;

namespace SpikeLang.Generators;

/// <summary>
/// Turns compiler diagnostics into Roslyn diagnostics located in the .snn file, so a build prints
/// <c>path(line,col): error SL0012: message</c> and editors underline the .snn text.
/// </summary>
internal static class DiagnosticMapping
{
    public const string Category = "SpikeLang";

    private static readonly Dictionary<string, DiagnosticDescriptor> Descriptors =
        SpikeLang.Compiler.Diagnostics.DiagnosticDescriptors.All
            .ToDictionary(d => d.Id, d => CreateDescriptor(d.Id, d.Title, d.Severity), StringComparer.Ordinal);

    public static Microsoft.CodeAnalysis.Diagnostic ToRoslyn(SnnDiagnostic diagnostic)
    {
        if (!Descriptors.TryGetValue(diagnostic.Id, out var descriptor))
        {
            descriptor = CreateDescriptor(diagnostic.Id, diagnostic.Id, diagnostic.Severity);
        }

        var span = new Microsoft.CodeAnalysis.Text.TextSpan(
            Math.Max(0, diagnostic.Span.Start), Math.Max(0, diagnostic.Span.Length));
        var lineSpan = new Microsoft.CodeAnalysis.Text.LinePositionSpan(
            new LinePosition(diagnostic.LineSpan.Start.Line, diagnostic.LineSpan.Start.Character),
            new LinePosition(diagnostic.LineSpan.End.Line, diagnostic.LineSpan.End.Character));
        var location = Location.Create(diagnostic.FilePath, span, lineSpan);

        // The descriptor's default severity is the compiler's; pass the diagnostic's own in case they differ.
        return Microsoft.CodeAnalysis.Diagnostic.Create(
            descriptor,
            location,
            ToRoslyn(diagnostic.Severity),
            additionalLocations: null,
            properties: null,
            diagnostic.Message);
    }

    private static DiagnosticDescriptor CreateDescriptor(string id, string title, SnnSeverity severity) =>
        new(id, title, "{0}", Category, ToRoslyn(severity), isEnabledByDefault: true);

    private static Microsoft.CodeAnalysis.DiagnosticSeverity ToRoslyn(SnnSeverity severity) => severity switch
    {
        SnnSeverity.Error => Microsoft.CodeAnalysis.DiagnosticSeverity.Error,
        SnnSeverity.Warning => Microsoft.CodeAnalysis.DiagnosticSeverity.Warning,
        _ => Microsoft.CodeAnalysis.DiagnosticSeverity.Info,
    };
}
