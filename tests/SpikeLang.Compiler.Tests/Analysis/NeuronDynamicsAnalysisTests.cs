using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SpikeLang.Compiler.Analysis;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Text;
using Xunit;

namespace SpikeLang.Compiler.Tests.Analysis;

public class NeuronDynamicsAnalysisTests
{
    /// <summary>A network that uses every standard neuron model, so their bound models can be analysed.</summary>
    private static NeuronModel Standard(string name)
    {
        var network = Compile.Clean($"network N {{ population p = {name}[2] }}").Networks.Single();
        return network.Populations.Single().Model!;
    }

    private static AffineDynamics Affine(NeuronModel model)
    {
        var dynamics = NeuronDynamicsAnalysis.Analyze(model, out string? reason);
        Assert.True(dynamics is not null, reason);
        Assert.Null(reason);
        return dynamics!;
    }

    [Fact]
    public void Lif_is_continuous_with_its_leak_and_constant_drive()
    {
        var model = Standard("Lif");
        var d = Affine(model);
        Assert.False(d.Discrete);
        Assert.Equal(new[] { "v" }, d.Variables.Select(v => v.Name));
        Assert.Equal(-100, Evaluate(d.Matrix[0][0], model), 9);
        // (v_rest + r_m·i_ext) / tau_m with i_ext = 0
        Assert.Equal(-0.07 / 0.01, Evaluate(d.Constant[0], model), 9);
        // The summed input is a current in nA: r_m · 1 nA / tau_m per unit.
        Assert.Equal(10e6 * 1e-9 / 0.01, Evaluate(d.Input[0]!, model), 9);
        Assert.Equal(new[] { "v" }, d.HeldWhileRefractory);
        Assert.Equal(0.002, Evaluate(d.RefractoryPeriod, model), 12);
        Assert.Equal(("v", false), (d.Threshold!.Variable, d.Threshold.Inclusive));
        Assert.Equal(-0.05, Evaluate(d.Threshold.Value, model), 12);
        var reset = Assert.Single(d.Reset!.Value);
        Assert.Equal(("v", false), (reset.Variable, reset.Add));
        Assert.Equal(-0.07, Evaluate(reset.Value, model), 12);
    }

    [Fact]
    public void CubaLif_couples_ge_and_gi_into_v()
    {
        var model = Standard("CubaLif");
        var d = Affine(model);
        Assert.Equal(new[] { "v", "ge", "gi" }, d.Variables.Select(v => v.Name));
        AssertMatrix(new double?[,] { { -50, 50, 50 }, { null, -200, null }, { null, null, -100 } }, d, model);
        Assert.Equal(-0.049 / 0.02, Evaluate(d.Constant[0], model), 9);
        Assert.Null(d.Constant[1]);
        // The summed input adds to v's drive in mV: 1 mV / tau_m per unit, and nothing to ge or gi.
        Assert.Equal(1e-3 / 0.02, Evaluate(d.Input[0]!, model), 9);
        Assert.Null(d.Input[1]);
        Assert.Null(d.Input[2]);
        Assert.Equal(0.005, Evaluate(d.RefractoryPeriod, model), 12);
    }

