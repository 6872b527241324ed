using System;
using System.Collections.Generic;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Units;

/// <summary>
/// The units a .snn file may write: SI base symbols with the usual metric prefixes
/// (<c>ms</c>, <c>mV</c>, <c>nA</c>, <c>pA</c>, <c>nS</c>, <c>uS</c>, <c>pF</c>, <c>kHz</c>, <c>MOhm</c>, <c>um</c>),
/// and <c>cm</c>, since distances and membrane areas are written in it.
/// Values are converted to SI when bound, so generated code computes in seconds, volts and amperes.
/// </summary>
internal static class UnitTable
{
    private static readonly (string Symbol, Dimension Dimension)[] BaseUnits =
    {
        ("s", Dimension.TimeDimension),
        ("V", Dimension.Voltage),
        ("A", Dimension.CurrentDimension),
        ("S", Dimension.Conductance),
        ("F", Dimension.Capacitance),
        ("Ohm", Dimension.Resistance),
        ("ohm", Dimension.Resistance),
        ("Hz", Dimension.FrequencyDimension),
        ("C", Dimension.Charge),
        ("m", Dimension.LengthDimension),
    };

    private static readonly (string Prefix, double Scale)[] Prefixes =
    {
        ("f", 1e-15), ("p", 1e-12), ("n", 1e-9), ("u", 1e-6), ("m", 1e-3),
        ("k", 1e3), ("M", 1e6), ("G", 1e9),
    };

    private static readonly Dictionary<string, Unit> Units = Build();

    /// <summary>Every symbol, for suggestions and documentation.</summary>
    public static IReadOnlyCollection<string> Symbols => Units.Keys;

    public static bool TryLookup(string symbol, out Unit unit) => Units.TryGetValue(symbol, out unit);

    private static Dictionary<string, Unit> Build()
    {
        var units = new Dictionary<string, Unit>(StringComparer.Ordinal);
        foreach (var (symbol, dimension) in BaseUnits)
        {
            units[symbol] = new Unit(symbol, 1.0, dimension);
            foreach (var (prefix, scale) in Prefixes)
            {
                units[prefix + symbol] = new Unit(prefix + symbol, scale, dimension);
            }
        }
        units["cm"] = new Unit("cm", 1e-2, Dimension.LengthDimension);
        return units;
    }

    /// <summary>Spelled-out names people write for a symbol.</summary>
    private static readonly Dictionary<string, string> LongForms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sec"] = "s", ["second"] = "s", ["seconds"] = "s", ["msec"] = "ms", ["millisecond"] = "ms", ["milliseconds"] = "ms",
        ["volt"] = "V", ["volts"] = "V", ["mvolt"] = "mV", ["millivolt"] = "mV", ["amp"] = "A", ["amps"] = "A",
        ["hertz"] = "Hz", ["siemens"] = "S", ["farad"] = "F",
        ["metre"] = "m", ["meter"] = "m", ["umetre"] = "um", ["umeter"] = "um", ["mmetre"] = "mm", ["cmetre"] = "cm",
    };

    /// <summary>The unit symbol meant by a misspelled or spelled-out one, or null when nothing is close.</summary>
    public static string? Suggest(string symbol) =>
        LongForms.TryGetValue(symbol, out var known) ? known : Spelling.Closest(symbol, Units.Keys);
}
