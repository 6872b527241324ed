using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Lowering;

/// <summary>
/// What lowering one network shares: the network, the source files (for the text that documents
/// generated code, and to locate diagnostics), and where its diagnostics go.
/// </summary>
internal sealed class LoweringContext
{
    private readonly IReadOnlyDictionary<string, DiagnosticBag> _files;

    public LoweringContext(NetworkModel network, IReadOnlyDictionary<string, DiagnosticBag> files)
    {
        Network = network;
        _files = files;
    }

    public NetworkModel Network { get; }

    /// <summary>True once anything was reported: the network cannot be emitted.</summary>
    public bool HasErrors { get; private set; }

    /// <summary>A construct the simulator cannot run (SL0500).</summary>
    public void ReportUnsupported(string path, TextSpan span, string what) => Report(DiagnosticDescriptors.UnsupportedByBackend, path, span, what);

    /// <summary>A construct of a network with a train block that the generated trainer cannot train (SL0501).</summary>
    public void ReportUntrainable(string path, TextSpan span, string what) => Report(DiagnosticDescriptors.NotTrainable, path, span, what);

    private void Report(DiagnosticDescriptor descriptor, string path, TextSpan span, string what)
    {
        HasErrors = true;
        if (_files.TryGetValue(path, out var file))
        {
            file.Report(descriptor, span, what);
        }
    }

    /// <summary>
    /// The source text of a span on one line, for comments in generated code: an equation wrapped over
    /// lines inside parentheses must not break a // comment.
    /// </summary>
    public string Text(string path, TextSpan span) =>
        _files.TryGetValue(path, out var file) ? OneLine(file.Source.GetText(span)) : string.Empty;

    private static string OneLine(string text) =>
        string.Join(" ", text.Split(new[] { ' ', '\t', '\r', '\n' }, System.StringSplitOptions.RemoveEmptyEntries));
}
