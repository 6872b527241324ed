namespace SpikeLang.Generators;

/// <summary>The path and text of one .snn additional file: an equatable pipeline model.</summary>
public sealed record SnnFile(string Path, string Text);
