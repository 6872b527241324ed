using System;

namespace SpikeLang.Neuromorphic.Nir;

/// <summary>
/// A NIR file or graph that SpikeLang cannot use: the message names the node and the field at
/// fault, says what is wrong and how to fix it. <see cref="NirReader"/> adds the file name.
/// </summary>
public sealed class NirFormatException : Exception
{
    /// <summary>A problem with one field (dataset) of one node.</summary>
    /// <param name="node">Node name (a path such as <c>sub.lif1</c> inside nested graphs), or null for the file itself.</param>
    /// <param name="field">Dataset or group at fault, or null when the whole node is.</param>
    /// <param name="problem">What is wrong and how to fix it, without a final full stop.</param>
    public NirFormatException(string? node, string? field, string problem)
        : base(Describe(node, field) + problem + ".")
    {
        Node = node;
        Field = field;
    }

    private NirFormatException(string message, string? node, string? field, Exception inner)
        : base(message, inner)
    {
        Node = node;
        Field = field;
    }

    /// <summary>The node at fault, or null.</summary>
    public string? Node { get; }

    /// <summary>The field at fault, or null.</summary>
    public string? Field { get; }

    /// <summary>The same problem with <paramref name="path"/> in front of the message.</summary>
    public NirFormatException InFile(string path) => new($"{path}: {Message}", Node, Field, this);

    private static string Describe(string? node, string? field) => (node, field) switch
    {
        (null, null) => "",
        (null, _) => $"'{field}': ",
        (_, null) => $"node '{node}': ",
        _ => $"node '{node}', field '{field}': ",
    };
}
