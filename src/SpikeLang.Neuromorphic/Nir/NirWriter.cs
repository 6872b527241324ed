using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PureHDF;
using SpikeLang.Runtime;

namespace SpikeLang.Neuromorphic.Nir;

/// <summary>
/// Writes NIR files in the layout NIR 1.0's reference implementation writes: <c>/version</c> and
/// <c>/node</c> (the graph: <c>type</c>, <c>nodes/&lt;name&gt;/</c>, <c>edges</c> as an [n, 2] string
/// array, <c>metadata</c> when there is any). Like NIR 1.0's <c>to_dict</c>, no <c>input_type</c> /
/// <c>output_type</c> is written (readers derive them from the parameters; NIR's own reader rejects
/// them on most node types), except Flatten's <c>input_type</c> dataset, which is one of its parameters.
/// Parameters are float32, shapes and other counts int64, strings variable-length UTF-8.
/// </summary>
/// <remarks>
/// PureHDF marks variable-length strings as null-padded where h5py marks them null-terminated; for
/// variable-length strings the padding is unused, and h5py, PureHDF and h5dump read them the same.
/// </remarks>
public static class NirWriter
{
    /// <summary>Fields that hold counts, dimensions or indices, which NIR stores as int64.</summary>
    private static readonly HashSet<string> IntegerFields = new(StringComparer.Ordinal)
    {
        "shape", "input_type", "start_dim", "end_dim", "stride", "padding", "dilation", "groups", "kernel_size", "input_shape",
    };

    /// <summary>Writes <paramref name="document"/> to <paramref name="path"/> atomically (a reader never sees half a file).</summary>
    public static void Write(string path, NirDocument document)
    {
        var file = new H5File
        {
            ["version"] = document.Version,
            ["node"] = GraphGroup(document.Graph),
        };
        // PureHDF needs a readable, seekable stream, which the atomic writer's file is not: build in memory.
        var buffer = new MemoryStream();
        file.Write(buffer);
        AtomicFile.WriteBytes(path, buffer.ToArray());
    }

    private static H5Group GraphGroup(NirGraph graph)
    {
        var nodes = new H5Group();
        foreach (NirNode node in graph.Nodes)
        {
            nodes[node.Name] = node.Subgraph is { } subgraph ? GraphGroup(subgraph) : NodeGroup(node);
        }

        string[] edgeNames = graph.Edges.SelectMany(e => new[] { e.Source, e.Target }).ToArray();
        var group = new H5Group
        {
            ["type"] = NirNodeTypes.Graph,
            ["nodes"] = nodes,
            ["edges"] = new H5Dataset(edgeNames, fileDims: new ulong[] { (ulong)graph.Edges.Count, 2 }),
        };
        AddMetadata(group, graph.Metadata);
        return group;
    }

    private static H5Group NodeGroup(NirNode node)
    {
        var group = new H5Group { ["type"] = node.Type };
        foreach (var (name, tensor) in node.Fields)
        {
            group[name] = Dataset(name, tensor);
        }

        foreach (var (name, text) in node.Text)
        {
            group[name] = text;
        }

        AddMetadata(group, node.Metadata);
        return group;
    }

    private static H5Dataset Dataset(string name, NirTensor tensor)
    {
        ulong[] dimensions = tensor.Shape.Select(d => (ulong)d).ToArray();
        return IntegerFields.Contains(name)
            ? new H5Dataset(tensor.Values.Select(v => (long)v).ToArray(), fileDims: dimensions)
            : new H5Dataset(tensor.ToSingle(), fileDims: dimensions);
    }

    private static void AddMetadata(H5Group group, IReadOnlyDictionary<string, string> metadata)
    {
        if (metadata.Count == 0)
        {
            return;
        }

        var entries = new H5Group();
        foreach (var (key, value) in metadata)
        {
            entries[key] = value;
        }

        group["metadata"] = entries;
    }
}
