using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PureHDF;
using PureHDF.VOL.Native;

namespace SpikeLang.Neuromorphic.Nir;

/// <summary>
/// Reads NIR files (HDF5: <c>/version</c>, and <c>/node</c>, a <c>NIRGraph</c> group with <c>type</c>,
/// <c>nodes/&lt;name&gt;/</c> and <c>edges</c>) written by NIR 0.1 to 1.0, checking each node against
/// <see cref="NirNodeTypes"/> and the graph's shapes against its edges.
/// </summary>
public static class NirReader
{
    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    /// <exception cref="NirFormatException">The file is unreadable or not a valid NIR graph; the message starts with the path.</exception>
    public static NirDocument Read(string path)
    {
        try
        {
            using var file = OpenHdf5(path);
            string version = ReadVersion(file);
            if (!file.LinkExists("node") || file.Get("node") is not IH5Group root)
            {
                throw new NirFormatException(null, "node", "the file has no '/node' group; a NIR file keeps its graph there");
            }

            var graph = ReadGraph(root, prefix: "");
            NirShapes.Check(graph);
            return new NirDocument(version, graph);
        }
        catch (NirFormatException ex)
        {
            throw ex.InFile(path);
        }
        catch (Exception ex) when (ex is not IOException and not UnauthorizedAccessException)
        {
            // PureHDF reads lazily: a truncated file can fail anywhere below the root.
            throw new NirFormatException(null, null, $"not a readable HDF5 file (truncated or corrupt?): {ex.Message}").InFile(path);
        }
    }

    private static NativeFile OpenHdf5(string path)
    {
        try
        {
            return H5File.OpenRead(path);
        }
        catch (Exception ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException and not UnauthorizedAccessException)
        {
            throw new NirFormatException(null, null, $"not a readable HDF5 file (truncated or corrupt?): {ex.Message}");
        }
    }

    private static string ReadVersion(IH5Group file)
    {
        if (!file.LinkExists("version") || file.Get("version") is not IH5Dataset dataset)
        {
            throw new NirFormatException(null, "version", "the file has no '/version' string; NIR files carry the version of NIR that wrote them");
        }

        string version = ReadString(dataset, node: null, field: "version");
        string major = version.Split('.')[0];
        if (major is not ("0" or "1"))
        {
            throw new NirFormatException(null, "version", $"'{version}' is not a NIR version SpikeLang reads (0.1 to 1.0)");
        }

        return version;
    }

    private static NirGraph ReadGraph(IH5Group group, string prefix)
    {
        string graphName = prefix.Length == 0 ? "(top-level graph)" : prefix.TrimEnd('.');
        string type = ReadType(group, graphName);
        if (type != NirNodeTypes.Graph)
        {
            throw new NirFormatException(graphName, "type", $"'{type}' where a graph was expected; the top-level node must be a {NirNodeTypes.Graph}");
        }

        if (!group.LinkExists("nodes") || group.Get("nodes") is not IH5Group nodesGroup)
        {
            throw new NirFormatException(graphName, "nodes", "the graph has no 'nodes' group");
        }

        var nodes = new List<NirNode>();
        foreach (IH5Object child in nodesGroup.Children())
        {
            if (child is not IH5Group nodeGroup)
            {
                throw new NirFormatException(prefix + child.Name, null, "is a dataset, but every entry of 'nodes' must be a group");
            }

            nodes.Add(ReadNode(nodeGroup, child.Name, prefix));
        }

        var edges = ReadEdges(group, graphName);
        return new NirGraph(nodes, edges, ReadMetadata(group, graphName));
    }

    private static NirNode ReadNode(IH5Group group, string name, string prefix)
    {
        string path = prefix + name;
        string type = ReadType(group, path);
        if (type == NirNodeTypes.Graph)
        {
            var subgraph = ReadGraph(group, path + ".");
            return new NirNode(name, type, new Dictionary<string, NirTensor>(), subgraph: subgraph, metadata: subgraph.Metadata);
        }

        NirNodeType description = NirNodeTypes.Find(type)
            ?? throw new NirFormatException(path, "type", type == "MaxPool2d"
                ? "'MaxPool2d' is not a NIR node type (NIR 1.0 pools by sum or average), so its fields have no agreed meaning — export the pooling as sum or average pooling (SumPool2d, AvgPool2d), or import without it and write max_pool2d(kernel = k) in the .snn"
                : $"'{type}' is not a NIR node type; known types are {string.Join(", ", NirNodeTypes.Names)}");

        var fields = new Dictionary<string, NirTensor>(StringComparer.Ordinal);
        var text = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (IH5Object child in group.Children())
        {
            // input_type / output_type groups (NIR 1.0) repeat shapes the parameters already give.
            if (child is not IH5Dataset dataset || child.Name == "type")
            {
                continue;
            }

            if (IsString(dataset))
            {
                text[child.Name] = ReadString(dataset, path, child.Name);
            }
            else
            {
                fields[child.Name] = ReadTensor(dataset, path, child.Name);
            }
        }

        foreach (string required in description.Required)
        {
            if (!fields.ContainsKey(required) && !text.ContainsKey(required))
            {
                throw new NirFormatException(path, required, $"missing: a {type} node needs the datasets {string.Join(", ", description.Required)}");
            }
        }

        foreach (var (field, value) in description.Defaults)
        {
            if (!fields.ContainsKey(field))
            {
                long[] shape = fields[description.DefaultShapeOf!].Shape;
                fields[field] = new NirTensor(shape, Enumerable.Repeat(value, (int)NirTensor.Product(shape)).ToArray());
            }
        }

        CheckElementwise(path, description, fields);
        return new NirNode(name, type, fields, text, metadata: ReadMetadata(group, path));
    }

