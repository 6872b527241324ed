using System.Linq;
using SpikeLang.Neuromorphic.Chip;
using SpikeLang.Neuromorphic.Tests.Chip.Networks;
using Xunit;

namespace SpikeLang.Neuromorphic.Tests;

/// <summary>Convolution connections are not in a descriptor's synapses: the chip backend, which has none, names and refuses them.</summary>
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
}
