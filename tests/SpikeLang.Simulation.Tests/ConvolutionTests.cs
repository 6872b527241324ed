using System;
using System.Linq;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Simulation.Tests;

/// <summary>
/// Convolution and pooling connections against a direct convolution computed here by nested loops over
/// the outputs (the generated code scatters from the inputs instead, so the two share no code).
/// </summary>
public class ConvolutionTests
{
    /// <summary>out[o, oy, ox] = Σ_c,ky,kx w[o, c, ky, kx] · in[c, oy·s − p + ky, ox·s − p + kx], zero outside the input.</summary>
    private static float[] Reference(float[] input, int inC, int inH, int inW, Func<int, int, int, int, float> weight,
        int outC, int k, int stride, int padding, bool channelToSameChannel = false, int kh = -1, int strideH = -1, int paddingH = -1)
    {
        kh = kh < 0 ? k : kh;
        strideH = strideH < 0 ? stride : strideH;
        paddingH = paddingH < 0 ? padding : paddingH;
        int outH = (inH + 2 * paddingH - kh) / strideH + 1, outW = (inW + 2 * padding - k) / stride + 1;
        var output = new float[outC * outH * outW];
        for (int o = 0; o < outC; o++)
        {
            for (int oy = 0; oy < outH; oy++)
            {
                for (int ox = 0; ox < outW; ox++)
                {
                    double sum = 0;
                    for (int c = 0; c < inC; c++)
                    {
                        if (channelToSameChannel && c != o)
                        {
                            continue;
                        }
                        for (int ky = 0; ky < kh; ky++)
                        {
                            for (int kx = 0; kx < k; kx++)
                            {
                                int iy = oy * strideH - paddingH + ky, ix = ox * stride - padding + kx;
                                if (iy >= 0 && iy < inH && ix >= 0 && ix < inW)
                                {
                                    sum += weight(o, c, ky, kx) * input[(c * inH + iy) * inW + ix];
                                }
                            }
                        }
                    }
                    output[(o * outH + oy) * outW + ox] = (float)sum;
                }
            }
        }
        return output;
    }

