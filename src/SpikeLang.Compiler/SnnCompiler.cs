using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler;

/// <summary>
/// The one entry point of the compiler. The source generator, the CLI and the tests all call
/// <see cref="Compile"/>; nothing else parses .snn text.
/// </summary>
public static class SnnCompiler
{
    public static CompilationResult Compile(IEnumerable<SourceText> sources)
    {
        var diagnostics = new List<Diagnostic>();
        foreach (var source in sources)
        {
            var bag = new DiagnosticBag(source);
            SnnParser.Parse(source, bag);
            diagnostics.AddRange(bag.Items);
        }
        return new CompilationResult(diagnostics);
    }

    public static CompilationResult Compile(params SourceText[] sources) => Compile((IEnumerable<SourceText>)sources);
}

public sealed class CompilationResult
{
    public CompilationResult(IReadOnlyList<Diagnostic> diagnostics) => Diagnostics = diagnostics;

    /// <summary>All diagnostics, ordered by file, then position.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
