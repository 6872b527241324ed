using System;
using System.Collections.Generic;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Units;

/// <summary>
/// The units a .snn file may write: Brian2's set, by short symbol with the usual metric prefixes
/// (<c>ms</c>, <c>mV</c>, <c>nA</c>, <c>nS</c>, <c>pF</c>, <c>kHz</c>, <c>MOhm</c>, <c>um</c>, <c>mM</c>) and by
/// Brian2's long name with the same prefixes (<c>msecond</c>, <c>mvolt</c>, <c>namp</c>, <c>nsiemens</c>,
/// <c>pfarad</c>, <c>umetre</c>, <c>mmolar</c>), lengths also squared and cubed (<c>cm2</c>, <c>umetre2</c>),
/// so a Brian2 model ports line by line. Values are converted to SI when bound, so generated code computes
/// in seconds, volts and amperes.
/// </summary>
internal static class UnitTable
{
    private static readonly (string Symbol, double Scale, Dimension Dimension)[] ShortUnits =
    {
        ("s", 1, Dimension.TimeDimension),
        ("V", 1, Dimension.Voltage),
        ("A", 1, Dimension.CurrentDimension),
        ("S", 1, Dimension.Conductance),
        ("F", 1, Dimension.Capacitance),
        ("Ohm", 1, Dimension.Resistance),
        ("ohm", 1, Dimension.Resistance),
        ("Hz", 1, Dimension.FrequencyDimension),
        ("C", 1, Dimension.Charge),
        ("m", 1, Dimension.LengthDimension),
        ("mol", 1, Dimension.Amount),
        ("l", 1e-3, Dimension.LengthDimension.Pow(3)),
        ("L", 1e-3, Dimension.LengthDimension.Pow(3)),
    };

    /// <summary>Brian2's names (<c>brian2.units.allunits</c>): each takes the same prefixes as the short symbols.</summary>
    private static readonly (string Name, double Scale, Dimension Dimension)[] LongUnits =
    {
        ("second", 1, Dimension.TimeDimension),
        ("volt", 1, Dimension.Voltage),
        ("amp", 1, Dimension.CurrentDimension),
        ("ampere", 1, Dimension.CurrentDimension),
        ("siemens", 1, Dimension.Conductance),
        ("farad", 1, Dimension.Capacitance),
        ("hertz", 1, Dimension.FrequencyDimension),
        ("coulomb", 1, Dimension.Charge),
        ("metre", 1, Dimension.LengthDimension),
        ("meter", 1, Dimension.LengthDimension),
        ("mole", 1, Dimension.Amount),
        ("molar", 1e3, Dimension.Concentration),
        ("litre", 1e-3, Dimension.LengthDimension.Pow(3)),
        ("liter", 1e-3, Dimension.LengthDimension.Pow(3)),
        ("gram", 1e-3, new Dimension(1, 0, 0, 0)),
        // Angles are dimensionless in Brian2 (SI): theta : radian is a plain number.
        ("radian", 1, Dimension.None),
        ("steradian", 1, Dimension.None),
    };

    private static readonly (string Prefix, double Scale)[] Prefixes =
    {
        ("f", 1e-15), ("p", 1e-12), ("n", 1e-9), ("u", 1e-6), ("m", 1e-3), ("c", 1e-2), ("d", 1e-1),
        ("k", 1e3), ("M", 1e6), ("G", 1e9),
    };

    private static readonly Dictionary<string, Unit> Units = Build();

    /// <summary>Every symbol, for suggestions and documentation.</summary>
    public static IReadOnlyCollection<string> Symbols => Units.Keys;

    public static bool TryLookup(string symbol, out Unit unit) => Units.TryGetValue(symbol, out unit);

    private static Dictionary<string, Unit> Build()
    {
        var units = new Dictionary<string, Unit>(StringComparer.Ordinal);
        void Add(string symbol, double scale, Dimension dimension)
        {
            units[symbol] = new Unit(symbol, scale, dimension);
            // Brian2's cm2, umetre3: a length to the power written after it.
            if (dimension == Dimension.LengthDimension)
            {
                units[symbol + "2"] = new Unit(symbol + "2", scale * scale, dimension.Pow(2));
                units[symbol + "3"] = new Unit(symbol + "3", scale * scale * scale, dimension.Pow(3));
            }
        }
        foreach (var (symbol, scale, dimension) in ShortUnits)
        {
            Add(symbol, scale, dimension);
            foreach (var (prefix, factor) in Prefixes)
            {
                // c and d only for metres and litres (cm, dl), as people write them; 'cs' or 'dV' would only confuse.
                if (prefix is "c" or "d" && dimension != Dimension.LengthDimension && symbol is not ("l" or "L"))
                {
                    continue;
                }
                Add(prefix + symbol, factor * scale, dimension);
            }
        }
        foreach (var (name, scale, dimension) in LongUnits)
        {
            Add(name, scale, dimension);
            foreach (var (prefix, factor) in Prefixes)
            {
                Add(prefix + name, factor * scale, dimension);
            }
        }
        // Brian2's short concentrations: mM, uM, nM (M alone is the mega prefix, not molar).
        foreach (var (prefix, factor) in Prefixes)
        {
            if (prefix is "m" or "u" or "n" or "p")
            {
                units[prefix + "M"] = new Unit(prefix + "M", factor * 1e3, Dimension.Concentration);
            }
        }
        return units;
    }

    /// <summary>Spelled-out names people write for a symbol that are not Brian2's.</summary>
    private static readonly Dictionary<string, string> LongForms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sec"] = "s", ["seconds"] = "s", ["msec"] = "ms", ["millisecond"] = "ms", ["milliseconds"] = "ms",
        ["volts"] = "V", ["mvolts"] = "mV", ["millivolt"] = "mV", ["amps"] = "A",
    };

    /// <summary>The unit symbol meant by a misspelled or spelled-out one, or null when nothing is close.</summary>
    public static string? Suggest(string symbol) =>
        LongForms.TryGetValue(symbol, out var known) ? known : Spelling.Closest(symbol, Units.Keys);
}
