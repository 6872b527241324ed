using System;
using System.Globalization;

namespace SpikeLang.Compiler.Units;

/// <summary>
/// A value with a unit written outside a .snn file, as tools take it (<c>spikelang run --param i_max=5nA</c>):
/// a number, optionally followed by one unit of the language's table, converted to SI.
/// </summary>
public static class Quantity
{
    /// <summary>
    /// Reads <c>5nA</c>, <c>5 nA</c>, <c>-65 mV</c>, <c>1e-9</c> (a bare number is in SI units). On success
    /// <paramref name="value"/> is in SI and <paramref name="unit"/> is the SI unit of its dimension, as
    /// network parameters give theirs (<c>"A"</c>, <c>"V"</c>, <c>"1"</c> for a bare number); otherwise
    /// <paramref name="error"/> says what is wrong.
    /// </summary>
    public static bool TryParse(string text, out double value, out string? unit, out string? error)
    {
        value = 0;
        unit = null;
        error = null;
        string trimmed = (text ?? "").Trim();
        int end = NumberEnd(trimmed);
        string number = trimmed.Substring(0, end);
        string symbol = trimmed.Substring(end).Trim();
        if (number.Length == 0 || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double magnitude) || double.IsNaN(magnitude) || double.IsInfinity(magnitude))
        {
            error = $"'{text}' is not a number with an optional unit (for example 5nA, -65 mV, 0.02)";
            return false;
        }
        if (symbol.Length == 0)
        {
            value = magnitude;
            unit = "1";
            return true;
        }
        if (!UnitTable.TryLookup(symbol, out Unit known))
        {
            string? suggestion = UnitTable.Suggest(symbol);
            error = $"'{symbol}' is not a unit{(suggestion is null ? "" : $" (did you mean '{suggestion}'?)")}; units are s, V, A, S, F, Ohm, Hz, C, m with prefixes f p n u m k M G";
            return false;
        }
        value = magnitude * known.Scale;
        unit = known.Dimension.Symbol;
        return true;
    }

    /// <summary>Where the number ends: digits, a sign, a point, and an exponent that has digits after it.</summary>
    private static int NumberEnd(string text)
    {
        int k = 0;
        if (k < text.Length && text[k] is '+' or '-')
        {
            k++;
        }
        while (k < text.Length && (IsDigit(text[k]) || text[k] == '.'))
        {
            k++;
        }
        // "2e-3" is a number; "2 eV" or "2em" are not exponents.
        if (k < text.Length && text[k] is 'e' or 'E')
        {
            int e = k + 1;
            if (e < text.Length && text[e] is '+' or '-')
            {
                e++;
            }
            if (e < text.Length && IsDigit(text[e]))
            {
                while (e < text.Length && IsDigit(text[e]))
                {
                    e++;
                }
                k = e;
            }
        }
        return k;
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';
}
