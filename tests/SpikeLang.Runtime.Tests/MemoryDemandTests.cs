using Xunit;

namespace SpikeLang.Runtime.Tests;

public class MemoryDemandTests
{
    [Fact]
    public void Ranks_share_out_only_what_they_split()
    {
        // A population's neurons and the synapses onto them are split; a source or a dense connection is whole on each rank.
        Assert.Equal(250, new MemoryDemand("population P", 1000, "neurons", 24, Split: true).PerRank(4));
        Assert.Equal(1000, new MemoryDemand("connection x_to_h", 1000, "synapses", 4).PerRank(4));
        Assert.Equal(1000, new MemoryDemand("population P", 1000, "neurons", 24, Split: true).PerRank(1));
    }
}
