using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Syntax;
using Xunit;

namespace SpikeLang.Compiler.Tests.Binding;

/// <summary>Shaped populations and convolution connections as the binder sees them.</summary>
public class ConvolutionBindingTests
{
    private static NetworkModel Network(string members) =>
        Compile.Clean("network Net {\n" + members + "\n}\n").Networks.Single();

    [Fact]
    public void A_shape_is_bound_in_C_order_and_the_size_is_its_product()
    {
        var network = Network("""
            input img[1, 28, 28]
            population c = Leaky[16, 28, 28]
            population l = Leaky[4, 10]
            population plain = Leaky[5]
            """);
        Assert.Equal(new[] { 1, 28, 28 }, network.Populations.Single(p => p.Name == "img").Shape);
        Assert.Equal(16 * 28 * 28, network.Populations.Single(p => p.Name == "c").Size);
        Assert.Equal(new[] { 4, 10 }, network.Populations.Single(p => p.Name == "l").Shape);
        Assert.Null(network.Populations.Single(p => p.Name == "plain").Shape);
    }

    [Fact]
    public void A_shaped_population_is_still_a_population_of_its_neurons_for_slices_and_dense_connections()
    {
        var network = Network("""
            input img[1, 4, 4]
            population c = Leaky[2, 4, 4]
            population out = Leaky[2]
            connect img[0:8] -> out all
            connect c -> out dense
            """);
        Assert.Equal(8, network.Connections[0].Source.Count);
        Assert.Equal(32, network.Connections[1].Source.Count);
    }

    [Theory]
    [InlineData("conv2d(kernel = 3, padding = 1)", 6, 6, 3, 1, 1)]
    [InlineData("conv2d(kernel = 3, stride = 2, padding = 1)", 3, 3, 3, 2, 1)]
    [InlineData("conv2d(kernel = 2, stride = 2)", 3, 3, 2, 2, 0)]
    [InlineData("conv2d(kernel = 5)", 2, 2, 5, 1, 0)]
    public void A_convolution_binds_its_arguments_and_output_shape(string rule, int h, int w, int kernel, int stride, int padding)
    {
        var network = Network($"""
            input img[2, 6, 6]
            population c = Leaky[4, {h}, {w}]
            connect img -> c {rule}
            """);
        Assert.Empty(network.Connections);
        var conv = Assert.Single(network.Convolutions);
        Assert.Equal((ConnectivityKind.Conv2d, 2, 4, h, w), (conv.Kind, conv.Geometry.InChannels, conv.Geometry.OutChannels, conv.Geometry.OutHeight, conv.Geometry.OutWidth));
        Assert.Equal((kernel, kernel, stride, stride, padding, padding), (conv.Geometry.KernelHeight, conv.Geometry.KernelWidth, conv.Geometry.StrideHeight, conv.Geometry.StrideWidth, conv.Geometry.PaddingHeight, conv.Geometry.PaddingWidth));
    }

    [Fact]
    public void Pooling_strides_by_its_window_unless_told_and_keeps_the_channels()
    {
        var network = Network("""
            input img[3, 8, 8]
            population s = Leaky[3, 4, 4]
            population a = Leaky[3, 3, 3]
            connect img -> s sum_pool2d(kernel = 2)
            connect img -> a avg_pool2d(kernel = 3, stride = 2)
            """);
        Assert.Equal((ConnectivityKind.SumPool2d, 2, 3, 4), (network.Convolutions[0].Kind, network.Convolutions[0].Geometry.StrideWidth, network.Convolutions[0].Geometry.OutChannels, network.Convolutions[0].Geometry.OutWidth));
        Assert.Equal((ConnectivityKind.AvgPool2d, 2, 3), (network.Convolutions[1].Kind, network.Convolutions[1].Geometry.StrideWidth, network.Convolutions[1].Geometry.OutWidth));
    }

    [Fact]
    public void A_1d_convolution_is_a_2d_one_of_height_1()
    {
        var conv = Network("""
            input seq[2, 10]
            population l = Leaky[3, 5]
            connect seq -> l conv1d(kernel = 4, stride = 2, padding = 1)
            """).Convolutions.Single();
        Assert.Equal((1, 10, 1, 5), (conv.Geometry.InHeight, conv.Geometry.InWidth, conv.Geometry.OutHeight, conv.Geometry.OutWidth));
        Assert.Equal((1, 4, 1, 2, 0, 1), (conv.Geometry.KernelHeight, conv.Geometry.KernelWidth, conv.Geometry.StrideHeight, conv.Geometry.StrideWidth, conv.Geometry.PaddingHeight, conv.Geometry.PaddingWidth));
    }

    [Fact]
    public void A_mismatched_shape_is_reported_once_at_the_target()
    {
        var error = Compile.Error("""
            network Net {
                input img[1, 6, 6]
                population c = Leaky[2, 6, 5]
                connect img -> c conv2d(kernel = 3, padding = 1)
            }
            """, "SL0351");
        Assert.Equal((3, 19), (error.LineSpan.Start.Line, error.LineSpan.Start.Character));
    }
}
