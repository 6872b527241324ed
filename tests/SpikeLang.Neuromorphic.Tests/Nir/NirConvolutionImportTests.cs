using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SpikeLang.Neuromorphic.Nir;
using Xunit;
using static SpikeLang.Neuromorphic.Tests.Nir.NirTestGraphs;

namespace SpikeLang.Neuromorphic.Tests.Nir;

/// <summary>Conv1d, Conv2d, SumPool2d, AvgPool2d and Flatten nodes become shaped populations and convolution connections, or are refused by name.</summary>
public class NirConvolutionImportTests
{
    private static NirImportPlan Plan(NirGraph graph) => NirImporter.Plan(new NirDocument("1.0.0", graph), "Net", 1e-3);

    private static NirGraph Replace(NirGraph graph, NirNode node) =>
        new(graph.Nodes.Select(n => n.Name == node.Name ? node : n).ToList(), graph.Edges);

    [Fact]
    public void A_CNN_becomes_shaped_populations_a_convolution_a_pooling_and_a_dense_readout()
    {
        NirImportPlan plan = Plan(SmallCnn());

        Assert.Equal(new[] { "img:1,6,6", "c1:2,6,6", "p1:2,3,3", "out:" },
            plan.Populations.Select(p => $"{p.Name}:{(p.Shape is null ? "" : string.Join(",", p.Shape))}"));
        Assert.Equal(new[] { "img_to_c1", "c1_to_p1", "p1_to_out" }, plan.Connections.Select(c => c.Name));
        var (conv, pool, dense) = (plan.Connections[0], plan.Connections[1], plan.Connections[2]);
        Assert.Equal(new ImportedConvolution("conv2d", conv.Convolution!.WeightShape, 3, 1, 1), conv.Convolution);
        Assert.Equal(new[] { 2, 1, 3, 3 }, conv.Convolution.WeightShape);
        Assert.Equal(Enumerable.Range(1, 18).Select(v => (double)v), conv.Weight);
        Assert.Equal(new[] { 0.5, 1.5 }, conv.Bias);
        Assert.Equal(new ImportedConvolution("sum_pool2d", null, 2, 2, 0), pool.Convolution);
        // The Flatten re-reads p1 in C order: the Affine's weight is the dense connection's, unchanged.
        Assert.Null(dense.Convolution);
        Assert.Equal(Enumerable.Range(0, 36).Select(v => v / 10.0), dense.Weight);
        Assert.All(plan.Connections, c => Assert.True(c.SameStep));

        var weights = NirImporter.Weights(plan, "cnn.nir");
        Assert.Equal(new[] { 2, 1, 3, 3 }, weights.Find("img_to_c1.w")!.Shape);
        Assert.Equal(new[] { 2 }, weights.Find("img_to_c1.b")!.Shape);
        Assert.Null(weights.Find("c1_to_p1.w"));
        Assert.Equal(new[] { 2, 18 }, weights.Find("p1_to_out.w")!.Shape);

        string text = NirSnnWriter.Write(plan, "cnn.nir", "1.0.0", "cnn.slw");
        Assert.Contains("    input img[1, 6, 6]\n", text);
        Assert.Contains("    population c1 = NirIf[2, 6, 6]\n", text);
        Assert.Contains("    connect img -> c1 conv2d(kernel = 3, padding = 1) same_step\n", text);
        Assert.Contains("    connect c1 -> p1 sum_pool2d(kernel = 2) same_step\n", text);
        Assert.Contains("    connect p1 -> out dense same_step\n", text);
    }

