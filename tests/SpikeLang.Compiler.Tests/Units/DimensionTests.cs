using SpikeLang.Compiler.Units;
using Xunit;

namespace SpikeLang.Compiler.Tests.Units;

public class DimensionTests
{
    [Theory]
    [InlineData("ms", 1e-3)]
    [InlineData("mV", 1e-3)]
    [InlineData("nA", 1e-9)]
    [InlineData("pA", 1e-12)]
    [InlineData("nS", 1e-9)]
    [InlineData("uS", 1e-6)]
    [InlineData("pF", 1e-12)]
    [InlineData("kHz", 1e3)]
    [InlineData("MOhm", 1e6)]
    [InlineData("s", 1)]
    public void Prefixed_units_scale_to_SI(string symbol, double scale)
    {
        Assert.True(UnitTable.TryLookup(symbol, out var unit));
        Assert.Equal(scale, unit.Scale, 12);
    }

    [Fact]
    public void Derived_electrical_dimensions_compose()
    {
        Assert.Equal(Dimension.CurrentDimension, Dimension.Conductance * Dimension.Voltage);
        Assert.Equal(Dimension.Voltage / Dimension.TimeDimension, Dimension.CurrentDimension / Dimension.Capacitance);
        Assert.Equal(Dimension.Voltage, Dimension.Resistance * Dimension.CurrentDimension);
        Assert.Equal(Dimension.None, Dimension.FrequencyDimension * Dimension.TimeDimension);
        Assert.Equal(Dimension.TimeDimension, Dimension.Resistance * Dimension.Capacitance);
    }

    [Fact]
    public void Descriptions_name_the_quantity_and_its_SI_symbol()
    {
        Assert.Equal("voltage (V)", Dimension.Voltage.Describe());
        Assert.Equal("time (s)", Dimension.TimeDimension.Describe());
        Assert.Equal("dimensionless", Dimension.None.Describe());
        Assert.Equal("of dimension kg*m^2/(s^5*A)", (Dimension.Voltage / Dimension.TimeDimension.Pow(2)).Describe());
        Assert.Equal("kg*m^2/(s^3*A)", Dimension.Voltage.ToString());
    }

    [Fact]
    public void Square_roots_keep_exponents_whole_or_half()
    {
        Assert.True(Dimension.Voltage.Pow(2).TrySqrt(out var root));
        Assert.Equal(Dimension.Voltage, root);
        // Brian2's noise: sqrt(1/s) is s^-1/2, and its square is a frequency again.
        Assert.True(Dimension.FrequencyDimension.TrySqrt(out var noise));
        Assert.Equal(Dimension.WhiteNoise, noise);
        Assert.Equal(Dimension.FrequencyDimension, noise.Pow(2));
        Assert.Equal("s^-0.5", noise.Symbol);
        Assert.Equal("1/s^0.5", noise.ToString());
        // A quarter power is not representable.
        Assert.False(noise.TrySqrt(out _));
        Assert.False(Dimension.TimeDimension.TryPow(0.3, out _));
    }

    [Fact]
    public void Misspelled_units_get_a_suggestion()
    {
        Assert.Equal("ms", UnitTable.Suggest("msec"));
        Assert.Equal("ms", UnitTable.Suggest("mss"));
        Assert.Equal("mV", UnitTable.Suggest("mv"));
        Assert.Null(UnitTable.Suggest("banana"));
    }
}
