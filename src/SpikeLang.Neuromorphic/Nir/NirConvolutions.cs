using System;
using System.Linq;

namespace SpikeLang.Neuromorphic.Nir;

/// <summary>
/// Reads a NIR Conv1d, Conv2d, SumPool2d or AvgPool2d node as the SpikeLang connection rule it becomes
/// (<c>conv2d(kernel = 3, stride = 1, padding = 1)</c>), with the shapes it reads and writes. SpikeLang
/// rules take one kernel, stride and padding for both axes, dilation 1 and one group; a node that needs
/// more is refused naming the field.
/// </summary>
public static class NirConvolutions
{
    /// <summary>Whether <paramref name="type"/> is a node this class reads.</summary>
    public static bool Is(string type) => type is "Conv1d" or "Conv2d" or "SumPool2d" or "AvgPool2d";

    /// <summary>
    /// The input shape the node states itself: a convolution's in-channels and <c>input_shape</c>, or
    /// null when it has none (a pooling never has one: its shape is its source's).
    /// </summary>
    /// <exception cref="NirFormatException">The weight or <c>input_shape</c> is malformed.</exception>
    public static int[]? StatedInput(NirNode node)
    {
        if (node.Type is "SumPool2d" or "AvgPool2d" || !node.Fields.TryGetValue("input_shape", out var spatial))
        {
            return null;
        }

        int rank = Rank(node);
        int channels = (int)Weight(node).Shape[1];
        if (spatial.Count != rank - 1)
        {
            throw new NirFormatException(node.Name, "input_shape",
                $"has {spatial.Count} values, but a {node.Type} input has {rank - 1} spatial dimension{(rank == 2 ? "" : "s")}");
        }

        return spatial.Values.Select(v => Dimension(node, "input_shape", v)).Prepend(channels).ToArray();
    }

    /// <summary>The rank of the shapes the node reads and writes: 3 ([C, H, W]) for 2-D, 2 ([C, L]) for 1-D.</summary>
    public static int Rank(NirNode node) => node.Type == "Conv1d" ? 2 : 3;

    /// <summary>The rule of <paramref name="node"/> applied to an input of shape <paramref name="input"/>, and the shape it gives.</summary>
    /// <param name="node">A node for which <see cref="Is"/> holds.</param>
    /// <param name="input">[C, H, W] (2-D) or [C, L] (1-D).</param>
    /// <exception cref="NirFormatException">SpikeLang cannot express the node, or it does not fit <paramref name="input"/>.</exception>
    public static (ImportedConvolution Rule, int[] Output) Read(NirNode node, int[] input)
    {
        bool pooling = node.Type is "SumPool2d" or "AvgPool2d";
        int kernel;
        int[]? weightShape = null;
        if (pooling)
        {
            kernel = Square(node, "kernel_size", "kernel", least: 1);
        }
        else
        {
            NirTensor weight = Weight(node);
            weightShape = weight.Shape.Select(d => (int)d).ToArray();
            if (weightShape[1] != input[0])
            {
                throw new NirFormatException(node.Name, "weight",
                    $"takes {weightShape[1]} input channels ({weight.ShapeText}), but its input has shape [{string.Join(", ", input)}]");
            }

            kernel = weightShape[2];
            if (node.Type == "Conv2d" && weightShape[3] != kernel)
            {
                throw new NirFormatException(node.Name, "weight",
                    $"has a {weightShape[2]}×{weightShape[3]} kernel; SpikeLang convolutions have square kernels — retrain with a square kernel_size");
            }

            Check(node, "dilation", 1, "SpikeLang convolutions are not dilated — retrain with dilation=1");
            Check(node, "groups", 1, "SpikeLang convolutions connect every input channel to every output channel — retrain with groups=1");
            if (node["bias"].Count != weightShape[0])
            {
                throw new NirFormatException(node.Name, "bias", $"has {node["bias"].Count} values, but 'weight' has {weightShape[0]} output channels");
            }
        }

        int stride = Square(node, "stride", "stride", least: 1);
        int padding = Padding(node, kernel, stride);
        int[] output = new int[input.Length];
        output[0] = weightShape?[0] ?? input[0];
        for (int axis = 1; axis < input.Length; axis++)
        {
            if (input[axis] + 2 * padding < kernel)
            {
                throw new NirFormatException(node.Name, pooling ? "kernel_size" : "weight",
                    $"the kernel {kernel} is larger than the padded input [{string.Join(", ", input)}] with padding {padding}");
            }

            output[axis] = (input[axis] + 2 * padding - kernel) / stride + 1;
        }

        string kind = node.Type switch { "Conv1d" => "conv1d", "Conv2d" => "conv2d", "SumPool2d" => "sum_pool2d", _ => "avg_pool2d" };
        return (new ImportedConvolution(kind, weightShape, kernel, stride, padding), output);
    }

    private static NirTensor Weight(NirNode node)
    {
        NirTensor weight = node["weight"];
        int rank = Rank(node) + 1;
        if (weight.Shape.Length != rank)
        {
            throw new NirFormatException(node.Name, "weight",
                $"has shape {weight.ShapeText}; a {node.Type} weight is [out channels, in channels, {(rank == 3 ? "kernel" : "kernel height, kernel width")}]");
        }

        return weight;
    }

    /// <summary>The one value of a per-axis field (a scalar, or the same value for every axis).</summary>
    private static int Square(NirNode node, string field, string argument, int least)
    {
        NirTensor tensor = node[field];
        if (tensor.Count == 0 || !tensor.IsUniform)
        {
            throw new NirFormatException(node.Name, field,
                $"is [{string.Join(", ", tensor.Values)}]; SpikeLang takes one {argument} for both axes — retrain with a square {field}");
        }

        int value = Dimension(node, field, tensor.Values[0]);
        return value >= least ? value : throw new NirFormatException(node.Name, field, $"is {value}; a {argument} is at least {least}");
    }

    private static void Check(NirNode node, string field, int required, string why)
    {
        if (node[field].Values.Any(v => v != required))
        {
            throw new NirFormatException(node.Name, field, $"is [{string.Join(", ", node[field].Values)}]; {why}");
        }
    }

    /// <summary>Whole padding per side: a number, or NIR's <c>"valid"</c> (0) and <c>"same"</c> (the output keeps the input's size).</summary>
    private static int Padding(NirNode node, int kernel, int stride)
    {
        if (node.Text.TryGetValue("padding", out string? text))
        {
            return text switch
            {
                "valid" => 0,
                "same" when stride == 1 && kernel % 2 == 1 => (kernel - 1) / 2,
                "same" => throw new NirFormatException(node.Name, "padding",
                    $"is \"same\" with kernel {kernel} and stride {stride}; that pads the two sides unequally, which SpikeLang cannot — use an odd kernel and stride 1, or a number"),
                _ => throw new NirFormatException(node.Name, "padding", $"is \"{text}\"; NIR padding is a number, \"same\" or \"valid\""),
            };
        }

        return Square(node, "padding", "padding", least: 0);
    }

    private static int Dimension(NirNode node, string field, double value) =>
        value >= 0 && value == Math.Floor(value) && value <= int.MaxValue
            ? (int)value
            : throw new NirFormatException(node.Name, field, $"has {value}, where a whole number is needed");
}
