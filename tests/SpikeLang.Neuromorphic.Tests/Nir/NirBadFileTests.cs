using System;
using System.IO;
using PureHDF;
using SpikeLang.Neuromorphic.Nir;
using Xunit;
using static SpikeLang.Neuromorphic.Tests.Nir.NirTestGraphs;

namespace SpikeLang.Neuromorphic.Tests.Nir;

public sealed class NirBadFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("spikelang-nir-bad-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(NirGraph graph, string name)
    {
        string path = Path.Combine(_directory, name);
        NirWriter.Write(path, new NirDocument(NirDocument.CurrentVersion, graph));
        return path;
    }

    [Fact]
    public void A_truncated_file_names_the_file()
    {
        string path = Write(Recurrent(), "truncated.nir");
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<NirFormatException>(() => NirReader.Read(path));

        Assert.StartsWith(path + ": ", error.Message);
        Assert.Contains("truncated or corrupt", error.Message);
    }

    [Fact]
    public void A_wrong_type_string_names_the_node_and_the_known_types()
    {
        var graph = new NirGraph(
            new[] { Shape("in", "Input", 1), Node("cell", "LIFF", ("tau", NirTensor.Vector(0.01))), Shape("out", "Output", 1) },
            new[] { new NirEdge("in", "cell"), new NirEdge("cell", "out") });

        var error = Assert.Throws<NirFormatException>(() => NirReader.Read(Write(graph, "type.nir")));

        Assert.Equal(("cell", "type"), (error.Node, error.Field));
        Assert.Contains("'LIFF' is not a NIR node type", error.Message);
        Assert.Contains("CubaLIF", error.Message);
    }

    [Fact]
    public void A_missing_dataset_names_the_node_and_the_field()
    {
        string path = Path.Combine(_directory, "missing.nir");
        var file = new H5File
        {
            ["version"] = "1.0.0",
            ["node"] = new H5Group
            {
                ["type"] = "NIRGraph",
                ["edges"] = new H5Dataset(new[] { "in", "lif" }, fileDims: new ulong[] { 1, 2 }),
                ["nodes"] = new H5Group
                {
                    ["in"] = new H5Group { ["type"] = "Input", ["shape"] = new long[] { 1 } },
                    ["lif"] = new H5Group { ["type"] = "LIF", ["r"] = new float[] { 1 }, ["v_leak"] = new float[] { 0 }, ["v_threshold"] = new float[] { 1 } },
                },
            },
        };
        file.Write(path);

        var error = Assert.Throws<NirFormatException>(() => NirReader.Read(path));

        Assert.Equal(("lif", "tau"), (error.Node, error.Field));
        Assert.Contains("missing", error.Message);
    }

    [Fact]
    public void A_shape_that_does_not_match_its_edge_names_the_node_and_the_field()
    {
        var graph = new NirGraph(
            new[]
            {
                Shape("in", "Input", 3),
                Node("w", "Linear", ("weight", NirTensor.Matrix(2, 2, new double[] { 1, 0, 0, 1 }))),
                Lif("lif", 2, 0.01, 0, 1),
            },
            new[] { new NirEdge("in", "w"), new NirEdge("w", "lif") });

        var error = Assert.Throws<NirFormatException>(() => NirReader.Read(Write(graph, "shape.nir")));

        Assert.Equal(("w", "weight"), (error.Node, error.Field));
        Assert.Contains("takes 2 values, but edge 'in' -> 'w' brings the 3 values of 'in'", error.Message);
    }

    [Fact]
    public void Parameters_of_different_lengths_name_the_field()
    {
        var graph = new NirGraph(
            new[]
            {
                Node("lif", "LIF", ("tau", Uniform(2, 0.01)), ("r", Uniform(2, 1)), ("v_leak", Uniform(3, 0)), ("v_threshold", Uniform(2, 1))),
            },
            Array.Empty<NirEdge>());

        var error = Assert.Throws<NirFormatException>(() => NirReader.Read(Write(graph, "lengths.nir")));

        Assert.Equal(("lif", "v_leak"), (error.Node, error.Field));
    }

    [Fact]
    public void An_edge_to_an_unknown_node_is_named()
    {
        var graph = new NirGraph(new[] { Shape("in", "Input", 1) }, new[] { new NirEdge("in", "nowhere") });

        var error = Assert.Throws<NirFormatException>(() => NirReader.Read(Write(graph, "edge.nir")));

        Assert.Equal("edges", error.Field);
        Assert.Contains("'nowhere'", error.Message);
    }
}