    [Fact]
    public void The_examples_Cuba_model_has_the_same_matrix_and_a_literal_refractory_period()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "examples", "Cuba", "Cuba.snn");
        var result = SnnCompiler.Compile(new SourceText(path, File.ReadAllText(path)));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var model = result.Model.Networks.Single().Populations.Single().Model!;
        var d = Affine(model);
        AssertMatrix(new double?[,] { { -50, 50, 50 }, { null, -200, null }, { null, null, -100 } }, d, model);
        Assert.Equal(new[] { "v" }, d.HeldWhileRefractory);
        Assert.Equal(0.005, Evaluate(d.RefractoryPeriod, model), 12);
        Assert.Equal(-0.05, Evaluate(d.Threshold!.Value, model), 12);
    }

    [Fact]
    public void Leaky_is_a_discrete_map_that_adds_its_input_and_resets_by_subtraction()
    {
        var model = Standard("Leaky");
        var d = Affine(model);
        Assert.True(d.Discrete);
        Assert.Equal(0.95, Evaluate(d.Matrix[0][0], model), 12);
        Assert.Null(d.Constant[0]);
        Assert.Equal(1, Evaluate(d.Input[0], model));
        Assert.Empty(d.HeldWhileRefractory);
        Assert.Null(d.RefractoryPeriod);
        var reset = Assert.Single(d.Reset!.Value);
        Assert.Equal(("mem", true), (reset.Variable, reset.Add));
        Assert.Equal(-1.0, Evaluate(reset.Value, model));
    }

    [Fact]
    public void Update_statements_compose_in_order_and_untouched_variables_keep_their_value()
    {
        var model = Compile.Neuron("""
            neuron Two {
                parameters { a = 0.5; b = 0.25 }
                state { x = 0; y = 0; z = 0 }
                update {
                    x = a * x + input
                    y += b * x
                    y *= 2
                }
                threshold 1 <= y
                reset { x = 0; y -= b }
            }
            """, "Two");
        var d = Affine(model);
        // x' = a·x + input; y' = 2·(y + b·(a·x + input)) = 2y + 2ab·x + 2b·input; z' = z
        AssertMatrix(new double?[,] { { 0.5, null, null }, { 0.25, 2, null }, { null, null, 1 } }, d, model);
        Assert.Equal(new[] { 1, 0.5, 0 }, d.Input.Select(b => b is null ? 0 : Evaluate(b, model)));
        Assert.Equal(("y", true), (d.Threshold!.Variable, d.Threshold.Inclusive));
        Assert.Equal(1, Evaluate(d.Threshold.Value, model));
        Assert.Equal(new[] { ("x", false, 0.0), ("y", true, -0.25) }, d.Reset!.Value.Select(r => (r.Variable, r.Add, Evaluate(r.Value, model))));
    }

    [Fact]
    public void A_continuous_model_that_reads_input_has_it_in_B()
    {
        var model = Compile.Neuron("""
            neuron Driven {
                parameters { tau = 10 ms }
                state { v = 0 }
                equations { dv/dt = (input - v) / tau }
            }
            """, "Driven");
        var d = Affine(model);
        Assert.Equal(-100, Evaluate(d.Matrix[0][0], model), 9);
        Assert.Equal(100, Evaluate(d.Input[0], model), 9);
        Assert.Null(d.Constant[0]);
        Assert.Null(d.Threshold);
        Assert.Empty(d.Reset!);
    }

    [Fact]
    public void AdaptiveLif_has_dynamics_but_its_threshold_on_a_state_variable_is_not_a_constant()
    {
        var model = Standard("AdaptiveLif");
        var d = Affine(model);
        Assert.Null(d.Threshold);
        Assert.Equal(new[] { ("v", false, 0.0), ("vt", true, 0.003) }, d.Reset!.Value.Select(r => (r.Variable, r.Add, Evaluate(r.Value, model))));
    }

    [Theory]
    [InlineData("Izhikevich", "dv/dt is not affine in the state: it multiplies 'v' by 'v'")]
    [InlineData("AdEx", "exp() is applied to 'v'")]
    public void Nonlinear_standard_models_have_no_dynamics_and_say_why(string name, string reason)
    {
        Assert.Null(NeuronDynamicsAnalysis.Analyze(Standard(name), out string? why));
        Assert.Contains(reason, why);
    }

    [Theory]
    [InlineData("mem = beta * mem * mem + input", "the update of 'mem' is not affine in the state: it multiplies 'mem' by 'mem'")]
    [InlineData("mem = beta * mem + input * mem", "multiplies 'input' by 'mem'")]
    [InlineData("mem = beta * mem + randn()", "the update of 'mem' is not affine with fixed coefficients: it uses random noise (randn())")]
    [InlineData("mem = exp(-t / ms) * mem", "it uses the time t")]
    public void Nonlinear_discrete_updates_have_no_dynamics(string update, string reason)
    {
        var model = Compile.Neuron($$"""
            neuron Q {
                parameters { beta = 0.9 }
                state { mem = 0 }
                update { {{update}} }
                threshold mem > 1
            }
            """, "Q");
        Assert.Null(NeuronDynamicsAnalysis.Analyze(model, out string? why));
        Assert.Contains(reason, why);
    }

    [Theory]
    [InlineData("threshold v > v_th and v > 0", "reset { v = 0 }", false, true)]
    [InlineData("threshold v > v_th", "reset { v = v * 0.5 }", true, false)]
    [InlineData("threshold v > v_th", "reset { v *= 0.5 }", true, false)]
    [InlineData("threshold v > rand() * v_th", "reset { v = 0 }", false, true)]
    public void Thresholds_and_resets_that_are_not_comparisons_or_constant_steps_are_null(string threshold, string reset, bool hasThreshold, bool hasReset)
    {
        var model = Compile.Neuron($$"""
            neuron L {
                parameters { tau = 10 ms; v_th = 1 }
                state { v = 0 }
                equations { dv/dt = -v / tau }
                {{threshold}}
                {{reset}}
            }
            """, "L");
        var d = Affine(model);
        Assert.Equal(hasThreshold, d.Threshold is not null);
        Assert.Equal(hasReset, d.Reset is not null);
    }

    private static void AssertMatrix(double?[,] expected, AffineDynamics d, NeuronModel model)
    {
        for (int r = 0; r < expected.GetLength(0); r++)
        {
            for (int c = 0; c < expected.GetLength(1); c++)
            {
                if (expected[r, c] is { } value)
                {
                    Assert.Equal(value, Evaluate(d.Matrix[r][c], model), 9);
                }
                else
                {
                    Assert.Null(d.Matrix[r][c]);
                }
            }
        }
    }

    /// <summary>Evaluates an entry with the model's default parameter values.</summary>
    internal static double Evaluate(BoundExpression? expression, NeuronModel model)
    {
        Assert.NotNull(expression);
        var parameters = model.Parameters.ToDictionary(p => p.Symbol.Name, p => p.Value);
        double? Value(VariableSymbol symbol) =>
            symbol.Kind == VariableKind.Parameter ? ConstantEvaluator.TryEvaluate(parameters[symbol.Name], Value) : null;
        double? result = ConstantEvaluator.TryEvaluate(expression!, Value);
        Assert.True(result is not null, $"cannot evaluate {expression}");
        return result!.Value;
    }
}
