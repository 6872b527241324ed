using System;
using System.IO;
using System.Linq;
using SpikeLang.Compiler.Text;
using Xunit;

namespace SpikeLang.Compiler.Tests.Binding;

/// <summary>
/// Timed arrays and spike generators that read stimulus files (docs/stimuli.md) when the network is compiled:
/// the values on the array's bins, the spikes as the same schedule as written inline, and every broken rule a
/// located error quoting the file's line. Each test writes its files into a folder of its own.
/// </summary>
public sealed class DataFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("spikelang-data-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private CompilationResult CompileWith(string snn, params (string Name, string Text)[] files)
    {
        foreach (var (name, text) in files)
        {
            string path = Path.Combine(_folder, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }
        return SnnCompiler.Compile(new[] { new SourceText(Path.Combine(_folder, "net.snn"), snn) }, DataFiles.Disk);
    }

    private const string Reader = """
        neuron Follows {
            state { v = 0 mV }
            equations { dv/dt = (20 Mohm * I(t, i) - v) / (10 ms) }
        }
        network N {
            population P = Follows[2]
        }
        """;

    [Fact]
    public void A_timed_array_holds_each_value_from_the_bin_its_time_falls_in_one_column_per_index()
    {
        var result = CompileWith("timed_array I = file(\"I.csv\") * nA every 1 ms\n" + Reader,
            ("I.csv", "time_s,index,I\n0,0,1\n0.0025,0,3\n0.004,1,5\n"));

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var array = result.Networks.Single().TimedArrays.Single();
        Assert.Equal((5, 2, true, "I.csv"), (array.Rows, array.Columns, array.TwoDimensional, array.DataFile));
        Assert.Equal(new[] { 1, 0, 1, 0, 3, 0, 3, 0, 3, 5 }.Select(v => v * 1e-9), array.Values);
        Assert.Equal("A", array.Dimension.Symbol);
    }

    [Fact]
    public void A_file_of_index_0_only_is_read_as_a_function_of_time_in_the_unit_it_is_divided_by()
    {
        string snn = """
            timed_array rate = file("rates.csv") / ms every 0.5 ms
            network N {
                population P = poisson(rate = rate(t))[3]
            }
            """;
        var result = CompileWith(snn, ("rates.csv", "t,i,rate\n0,0,0.01\n0.001,0,0.02\n"));

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var array = result.Networks.Single().TimedArrays.Single();
        Assert.Equal((3, 1, false), (array.Rows, array.Columns, array.TwoDimensional));
        Assert.Equal(new[] { 10.0, 10.0, 20.0 }, array.Values.Select(v => Math.Round(v, 9)));
        Assert.Equal("Hz", array.Dimension.Symbol);
    }

    [Fact]
    public void A_spike_file_gives_the_schedule_the_same_spikes_give_written_inline()
    {
        const string spikes = "time_s,index\n0.001,2\n0.001,0\n0.0035,1\n0.0049999,2\n";
        var fromFile = CompileWith("network N {\n    population S = spikes(file = \"data/in.csv\", period = 10 ms)[3]\n}\n", ("data/in.csv", spikes));
        var inline = CompileWith("network N {\n    population S = spikes(indices = [2, 0, 1, 2], times = [1, 1, 3.5, 4.9999] * ms, period = 10 ms)[3]\n}\n");

        Assert.False(fromFile.HasErrors, string.Join("\n", fromFile.Diagnostics));
        var a = ((SpikeLang.Compiler.Lowering.InputPopulationPlan)fromFile.Networks.Single().Populations.Single()).Schedule!;
        var b = ((SpikeLang.Compiler.Lowering.InputPopulationPlan)inline.Networks.Single().Populations.Single()).Schedule!;
        Assert.Equal((b.Steps, b.Indices, b.Period), (a.Steps, a.Indices, a.Period));
        Assert.Equal(new[] { 10, 10, 35, 50 }, a.Steps);
        Assert.Equal("data/in.csv", a.DataFile);
    }

    [Fact]
    public void A_relative_name_starts_at_the_folder_of_the_snn_file()
    {
        File.WriteAllText(Path.Combine(_folder, "in.csv"), "time_s,index\n0,0\n");
        string snn = "network N {\n    population S = spikes(file = \"../in.csv\")[1]\n}\n";
        var result = SnnCompiler.Compile(new[] { new SourceText(Path.Combine(_folder, "models", "net.snn"), snn) }, DataFiles.Disk);

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
    }

    [Theory]
    [InlineData("time_s,index,I\n0.002,0,1\n0.001,0,2\n", "line 3: time 0.001 s comes after a later one; sort the file by time")]
    [InlineData("time_s,index,I\n0,0,1\n0.001,0,many\n", "line 3: 'many' is not a number")]
    [InlineData("time_s,index,I\n0,-1,1\n", "line 2: index -1 is not a whole number 0 or more")]
    [InlineData("time_s,index,I\n0,0,1\n-0.5,0,1\n", "line 3: time -0.5 s is not a time of the run")]
    [InlineData("time_s,index,I\n0,0,NaN\n", "line 2: the value NaN is not a finite number")]
    [InlineData("time_s,index\n0,0\n", "needs values, a header 'time_s,index,VALUE', but the file holds spike times")]
    [InlineData("when,what\n0,0\n", "the first line must name the columns")]
    public void A_timed_array_file_that_breaks_a_rule_is_refused_at_its_name_with_the_line(string csv, string message)
    {
        var result = CompileWith("timed_array I = file(\"I.csv\") * nA every 1 ms\n" + Reader, ("I.csv", csv));

        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal(("SL0332", 0, 21), (error.Id, error.LineSpan.Start.Line, error.LineSpan.Start.Character));
        Assert.StartsWith("I.csv: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("time_s,index\n0.001,3\n", "line 2: index 3 is not a source of this input, which has 3 (0 to 2)")]
    [InlineData("time_s,index\n0.001,1\n0.00104,1\n", "line 3: source 1 spikes twice in the step")]
    [InlineData("time_s,index,I\n0,0,1\n", "needs spike times, a header 'time_s,index', but the file holds values")]
    public void A_spike_file_that_breaks_a_rule_is_refused_at_its_name_with_the_line(string csv, string message)
    {
        var result = CompileWith("network N {\n    population S = spikes(file = \"in.csv\")[3]\n}\n", ("in.csv", csv));

        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal(("SL0332", 1, 33), (error.Id, error.LineSpan.Start.Line, error.LineSpan.Start.Character));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_timed_array_longer_than_a_program_should_carry_is_refused_with_its_size()
    {
        var result = CompileWith("timed_array I = file(\"I.csv\") * nA every 1 ms\n" + Reader, ("I.csv", "time_s,index,I\n0,0,1\n2000,1,1\n"));

        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal("SL0333", error.Id);
        Assert.Contains("2000001 bins × 2 columns", error.Message, StringComparison.Ordinal);
        Assert.Contains("spikelang run --input", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_index_near_the_largest_int_is_refused_for_its_size_not_overflowed()
    {
        var result = CompileWith("timed_array I = file(\"I.csv\") * nA every 1 ms\n" + Reader, ("I.csv", "time_s,index,I\n0,2147483646,1\n"));

        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal("SL0333", error.Id);
        Assert.Contains("2147483647 columns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_the_generator_was_not_given_are_missing_with_how_to_give_them()
    {
        string snn = "network N {\n    population S = spikes(file = \"in.csv\")[1]\n}\n";
        var given = DataFiles.From(new[] { new System.Collections.Generic.KeyValuePair<string, string>(Path.Combine(_folder, "in.csv"), "time_s,index\n0,0\n") },
            "is not among the project's additional files");
        var found = SnnCompiler.Compile(new[] { new SourceText(Path.Combine(_folder, "net.snn"), snn) }, given);
        var missing = SnnCompiler.Compile(new[] { new SourceText(Path.Combine(_folder, "other", "net.snn"), snn) }, given);

        Assert.False(found.HasErrors, string.Join("\n", found.Diagnostics));
        var error = Assert.Single(missing.Diagnostics, d => d.IsError);
        Assert.Equal("SL0331", error.Id);
        Assert.Contains("is not among the project's additional files", error.Message, StringComparison.Ordinal);
    }
}
