using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Syntax;

/// <summary>Every node of the syntax tree knows the source range it was parsed from.</summary>
public abstract record SyntaxNode(TextSpan Span);

/// <summary>A name as written in the source.</summary>
public sealed record Identifier(string Name, TextSpan Span) : SyntaxNode(Span)
{
    public override string ToString() => Name;
}
