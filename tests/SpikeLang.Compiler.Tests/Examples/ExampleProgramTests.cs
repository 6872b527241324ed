using System;
using System.IO;
using System.Linq;
using SpikeLang.Compiler.StandardLibrary;
using SpikeLang.Compiler.Text;
using Xunit;

namespace SpikeLang.Compiler.Tests.Examples;

public class ExampleProgramTests
{
    public static TheoryData<string> ExampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "examples"), "*.snn", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(AppContext.BaseDirectory, file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Every_example_checks_clean(string path)
    {
        // By its full path: the data files an example reads are found beside it.
        string full = Path.Combine(AppContext.BaseDirectory, path);
        var result = SnnCompiler.Compile(new SourceText(full, File.ReadAllText(full)));
        Assert.True(result.Diagnostics.Count == 0, string.Join("\n", result.Diagnostics));
        Assert.NotEmpty(result.Model.Networks);
    }

    [Fact]
    public void The_standard_library_checks_clean_on_its_own()
    {
        var result = SnnCompiler.Compile(StandardModels.Sources);
        Assert.True(result.Diagnostics.Count == 0, string.Join("\n", result.Diagnostics));
        Assert.Equal(
            new[] { "AdEx", "AdaptiveLif", "CubaLif", "Izhikevich", "Leaky", "Lif" },
            result.Model.Neurons.Select(n => n.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(new[] { "RStdp", "Static", "Stdp", "StdpNearest", "StdpTriplet" }, result.Model.Synapses.Select(s => s.Name).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void Design_examples_bind_to_the_expected_networks()
    {
        var model = SnnCompiler.Compile(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "examples"), "*.snn", SearchOption.AllDirectories)
            .Select(f => new SourceText(f, File.ReadAllText(f)))).Model;
        var cuba = model.Networks.Single(n => n.Name == "Cuba");
        Assert.Equal(1e-4, cuba.Dt, 12);
        Assert.Equal(4000, cuba.Populations.Single().Size);
        Assert.Equal((0, 3200), (cuba.Connections[0].Source.Start, cuba.Connections[0].Source.End));
        Assert.Equal(0.02, cuba.Connections[1].Probability);
        Assert.Equal("Examples.Cuba", cuba.Namespace);

        var fashion = model.Networks.Single(n => n.Name == "FashionMlp");
        var train = fashion.Train!;
        Assert.Equal((25, 128), (train.Steps, train.BatchSize));
        Assert.Equal(("cross_entropy", "spike_count", "out"), (train.Loss.Name, train.Loss.Readout, train.Loss.Population));
        Assert.Equal(5e-4, train.Optimizer.Arguments["lr"], 12);
        Assert.Equal(25, train.Surrogate.Arguments["slope"]);
        Assert.Equal("current", train.Encodings.Single().Encoder.Name);

        var song = model.Networks.Single(n => n.Name == "SongMillerAbbott");
        Assert.Equal(15, Assert.IsType<SpikeLang.Compiler.Binding.BoundLiteral>(song.Populations[0].Rate).Value);
        Assert.Equal(SpikeLang.Compiler.Binding.RecordKind.Weights, song.Records.Single().Kind);
    }
}
