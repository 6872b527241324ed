using System;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using SpikeLang.Compiler;

namespace SpikeLang.Generators;

/// <summary>
/// Compiles the project's .snn additional files into C# simulators. Thin wiring around
/// <see cref="SnnCompiler.Generate"/>: every model in the pipeline is equatable, so an edit
/// to C# code leaves the .snn work <c>Cached</c>.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SnnGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Where(static text => text.Path.EndsWith(".snn", StringComparison.OrdinalIgnoreCase))
            .Select(static (text, cancellationToken) =>
                new SnnFile(text.Path, text.GetText(cancellationToken)?.ToString() ?? string.Empty))
            .WithTrackingName(TrackingNames.SnnFiles);

        var generation = files
            .Collect()
            .Select(static (all, _) => SnnCompiler.Generate(
                all.OrderBy(f => f.Path, StringComparer.Ordinal)
                   .Select(f => new SpikeLang.Compiler.Text.SourceText(f.Path, f.Text))))
            .WithTrackingName(TrackingNames.Generation);

        context.RegisterSourceOutput(generation, static (output, result) =>
        {
            foreach (var diagnostic in result.Diagnostics)
            {
                output.ReportDiagnostic(DiagnosticMapping.ToRoslyn(diagnostic));
            }
            foreach (var source in result.Sources)
            {
                output.AddSource(source.HintName, SourceText.From(source.Text, Encoding.UTF8));
            }
        });
    }
}
