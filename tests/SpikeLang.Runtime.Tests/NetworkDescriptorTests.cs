using System.Collections.Generic;
using System.Text.Json;
using Xunit;

namespace SpikeLang.Runtime.Tests;

public class NetworkDescriptorTests
{
    private static NetworkDescriptor Cuba()
    {
        var population = new PopulationDescriptor(
            "P",
            "neurons",
            "CubaLif",
            4000,
            new Dictionary<string, double[]>
            {
                ["tau_m"] = [20e-3],
                ["v_th"] = [-50e-3],
                ["bias"] = [1.0, 2.0, 6.0],
                ["odd"] = [double.PositiveInfinity],
            },
            ["v", "ge", "gi"],
            "dv/dt = (ge + gi - (v - e_l)) / tau_m",
            "exact");
        var drive = new PopulationDescriptor("drive", "poisson", null, 10, new Dictionary<string, double[]> { ["rate"] = [15.0] }, [], "", "discrete");
        Csr csr = ConnectivityBuilder.Probability(3200, 4000, 0.02, new TargetDraws(1, 0, 0, 0, 4000));
        float[] w = new float[csr.SynapseCount];
        System.Array.Fill(w, 1.62e-3f);
        w[0] = 0.5e-3f;
        var excitatory = new ConnectionDescriptor("P", 0, 3200, "P", 0, 4000, "Static", csr, new Dictionary<string, float[]> { ["w"] = w }, 1, null);
        var delayed = new ConnectionDescriptor("drive", 0, 10, "P", 0, 4000, "Static", ConnectivityBuilder.All(10, 4000), new Dictionary<string, float[]>(), -1, [1, 4, 2]);
        return new NetworkDescriptor("Cuba", 0.1e-3, [drive, population], [excitatory, delayed]);
    }

    [Fact]
    public void ToJsonWritesStructureAndSizesButNotArrays()
    {
        NetworkDescriptor network = Cuba();
        string json = network.ToJson();
        Assert.True(json.Length < 4000, $"JSON is {json.Length} characters");

        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        Assert.Equal("Cuba", root.GetProperty("name").GetString());
        Assert.Equal(0.1e-3, root.GetProperty("dt").GetDouble());

        JsonElement drive = root.GetProperty("populations")[0];
        Assert.Equal(JsonValueKind.Null, drive.GetProperty("model").ValueKind);
        Assert.Equal("poisson", drive.GetProperty("kind").GetString());

        JsonElement p = root.GetProperty("populations")[1];
        Assert.Equal(4000, p.GetProperty("size").GetInt32());
        Assert.Equal("CubaLif", p.GetProperty("model").GetString());
        Assert.Equal(20e-3, p.GetProperty("parameters").GetProperty("tau_m").GetDouble());
        JsonElement bias = p.GetProperty("parameters").GetProperty("bias");
        Assert.Equal(3, bias.GetProperty("count").GetInt32());
        Assert.Equal(6.0, bias.GetProperty("max").GetDouble());
        Assert.Equal(3.0, bias.GetProperty("mean").GetDouble());
        Assert.Equal("Infinity", p.GetProperty("parameters").GetProperty("odd").GetString());
        Assert.Equal(3, p.GetProperty("stateVariables").GetArrayLength());
        Assert.Equal("exact", p.GetProperty("discretization").GetString());

        JsonElement c = root.GetProperty("connections")[0];
        Assert.Equal(3200, c.GetProperty("sourceEnd").GetInt32());
        Assert.Equal(network.Connections[0].Connectivity.SynapseCount, c.GetProperty("connectivity").GetProperty("synapses").GetInt32());
        Assert.Equal(4000, c.GetProperty("connectivity").GetProperty("columns").GetInt32());
        JsonElement w = c.GetProperty("synapseState").GetProperty("w");
        Assert.Equal((double)0.5e-3f, w.GetProperty("min").GetDouble());
        Assert.Equal((double)1.62e-3f, w.GetProperty("max").GetDouble());
        Assert.Equal(1, c.GetProperty("delaySteps").GetInt32());
        Assert.Equal(JsonValueKind.Null, c.GetProperty("synapseDelaySteps").ValueKind);

        JsonElement d = root.GetProperty("connections")[1];
        Assert.Equal(-1, d.GetProperty("delaySteps").GetInt32());
        Assert.Equal(4, d.GetProperty("synapseDelaySteps").GetProperty("max").GetInt32());
        Assert.Equal(40000, d.GetProperty("connectivity").GetProperty("synapses").GetInt32());
    }

    [Fact]
    public void ToJsonIsDeterministic()
    {
        Assert.Equal(Cuba().ToJson(), Cuba().ToJson());
    }
}