    [Fact]
    public void Shapes_come_from_the_convolution_when_the_nodes_are_flat_and_padding_may_be_same_or_valid()
    {
        NirGraph graph = SmallCnn();
        graph = Replace(graph, Node("img", "Input", ("shape", NirTensor.Vector(36))));
        graph = Replace(graph, If("c1", 72));
        graph = Replace(graph, If("p1", 18));
        NirNode conv = graph.Find("conv")!;
        graph = Replace(graph, WithText(conv, "padding", "same"));

        NirImportPlan plan = Plan(graph);

        Assert.Equal(new[] { 1, 6, 6 }, plan.Populations.Single(p => p.Name == "img").Shape);
        Assert.Equal(new[] { 2, 3, 3 }, plan.Populations.Single(p => p.Name == "p1").Shape);
        Assert.Equal(1, plan.Connections[0].Convolution!.Padding);

        // "valid" pads nothing: 6 − 3 + 1 = 4 positions, which the 72 neurons of c1 do not hold.
        graph = Replace(graph, WithText(conv, "padding", "valid"));
        var error = Assert.Throws<NirFormatException>(() => Plan(graph));
        Assert.Equal("conv", error.Node);
        Assert.Contains("[2, 4, 4]", error.Message);
        Assert.Contains("72 values", error.Message);
    }

    [Fact]
    public void A_convolution_feeding_two_neuron_nodes_is_one_connection_to_each()
    {
        NirGraph cnn = SmallCnn();
        var graph = new NirGraph(
            cnn.Nodes.Append(If("c2", 2, 6, 6)).ToList(),
            cnn.Edges.Append(new NirEdge("conv", "c2")).ToList());

        NirImportPlan plan = Plan(graph);

        var fromConv = plan.Connections.Where(c => c.Convolution?.Kind == "conv2d").ToList();
        Assert.Equal(new[] { "img_to_c1", "img_to_c2" }, fromConv.Select(c => c.Name));
        Assert.Equal(fromConv[0].Weight, fromConv[1].Weight);
        Assert.Equal(fromConv[0].Bias, fromConv[1].Bias);
    }

    public static TheoryData<string, string, NirTensor, string> Inexpressible => new()
    {
        { "conv", "weight", new NirTensor(new long[] { 2, 1, 3, 5 }, new double[30]), "square kernels" },
        { "conv", "stride", NirTensor.Vector(1, 2), "one stride for both axes" },
        { "conv", "padding", NirTensor.Vector(1, 0), "one padding for both axes" },
        { "conv", "dilation", NirTensor.Vector(2, 2), "dilation=1" },
        { "conv", "groups", NirTensor.Scalar(2), "groups=1" },
        { "pool", "kernel_size", NirTensor.Vector(2, 3), "square kernel_size" },
        { "pool", "stride", NirTensor.Vector(0, 0), "at least 1" },
    };

    [Theory]
    [MemberData(nameof(Inexpressible))]
    public void What_a_SpikeLang_rule_cannot_express_is_refused_naming_the_field(string node, string field, NirTensor value, string advice)
    {
        NirGraph graph = Replace(SmallCnn(), With(SmallCnn().Find(node)!, field, value));

        var error = Assert.Throws<NirFormatException>(() => Plan(graph));

        Assert.Equal((node, field), (error.Node, error.Field));
        Assert.Contains(advice, error.Message);
    }

    [Fact]
    public void Same_padding_with_an_even_kernel_is_refused()
    {
        NirNode conv = WithText(Conv2d("conv", 2, 1, 2, inputShape: new[] { 6, 6 }), "padding", "same");

        var error = Assert.Throws<NirFormatException>(() => Plan(Replace(SmallCnn(), conv)));

        Assert.Equal(("conv", "padding"), (error.Node, error.Field));
        Assert.Contains("unequally", error.Message);
    }

