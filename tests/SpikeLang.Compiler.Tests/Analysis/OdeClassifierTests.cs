using System.Linq;
using SpikeLang.Compiler.Analysis;
using SpikeLang.Compiler.Binding;
using Xunit;

namespace SpikeLang.Compiler.Tests.Analysis;

public class OdeClassifierTests
{
    [Fact]
    public void Cuba_is_linear_with_the_coupling_in_the_matrix()
    {
        var neuron = Compile.Neuron("""
            neuron C {
                parameters { tau_m = 20 ms; tau_e = 5 ms; e_l = -49 mV }
                state { v = 0 mV; ge = 0 mV }
                equations {
                    dv/dt = (ge - (v - e_l)) / tau_m unless refractory
                    dge/dt = -ge / tau_e
                }
                threshold v > -50 mV
                refractory 5 ms
            }
            """, "C");
        var system = neuron.Continuous!;
        Assert.Equal(OdeKind.Linear, system.Kind);
        Assert.Equal(IntegrationMethod.Exact, neuron.Method);
        Assert.Equal(new[] { "v", "ge" }, system.Variables.Select(v => v.Name));
        // dv/dt: -1/tau_m · v + 1/tau_m · ge + e_l/tau_m; dge/dt: -1/tau_e · ge
        Assert.Equal(-50, Evaluate(system.Matrix!.Value[0][0], neuron), 6);
        Assert.Equal(50, Evaluate(system.Matrix.Value[0][1], neuron), 6);
        Assert.Null(system.Matrix.Value[1][0]);
        Assert.Equal(-200, Evaluate(system.Matrix.Value[1][1], neuron), 6);
        Assert.Equal(-0.049 / 0.02, Evaluate(system.Forcing!.Value[0], neuron), 6);
        Assert.Null(system.Forcing.Value[1]);
        Assert.True(neuron.Equations[0].UnlessRefractory);
    }

    [Theory]
    [InlineData("dv/dt = (g * (e - v) - v) / tau", "multiplies 'g' by 'v'")]
    [InlineData("dv/dt = exp(v / mV) * mV / tau", "exp() is applied to 'v'")]
    [InlineData("dv/dt = (v / mV) ** 2 * mV / tau", "raises 'v' to a power")]
    [InlineData("dv/dt = v / (tau * (1 + g))", "divides by 'g'")]
    [InlineData("dv/dt = -v / tau + t * mV / tau / ms", "the time t")]
    [InlineData("dv/dt = -v / tau + randn() * mV / tau", "random noise")]
    public void Nonlinear_systems_get_rk2_and_a_reason(string equation, string reason)
    {
        var neuron = Compile.Neuron($$"""
            neuron N {
                parameters { tau = 10 ms; e = 0 mV }
                state { v = 0 mV; g = 0 }
                equations {
                    {{equation}}
                    dg/dt = -g / tau
                }
            }
            """, "N");
        Assert.Equal(OdeKind.Nonlinear, neuron.Continuous!.Kind);
        Assert.Equal(IntegrationMethod.RungeKutta2, neuron.Method);
        Assert.Contains(reason, neuron.Continuous.NonlinearReason);
    }

