using System.Linq;
using SpikeLang.Neuromorphic.Chip;
using SpikeLang.Neuromorphic.Tests.Chip.Networks;
using Xunit;

namespace SpikeLang.Neuromorphic.Tests;

/// <summary>Convolution connections are not in a descriptor's synapses: it lists them apart, and the chip backend expands them.</summary>
public class ConvolutionDescriptorTests
{
    [Fact]
    public void The_descriptor_lists_the_convolution_as_written()
    {
        var descriptor = new ConvLeaky().Describe();
        Assert.Equal(new[] { "connect img -> c1 conv2d(kernel = 3, padding = 1) (ConvLeaky.snn line 9)" }, descriptor.Convolutions.Select(c => c.Statement));
        Assert.Single(descriptor.Connections);
    }

    [Fact]
    public void The_chip_backend_maps_a_convolution_as_expanded_synapses()
    {
        QuantizedNetwork network = Quantizer.Quantize(new ConvLeaky().Describe());
        QuantizedConnection convolution = network.Connections.Single(c => c.Convolution is not null);
        Assert.Equal("connect img -> c1 conv2d(kernel = 3, padding = 1) (ConvLeaky.snn line 9)", convolution.Convolution!.Statement);
        Assert.Equal(("img", "c1", 512), (convolution.Source, convolution.Target, convolution.SynapseCount));
    }
}
