using System;

namespace SpikeLang.Runtime;

/// <summary>
/// Checks generated constructors make on values that depend on network parameters (which the compiler
/// checks only at their defaults): each failure names the value and says what it must be.
/// </summary>
public static class ConstructionChecks
{
    /// <summary>A population size: a whole number of at least 1.</summary>
    public static int Size(string population, double value) =>
        value >= 1 && value <= int.MaxValue && value == Math.Floor(value)
            ? (int)value
            : throw new ArgumentException($"The size of '{population}' must be a whole number of at least 1, but the network parameters make it {value}.");

    /// <summary>A slice bound or in-degree: a whole number in [0, <paramref name="count"/>].</summary>
    public static int Index(string what, double value, int count) =>
        value >= 0 && value <= count && value == Math.Floor(value)
            ? (int)value
            : throw new ArgumentException($"The {what} must be a whole number in [0, {count}], but the network parameters make it {value}.");

    /// <summary>A connection probability in [0, 1].</summary>
    public static double Probability(double value) =>
        value >= 0 && value <= 1 ? value : throw new ArgumentException($"A connection probability must lie in [0, 1], but the network parameters make it {value}.");
}