    private static void CheckElementwise(string path, NirNodeType description, Dictionary<string, NirTensor> fields)
    {
        if (description.Elementwise.Count == 0)
        {
            return;
        }

        string first = description.Elementwise[0];
        NirTensor reference = fields[first];
        foreach (string field in description.Elementwise.Skip(1))
        {
            if (!fields[field].Shape.AsSpan().SequenceEqual(reference.Shape))
            {
                throw new NirFormatException(path, field,
                    $"shape {fields[field].ShapeText} differs from '{first}' {reference.ShapeText}; every parameter of a {description.Type} node has one value per neuron");
            }
        }
    }

    private static List<NirEdge> ReadEdges(IH5Group group, string graphName)
    {
        if (!group.LinkExists("edges") || group.Get("edges") is not IH5Dataset dataset)
        {
            throw new NirFormatException(graphName, "edges", "the graph has no 'edges' dataset");
        }

        ulong[] dimensions = dataset.Space.Dimensions;
        long count = dimensions.Length == 0 ? 1 : (long)dimensions.Aggregate(1UL, (a, b) => a * b);
        if (count == 0)
        {
            return new List<NirEdge>();
        }

        if (!IsString(dataset) || dimensions.Length != 2 || dimensions[1] != 2)
        {
            throw new NirFormatException(graphName, "edges", $"must be an [n, 2] array of node names, not {Describe(dataset)}");
        }

        string[] names = Guard(graphName, "edges", () => dataset.Read<string[]>());
        var edges = new List<NirEdge>();
        for (int k = 0; k + 1 < names.Length; k += 2)
        {
            edges.Add(new NirEdge(names[k], names[k + 1]));
        }

        return edges;
    }

    private static Dictionary<string, string> ReadMetadata(IH5Group group, string node)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!group.LinkExists("metadata") || group.Get("metadata") is not IH5Group metadataGroup)
        {
            return metadata;
        }

        foreach (IH5Object child in metadataGroup.Children())
        {
            if (child is IH5Dataset dataset)
            {
                metadata[child.Name] = IsString(dataset)
                    ? ReadString(dataset, node, "metadata/" + child.Name)
                    : string.Join(" ", ReadTensor(dataset, node, "metadata/" + child.Name).Values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        return metadata;
    }

    private static string ReadType(IH5Group group, string node)
    {
        if (!group.LinkExists("type") || group.Get("type") is not IH5Dataset dataset)
        {
            throw new NirFormatException(node, "type", "missing: every NIR node has a 'type' string dataset");
        }

        if (!IsString(dataset))
        {
            throw new NirFormatException(node, "type", $"must be a string, not {Describe(dataset)}");
        }

        return ReadString(dataset, node, "type");
    }

    private static string ReadString(IH5Dataset dataset, string? node, string field)
    {
        if (!IsString(dataset))
        {
            throw new NirFormatException(node, field, $"must be a string, not {Describe(dataset)}");
        }

        return Guard(node, field, () => dataset.Space.Dimensions.Length == 0 ? dataset.Read<string>() : dataset.Read<string[]>().Single());
    }

    private static NirTensor ReadTensor(IH5Dataset dataset, string node, string field)
    {
        long[] shape = dataset.Space.Dimensions.Select(d => (long)d).ToArray();
        IH5DataType type = dataset.Type;
        double[] values = (type.Class, type.Size) switch
        {
            (H5DataTypeClass.FloatingPoint, 4) => Guard(node, field, () => dataset.Read<float[]>()).Select(v => (double)v).ToArray(),
            (H5DataTypeClass.FloatingPoint, 8) => Guard(node, field, () => dataset.Read<double[]>()),
            (H5DataTypeClass.FixedPoint, 8) => Guard(node, field, () => dataset.Read<long[]>()).Select(v => (double)v).ToArray(),
            (H5DataTypeClass.FixedPoint, 4) => Guard(node, field, () => dataset.Read<int[]>()).Select(v => (double)v).ToArray(),
            (H5DataTypeClass.FixedPoint, 2) => Guard(node, field, () => dataset.Read<short[]>()).Select(v => (double)v).ToArray(),
            (H5DataTypeClass.FixedPoint, 1) => Guard(node, field, () => dataset.Read<byte[]>()).Select(v => (double)v).ToArray(),
            _ => throw new NirFormatException(node, field, $"must be numbers (float32, float64 or integers), not {Describe(dataset)}"),
        };
        return new NirTensor(shape, values);
    }

    /// <summary>Fixed-length strings, and variable-length ones (what h5py and PureHDF write).</summary>
    private static bool IsString(IH5Dataset dataset) => dataset.Type.Class switch
    {
        H5DataTypeClass.String => true,
        H5DataTypeClass.VariableLength => dataset.Type.VariableLength.BaseType.Class == H5DataTypeClass.String || dataset.Type.VariableLength.BaseType.Class == H5DataTypeClass.FixedPoint && dataset.Type.VariableLength.BaseType.Size == 1,
        _ => false,
    };

    private static string Describe(IH5Dataset dataset) =>
        $"{dataset.Type.Class} of {dataset.Type.Size} bytes, shape [{string.Join(", ", dataset.Space.Dimensions)}]";

    private static T Guard<T>(string? node, string field, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is not NirFormatException)
        {
            throw new NirFormatException(node, field, $"cannot be read (truncated or corrupt file?): {ex.Message}");
        }
    }
}
