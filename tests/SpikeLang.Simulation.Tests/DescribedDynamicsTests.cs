using System;
using System.Linq;
using System.Text.Json;
using Examples.Cuba;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Simulation.Tests;

/// <summary>
/// Describe() gives each population's dynamics as matrices and each connection's spike effect; the
/// matrices are checked against the numbers of the model and against what the simulator does.
/// </summary>
public class DescribedDynamicsTests
{
    [Fact]
    public void Cuba_describes_its_matrix_threshold_reset_refractoriness_and_spike_effects()
    {
        var description = new Cuba(seed: 1, n: 1000).Describe();
        var dynamics = description.Populations.Single().Dynamics!;
        Assert.True(dynamics.IsHomogeneous);
        Assert.Equal(DynamicsKind.Continuous, dynamics.Kind);
        Assert.Equal(new[] { "v", "ge", "gi" }, dynamics.StateVariables);
        // dv/dt = (ge + gi - (v - e_l)) / tau_m, dge/dt = -ge / tau_e, dgi/dt = -gi / tau_i; exact, not float-rounded.
        double[,] expected = { { -50, 50, 50 }, { 0, -200, 0 }, { 0, 0, -100 } };
        Assert.Equal(expected, dynamics.MatrixOf(0));
        Assert.Equal(new[] { -0.049 / 0.02, 0, 0 }, dynamics.Constant.Select(c => c.Value));
        Assert.All(dynamics.Input, b => Assert.Equal(0, b.Value));
        Assert.Equal(new[] { "v" }, dynamics.HeldWhileRefractory);
        Assert.Equal(0.005, dynamics.RefractoryPeriod.Value);
        Assert.Equal(("v", ThresholdComparison.Greater, -0.05), (dynamics.Threshold!.Variable, dynamics.Threshold.Comparison, dynamics.Threshold.Value.Value));
        var reset = Assert.Single(dynamics.Reset!);
        Assert.Equal(("v", ResetKind.Set, -0.06), (reset.Variable, reset.Kind, reset.Value.Value));

        Assert.Equal(new SpikeEffect("ge", null, 1.62e-3, false), description.Connections[0].Effect! with { Constant = Round(description.Connections[0].Effect!.Constant) });
        Assert.Equal(new SpikeEffect("gi", null, -9e-3, false), description.Connections[1].Effect! with { Constant = Round(description.Connections[1].Effect!.Constant) });
    }

    [Fact]
    public void Per_neuron_parameters_give_per_neuron_entries()
    {
        var dynamics = new DescribedDynamics(seed: 1).Describe().Populations.Single(p => p.Name == "leaky").Dynamics!;
        Assert.Equal(DynamicsKind.Discrete, dynamics.Kind);
        Assert.False(dynamics.IsHomogeneous);
        Assert.Equal(new[] { 0.5, 0.6, 0.7 }, dynamics.A(0, 0).Values.Select(v => System.Math.Round(v, 6)));
        Assert.Equal(1, dynamics.Input[0].Value);
        Assert.Equal(0, dynamics.Constant[0].Value);
        var reset = Assert.Single(dynamics.Reset!);
        Assert.Equal(("mem", ResetKind.Add, -1.0), (reset.Variable, reset.Kind, reset.Value.Value));
    }

    [Fact]
    public void The_discrete_map_predicts_the_simulated_step_including_the_delivered_input()
    {
        var net = new DescribedDynamics(seed: 1);
        net.drive_to_leaky.w.Fill(0.25f); // below the threshold, so no neuron spikes and resets
        var description = net.Describe();
        var dynamics = description.Populations.Single(p => p.Name == "leaky").Dynamics!;
        var effect = description.Connections.Single(c => c.Target == "leaky").Effect!;
        Assert.Equal(("input", "w"), (effect.TargetVariable, effect.SynapseVariable));
        float[] w = description.Connections.Single(c => c.Target == "leaky").SynapseState["w"];
        float[] mem = { 0.1f, 0.2f, 0.3f };
        mem.AsSpan().CopyTo(net.leaky.mem);

        net.drive.SetSpikes(new[] { 0, 2 });
        net.Step(); // updates with no input, then delivers the spikes into the input
        net.Step(); // updates with that input
        for (int i = 0; i < 3; i++)
        {
            double x = mem[i];
            x = dynamics.A(0, 0)[i] * x + dynamics.Constant[0][i];
            double input = i == 1 ? 0 : w[i];
            x = dynamics.A(0, 0)[i] * x + dynamics.Input[0][i] * input + dynamics.Constant[0][i];
            Assert.Equal(x, net.leaky.mem[i], 6);
        }
    }

