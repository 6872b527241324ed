using System;
using System.Collections.Generic;
using System.Text;

namespace SpikeLang.Compiler.Units;

/// <summary>
/// A physical dimension as integer exponents of the SI base quantities that neuron models need:
/// mass (kg), length (m), time (s) and current (A). Volts, siemens and farads are derived from them,
/// so <c>nS * mV</c> is a current and <c>pF * mV / ms</c> is too.
/// </summary>
internal readonly record struct Dimension(int Mass, int Length, int Time, int Current)
{
    public static readonly Dimension None = new(0, 0, 0, 0);
    public static readonly Dimension TimeDimension = new(0, 0, 1, 0);
    public static readonly Dimension FrequencyDimension = new(0, 0, -1, 0);
    public static readonly Dimension CurrentDimension = new(0, 0, 0, 1);
    public static readonly Dimension Voltage = new(1, 2, -3, -1);
    public static readonly Dimension Conductance = new(-1, -2, 3, 2);
    public static readonly Dimension Resistance = new(1, 2, -3, -2);
    public static readonly Dimension Capacitance = new(-1, -2, 4, 2);
    public static readonly Dimension Charge = new(0, 0, 1, 1);
    public static readonly Dimension LengthDimension = new(0, 1, 0, 0);

    public bool IsDimensionless => this == None;

    public static Dimension operator *(Dimension a, Dimension b) =>
        new(a.Mass + b.Mass, a.Length + b.Length, a.Time + b.Time, a.Current + b.Current);

    public static Dimension operator /(Dimension a, Dimension b) =>
        new(a.Mass - b.Mass, a.Length - b.Length, a.Time - b.Time, a.Current - b.Current);

    public Dimension Pow(int exponent) =>
        new(Mass * exponent, Length * exponent, Time * exponent, Current * exponent);

    /// <summary>The square root, when every exponent is even.</summary>
    public bool TrySqrt(out Dimension root)
    {
        bool even = Mass % 2 == 0 && Length % 2 == 0 && Time % 2 == 0 && Current % 2 == 0;
        root = even ? new Dimension(Mass / 2, Length / 2, Time / 2, Current / 2) : None;
        return even;
    }

    private static readonly (Dimension Dimension, string Name, string Symbol)[] Named =
    {
        (None, "dimensionless", "1"),
        (TimeDimension, "time", "s"),
        (FrequencyDimension, "frequency", "Hz"),
        (Voltage, "voltage", "V"),
        (CurrentDimension, "current", "A"),
        (Conductance, "conductance", "S"),
        (Resistance, "resistance", "Ohm"),
        (Capacitance, "capacitance", "F"),
        (Charge, "charge", "C"),
        (LengthDimension, "length", "m"),
        (LengthDimension.Pow(2), "area", "m^2"),
        (Voltage / TimeDimension, "voltage per time", "V/s"),
        (CurrentDimension / TimeDimension, "current per time", "A/s"),
        (Conductance / TimeDimension, "conductance per time", "S/s"),
        (FrequencyDimension.Pow(2), "frequency squared", "1/s^2"),
        (Voltage.Pow(2), "voltage squared", "V^2"),
    };

    /// <summary>The SI symbol of the unit of this dimension: "V", "s", "Hz", or the base form.</summary>
    public string Symbol
    {
        get
        {
            foreach (var (dimension, _, symbol) in Named)
            {
                if (dimension == this)
                {
                    return symbol;
                }
            }
            return ToString();
        }
    }

    /// <summary>For messages: "voltage (V)", "time (s)", "dimensionless", or the SI base form.</summary>
    public string Describe()
    {
        foreach (var (dimension, name, symbol) in Named)
        {
            if (dimension == this)
            {
                return IsDimensionless ? name : $"{name} ({symbol})";
            }
        }
        return $"of dimension {this}";
    }

    /// <summary>The SI base form, for example <c>kg*m^2/(s^3*A)</c>.</summary>
    public override string ToString()
    {
        if (IsDimensionless)
        {
            return "1";
        }
        var numerator = new List<string>();
        var denominator = new List<string>();
        Add("kg", Mass);
        Add("m", Length);
        Add("s", Time);
        Add("A", Current);
        var text = new StringBuilder(numerator.Count == 0 ? "1" : string.Join("*", numerator));
        if (denominator.Count == 1)
        {
            text.Append('/').Append(denominator[0]);
        }
        else if (denominator.Count > 1)
        {
            text.Append("/(").Append(string.Join("*", denominator)).Append(')');
        }
        return text.ToString();

        void Add(string symbol, int exponent)
        {
            if (exponent == 0)
            {
                return;
            }
            var target = exponent > 0 ? numerator : denominator;
            int magnitude = Math.Abs(exponent);
            target.Add(magnitude == 1 ? symbol : $"{symbol}^{magnitude}");
        }
    }
}
