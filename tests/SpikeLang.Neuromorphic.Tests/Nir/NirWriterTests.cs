using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using PureHDF;
using SpikeLang.Neuromorphic.Nir;
using Xunit;

namespace SpikeLang.Neuromorphic.Tests.Nir;

public sealed class NirWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("spikelang-nir-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void What_is_written_reads_back_the_same()
    {
        string path = Path.Combine(_directory, "recurrent.nir");
        NirWriter.Write(path, new NirDocument(NirDocument.CurrentVersion, NirTestGraphs.Recurrent()));

        NirDocument back = NirReader.Read(path);

        Assert.Equal("1.0.0", back.Version);
        NirGraph original = NirTestGraphs.Recurrent();
        Assert.Equal(original.Edges, back.Graph.Edges);
        foreach (NirNode node in original.Nodes)
        {
            NirNode read = back.Graph.Find(node.Name)!;
            Assert.Equal(node.Type, read.Type);
            foreach (var (field, tensor) in node.Fields)
            {
                Assert.Equal(tensor.Shape, read[field].Shape);
                Assert.Equal(tensor.Values.Select(v => (float)v), read[field].Values.Select(v => (float)v));
            }
        }
    }

    [Fact]
    public void The_layout_is_NIR_s_float32_parameters_int64_shapes_utf8_strings()
    {
        string path = Path.Combine(_directory, "layout.nir");
        NirWriter.Write(path, new NirDocument(NirDocument.CurrentVersion, NirTestGraphs.Recurrent()));

        using var file = H5File.OpenRead(path);
        IH5Dataset version = file.Dataset("version");
        Assert.Equal("1.0.0", version.Read<string>());
        IH5Group graph = file.Group("node");
        Assert.Equal("NIRGraph", graph.Dataset("type").Read<string>());
        IH5Dataset edges = graph.Dataset("edges");
        Assert.Equal(new ulong[] { 7, 2 }, edges.Space.Dimensions);
        Assert.Equal("in", edges.Read<string[]>()[0]);
        IH5Group nodes = graph.Group("nodes");
        IH5Dataset tau = nodes.Group("hidden").Dataset("tau");
        Assert.Equal((H5DataTypeClass.FloatingPoint, 4), (tau.Type.Class, tau.Type.Size));
        IH5Dataset weight = nodes.Group("w_in").Dataset("weight");
        Assert.Equal(new ulong[] { 3, 2 }, weight.Space.Dimensions);
        IH5Dataset shape = nodes.Group("in").Dataset("shape");
        Assert.Equal((H5DataTypeClass.FixedPoint, 8), (shape.Type.Class, shape.Type.Size));
        Assert.Equal(new long[] { 2 }, shape.Read<long[]>());
        // NIR 1.0 derives input and output types from the parameters and does not store them.
        Assert.False(nodes.Group("w_in").LinkExists("input_type"));
        Assert.False(graph.LinkExists("output_type"));
    }

    [H5dumpFact]
    public void h5dump_lists_the_NIR_layout()
    {
        string path = Path.Combine(_directory, "dump.nir");
        NirWriter.Write(path, new NirDocument(NirDocument.CurrentVersion, NirTestGraphs.Recurrent()));
        var start = new ProcessStartInfo(H5dumpFactAttribute.Path!, new[] { "-H", path }) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        string listing = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("DATASET \"version\"", listing);
        Assert.Contains("GROUP \"node\"", listing);
        Assert.Contains("GROUP \"nodes\"", listing);
        Assert.Contains("DATASET \"edges\"", listing);
        Assert.Contains("CSET H5T_CSET_UTF8", listing);
        Assert.Contains("STRSIZE H5T_VARIABLE", listing);
        Assert.Contains("H5T_IEEE_F32LE", listing);
        Assert.Contains("H5T_STD_I64LE", listing);
        Assert.DoesNotContain("H5T_IEEE_F64LE", listing);
        Assert.Contains("DATASPACE  SIMPLE { ( 7, 2 ) / ( 7, 2 ) }", listing);
    }
}

/// <summary>A fact that is skipped when h5dump (Debian hdf5-tools) is not installed.</summary>
public sealed class H5dumpFactAttribute : FactAttribute
{
    public static string? Path { get; } = new[] { "/usr/bin/h5dump", "/usr/local/bin/h5dump" }.FirstOrDefault(File.Exists);

    public H5dumpFactAttribute()
    {
        if (Path is null)
        {
            Skip = "h5dump (hdf5-tools) is not installed";
        }
    }
}
