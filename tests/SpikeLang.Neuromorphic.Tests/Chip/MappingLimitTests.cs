using System.Linq;
using SpikeLang.Neuromorphic.Chip;
using Xunit;

namespace SpikeLang.Neuromorphic.Tests.Chip;

/// <summary>The mapper at the per-core and per-chip limits of Loihi 1.</summary>
public class MappingLimitTests
{
    [Fact]
    public void Exactly_1024_compartments_fill_one_core()
    {
        var network = new QuantizedNetwork("Full", 1e-3, [HandBuiltNetworks.Simple("p", 1024)], []);
        ChipTables tables = ChipCompiler.Map(network, ChipLimits.Loihi1);
        Assert.Single(tables.Cores);
        Assert.Equal(1024, tables.Cores[0].Compartments.Count);
        Assert.Equal(1, tables.ChipCount);
    }

    [Fact]
    public void Compartment_1025_opens_a_second_core()
    {
        var network = new QuantizedNetwork("Over", 1e-3, [HandBuiltNetworks.Simple("p", 1025)], []);
        ChipTables tables = ChipCompiler.Map(network, ChipLimits.Loihi1);
        Assert.Equal([1024, 1], tables.Cores.Select(c => c.Compartments.Count));
        PlacementSlice[] slices = tables.Populations.Single().Slices.ToArray();
        Assert.Equal((0, 1024, 0, 0), (slices[0].FirstNeuron, slices[0].NeuronCount, slices[0].Chip, slices[0].Core));
        Assert.Equal((1024, 1, 0, 1), (slices[1].FirstNeuron, slices[1].NeuronCount, slices[1].Chip, slices[1].Core));
    }

    [Fact]
    public void Two_compartment_neurons_fit_512_per_core()
    {
        QuantizedPopulation population = new("p", 1024, ["ge", "v"],
            Enumerable.Range(0, 2048).Select(i => i % 2 == 0 ? CompartmentParameters.Dendrite(100) : new CompartmentParameters(100, 10, 0, 0, 100, 0)).ToArray(),
            new int[1024], new int[2048], quality: null);
        ChipTables tables = ChipCompiler.Map(new QuantizedNetwork("Two", 1e-3, [population], []), ChipLimits.Loihi1);
        Assert.Equal([1024, 1024], tables.Cores.Select(c => c.Compartments.Count));
    }

    [Fact]
    public void A_fan_in_over_4096_is_an_error_naming_population_resource_and_numbers()
    {
        var network = new QuantizedNetwork("FanIn", 1e-3,
            [QuantizedPopulation.External("src", 4097), HandBuiltNetworks.Simple("dst", 1)],
            [new QuantizedConnection("src", "dst", 0, 0, Enumerable.Range(0, 4097).ToArray(), new int[4097], new sbyte[4097], new byte[4097], quality: null)]);
        var error = Assert.Throws<ChipCompilationException>(() => ChipCompiler.Map(network, ChipLimits.Loihi1));
        Assert.Contains("'dst'", error.Message);
        Assert.Contains("input axons", error.Message);
        Assert.Contains("4097", error.Message);
        Assert.Contains("4096", error.Message);
    }

    [Fact]
    public void A_fan_in_of_exactly_4096_fits()
    {
        var network = new QuantizedNetwork("FanIn", 1e-3,
            [QuantizedPopulation.External("src", 4096), HandBuiltNetworks.Simple("dst", 1)],
            [new QuantizedConnection("src", "dst", 0, 0, Enumerable.Range(0, 4096).ToArray(), new int[4096], new sbyte[4096], new byte[4096], quality: null)]);
        ChipTables tables = ChipCompiler.Map(network, ChipLimits.Loihi1);
        Assert.Equal(4096, tables.Cores.Single().InputAxons.Count);
    }

    [Fact]
    public void A_network_of_129_full_cores_needs_two_chips()
    {
        const int size = 128 * 1024 + 1;
        var network = new QuantizedNetwork("Big", 1e-3, [HandBuiltNetworks.Simple("p", size)], []);
        ChipTables tables = ChipCompiler.Map(network, ChipLimits.Loihi1);
        Assert.Equal(2, tables.ChipCount);
        Assert.Equal(129, tables.Cores.Count);
        Assert.Equal((1, 0), (tables.Cores[^1].Chip, tables.Cores[^1].Core));
        Assert.Equal((0, 127), (tables.Cores[127].Chip, tables.Cores[127].Core));
    }

    [Fact]
    public void Output_axons_over_the_limit_split_the_source_population()
    {
        // Each of 4 sources reaches all 16 targets, which fill 4 cores of 4 compartments: 4 output
        // axons per source. With 8 output axons per core, at most 2 sources share a core.
        ChipLimits small = ChipLimits.Loihi1 with { CompartmentsPerCore = 4, OutputAxonsPerCore = 8 };
        int[] pre = Enumerable.Range(0, 64).Select(s => s / 16).ToArray();
        int[] post = Enumerable.Range(0, 64).Select(s => s % 16).ToArray();
        var network = new QuantizedNetwork("Fan", 1e-3,
            [HandBuiltNetworks.Simple("src", 4), HandBuiltNetworks.Simple("dst", 16)],
            [new QuantizedConnection("src", "dst", 0, 0, pre, post, new sbyte[64], new byte[64], quality: null)]);
        ChipTables tables = ChipCompiler.Map(network, small);
        ResourceReport report = ResourceReport.Of(tables, small);
        Assert.All(report.Cores, core => Assert.True(core.OutputAxons <= 8, $"core {core.Core} uses {core.OutputAxons} output axons"));
        Assert.Equal([2, 2], tables.Populations.Single(p => p.Population == "src").Slices.Select(s => s.NeuronCount));
    }

    [Fact]
    public void Too_many_compartment_profiles_split_a_core()
    {
        // 40 neurons with 40 different voltage decays: at most 32 profiles per core.
        QuantizedPopulation population = new("p", 40, ["v"],
            Enumerable.Range(0, 40).Select(i => new CompartmentParameters(4095, i, 0, 0, 100, 0)).ToArray(), new int[40], new int[40], quality: null);
        ChipTables tables = ChipCompiler.Map(new QuantizedNetwork("Profiles", 1e-3, [population], []), ChipLimits.Loihi1);
        Assert.Equal([32, 8], tables.Cores.Select(c => c.CompartmentProfiles.Count));
    }

    [Fact]
    public void Every_core_of_a_mapped_network_stays_within_every_limit()
    {
        ChipLimits small = ChipLimits.Loihi1 with { CompartmentsPerCore = 16, InputAxonsPerCore = 40, SynapseWordsPerCore = 60, ThresholdProfilesPerCore = 2, CoresPerChip = 4 };
        ChipTables tables = ChipCompiler.Map(HandBuiltNetworks.Recurrent(60, seed: 3), small);
        ResourceReport report = ResourceReport.Of(tables, small);
        Assert.All(report.PeakUtilization(), pair => Assert.True(pair.Value <= 1.0, $"{pair.Key} at {pair.Value:P0}"));
        Assert.True(tables.ChipCount >= 2);
    }
}
