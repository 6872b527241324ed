using System.Linq;
using SpikeLang.Neuromorphic.Chip;
using SpikeLang.Neuromorphic.Nir;
using SpikeLang.Neuromorphic.Tests.Chip.Networks;
using Xunit;

namespace SpikeLang.Neuromorphic.Tests;

/// <summary>Convolution connections are not in a descriptor's synapses: the tools that map a network elsewhere name and refuse them.</summary>
public class ConvolutionRefusalTests
{
    [Fact]
    public void The_descriptor_lists_the_convolution_as_written()
    {
        var descriptor = new ConvLeaky().Describe();
        Assert.Equal(new[] { "connect img -> c1 conv2d(kernel = 3, padding = 1) (ConvLeaky.snn line 9)" }, descriptor.Convolutions.Select(c => c.Statement));
        Assert.Single(descriptor.Connections);
    }

    [Fact]
    public void The_chip_backend_refuses_a_convolution_by_name()
    {
        var error = Assert.Throws<ChipCompilationException>(() => Quantizer.Quantize(new ConvLeaky().Describe()));
        Assert.Contains("connect img -> c1 conv2d(kernel = 3, padding = 1)", error.Message, System.StringComparison.Ordinal);
        Assert.Contains("does not support convolution", error.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Nir_export_refuses_a_convolution_by_name()
    {
        var net = new ConvLeaky();
        var error = Assert.Throws<NirFormatException>(() => NirExporter.Export(net.Describe(), net.GetWeights()));
        Assert.Contains("connect img -> c1 conv2d(kernel = 3, padding = 1)", error.Message, System.StringComparison.Ordinal);
        Assert.Contains("not support", error.Message, System.StringComparison.Ordinal);
    }
}
