namespace SpikeLang.Compiler.Text;

/// <summary>A zero-based line and character, the convention Roslyn and LSP use.</summary>
public readonly record struct LinePosition(int Line, int Character)
{
    /// <summary>One-based "line,column" as MSBuild and editors print it.</summary>
    public override string ToString() => $"{Line + 1},{Character + 1}";
}

public readonly record struct LinePositionSpan(LinePosition Start, LinePosition End)
{
    /// <summary>One-based "line,col,endLine,endCol" (the MSBuild canonical location form).</summary>
    public override string ToString() => $"{Start.Line + 1},{Start.Character + 1},{End.Line + 1},{End.Character + 1}";
}
