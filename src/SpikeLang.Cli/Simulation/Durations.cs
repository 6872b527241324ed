using System;
using System.Globalization;

namespace SpikeLang.Cli.Simulation;

/// <summary>Simulated durations on the command line (<c>1s</c>, <c>500ms</c>, <c>0.2</c>) and how they print.</summary>
internal static class Durations
{
    /// <summary>
    /// Parses a positive duration: a number followed by <c>s</c>, <c>ms</c>, <c>us</c>/<c>µs</c> or
    /// <c>min</c>, or a bare number of seconds. Null with <paramref name="error"/> set otherwise.
    /// </summary>
    public static double? TryParseSeconds(string text, out string? error)
    {
        error = null;
        string trimmed = text.Trim();
        (string suffix, double scale)[] units = [("min", 60), ("ms", 1e-3), ("us", 1e-6), ("µs", 1e-6), ("s", 1)];
        double factor = 1;
        string number = trimmed;
        foreach (var (suffix, scale) in units)
        {
            if (trimmed.EndsWith(suffix, StringComparison.Ordinal))
            {
                number = trimmed[..^suffix.Length].TrimEnd();
                factor = scale;
                break;
            }
        }

        if (number.Length == 0
            || !double.TryParse(number, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double value)
            || !double.IsFinite(value))
        {
            error = $"'{text}' is not a duration; write it like 1s, 500ms, 2.5s or 0.2 (seconds)";
            return null;
        }

        double seconds = value * factor;
        if (!(seconds > 0))
        {
            error = $"'{text}' is not a positive duration";
            return null;
        }
        if (seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            error = $"'{text}' is too long a duration";
            return null;
        }
        return seconds;
    }

    /// <summary>Seconds in the shortest readable unit: <c>1 s</c>, <c>0.1 ms</c>, <c>250 ms</c>.</summary>
    public static string Format(double seconds)
    {
        if (seconds != 0 && Math.Abs(seconds) < 1)
        {
            double ms = seconds * 1e3;
            return Math.Abs(ms) >= 0.001
                ? FormattableString.Invariant($"{Math.Round(ms, 6):0.######} ms")
                : FormattableString.Invariant($"{Math.Round(ms * 1e3, 6):0.######} µs");
        }
        return FormattableString.Invariant($"{Math.Round(seconds, 6):0.######} s");
    }
}
