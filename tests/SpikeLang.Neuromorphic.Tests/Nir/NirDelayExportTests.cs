using System;
using System.IO;
using System.Linq;
using SpikeLang.Neuromorphic.Nir;
using SpikeLang.Neuromorphic.Tests.Nir.Networks;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Neuromorphic.Tests.Nir;

/// <summary>
/// A delayed connection exports as its Affine followed by a Delay node, of the steps that import under the timing the
/// network shows gives back (<c>Nir/Networks/DelayExport.snn</c>).
/// </summary>
public class NirDelayExportTests
{
    [Fact]
    public void A_delayed_connection_is_an_Affine_then_a_Delay_of_its_arrival_under_the_networks_timing()
    {
        NetworkDescriptor network = new DelayExport().Describe();

        NirGraph graph = NirExporter.Export(network, null);

        // A same_step connection makes it a same-step network: h -> r, on no cycle, reaches r 1 + 3 steps after the spike,
        // all of it the Delay's; on the cycle h -> o -> h an edge takes one step besides its Delay.
        Assert.Equal(Enumerable.Repeat(0.004, 2), graph.Find("h_to_r_delay")!["delay"].Values);
        Assert.Equal(Enumerable.Repeat(0.002, 2), graph.Find("h_to_o_delay")!["delay"].Values);
        Assert.Equal(Enumerable.Repeat(0.001, 4), graph.Find("o_to_h_delay")!["delay"].Values);
        Assert.Equal("Delay", graph.Find("h_to_r_delay")!.Type);
        Assert.Contains(new NirEdge("h_to_r", "h_to_r_delay"), graph.Edges);
        Assert.Contains(new NirEdge("h_to_r_delay", "r"), graph.Edges);
        Assert.DoesNotContain(new NirEdge("h_to_r", "r"), graph.Edges);
        Assert.Contains(new NirEdge("x_to_h", "h"), graph.Edges);
    }

    [Fact]
    public void Without_same_step_connections_every_edge_takes_a_step_and_the_Delay_is_the_connections_delay()
    {
        NetworkDescriptor network = new DelayExport().Describe();
        network = network with { Connections = network.Connections.Select(c => c with { SameStep = false }).ToList() };

        NirGraph graph = NirExporter.Export(network, null);

        Assert.Equal(Enumerable.Repeat(0.003, 2), graph.Find("h_to_r_delay")!["delay"].Values);
        Assert.Equal(Enumerable.Repeat(0.002, 2), graph.Find("h_to_o_delay")!["delay"].Values);
    }

    [Theory]
    [InlineData(true, NirTiming.SameStep)]
    [InlineData(false, NirTiming.OneStep)]
    public void Export_write_read_and_import_give_back_the_delays_and_the_weights(bool sameStep, NirTiming timing)
    {
        var net = new DelayExport();
        NetworkDescriptor network = net.Describe();
        network = network with { Connections = network.Connections.Select(c => c with { SameStep = c.SameStep && sameStep }).ToList() };
        string path = Path.Combine(Path.GetTempPath(), $"delay-export-{Guid.NewGuid():N}.nir");
        NirImportPlan plan;
        try
        {
            NirWriter.Write(path, new NirDocument(NirDocument.CurrentVersion, NirExporter.Export(network, net.GetWeights())));
            plan = NirImporter.Plan(NirReader.Read(path), "DelayExport", network.Dt, timing);
        }
        finally
        {
            File.Delete(path);
        }

        string snn = NirSnnWriter.Write(plan, "delay.nir", NirDocument.CurrentVersion, "delay.slw");
        Assert.Contains(sameStep ? "    connect x -> h dense same_step\n" : "    connect x -> h dense\n", snn);
        Assert.Contains("    connect h -> o all delay 2 ms\n", snn);
        Assert.Contains("    connect o -> h all delay 1 ms\n", snn);
        Assert.Contains("    connect h -> r all delay 3 ms\n", snn);
        Assert.Contains("    connect x -> r all delay where(j < 1, 1 ms, 2 ms)\n", snn);
        Assert.Contains("    connect o -> r all delay where(i < 1, 2 ms, 3 ms)\n", snn);

        // The imported weight file loads into the original network, each synapse's weight as it was.
        WeightSet original = net.GetWeights();
        WeightSet imported = NirImporter.Weights(plan, "delay.nir");
        Assert.Empty(imported.Mismatches(net.WeightShapes));
        foreach (string name in new[] { "x_to_h.w", "h_to_o.w", "o_to_h.w", "h_to_r.w", "x_to_r.w", "o_to_r.w" })
        {
            Assert.Equal(original.Find(name)!.Values, imported.Find(name)!.Values);
        }

        Assert.Contains(original.Find("h_to_o.w")!.Values, w => w < 0);
    }

    [Fact]
    public void Delays_per_synapse_of_the_target_go_after_the_Affine_and_of_the_source_before_it()
    {
        NetworkDescriptor network = new DelayExport().Describe();

        NirGraph graph = NirExporter.Export(network, null);

        // x -> r: j + 1 steps, on no cycle of a same-step network: one more.
        Assert.Equal(new[] { 0.002, 0.003 }, graph.Find("x_to_r_delay")!["delay"].Values);
        Assert.Contains(new NirEdge("x_to_r", "x_to_r_delay"), graph.Edges);
        Assert.Contains(new NirEdge("x_to_r_delay", "r"), graph.Edges);
        // o -> r: 2 + i steps, a Delay of the source's elements between it and the Affine.
        Assert.Equal(new[] { 0.003, 0.004 }, graph.Find("o_to_r_delay")!["delay"].Values);
        Assert.Contains(new NirEdge("o", "o_to_r_delay"), graph.Edges);
        Assert.Contains(new NirEdge("o_to_r_delay", "o_to_r"), graph.Edges);
        Assert.Contains(new NirEdge("o_to_r", "r"), graph.Edges);
    }

    [Fact]
    public void Delays_per_synapse_of_both_its_ends_are_refused_naming_the_connection()
    {
        NetworkDescriptor network = new DelayExport().Describe();
        int index = network.Connections.ToList().FindIndex(c => c.Source == "h" && c.Target == "o");
        ConnectionDescriptor connection = network.Connections[index];
        int[] perSynapse = Enumerable.Range(0, connection.Connectivity.Columns.Length).ToArray();
        network = network with { Connections = network.Connections.Select((c, k) => k == index ? c with { DelaySteps = -1, SynapseDelaySteps = perSynapse } : c).ToList() };

        var error = Assert.Throws<NirFormatException>(() => NirExporter.Export(network, null));

        Assert.Equal(("h_to_o", "delay"), (error.Node, error.Field));
        Assert.Contains("follows neither its target nor its source neuron", error.Message);
    }
}