    [Fact]
    public void Exp_of_the_continuous_matrix_predicts_the_simulated_step()
    {
        var net = new DescribedDynamics(seed: 1);
        var dynamics = net.Describe().Populations.Single(p => p.Name == "cuba").Dynamics!;
        double[] x = { -0.055, 0.002, -0.001 };
        for (int neuron = 0; neuron < 3; neuron++)
        {
            net.cuba.v[neuron] = (float)x[0];
            net.cuba.ge[neuron] = (float)x[1];
            net.cuba.gi[neuron] = (float)x[2];
        }

        net.Step();
        Propagator.Compute(dynamics.MatrixOf(0), DescribedDynamics.Dt, out double[,] p, out double[,] q);
        float[][] simulated = { net.cuba.v.ToArray(), net.cuba.ge.ToArray(), net.cuba.gi.ToArray() };
        for (int r = 0; r < 3; r++)
        {
            double predicted = 0;
            for (int c = 0; c < 3; c++)
            {
                predicted += p[r, c] * x[c] + q[r, c] * dynamics.Constant[c].Value;
            }

            Assert.Equal(predicted, simulated[r][1], 7);
        }
    }

    [Fact]
    public void Nonlinear_models_have_no_dynamics_and_say_why_and_effects_follow_network_parameters()
    {
        var description = new DescribedDynamics(seed: 1, g: 3).Describe();
        var izhikevich = description.Populations.Single(p => p.Name == "izh");
        Assert.Null(izhikevich.Dynamics);
        Assert.Equal("Izhikevich: dv/dt is not affine in the state: it multiplies 'v' by 'v'", izhikevich.DynamicsUnavailable);
        Assert.Null(description.Populations.Single(p => p.Name == "drive").Dynamics);

        Assert.Equal(3e-3, description.Connections.Single(c => c.Target == "cuba").Effect!.Constant!.Value, 15);
        Assert.Equal(new SpikeEffect("input", "w", null, true), description.Connections.Single(c => c.Target == "izh").Effect);
    }

    [Fact]
    public void Dense_connections_describe_their_bias_and_others_have_none()
    {
        var net = new DescribedDynamics(seed: 1);
        net.leaky_to_out.b[1] = 0.5f;
        var description = net.Describe();
        Assert.Equal(new[] { 0f, 0.5f }, description.Connections.Single(c => c.Target == "out").Bias);
        Assert.Equal(new SpikeEffect("input", "w", null, false), description.Connections.Single(c => c.Target == "out").Effect);
        Assert.All(description.Connections.Where(c => c.Target != "out"), c => Assert.Null(c.Bias));
    }

    [Fact]
    public void ToJson_includes_the_dynamics_and_the_effects()
    {
        using JsonDocument document = JsonDocument.Parse(new DescribedDynamics(seed: 1).Describe().ToJson());
        JsonElement populations = document.RootElement.GetProperty("populations");
        JsonElement cuba = populations[2].GetProperty("dynamics");
        Assert.Equal("continuous", cuba.GetProperty("kind").GetString());
        Assert.Equal(-50, cuba.GetProperty("matrix")[0][0].GetDouble());
        Assert.Equal(">", cuba.GetProperty("threshold").GetProperty("comparison").GetString());
        Assert.Equal("set", cuba.GetProperty("reset")[0].GetProperty("kind").GetString());
        JsonElement leaky = populations[1].GetProperty("dynamics");
        Assert.Equal(3, leaky.GetProperty("matrix")[0][0].GetProperty("count").GetInt32());
        Assert.Equal(JsonValueKind.Null, populations[3].GetProperty("dynamics").ValueKind);
        Assert.Contains("not affine", populations[3].GetProperty("dynamicsUnavailable").GetString());
        JsonElement effect = document.RootElement.GetProperty("connections")[1].GetProperty("effect");
        Assert.Equal("ge", effect.GetProperty("targetVariable").GetString());
        Assert.Equal(2e-3, effect.GetProperty("constant").GetDouble(), 15);
    }

    /// <summary>1.62 mV is 1.62·10⁻³ V up to the last bit of the unit conversion.</summary>
    private static double? Round(double? value) => value is { } v ? System.Math.Round(v, 12) : null;
}
