using System;
using System.Collections.Generic;
using System.Text.Json;
using Xunit;

namespace SpikeLang.Runtime.Tests;

public class NeuronDynamicsTests
{
    private static NeuronDynamics Adaptive(NeuronValue tau) => new(
        DynamicsKind.Continuous,
        ["v", "vt"],
        [tau, new NeuronValue(0), new NeuronValue(0), new NeuronValue(-1 / 0.015)],
        [new NeuronValue(0), new NeuronValue(0.01 / 0.015)],
        [new NeuronValue(1), new NeuronValue(0)],
        [],
        new NeuronValue(0),
        null,
        [new ResetOperation("v", ResetKind.Set, new NeuronValue(0)), new ResetOperation("vt", ResetKind.Add, new NeuronValue(0.003))]);

    [Fact]
    public void A_neuron_value_is_one_number_or_one_per_neuron()
    {
        var shared = new NeuronValue(2.5);
        Assert.True(shared.IsHomogeneous);
        Assert.Equal(2.5, shared[17]);
        Assert.Equal(2.5, shared.Value);

        var perNeuron = new NeuronValue(1, 2, 3);
        Assert.False(perNeuron.IsHomogeneous);
        Assert.Equal(3, perNeuron[2]);
        var error = Assert.Throws<InvalidOperationException>(() => perNeuron.Value);
        Assert.Contains("differs per neuron (3 values)", error.Message);
        Assert.Throws<ArgumentException>(() => new NeuronValue());
    }

    [Fact]
    public void Entries_are_found_by_position_or_name_and_unknown_names_are_explained()
    {
        NeuronDynamics dynamics = Adaptive(new NeuronValue(-100, -50));
        Assert.Equal(2, dynamics.Order);
        Assert.Equal(-1 / 0.015, dynamics.A("vt", "vt").Value);
        Assert.Equal(-50, dynamics.A(0, 0)[1]);
        Assert.Equal(new double[,] { { -50, 0 }, { 0, -1 / 0.015 } }, dynamics.MatrixOf(1));
        Assert.False(dynamics.IsHomogeneous);
        Assert.True(Adaptive(new NeuronValue(-100)).IsHomogeneous);
        var error = Assert.Throws<KeyNotFoundException>(() => dynamics.IndexOf("u"));
        Assert.Contains("'u' is not a state variable of this model; its state variables are v, vt", error.Message);
    }

    [Fact]
    public void ToJson_writes_dynamics_per_neuron_summaries_and_spike_effects()
    {
        var population = new PopulationDescriptor("n", "neurons", "AdaptiveLif", 2, new Dictionary<string, double[]>(), ["v", "vt"], "", "exact",
            Adaptive(new NeuronValue(-100, -50)));
        var nonlinear = new PopulationDescriptor("z", "neurons", "Izhikevich", 1, new Dictionary<string, double[]>(), ["v", "u"], "", "rk2",
            null, "Izhikevich: dv/dt is not affine in the state: it multiplies 'v' by 'v'");
        var connection = new ConnectionDescriptor("n", 0, 2, "z", 0, 1, "on pre", ConnectivityBuilder.All(2, 1),
            new Dictionary<string, float[]>(), 1, null, new SpikeEffect("v", null, 3e-3, false));
        string json = new NetworkDescriptor("A", 1e-4, [population, nonlinear], [connection]).ToJson();

        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement dynamics = document.RootElement.GetProperty("populations")[0].GetProperty("dynamics");
        Assert.Equal("continuous", dynamics.GetProperty("kind").GetString());
        JsonElement tau = dynamics.GetProperty("matrix")[0][0];
        Assert.Equal((2, -100.0, -50.0, -75.0), (tau.GetProperty("count").GetInt32(), tau.GetProperty("min").GetDouble(), tau.GetProperty("max").GetDouble(), tau.GetProperty("mean").GetDouble()));
        Assert.Equal(-1 / 0.015, dynamics.GetProperty("matrix")[1][1].GetDouble());
        Assert.Equal(1, dynamics.GetProperty("input")[0].GetDouble());
        Assert.Equal(JsonValueKind.Null, dynamics.GetProperty("threshold").ValueKind);
        Assert.Equal("add", dynamics.GetProperty("reset")[1].GetProperty("kind").GetString());
        Assert.Equal(0.003, dynamics.GetProperty("reset")[1].GetProperty("value").GetDouble());

        JsonElement izhikevich = document.RootElement.GetProperty("populations")[1];
        Assert.Equal(JsonValueKind.Null, izhikevich.GetProperty("dynamics").ValueKind);
        Assert.StartsWith("Izhikevich:", izhikevich.GetProperty("dynamicsUnavailable").GetString());

        JsonElement effect = document.RootElement.GetProperty("connections")[0].GetProperty("effect");
        Assert.Equal(("v", JsonValueKind.Null, 3e-3, false),
            (effect.GetProperty("targetVariable").GetString(), effect.GetProperty("synapseVariable").ValueKind, effect.GetProperty("constant").GetDouble(), effect.GetProperty("plastic").GetBoolean()));
    }
}
