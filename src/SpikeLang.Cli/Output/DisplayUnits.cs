using System.Globalization;

namespace SpikeLang.Cli.Output;

/// <summary>
/// The unit a value is shown in, chosen by its dimension as a physiologist writes it: volts as mV,
/// amperes as nA, siemens as nS, farads as pF, ohms as MOhm, seconds as ms, rates in Hz.
/// Recordings stay in SI; only the plots' axes use these.
/// </summary>
internal static class DisplayUnits
{
    /// <summary>The display unit for values whose SI unit is <paramref name="si"/>, and the factor from SI to it; "" for dimensionless values.</summary>
    public static (string Unit, double Scale) For(string si) => si switch
    {
        "V" => ("mV", 1e3),
        "A" => ("nA", 1e9),
        "S" => ("nS", 1e9),
        "F" => ("pF", 1e12),
        "Ohm" => ("MOhm", 1e-6),
        "s" => ("ms", 1e3),
        "Hz" => ("Hz", 1),
        "m" => ("um", 1e6),
        "C" => ("pC", 1e12),
        "V/s" => ("mV/ms", 1),
        "1" or "" => ("", 1),
        _ => (si, 1),
    };

    /// <summary>An axis label: <c>v (mV)</c>, or the name alone for a dimensionless value.</summary>
    public static string Label(string name, string si)
    {
        string unit = For(si).Unit;
        return unit.Length == 0 ? name : $"{name} ({unit})";
    }

    /// <summary>The unit of a time axis over <paramref name="seconds"/>: ms up to 2 s, else s.</summary>
    public static (string Unit, double Scale) Time(double seconds) => seconds <= 2 ? ("ms", 1e3) : ("s", 1);

    /// <summary>A time in the time axis' unit, for titles: <c>500 ms</c>, <c>2.5 s</c>.</summary>
    public static string FormatTime(double seconds, (string Unit, double Scale) unit) =>
        (seconds * unit.Scale).ToString("0.###", CultureInfo.InvariantCulture) + " " + unit.Unit;
}
