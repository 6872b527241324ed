using System.Collections.Generic;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Diagnostics;

/// <summary>Collects the diagnostics of one compilation stage for one source file.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = new();

    public DiagnosticBag(SourceText source) => Source = source;

    public SourceText Source { get; }

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => _items.Exists(d => d.IsError);

    public void Report(DiagnosticDescriptor descriptor, TextSpan span, params object[] args) =>
        _items.Add(Diagnostic.Create(descriptor, Source, span, args));

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);
}
