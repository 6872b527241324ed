using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.StandardLibrary;
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

    /// <summary>The value of <paramref name="expression"/> with the network parameters at their defaults and the given constants, or null.</summary>
    public double? Evaluate(BoundExpression expression, System.Func<VariableSymbol, double?>? constants = null) =>
        ConstantEvaluator.TryEvaluate(expression, symbol => symbol.Kind == VariableKind.NetworkParameter ? NetworkParameter(symbol.Name) : constants?.Invoke(symbol));

    private double? NetworkParameter(string name)
    {
        _networkDefaults ??= Defaults();
        return _networkDefaults.TryGetValue(name, out double value) ? value : null;
    }

    private Dictionary<string, double>? _networkDefaults;

    private Dictionary<string, double> Defaults()
    {
        var values = new Dictionary<string, double>(System.StringComparer.Ordinal);
        foreach (var parameter in Network.Parameters)
        {
            if (ConstantEvaluator.TryEvaluate(parameter.Value, s => values.TryGetValue(s.Name, out double v) ? v : null) is { } value)
            {
                values[parameter.Symbol.Name] = value;
            }
        }
        return values;
    }

    /// <summary>A construct of a network with a train block that the generated trainer cannot train (SL0501).</summary>
    public void ReportUntrainable(string path, TextSpan span, string what) => Report(DiagnosticDescriptors.NotTrainable, path, span, what);

    /// <summary>Any error found while lowering, at its place in a source file (see <see cref="UsedAt"/> for the standard library's files).</summary>
    public void Report(DiagnosticDescriptor descriptor, string path, TextSpan span, params object[] arguments)
    {
        HasErrors = true;
        if (!_files.TryGetValue(path, out var file))
        {
            return;
        }
        if (StandardModels.IsStandard(path) && _use is { } use && _files.TryGetValue(use.Path, out var userFile))
        {
            // The user cannot open <stdlib>/Lif.snn: the error goes where the user's file uses the model, naming
            // what in the standard model it is about.
            string text = Text(path, span);
            var at = Identifiers(text).Where(use.Overrides.ContainsKey).Select(name => (TextSpan?)use.Overrides[name].Span).FirstOrDefault() ?? use.Span;
            var diagnostic = Diagnostic.Create(descriptor, userFile.Source, at, arguments);
            string where = $"{path} line {file.Source.GetLinePosition(span.Start).Line + 1}";
            userFile.AddRange(new[] { diagnostic with { Message = $"{diagnostic.Message} (in the standard model, {where}: '{text}')" } });
            return;
        }
        file.Report(descriptor, span, arguments);
    }

    private (string Path, TextSpan Span, IReadOnlyDictionary<string, BoundExpression> Overrides)? _use;

    /// <summary>
    /// While the returned scope lasts, errors reported in a file of the standard library are reported in the user's
    /// file instead: at the override of a parameter the standard model's text names, else at <paramref name="span"/>
    /// (the population or connection that uses the model), with the standard model's line in the message.
    /// </summary>
    public System.IDisposable UsedAt(string path, TextSpan span, IReadOnlyDictionary<string, BoundExpression> overrides)
    {
        var previous = _use;
        _use = (path, span, overrides);
        return new Restore(() => _use = previous);
    }

    private sealed class Restore : System.IDisposable
    {
        private System.Action? _undo;

        public Restore(System.Action undo) => _undo = undo;

        public void Dispose()
        {
            _undo?.Invoke();
            _undo = null;
        }
    }

    private static IEnumerable<string> Identifiers(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"[\p{L}_][\p{L}\p{Nd}_]*").Cast<System.Text.RegularExpressions.Match>().Select(m => m.Value);

    /// <summary>Where a span is, for messages of generated code: "Cuba.snn line 24".</summary>
    public string Location(string path, TextSpan span) =>
        _files.TryGetValue(path, out var file)
            ? $"{System.IO.Path.GetFileName(path)} line {file.Source.GetLinePosition(span.Start).Line + 1}"
            : System.IO.Path.GetFileName(path);

    /// <summary>The text of a source file, or null for a file not in this compilation.</summary>
    public SourceText? Source(string path) => _files.TryGetValue(path, out var file) ? file.Source : null;

    /// <summary>
    /// The source text of a span on one line, for comments in generated code: an equation wrapped over
    /// lines inside parentheses must not break a // comment.
    /// </summary>
    public string Text(string path, TextSpan span) =>
        _files.TryGetValue(path, out var file) ? OneLine(file.Source.GetText(span)) : string.Empty;

    private static string OneLine(string text) =>
        string.Join(" ", text.Split(new[] { ' ', '\t', '\r', '\n' }, System.StringSplitOptions.RemoveEmptyEntries));
}
