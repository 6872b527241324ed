using SpikeLang.Compiler.Text;
using SpikeLang.Compiler.Units;

namespace SpikeLang.Compiler.Binding;

/// <summary>
/// A bound <c>timed_array</c>: Brian2's TimedArray. <paramref name="Values"/> holds <paramref name="Rows"/> time bins
/// of <paramref name="Step"/> seconds, each of <paramref name="Columns"/> values (1 for <c>I(t)</c>, one per neuron
/// for <c>I(t, i)</c>), row after row, in SI units of <paramref name="Dimension"/>.
/// </summary>
internal sealed record TimedArrayModel(string Name, EquatableArray<double> Values, int Rows, int Columns, double Step, Dimension Dimension, string FilePath, TextSpan Span)
{
    /// <summary>True for a list of rows, read as <c>NAME(t, i)</c>.</summary>
    public bool TwoDimensional { get; init; }

    /// <summary>
    /// True for a declaration that could not be bound (its error is reported there): its uses bind to errors without
    /// a second report, so one mistake in a timed array is not also "not a function" everywhere it is read.
    /// </summary>
    public bool Failed { get; init; }

    /// <summary>The stimulus file the values were read from, as written in the .snn file; null when they are written there.</summary>
    public string? DataFile { get; init; }
}
