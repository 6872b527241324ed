using System.Collections.Generic;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Emit;

/// <summary>What every part of one network's emitter shares.</summary>
internal sealed class EmitContext
{
    public EmitContext(NetworkModel network, IReadOnlyDictionary<string, SourceText> sources)
    {
        Network = network;
        Sources = sources;
    }

    public NetworkModel Network { get; }

    public IReadOnlyDictionary<string, SourceText> Sources { get; }

    public bool Double => Network.DoublePrecision;

    /// <summary>The C# type of a step index in refractory bookkeeping: as wide as Real, so masks line up lane for lane.</summary>
    public string StepType => Double ? "long" : "int";

    /// <summary>Constructs that the C# backend cannot compile; reported as diagnostics instead of emitting code.</summary>
    public List<Diagnostic> Unsupported { get; } = new();

    public void ReportUnsupported(string filePath, TextSpan span, string what) => Report(DiagnosticDescriptors.UnsupportedByBackend, filePath, span, what);

    /// <summary>A construct of a network with a train block that the generated trainer cannot handle.</summary>
    public void ReportUntrainable(string filePath, TextSpan span, string what) => Report(DiagnosticDescriptors.NotTrainable, filePath, span, what);

    private void Report(DiagnosticDescriptor descriptor, string filePath, TextSpan span, string what)
    {
        if (Sources.TryGetValue(filePath, out var source))
        {
            Unsupported.Add(Diagnostic.Create(descriptor, source, span, what));
        }
    }

    /// <summary>The text of a span, for comments in generated code.</summary>
    public string Text(string filePath, TextSpan span) =>
        Sources.TryGetValue(filePath, out var source) ? source.GetText(span) : string.Empty;

    public ExpressionWriter Writer(EvaluationMode mode, System.Func<BoundVariable, string> variable, string random = "rng") =>
        new(mode, Double, variable, random);
}