    private static void Near(float[] expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * (1 + Math.Abs(expected[i])), $"output {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    private static int[] SomeSpikes(int count, int seed) =>
        Enumerable.Range(0, count).Where(i => new Random(seed + i).NextDouble() < 0.4).ToArray();

    private static float[] Dense(int[] spikes, int count)
    {
        var values = new float[count];
        foreach (int s in spikes)
        {
            values[s] = 1;
        }
        return values;
    }

    [Fact]
    public void Shaped_populations_hold_the_product_of_their_dimensions()
    {
        var net = new Convolution();
        Assert.Equal(72, net.img.Count);
        Assert.Equal(108, net.same.Count);
        Assert.Equal(20, net.seq.Count);
        Assert.Equal(24, net.line.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Conv2d_after_one_step_equals_a_direct_convolution_for_each_stride_and_padding(int seed)
    {
        var net = new Convolution(seed: (ulong)seed);
        var spikes = SomeSpikes(72, seed * 100);
        net.img.SetSpikes(spikes);
        net.Step();
        var input = Dense(spikes, 72);

        float[] W(Span<float> w) => w.ToArray();
        var same = W(net.img_to_same.w);
        Near(Reference(input, 2, 6, 6, (o, c, ky, kx) => same[((o * 2 + c) * 3 + ky) * 3 + kx], 3, 3, 1, 1), net.same._input);
        var strided = W(net.img_to_strided.w);
        Near(Reference(input, 2, 6, 6, (o, c, ky, kx) => strided[((o * 2 + c) * 3 + ky) * 3 + kx], 3, 3, 2, 1), net.strided._input);
        var valid = W(net.img_to_valid.w);
        Near(Reference(input, 2, 6, 6, (o, c, ky, kx) => valid[((o * 2 + c) * 3 + ky) * 3 + kx], 2, 3, 1, 0), net.valid._input);
        var coarse = W(net.img_to_coarse.w);
        Near(Reference(input, 2, 6, 6, (o, c, ky, kx) => coarse[((o * 2 + c) * 3 + ky) * 3 + kx], 3, 3, 2, 0), net.coarse._input);
    }

    [Fact]
    public void Pooling_adds_one_or_the_window_average_channel_to_channel()
    {
        var net = new Convolution();
        var spikes = SomeSpikes(72, 7);
        net.img.SetSpikes(spikes);
        net.Step();
        var input = Dense(spikes, 72);
        Near(Reference(input, 2, 6, 6, (_, _, _, _) => 1f, 2, 2, 2, 0, channelToSameChannel: true), net.summed._input);
        Near(Reference(input, 2, 6, 6, (_, _, _, _) => 0.25f, 2, 2, 2, 0, channelToSameChannel: true), net.averaged._input);
        Near(Reference(input, 2, 6, 6, (_, _, _, _) => 1f, 2, 3, 2, 0, channelToSameChannel: true), net.overlapping._input);
    }

    /// <summary>out[c, oy, ox] = the largest in[c, oy·s − p + ky, ox·s − p + kx] inside the input (padding is never the maximum).</summary>
    private static float[] MaxReference(float[] input, int channels, int inH, int inW, int k, int stride, int padding)
    {
        int outH = (inH + 2 * padding - k) / stride + 1, outW = (inW + 2 * padding - k) / stride + 1;
        var output = new float[channels * outH * outW];
        for (int c = 0; c < channels; c++)
        {
            for (int oy = 0; oy < outH; oy++)
            {
                for (int ox = 0; ox < outW; ox++)
                {
                    var window = from ky in Enumerable.Range(0, k)
                                 from kx in Enumerable.Range(0, k)
                                 let iy = oy * stride - padding + ky
                                 let ix = ox * stride - padding + kx
                                 where iy >= 0 && iy < inH && ix >= 0 && ix < inW
                                 select input[(c * inH + iy) * inW + ix];
                    output[(c * outH + oy) * outW + ox] = window.Max();
                }
            }
        }
        return output;
    }

    [Fact]
    public void Max_pooling_takes_the_largest_of_each_window_of_spikes_and_of_values()
    {
        var net = new Convolution();
        var spikes = SomeSpikes(72, 7);
        net.img.SetSpikes(spikes);
        net.Step();
        var input = Dense(spikes, 72);
        Assert.Equal(MaxReference(input, 2, 6, 6, 2, 2, 0), net.maxed._input);
        Assert.Equal(MaxReference(input, 2, 6, 6, 3, 2, 1), net.maxPadded._input);
        // Some window held two spikes: the maximum is not the sum.
        Assert.NotEqual(net.summed._input.ToArray(), net.maxed._input.ToArray());

        // Values below zero too: a window's maximum may be negative, and padding does not raise it to zero.
        var values = Enumerable.Range(0, 72).Select(i => (float)Math.Sin(i) - 0.8f).ToArray();
        net.img.SetValues(values);
        net.Step();
        Assert.Equal(MaxReference(values, 2, 6, 6, 2, 2, 0), net.maxed._input);
        Assert.Equal(MaxReference(values, 2, 6, 6, 3, 2, 1), net.maxPadded._input);
        Assert.Contains(net.maxPadded._input.ToArray(), v => v < 0);
    }

    [Fact]
    public void Conv1d_is_a_convolution_along_the_length()
    {
        var net = new Convolution(seed: 5);
        var spikes = SomeSpikes(20, 11);
        net.seq.SetSpikes(spikes);
        net.Step();
        var input = Dense(spikes, 20);
        // A 1-D shape [c, l] is [c, 1, l] with a kernel of height 1.
        var line = net.seq_to_line.w.ToArray();
        Near(Reference(input, 2, 1, 10, (o, c, _, kx) => line[(o * 2 + c) * 3 + kx], 3, 3, 1, 0, kh: 1, strideH: 1, paddingH: 0), net.line._input);
        var padded = net.seq_to_padded.w.ToArray();
        Near(Reference(input, 2, 1, 10, (o, c, _, kx) => padded[(o * 2 + c) * 4 + kx], 1, 4, 2, 1, kh: 1, strideH: 1, paddingH: 0), net.padded._input);
    }

    [Fact]
    public void Input_values_are_scattered_scaled_by_the_value()
    {
        var net = new Convolution(seed: 9);
        var values = Enumerable.Range(0, 72).Select(i => i % 5 == 0 ? 0f : (float)Math.Sin(i)).ToArray();
        net.img.SetValues(values);
        net.Step();
        var w = net.img_to_same.w.ToArray();
        Near(Reference(values, 2, 6, 6, (o, c, ky, kx) => w[((o * 2 + c) * 3 + ky) * 3 + kx], 3, 3, 1, 1), net.same._input);
        Near(Reference(values, 2, 6, 6, (_, _, _, _) => 0.25f, 2, 2, 2, 0, channelToSameChannel: true), net.averaged._input);
    }

    [Fact]
    public void Kernels_start_as_PyTorch_Conv2d_defaults_and_differ_by_seed()
    {
        var a = new Convolution(seed: 1).img_to_same.w.ToArray();
        var b = new Convolution(seed: 1).img_to_same.w.ToArray();
        var c = new Convolution(seed: 2).img_to_same.w.ToArray();
        Assert.Equal(3 * 2 * 3 * 3, a.Length);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        // kaiming_uniform_(a = √5) of Conv2d: U(−1/√fanIn, 1/√fanIn), fanIn = in channels · kernel height · kernel width.
        float bound = 1 / MathF.Sqrt(2 * 3 * 3);
        Assert.All(a, x => Assert.InRange(x, -bound, bound));
        Assert.True(a.Max() > bound / 2 && a.Min() < -bound / 2);
    }

    [Fact]
    public void Kernels_round_trip_through_the_weight_set_with_PyTorch_shapes()
    {
        var net = new Convolution(seed: 3);
        var shapes = net.WeightShapes.ToDictionary(s => s.Name, s => s.Shape);
        Assert.Equal(new[] { 3, 2, 3, 3 }, shapes["img_to_same.w"]);
        Assert.Equal(new[] { 3, 2, 3 }, shapes["seq_to_line.w"]);
        Assert.Equal(new[] { 3 }, shapes["img_to_same.b"]);
        Assert.False(shapes.ContainsKey("img_to_summed.w"));
        Assert.False(shapes.ContainsKey("img_to_summed.b"));

        var weights = net.GetWeights();
        var other = new Convolution(seed: 4);
        Assert.NotEqual(net.img_to_valid.w.ToArray(), other.img_to_valid.w.ToArray());
        other.SetWeights(weights);
        Assert.Equal(net.img_to_valid.w.ToArray(), other.img_to_valid.w.ToArray());
        Assert.Equal(net.seq_to_padded.w.ToArray(), other.seq_to_padded.w.ToArray());

        // A kernel set from the host is what the step scatters.
        var set = other.GetWeights();
        var kernel = set.Find("img_to_same.w")!.Values;
        Array.Fill(kernel, 0f);
        kernel[((1 * 2 + 0) * 3 + 1) * 3 + 1] = 0.5f; // out channel 1, in channel 0, kernel centre
        other.SetWeights(set);
        other.img.SetSpikes(new[] { 2 * 6 + 3 }); // channel 0, (2, 3)
        other.Step();
        var expected = new float[108];
        expected[(1 * 6 + 2) * 6 + 3] = 0.5f;
        Assert.Equal(expected, other.same._input);
    }

    [Fact]
    public void The_bias_of_an_output_channel_reaches_each_of_its_positions_every_step()
    {
        var net = new Convolution(seed: 3);
        var set = net.GetWeights();
        Array.Fill(set.Find("img_to_same.w")!.Values, 0f);
        set.Find("img_to_same.b")!.Values[2] = 0.25f;
        net.SetWeights(set);
        // No spike: the bias alone, delivered at the end of each step and summed by the next step's update.
        net.Step();
        net.Step();
        net.Step();
        var expected = new float[108];
        Array.Fill(expected, 0.5f, 2 * 36, 36);
        Assert.Equal(expected, net.same.total.ToArray());
        Assert.Equal(0.25f, net.Describe().Convolutions.First(c => c.Target == "same").Bias![2]);
    }

    [Fact]
    public void Same_step_convolution_and_pooling_carry_a_spike_through_both_in_its_step()
    {
        var net = new SameStepCnn(seed: 1);
        var kernel = net.img_to_c1.w;
        kernel.Fill(0);
        kernel[4] = 1; // out channel 0, centre: c1 channel 0 copies the image
        var spikes = new[] { 0, 7, 14, 35 };
        net.img.SetSpikes(spikes);
        net.Step(); // img spikes, c1 integrates them and spikes, p1 receives the pooled spikes: all in step 0
        Assert.Equal(spikes, net.c1.SpikeMonitor.Indices.ToArray());
        Assert.Equal(new long[] { 0, 0, 0, 0 }, net.c1.SpikeMonitor.Steps.ToArray());
        var expected = new float[18];
        expected[0] = 2;
        expected[(0 * 3 + 2) * 3 + 2] = 1;
        expected[(0 * 3 + 1) * 3 + 1] = 1;
        Assert.Equal(expected, net.p1.total.ToArray());
        Assert.True(net.Describe().Convolutions.All(c => c.SameStep));
    }

    [Fact]
    public void A_spiking_cnn_pools_the_spikes_of_its_convolution()
    {
        var net = new SpikingCnn(seed: 1);
        var kernel = net.img_to_c1.w;
        kernel.Fill(0);
        kernel[4] = 1; // out channel 0, centre: c1 channel 0 copies the image
        var spikes = new[] { 0, 7, 14, 35 };
        net.img.SetSpikes(spikes);
        net.Step();
        net.Step(); // c1 integrates the input (1 > theta) and spikes; the pooling delivers in the same step
        Assert.Equal(spikes, net.c1.SpikeMonitor.Indices.ToArray());
        var expected = new float[18];
        expected[0] = 2; // (0, 0) and (1, 1) share the first window
        expected[(0 * 3 + 2) * 3 + 2] = 1; // (5, 5)
        expected[(0 * 3 + 1) * 3 + 1] = 1; // (2, 2)
        Assert.Equal(expected, net.p1._input);
    }

    [Fact]
    public void A_step_with_convolutions_allocates_nothing()
    {
        var net = new Convolution(seed: 2);
        var spikes = SomeSpikes(72, 3);
        var sequence = SomeSpikes(20, 4);
        for (int k = 0; k < 10; k++)
        {
            net.img.SetSpikes(spikes);
            net.seq.SetSpikes(sequence);
            net.Step();
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 200; k++)
        {
            net.img.SetSpikes(spikes);
            net.seq.SetSpikes(sequence);
            net.Step();
        }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.NotEqual(0f, net.same.total.ToArray().Select(x => Math.Abs(x)).Max());
    }
}
