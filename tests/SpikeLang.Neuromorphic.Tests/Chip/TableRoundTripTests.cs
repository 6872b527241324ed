using System.IO;
using System.Linq;
using SpikeLang.Neuromorphic.Chip;
using Xunit;

namespace SpikeLang.Neuromorphic.Tests.Chip;

/// <summary>The emitted tables: read back exactly, byte-identical across runs, and run like the quantized network.</summary>
public class TableRoundTripTests
{
    private static readonly ChipLimits MultiChip = ChipLimits.Loihi1 with { CompartmentsPerCore = 16, CoresPerChip = 4 };

    [Fact]
    public void Same_network_gives_the_same_bytes()
    {
        using var folder = new TempFolder();
        ChipTableWriter.Write(ChipCompiler.Map(HandBuiltNetworks.Recurrent(60, seed: 5), MultiChip), folder.Sub("a"));
        ChipTableWriter.Write(ChipCompiler.Map(HandBuiltNetworks.Recurrent(60, seed: 5), MultiChip), folder.Sub("b"));
        string[] files = Directory.GetFiles(folder.Sub("a"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder.Sub("a"), f)).Order().ToArray();
        Assert.Contains("chip.json", files);
        Assert.Equal(files, Directory.GetFiles(folder.Sub("b"), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder.Sub("b"), f)).Order());
        foreach (string file in files)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(folder.Sub("a"), file)), File.ReadAllBytes(Path.Combine(folder.Sub("b"), file)));
        }
    }

    [Fact]
    public void Tables_read_back_as_written()
    {
        using var folder = new TempFolder();
        ChipTables tables = ChipCompiler.Map(HandBuiltNetworks.Recurrent(60, seed: 6), MultiChip);
        ChipTableWriter.Write(tables, folder.Path);
        ChipTables read = ChipTableReader.Read(folder.Path);
        Assert.Equal((tables.Target, tables.Network, tables.Dt, tables.ChipCount), (read.Target, read.Network, read.Dt, read.ChipCount));
        Assert.Equal(tables.Cores.Count, read.Cores.Count);
        for (int c = 0; c < tables.Cores.Count; c++)
        {
            Assert.Equal(tables.Cores[c].CompartmentProfiles, read.Cores[c].CompartmentProfiles);
            Assert.Equal(tables.Cores[c].ThresholdProfiles, read.Cores[c].ThresholdProfiles);
            Assert.Equal(tables.Cores[c].SynapseFormats, read.Cores[c].SynapseFormats);
            Assert.Equal(tables.Cores[c].Compartments, read.Cores[c].Compartments);
            Assert.Equal(tables.Cores[c].InputAxons, read.Cores[c].InputAxons);
            Assert.Equal(tables.Cores[c].Synapses, read.Cores[c].Synapses);
            Assert.Equal(tables.Cores[c].Routes, read.Cores[c].Routes);
        }

        Assert.Equal(tables.Populations.Single().Slices, read.Populations.Single().Slices);
        Assert.Equal(tables.Inputs.Single().Targets.SelectMany(t => t), read.Inputs.Single().Targets.SelectMany(t => t));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Table_simulator_and_fixed_point_simulator_spike_identically(int seed)
    {
        using var folder = new TempFolder();
        QuantizedNetwork network = HandBuiltNetworks.Recurrent(60, (ulong)seed);
        ChipTableWriter.Write(ChipCompiler.Map(network, MultiChip), folder.Path);
        var input = new BernoulliSpikes((ulong)seed, 0.05);
        SpikeRecord expected = new FixedPointSimulator(network, input).Run(2000);
        SpikeRecord actual = new TableSimulator(ChipTableReader.Read(folder.Path), input).Run(2000);
        Assert.True(expected.Count > 200, $"only {expected.Count} spikes: the test network is too quiet to compare");
        Assert.Null(expected.FirstDifference(actual));
    }

    [Fact]
    public void A_changed_table_entry_changes_the_spikes()
    {
        // The comparison above can fail: one synapse weight edited in the CSV shows up as a difference.
        using var folder = new TempFolder();
        QuantizedNetwork network = HandBuiltNetworks.Recurrent(60, 1);
        ChipTableWriter.Write(ChipCompiler.Map(network, MultiChip), folder.Path);
        string synapses = Directory.GetFiles(folder.Path, "synapses.csv", SearchOption.AllDirectories).Order().First();
        string[] lines = File.ReadAllLines(synapses);
        for (int i = 1; i < lines.Length; i++)
        {
            string[] cells = lines[i].Split(',');
            cells[2] = "127";
            lines[i] = string.Join(',', cells);
        }

        File.WriteAllLines(synapses, lines);
        var input = new BernoulliSpikes(1, 0.05);
        SpikeRecord expected = new FixedPointSimulator(network, input).Run(2000);
        SpikeRecord actual = new TableSimulator(ChipTableReader.Read(folder.Path), input).Run(2000);
        Assert.NotNull(expected.FirstDifference(actual));
    }

    [Fact]
    public void A_bad_table_names_the_file_line_and_field()
    {
        using var folder = new TempFolder();
        ChipTableWriter.Write(ChipCompiler.Map(HandBuiltNetworks.Recurrent(30, 1), ChipLimits.Loihi1), folder.Path);
        string compartments = Directory.GetFiles(folder.Path, "compartments.csv", SearchOption.AllDirectories).First();
        string[] lines = File.ReadAllLines(compartments);
        lines[3] = "99," + string.Join(',', lines[3].Split(',').Skip(1));
        File.WriteAllLines(compartments, lines);
        var error = Assert.Throws<InvalidDataException>(() => ChipTableReader.Read(folder.Path));
        Assert.Contains("compartments.csv:4", error.Message);
        Assert.Contains("profile 99", error.Message);
    }

    [Fact]
    public void A_soma_joining_more_currents_than_its_dendrites_push_is_refused()
    {
        using var folder = new TempFolder();
        ChipTableWriter.Write(ChipCompiler.Map(HandBuiltNetworks.Recurrent(30, 1), ChipLimits.Loihi1), folder.Path);
        string header = Path.Combine(folder.Path, "chip.json");
        File.WriteAllText(header, File.ReadAllText(header).Replace("\"joins\": 1", "\"joins\": 2"));
        var error = Assert.Throws<InvalidDataException>(() => ChipTableReader.Read(folder.Path));
        Assert.Contains("joins 2 currents, but only 1 were pushed", error.Message);
    }

    [Fact]
    public void A_newer_format_version_is_refused_with_a_clear_message()
    {
        using var folder = new TempFolder();
        ChipTableWriter.Write(ChipCompiler.Map(HandBuiltNetworks.Recurrent(30, 1), ChipLimits.Loihi1), folder.Path);
        string header = Path.Combine(folder.Path, "chip.json");
        File.WriteAllText(header, File.ReadAllText(header).Replace("\"version\": 1", "\"version\": 2"));
        var error = Assert.Throws<InvalidDataException>(() => ChipTableReader.Read(folder.Path));
        Assert.Contains("version 2 is not supported", error.Message);
    }
}
