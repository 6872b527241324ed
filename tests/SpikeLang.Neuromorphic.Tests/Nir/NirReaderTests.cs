using System.Linq;
using SpikeLang.Neuromorphic.Nir;
using SpikeLang.Tests;
using Xunit;

namespace SpikeLang.Neuromorphic.Tests.Nir;

public class NirReaderTests
{
    [Fact]
    public void Reads_the_Norse_LIF_file_with_its_defaults()
    {
        NirDocument document = NirReader.Read(TestFixtures.Path("nir/lif_norse.nir"));

        Assert.Equal("0.1.1", document.Version);
        NirGraph graph = document.Graph;
        Assert.Equal(new[] { "0", "1", "input", "output" }, graph.Nodes.Select(n => n.Name).Order());
        Assert.Equal(new[] { new NirEdge("input", "0"), new NirEdge("0", "1"), new NirEdge("1", "output") }, graph.Edges);
        NirNode lif = graph.Find("1")!;
        Assert.Equal("LIF", lif.Type);
        Assert.Equal(0.0025f, (float)lif["tau"].Values[0]);
        Assert.Equal(0.1f, (float)lif["v_threshold"].Values[0]);
        // Norse (NIR 0.1) writes no v_reset: NIR's default is 0, one per neuron.
        Assert.Equal(new long[] { 1 }, lif["v_reset"].Shape);
        Assert.Equal(0.0, lif["v_reset"].Values[0]);
        Assert.Equal(new long[] { 1, 1 }, graph.Find("0")!["weight"].Shape);
    }

    [Fact]
    public void Reads_float64_parameters_of_the_two_neuron_file()
    {
        NirDocument document = NirReader.Read(TestFixtures.Path("nir/two_lif_neurons.nir"));

        Assert.Equal("0.2.0", document.Version);
        Assert.Equal(1.2, document.Graph.Find("lif1")!["v_leak"].Values[0]);
        Assert.Equal(20.0, document.Graph.Find("lif2")!["v_threshold"].Values[0]);
        Assert.Equal("Linear", document.Graph.Find("linear1")!.Type);
        Assert.Equal(5, document.Graph.Edges.Count);
    }
}