    [Fact]
    public void A_convolution_into_a_pooling_folds_into_one_convolution_that_computes_the_same()
    {
        NirGraph cnn = SmallCnn();
        var graph = new NirGraph(
            cnn.Nodes.Where(n => n.Name != "c1").ToList(),
            cnn.Edges.Where(e => e.Source != "c1" && e.Target != "c1").Append(new NirEdge("conv", "pool")).ToList());

        ImportedConnection folded = Plan(graph).Connections[0];

        Assert.Equal(("img", "p1"), (folded.Source.Name, folded.Target.Name));
        // kernel 3 + 1·(2 − 1), stride 1·2, the convolution's padding.
        Assert.Equal(new ImportedConvolution("conv2d", folded.Convolution!.WeightShape, 4, 2, 1), folded.Convolution);
        Assert.Equal(new[] { 2, 1, 4, 4 }, folded.Convolution.WeightShape);
        double[] image = Enumerable.Range(0, 36).Select(v => Math.Sin(v * 1.7)).ToArray();
        NirNode conv = cnn.Find("conv")!;
        double[] convolved = Convolve(image, 1, 6, conv["weight"].Values, conv["bias"].Values, 2, 3, 1, 1);
        double[] expected = Convolve(convolved, 2, 6, SumPoolKernel(2, 2), new double[2], 2, 2, 2, 0);
        double[] actual = Convolve(image, 1, 6, folded.Weight, folded.Bias, 2, 4, 2, 1);
        Assert.Equal(expected.Select(v => Math.Round(v, 9)), actual.Select(v => Math.Round(v, 9)));
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 4)]
    public void A_pooling_into_a_convolution_folds_too_padded_or_not(int padding, int outSize)
    {
        NirNode conv = With(Conv2d("conv", 3, 2, 2), "padding", NirTensor.Vector(padding, padding));
        var graph = new NirGraph(
            new[] { Node("img", "Input", ("shape", NirTensor.Vector(2, 6, 6))), Pool("pool", 2, "AvgPool2d"), conv, If("c1", 3, outSize, outSize) },
            new[] { new NirEdge("img", "pool"), new NirEdge("pool", "conv"), new NirEdge("conv", "c1") });

        ImportedConnection folded = Assert.Single(Plan(graph).Connections);

        // The pooled map's padding is the image's, twice as wide: the pooling's windows there read only padding.
        Assert.Equal(new ImportedConvolution("conv2d", folded.Convolution!.WeightShape, 4, 2, 2 * padding), folded.Convolution);
        double[] image = Enumerable.Range(0, 72).Select(v => Math.Cos(v * 0.9)).ToArray();
        double[] pooled = Convolve(image, 2, 6, SumPoolKernel(2, 2).Select(v => v / 4).ToArray(), new double[2], 2, 2, 2, 0);
        double[] expected = Convolve(pooled, 2, 3, conv["weight"].Values, conv["bias"].Values, 3, 2, 1, padding);
        double[] actual = Convolve(image, 2, 6, folded.Weight, folded.Bias, 3, 4, 2, 2 * padding);
        Assert.Equal(expected.Select(v => Math.Round(v, 9)), actual.Select(v => Math.Round(v, 9)));
    }

    [Fact]
    public void A_padded_convolution_after_a_pooling_that_drops_a_row_is_refused()
    {
        // 7 rows pool to 3, dropping the last; the folded kernel would read it where the convolution pads with 0.
        var graph = new NirGraph(
            new[]
            {
                Node("img", "Input", ("shape", NirTensor.Vector(2, 7, 7))), Pool("pool", 2),
                With(Conv2d("conv", 3, 2, 2), "padding", NirTensor.Vector(1, 1)), If("c1", 3, 4, 4),
            },
            new[] { new NirEdge("img", "pool"), new NirEdge("pool", "conv"), new NirEdge("conv", "c1") });

        var error = Assert.Throws<NirFormatException>(() => Plan(graph));

        Assert.Equal(("conv", "padding"), (error.Node, error.Field));
        Assert.Contains("put a neuron node between them", error.Message);
    }

    [Fact]
    public void A_pooling_into_a_flatten_and_an_affine_is_part_of_the_dense_connection()
    {
        NirGraph cnn = SmallCnn();
        var graph = new NirGraph(
            cnn.Nodes.Where(n => n.Name != "p1").ToList(),
            cnn.Edges.Where(e => e.Source != "p1" && e.Target != "p1").Append(new NirEdge("pool", "flat")).ToList());

        NirImportPlan plan = Plan(graph);

        ImportedConnection dense = plan.Connections.Single(c => c.Target.Name == "out");
        Assert.Equal(("c1", null), (dense.Source.Name, dense.Convolution));
        double[] affine = cnn.Find("dense")!["weight"].Values;
        for (int r = 0; r < 2; r++)
        {
            for (int c = 0; c < 2; c++)
            {
                for (int y = 0; y < 6; y++)
                {
                    for (int x = 0; x < 6; x++)
                    {
                        // Each neuron of c1 adds into the sum of its 2×2 window, which the Affine weighs.
                        Assert.Equal(affine[r * 18 + (c * 3 + y / 2) * 3 + x / 2], dense.Weight[r * 72 + (c * 6 + y) * 6 + x]);
                    }
                }
            }
        }

        Assert.Equal(new[] { 0.25, -0.25 }, dense.Bias);
    }

    /// <summary>A direct 2-D convolution of a [channels, size, size] input (zero padding), for checking folded kernels.</summary>
    private static double[] Convolve(double[] input, int channels, int size, double[] weight, double[] bias, int outChannels, int kernel, int stride, int padding)
    {
        int outSize = (size + 2 * padding - kernel) / stride + 1;
        double[] output = new double[outChannels * outSize * outSize];
        for (int o = 0; o < outChannels; o++)
        {
            for (int y = 0; y < outSize; y++)
            {
                for (int x = 0; x < outSize; x++)
                {
                    double sum = bias[o];
                    for (int c = 0; c < channels; c++)
                    {
                        for (int i = 0; i < kernel; i++)
                        {
                            for (int j = 0; j < kernel; j++)
                            {
                                int row = y * stride + i - padding, column = x * stride + j - padding;
                                if (row >= 0 && row < size && column >= 0 && column < size)
                                {
                                    sum += weight[((o * channels + c) * kernel + i) * kernel + j] * input[(c * size + row) * size + column];
                                }
                            }
                        }
                    }

                    output[(o * outSize + y) * outSize + x] = sum;
                }
            }
        }

        return output;
    }

    /// <summary>A sum pooling as a convolution kernel: 1 from each channel to itself.</summary>
    private static double[] SumPoolKernel(int channels, int kernel)
    {
        double[] weight = new double[channels * channels * kernel * kernel];
        for (int c = 0; c < channels; c++)
        {
            for (int t = 0; t < kernel * kernel; t++)
            {
                weight[(c * channels + c) * kernel * kernel + t] = 1;
            }
        }

        return weight;
    }

    [Fact]
    public void A_convolution_into_an_affine_of_another_size_or_into_an_output_is_refused()
    {
        NirGraph cnn = SmallCnn();
        var graph = new NirGraph(cnn.Nodes, cnn.Edges.Append(new NirEdge("conv", "dense")).ToList());

        var error = Assert.Throws<NirFormatException>(() => Plan(graph));

        Assert.Equal("conv", error.Node);
        Assert.Contains("gives 72 values, but the nodes after it take 18", error.Message);

        graph = new NirGraph(cnn.Nodes, cnn.Edges.Append(new NirEdge("conv", "output")).ToList());
        error = Assert.Throws<NirFormatException>(() => Plan(graph));
        Assert.Equal("conv", error.Node);
        Assert.Contains("feeds Output 'output'", error.Message);
    }

    [Fact]
    public void A_pooling_whose_input_shape_is_unknown_is_refused_naming_its_source()
    {
        var graph = new NirGraph(
            new[] { Shape("in", "Input", 72), Pool("pool", 2), If("p1", 2, 3, 3) },
            new[] { new NirEdge("in", "pool"), new NirEdge("pool", "p1") });

        var error = Assert.Throws<NirFormatException>(() => Plan(graph));

        Assert.Equal(("pool", "kernel_size"), (error.Node, error.Field));
        Assert.Contains("'in' has no [channels, height, width] shape", error.Message);
    }

    [Fact]
    public void Max_pooling_is_refused_by_name_with_the_pooling_SpikeLang_has()
    {
        NirGraph cnn = SmallCnn();
        var graph = new NirGraph(cnn.Nodes.Select(n => n.Name == "pool" ? new NirNode("pool", "MaxPool2d", n.Fields) : n).ToList(), cnn.Edges);
        string path = Path.Combine(Path.GetTempPath(), $"maxpool-{Guid.NewGuid():N}.nir");
        try
        {
            NirWriter.Write(path, new NirDocument(NirDocument.CurrentVersion, graph));

            var error = Assert.Throws<NirFormatException>(() => NirReader.Read(path));

            Assert.Equal(("pool", "type"), (error.Node, error.Field));
            Assert.Contains("sum or average pooling", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
