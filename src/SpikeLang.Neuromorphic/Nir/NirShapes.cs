using System;
using System.Collections.Generic;
using System.Linq;

namespace SpikeLang.Neuromorphic.Nir;

/// <summary>How many values a node takes in or gives out, and which of its datasets says so.</summary>
/// <param name="Size">Number of values, or null when the node does not fix it (a convolution without input shape).</param>
/// <param name="Field">The dataset the size comes from, for messages.</param>
public readonly record struct NirPort(long? Size, string Field);

/// <summary>
/// The sizes of node inputs and outputs, and the check that every edge joins an output and an input of
/// the same size (NIR edges are identities: the values flow through unchanged).
/// </summary>
public static class NirShapes
{
    /// <summary>Checks a graph (nested graphs included) and each node's own shapes.</summary>
    /// <exception cref="NirFormatException">An edge joins different sizes, or a node's datasets disagree.</exception>
    public static void Check(NirGraph graph)
    {
        NirGraph flat = NirFlattener.Flatten(graph);
        foreach (NirNode node in flat.Nodes)
        {
            CheckNode(node);
        }

        foreach (NirEdge edge in flat.Edges)
        {
            NirNode source = flat.Find(edge.Source)!;
            NirNode target = flat.Find(edge.Target)!;
            NirPort output = Output(source);
            NirPort input = Input(target);
            if (output.Size is { } given && input.Size is { } taken && given != taken)
            {
                throw new NirFormatException(target.Name, input.Field,
                    $"takes {taken} values, but edge {edge} brings the {given} values of '{source.Name}' (its '{output.Field}'); the shapes on both ends of an edge must match");
            }
        }
    }

    /// <summary>What <paramref name="node"/> takes in.</summary>
    public static NirPort Input(NirNode node) => node.Type switch
    {
        "Affine" or "Linear" => new NirPort(Matrix(node).Columns, "weight"),
        "Flatten" => node.Fields.ContainsKey("input_type") ? new NirPort(ShapeSize(node, "input_type"), "input_type") : new NirPort(null, "input_type"),
        _ => Elementwise(node),
    };

    /// <summary>What <paramref name="node"/> gives out.</summary>
    public static NirPort Output(NirNode node) => node.Type switch
    {
        "Affine" or "Linear" => new NirPort(Matrix(node).Rows, "weight"),
        _ => Input(node),
    };

    /// <summary>The rows (outputs) and columns (inputs) of an Affine or Linear weight.</summary>
    /// <exception cref="NirFormatException">The weight is not a matrix.</exception>
    public static (long Rows, long Columns) Matrix(NirNode node)
    {
        NirTensor weight = node["weight"];
        if (weight.Shape.Length != 2)
        {
            throw new NirFormatException(node.Name, "weight",
                $"has shape {weight.ShapeText}; SpikeLang reads {node.Type} weights as 2-D matrices [outputs, inputs]");
        }

        return (weight.Shape[0], weight.Shape[1]);
    }

    private static NirPort Elementwise(NirNode node) => node.Type switch
    {
        "Input" or "Output" or NirFlattener.Identity => new NirPort(ShapeSize(node, "shape"), "shape"),
        "Scale" => new NirPort(node["scale"].Count, "scale"),
        "Delay" => new NirPort(node["delay"].Count, "delay"),
        _ when NirNodeTypes.Find(node.Type) is { Elementwise.Count: > 0 } type => new NirPort(node[type.Elementwise[0]].Count, type.Elementwise[0]),
        _ => new NirPort(null, "input_shape"),
    };

    private static void CheckNode(NirNode node)
    {
        if (node.Type == "Affine")
        {
            var (rows, _) = Matrix(node);
            NirTensor bias = node["bias"];
            if (bias.Count != rows)
            {
                throw new NirFormatException(node.Name, "bias", $"has {bias.Count} values {bias.ShapeText}, but 'weight' has {rows} rows; an Affine bias has one value per output");
            }
        }
        else if (node.Type == "Linear")
        {
            Matrix(node);
        }
    }

    /// <summary>The number of elements of the shape stored in <paramref name="field"/>.</summary>
    /// <exception cref="NirFormatException">The dataset is not a list of whole, non-negative dimensions.</exception>
    public static long ShapeSize(NirNode node, string field)
    {
        NirTensor shape = node[field];
        if (shape.Shape.Length > 1 || shape.Values.Any(v => v < 0 || v != Math.Floor(v)))
        {
            throw new NirFormatException(node.Name, field, $"must list whole, non-negative dimensions, not {shape.ShapeText} values {string.Join(", ", shape.Values)}");
        }

        return NirTensor.Product(shape.Values.Select(v => (long)v).ToArray());
    }
}
