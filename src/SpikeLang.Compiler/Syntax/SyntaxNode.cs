using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Syntax;

/// <summary>Every node of the syntax tree knows the source range it was parsed from.</summary>
internal abstract record SyntaxNode(TextSpan Span);

/// <summary>A name as written in the source.</summary>
internal sealed record Identifier(string Name, TextSpan Span) : SyntaxNode(Span)
{
    public override string ToString() => Name;
}
