using System;
using System.Collections.Generic;
using System.Text;

namespace SpikeLang.Compiler.Units;

/// <summary>
/// A physical dimension as exponents of the SI base quantities that neuron models need: mass (kg),
/// length (m), time (s), current (A) and amount of substance (mol). Volts, siemens and farads are
/// derived from them, so <c>nS * mV</c> is a current and <c>pF * mV / ms</c> is too. Exponents may be
/// halves, as Brian2's white noise <c>xi</c> is in s^-1/2; they are stored doubled, so they stay exact.
/// </summary>
internal readonly record struct Dimension
{
    private readonly int _mass, _length, _time, _current, _amount;

    /// <summary>Whole exponents of kg, m, s, A and mol.</summary>
    public Dimension(int mass, int length, int time, int current, int amount = 0)
        : this(Halves(mass, length, time, current, amount))
    {
    }

    private Dimension((int Mass, int Length, int Time, int Current, int Amount) halves) =>
        (_mass, _length, _time, _current, _amount) = halves;

    private static (int, int, int, int, int) Halves(int mass, int length, int time, int current, int amount) =>
        (2 * mass, 2 * length, 2 * time, 2 * current, 2 * amount);

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
    public static readonly Dimension Amount = new(0, 0, 0, 0, 1);

    /// <summary>Brian2's white noise xi: s^-1/2, so that xi·sqrt(dt) is dimensionless.</summary>
    public static readonly Dimension WhiteNoise = new((0, 0, -1, 0, 0));

    /// <summary>Brian2's molar: mol per litre, a concentration.</summary>
    public static readonly Dimension Concentration = new(0, -3, 0, 0, 1);

    public bool IsDimensionless => this == None;

    public static Dimension operator *(Dimension a, Dimension b) =>
        new((a._mass + b._mass, a._length + b._length, a._time + b._time, a._current + b._current, a._amount + b._amount));

    public static Dimension operator /(Dimension a, Dimension b) =>
        new((a._mass - b._mass, a._length - b._length, a._time - b._time, a._current - b._current, a._amount - b._amount));

    public Dimension Pow(int exponent) =>
        new((_mass * exponent, _length * exponent, _time * exponent, _current * exponent, _amount * exponent));

    /// <summary>This dimension to a power that is a whole number or a half (ms**0.5), when every exponent stays a half.</summary>
    public bool TryPow(double exponent, out Dimension result)
    {
        result = None;
        double doubled = 2 * exponent;
        if (doubled != Math.Floor(doubled))
        {
            return this == None;
        }
        int twice = (int)doubled;
        bool even(int half) => half * twice % 2 == 0;
        if (!(even(_mass) && even(_length) && even(_time) && even(_current) && even(_amount)))
        {
            return false;
        }
        result = new((_mass * twice / 2, _length * twice / 2, _time * twice / 2, _current * twice / 2, _amount * twice / 2));
        return true;
    }

    /// <summary>The square root, when every exponent stays a whole number or a half.</summary>
    public bool TrySqrt(out Dimension root) => TryPow(0.5, out root);

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
        (Amount, "amount of substance", "mol"),
        (Concentration, "concentration", "mol/m^3"),
        (WhiteNoise, "white noise", "s^-0.5"),
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
        Add("kg", _mass);
        Add("m", _length);
        Add("s", _time);
        Add("A", _current);
        Add("mol", _amount);
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

        void Add(string symbol, int half)
        {
            if (half == 0)
            {
                return;
            }
            var target = half > 0 ? numerator : denominator;
            int magnitude = Math.Abs(half);
            target.Add(magnitude == 2 ? symbol
                : magnitude % 2 == 0 ? $"{symbol}^{magnitude / 2}"
                : $"{symbol}^{(magnitude / 2.0).ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }
    }
}