    [Fact]
    public void Noise_with_a_Runge_Kutta_method_is_a_warning_that_suggests_euler()
    {
        const string noisy = """
            neuron N {
                parameters { tau = 10 ms }
                state { v = 0 mV }
                equations { dv/dt = -v / tau + randn() * mV / tau }
            }
            """;
        var warning = Compile.Error(noisy, "SL0405");
        Assert.Equal(SpikeLang.Compiler.Diagnostics.DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("method euler", warning.Message);
        string euler = noisy.Replace("equations {", "method euler\n    equations {");
        Assert.DoesNotContain(Compile.Text(euler).Diagnostics, d => d.Id == "SL0405");
    }

    [Fact]
    public void A_state_changed_only_by_events_may_drive_but_not_scale_a_linear_system()
    {
        var driven = Compile.Neuron("""
            neuron N {
                parameters { tau = 10 ms; r = 1 MOhm }
                state { v = 0 mV; i_syn = 0 nA }
                equations { dv/dt = (-v + r * i_syn) / tau }
            }
            """, "N");
        Assert.Equal(OdeKind.Linear, driven.Continuous!.Kind);

        var scaled = Compile.Neuron("""
            neuron N {
                parameters { tau = 10 ms }
                state { v = 0 mV; g = 1 }
                equations { dv/dt = -g * v / tau }
            }
            """, "N");
        Assert.Equal(OdeKind.Nonlinear, scaled.Continuous!.Kind);
        Assert.Contains("changes with 'g'", scaled.Continuous.NonlinearReason);
    }

    [Fact]
    public void Aliases_are_substituted_before_classification()
    {
        var neuron = Compile.Neuron("""
            neuron N {
                parameters { tau = 10 ms; e_l = -70 mV }
                state { v = -70 mV }
                equations {
                    leak = e_l - v
                    dv/dt = leak / tau
                }
            }
            """, "N");
        Assert.Equal(OdeKind.Linear, neuron.Continuous!.Kind);
        Assert.Equal(-100, Evaluate(neuron.Continuous.Matrix!.Value[0][0], neuron), 6);
    }

    [Theory]
    [InlineData("rk4", nameof(IntegrationMethod.RungeKutta4))]
    [InlineData("euler", nameof(IntegrationMethod.Euler))]
    [InlineData("rk2", nameof(IntegrationMethod.RungeKutta2))]
    public void An_explicit_method_is_kept_even_for_linear_systems(string method, string expected)
    {
        var neuron = Compile.Neuron($$"""
            neuron N {
                parameters { tau = 10 ms }
                state { v = 1 mV }
                equations { dv/dt = -v / tau }
                method {{method}}
            }
            """, "N");
        Assert.Equal(expected, neuron.Method.ToString());
    }

    [Fact]
    public void Standard_models_are_classified_as_expected()
    {
        var model = Compile.Clean("""
            network Net {
                population a = Lif[1]
                population b = CubaLif[1]
                population c = AdaptiveLif[1]
                population d = Izhikevich[1]
                population e = AdEx[1]
                population f = Leaky[1]
            }
            """).Networks.Single();
        OdeKind? Kind(string name) => model.Populations.Single(p => p.Name == name).Model!.Continuous?.Kind;
        Assert.Equal(OdeKind.Linear, Kind("a"));
        Assert.Equal(OdeKind.Linear, Kind("b"));
        Assert.Equal(OdeKind.Linear, Kind("c"));
        Assert.Equal(OdeKind.Nonlinear, Kind("d"));
        Assert.Equal(OdeKind.Nonlinear, Kind("e"));
        Assert.Null(Kind("f"));
    }

    [Fact]
    public void Event_driven_traces_are_kept_out_of_the_clock_driven_system()
    {
        var synapse = Compile.Clean("""
            synapse S {
                parameters { tau = 20 ms; tau_c = 1 s }
                state { w = 1; c = 0 }
                equations {
                    da/dt = -a / tau event-driven
                    dc/dt = -c / tau_c
                }
                on pre { a += 1; c += a }
            }
            """).Synapses.Single();
        Assert.Equal(new[] { "c" }, synapse.Continuous!.Variables.Select(v => v.Name));
        Assert.True(synapse.Equations.Single(e => e.Variable.Name == "a").EventDriven);
    }

    /// <summary>Evaluates a coefficient with the model's parameter values substituted.</summary>
    private static double Evaluate(BoundExpression? expression, NeuronModel model)
    {
        Assert.NotNull(expression);
        return Substitute(expression!);

        double Substitute(BoundExpression e) => e switch
        {
            BoundLiteral l => l.Value,
            BoundVariable v => Substitute(model.Parameters.Single(p => p.Symbol.Name == v.Symbol.Name).Value),
            BoundUnary u => -Substitute(u.Operand),
            BoundBinary { Operator: SpikeLang.Compiler.Syntax.BinaryOperator.Add } b => Substitute(b.Left) + Substitute(b.Right),
            BoundBinary { Operator: SpikeLang.Compiler.Syntax.BinaryOperator.Subtract } b => Substitute(b.Left) - Substitute(b.Right),
            BoundBinary { Operator: SpikeLang.Compiler.Syntax.BinaryOperator.Multiply } b => Substitute(b.Left) * Substitute(b.Right),
            BoundBinary { Operator: SpikeLang.Compiler.Syntax.BinaryOperator.Divide } b => Substitute(b.Left) / Substitute(b.Right),
            _ => throw new System.InvalidOperationException(e.ToString()),
        };
    }
}
