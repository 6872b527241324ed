namespace SpikeLang.Generators;

/// <summary>The path and text of one additional file (.snn, or a .csv data file): an equatable pipeline model.</summary>
public sealed record SnnFile(string Path, string Text);
