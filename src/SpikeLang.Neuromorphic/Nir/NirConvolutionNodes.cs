using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Runtime;

namespace SpikeLang.Neuromorphic.Nir;

/// <summary>
/// The NIR node of a convolution or pooling connection, with the datasets NIR 1.0's <c>nir.Conv1d</c>,
/// <c>nir.Conv2d</c>, <c>nir.SumPool2d</c> and <c>nir.AvgPool2d</c> store (the ones snnTorch and Sinabs
/// write): a convolution's weight [out, in, (kh,) kw], bias [out], stride, padding, dilation 1, groups 1
/// and the spatial <c>input_shape</c>; a pooling's kernel_size, stride and padding, per axis.
/// </summary>
public static class NirConvolutionNodes
{
    /// <summary>The NIR node called <paramref name="name"/> for <paramref name="convolution"/>.</summary>
    public static NirNode Node(string name, ConvolutionDescriptor convolution)
    {
        bool oneD = convolution.Kind == "conv1d";
        var fields = new Dictionary<string, NirTensor>(StringComparer.Ordinal);
        if (convolution.Weights is { } weights)
        {
            int[] input = convolution.InputShape, output = convolution.OutputShape;
            long[] shape = oneD
                ? new long[] { output[0], input[0], convolution.Kernel[1] }
                : new long[] { output[0], input[0], convolution.Kernel[0], convolution.Kernel[1] };
            fields["weight"] = new NirTensor(shape, weights.Select(v => (double)v).ToArray());
            fields["bias"] = NirTensor.Vector(convolution.Bias!.Select(v => (double)v).ToArray());
            fields["stride"] = PerAxis(convolution.Stride, oneD);
            fields["padding"] = PerAxis(convolution.Padding, oneD);
            fields["dilation"] = PerAxis(new[] { 1, 1 }, oneD);
            fields["groups"] = NirTensor.Scalar(1);
            fields["input_shape"] = PerAxis(new[] { input[1], input[2] }, oneD);
        }
        else
        {
            fields["kernel_size"] = PerAxis(convolution.Kernel, oneD: false);
            fields["stride"] = PerAxis(convolution.Stride, oneD: false);
            fields["padding"] = PerAxis(convolution.Padding, oneD: false);
        }

        string type = convolution.Kind switch
        {
            "conv1d" => "Conv1d",
            "conv2d" => "Conv2d",
            "sum_pool2d" => "SumPool2d",
            "avg_pool2d" => "AvgPool2d",
            "max_pool2d" => throw new NirFormatException(convolution.Statement, null,
                "is max pooling, which NIR 1.0 has no node for (it has SumPool2d and AvgPool2d); pool with sum_pool2d into threshold neurons that spike when any input did to export the network"),
            _ => throw new ArgumentException($"'{convolution.Kind}' is no convolution or pooling rule.", nameof(convolution)),
        };
        return new NirNode(name, type, fields);
    }

    /// <summary>The shapes of the populations a convolution reads and writes, as the .snn declares them: [C, H, W], or [C, L] for <c>conv1d</c>.</summary>
    public static (int[] Source, int[] Target) Shapes(ConvolutionDescriptor convolution) => convolution.Kind == "conv1d"
        ? (new[] { convolution.InputShape[0], convolution.InputShape[2] }, new[] { convolution.OutputShape[0], convolution.OutputShape[2] })
        : (convolution.InputShape, convolution.OutputShape);

    /// <summary>[height, width] as NIR's 2-D nodes store it, or the width alone (a scalar) as <c>nir.Conv1d</c> does.</summary>
    private static NirTensor PerAxis(int[] values, bool oneD) =>
        oneD ? NirTensor.Scalar(values[1]) : NirTensor.Vector(values[0], values[1]);
}
