namespace SpikeLang.Compiler.Units;

/// <summary>A unit symbol with its factor to SI and its dimension: <c>mV</c> is 1e-3 of a volt.</summary>
internal readonly record struct Unit(string Symbol, double Scale, Dimension Dimension);
