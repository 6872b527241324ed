namespace SpikeLang.Compiler.Diagnostics;

/// <summary>
/// One kind of diagnostic: a stable id, a severity and a composite-format message whose
/// arguments come from the place it is reported. Every descriptor lives in <see cref="DiagnosticDescriptors"/>.
/// </summary>
public sealed record DiagnosticDescriptor(string Id, string Title, string MessageFormat, DiagnosticSeverity Severity);
