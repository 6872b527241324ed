using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Emit;
using SpikeLang.Compiler.StandardLibrary;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler;

/// <summary>
/// The one entry point of the compiler. The source generator, the CLI and the tests all call
/// <see cref="Compile(IEnumerable{SourceText})"/>; nothing else parses .snn text.
/// Stages: parse each file (Sprache, with recovery) → bind all files together over the standard
/// library (names, units, dependency order) → analyse equations (exact or numerical integration).
/// </summary>
public static class SnnCompiler
{
    public static CompilationResult Compile(IEnumerable<SourceText> sources)
    {
        var userFiles = sources.Select(Parse).ToList();
        var standardFiles = StandardFiles.Value.Select(f => (Unit: f.Unit, File: new DiagnosticBag(f.Source))).ToList();
        var model = Binder.Bind(userFiles, standardFiles);

        var order = userFiles.Concat(standardFiles).Select((f, index) => (f.File, index)).ToList();
        var diagnostics = order
            .SelectMany(f => Capped(f.File.Items
                .GroupBy(d => (d.Id, d.Span))
                .Select(g => g.First())
                .OrderBy(d => d.Span.Start)
                .ThenBy(d => d.Id, StringComparer.Ordinal)
                .ToList(), f.File))
            .ToList();
        return new CompilationResult(diagnostics, model);
    }

    public static CompilationResult Compile(params SourceText[] sources) => Compile((IEnumerable<SourceText>)sources);

    /// <summary>At most <see cref="SnnParser.MaxErrorsPerFile"/> errors per file, whichever stage found them, then SL0004.</summary>
    private static IEnumerable<Diagnostic> Capped(IReadOnlyList<Diagnostic> ordered, DiagnosticBag file)
    {
        int errors = 0;
        bool stopped = false;
        foreach (var diagnostic in ordered)
        {
            if (diagnostic.Id == DiagnosticDescriptors.TooManyErrors.Id)
            {
                // The parser stopped here already; report that once.
                if (!stopped)
                {
                    stopped = true;
                    yield return diagnostic;
                }
                continue;
            }
            if (diagnostic.IsError && ++errors > SnnParser.MaxErrorsPerFile)
            {
                if (!stopped)
                {
                    yield return Diagnostic.Create(DiagnosticDescriptors.TooManyErrors, file.Source, diagnostic.Span, SnnParser.MaxErrorsPerFile);
                }
                yield break;
            }
            yield return diagnostic;
        }
    }

    /// <summary>
    /// Compiles and, when there is no error, emits one C# file per network. What the source generator
    /// and <c>spikelang emit</c> call.
    /// </summary>
    public static GenerationResult Generate(IEnumerable<SourceText> sources)
    {
        var list = sources.ToList();
        var result = Compile(list);
        var diagnostics = result.Diagnostics.ToList();
        var generated = new List<GeneratedSource>();
        if (!result.HasErrors)
        {
            var byPath = list.Concat(StandardModels.Sources).GroupBy(s => s.Path).ToDictionary(g => g.Key, g => g.First());
            foreach (var network in result.Model.Networks)
            {
                var context = new EmitContext(network, byPath);
                string text = new NetworkEmitter(context).Emit();
                diagnostics.AddRange(context.Unsupported);
                string hint = (network.Namespace is null ? "" : network.Namespace + ".") + network.Name + ".g.cs";
                generated.Add(new GeneratedSource(hint, text));
            }
        }
        if (diagnostics.Any(d => d.IsError))
        {
            generated.Clear();
        }
        return new GenerationResult(new EquatableArray<GeneratedSource>(generated), new EquatableArray<Diagnostic>(diagnostics.Distinct()));
    }

    /// <summary>
    /// The standard library parsed once per process: syntax trees are immutable, and the tests compile
    /// the library as user files to keep it free of diagnostics.
    /// </summary>
    private static readonly Lazy<IReadOnlyList<(SourceText Source, CompilationUnit Unit)>> StandardFiles = new(() =>
        StandardModels.Sources.Select(s => (s, Parse(s).Unit)).ToList());

    private static (CompilationUnit Unit, DiagnosticBag File) Parse(SourceText source)
    {
        var bag = new DiagnosticBag(source);
        return (SnnParser.Parse(source, bag), bag);
    }
}

public sealed class CompilationResult
{
    public CompilationResult(IReadOnlyList<Diagnostic> diagnostics, SemanticModel model)
    {
        Diagnostics = diagnostics;
        Model = model;
    }

    /// <summary>All diagnostics, ordered by file (in the order given), then position.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>The bound declarations. Complete only when <see cref="HasErrors"/> is false.</summary>
    public SemanticModel Model { get; }

    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

/// <summary>One generated C# file.</summary>
public sealed record GeneratedSource(string HintName, string Text);

/// <summary>The generated files and every diagnostic; equatable, for the incremental generator.</summary>
public sealed record GenerationResult(EquatableArray<GeneratedSource> Sources, EquatableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
