using Xunit;

namespace SpikeLang.Compiler.Tests.Analysis;

/// <summary>
/// 'method exponential_euler' accepts what Brian2's exponential Euler accepts: dx/dt linear in x as a factor, with
/// coefficients that may contain x inside functions (Brian2's Morris_Lecar_1981.py and Wang_Buszaki_1996.py, whose
/// m_inf(V) multiplies V), and refuses x·x, x**2 and x only inside a function, as Brian2 does.
/// </summary>
public class ConditionallyLinearTests
{
    private static string Model(string equation) => $$"""
        neuron N {
            parameters { tau = 10 ms; E = -60 mV }
            state { v = 0 mV }
            equations {
                {{equation}}
                m_inf = 0.5 * (1 + tanh(v / (15 mV)))
            }
            method exponential_euler
        }
        """;

    [Theory]
    [InlineData("dv/dt = m_inf * (E - v) / tau")]
    [InlineData("dv/dt = (1 + tanh(v / (20 mV))) * (E - v) / tau")]
    [InlineData("dv/dt = (E - v) / (tau * (2 + cosh(v / (10 mV))))")]
    [InlineData("dv/dt = -v / tau + exp(v / (10 mV)) * mV / ms")]
    [InlineData("dv/dt = -m_inf**3 * v / tau")]
    public void A_coefficient_may_contain_the_variable_inside_a_function(string equation) => Compile.Clean(Model(equation));

    [Theory]
    [InlineData("dv/dt = -v * v / (tau * mV)", "multiplies")]
    [InlineData("dv/dt = -(v / mV)**2 * mV / tau", "power")]
    [InlineData("dv/dt = exp(v / (10 mV)) * mV / ms", "only inside")]
    public void The_variable_must_be_a_factor_of_degree_one(string equation, string reason)
    {
        var error = Compile.Error(Model(equation), "SL0409");
        Assert.Contains(reason, error.Message);
    }
}
