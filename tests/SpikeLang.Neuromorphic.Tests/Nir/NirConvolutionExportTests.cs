using System;
using System.IO;
using System.Linq;
using SpikeLang.Neuromorphic.Nir;
using SpikeLang.Neuromorphic.Tests.Nir.Networks;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Neuromorphic.Tests.Nir;

/// <summary>Convolutions and poolings export to NIR's Conv1d, Conv2d, AvgPool2d and SumPool2d nodes, and import back unchanged.</summary>
public class NirConvolutionExportTests
{
    [Fact]
    public void Each_rule_becomes_its_NIR_node_with_the_datasets_NIR_stores()
    {
        NetworkDescriptor network = new ConvExport().Describe();

        NirGraph graph = NirExporter.Export(network, null);

        Assert.Equal(new long[] { 2, 9, 9 }, graph.Find("img")!["shape"].Values.Select(v => (long)v));
        Assert.Equal(new long[] { 4, 5, 5 }, graph.Find("c1")!["tau"].Shape);
        Assert.Equal(new long[] { 2, 8 }, graph.Find("w1")!["v_threshold"].Shape);
        Assert.Equal(new long[] { 3 }, graph.Find("out")!["tau"].Shape);

        ConvolutionDescriptor conv2d = network.Convolutions.Single(c => c.Kind == "conv2d");
        NirNode c = graph.Find("img_to_c1")!;
        Assert.Equal("Conv2d", c.Type);
        Assert.Equal(new long[] { 4, 2, 3, 3 }, c["weight"].Shape);
        Assert.Equal(conv2d.Weights!.Select(v => (double)v), c["weight"].Values);
        Assert.Equal(conv2d.Bias!.Select(v => (double)v), c["bias"].Values);
        Assert.Equal(new double[] { 2, 2 }, c["stride"].Values);
        Assert.Equal(new double[] { 1, 1 }, c["padding"].Values);
        Assert.Equal(new double[] { 1, 1 }, c["dilation"].Values);
        Assert.Equal(new double[] { 1 }, c["groups"].Values);
        Assert.Equal(new double[] { 9, 9 }, c["input_shape"].Values);

        NirNode w = graph.Find("wave_to_w1")!;
        Assert.Equal("Conv1d", w.Type);
        Assert.Equal(new long[] { 2, 3, 3 }, w["weight"].Shape);
        // nir.Conv1d stores stride, padding, dilation and input_shape as scalars.
        Assert.Empty(w["stride"].Shape);
        Assert.Equal((2.0, 1.0, 16.0), (w["stride"].Values[0], w["padding"].Values[0], w["input_shape"].Values[0]));

        NirNode avg = graph.Find("c1_to_p1")!;
        Assert.Equal("AvgPool2d", avg.Type);
        Assert.Equal(new double[] { 2, 2 }, avg["kernel_size"].Values);
        Assert.Equal(new double[] { 2, 2 }, avg["stride"].Values);
        Assert.Equal("SumPool2d", graph.Find("p1_to_s1")!.Type);

        // A shaped population reaches a dense connection through one Flatten, as snnTorch and Sinabs export it.
        Assert.Equal(new double[] { 4, 2, 2 }, graph.Find("p1_flatten")!["input_type"].Values);
        Assert.Contains(new NirEdge("p1", "p1_flatten"), graph.Edges);
        Assert.Contains(new NirEdge("p1_flatten", "p1_to_out"), graph.Edges);
        Assert.Contains(new NirEdge("w1_flatten", "w1_to_out"), graph.Edges);
        // s1 drives nothing: it is an output; p1 drives a pooling and is none.
        Assert.NotNull(graph.Find("s1_output"));
        Assert.Null(graph.Find("p1_output"));
    }

    [Fact]
    public void Max_pooling_is_refused_by_its_statement()
    {
        NetworkDescriptor network = new ConvExport().Describe();
        var convolutions = network.Convolutions.Select((c, k) => k == network.Convolutions.Count - 1 ? c with { Kind = "max_pool2d", Weights = null, Bias = null } : c).ToList();

        var error = Assert.Throws<NirFormatException>(() => NirExporter.Export(network with { Convolutions = convolutions }, null));

        Assert.Contains("max pooling, which NIR 1.0 has no node for", error.Message, StringComparison.Ordinal);
        Assert.Contains(convolutions[^1].Statement, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_write_read_and_import_keep_the_rules_the_shapes_and_the_weights()
    {
        var net = new ConvExport();
        NetworkDescriptor network = net.Describe();
        string path = Path.Combine(Path.GetTempPath(), $"conv-export-{Guid.NewGuid():N}.nir");
        NirImportPlan plan;
        try
        {
            NirWriter.Write(path, new NirDocument(NirDocument.CurrentVersion, NirExporter.Export(network, net.GetWeights())));
            plan = NirImporter.Plan(NirReader.Read(path), "ConvExport", network.Dt, NirTiming.OneStep);
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Equal(new[] { "img:2,9,9", "wave:3,16", "c1:4,5,5", "p1:4,2,2", "s1:4,1,1", "w1:2,8", "out:" },
            plan.Populations.Select(p => $"{p.Name}:{(p.Shape is null ? "" : string.Join(",", p.Shape))}"));
        foreach (ConvolutionDescriptor original in network.Convolutions)
        {
            ImportedConnection back = plan.Connections.Single(c => c.Source.Name == original.Source && c.Target.Name == original.Target);
            ImportedConvolution rule = back.Convolution!;
            Assert.Equal(original.Kind, rule.Kind);
            Assert.Equal((original.Kernel[1], original.Stride[1], original.Padding[1]), (rule.Kernel, rule.Stride, rule.Padding));
            Assert.Equal(original.Weights?.Select(v => (double)v) ?? Array.Empty<double>(), back.Weight);
            Assert.Equal(original.Bias?.Select(v => (double)v) ?? Array.Empty<double>(), back.Bias);
        }

        WeightSet weights = net.GetWeights();
        foreach (ImportedConnection dense in plan.Connections.Where(c => c.Convolution is null))
        {
            Assert.Equal(weights.Find(dense.Name + ".w")!.Values.Select(v => (double)v), dense.Weight);
        }

        // The imported weight file loads into the original network: the same names and shapes.
        Assert.Empty(NirImporter.Weights(plan, "conv-export.nir").Mismatches(net.WeightShapes));
    }
}
