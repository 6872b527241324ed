using System;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Runtime.Tests.Training;

public sealed class OptimizerTests
{
    // Inputs and results printed by torch_reference.py (this folder) with Debian's PyTorch 1.13:
    // three steps with gradients G0, G1, G2 from parameters P0; 11 values = one vector and a tail of 3.
    private static readonly float[] P0 = [-0.5f, -0.400000006f, -0.300000012f, -0.200000003f, -0.100000001f, 0f, 0.100000001f, 0.200000003f, 0.300000012f, 0.400000006f, 0.5f];

    private static readonly float[][] Gradients =
    [
        [-1.85000002f, 0.74000001f, -0.74000001f, 1.85000002f, 0.370000005f, -1.11000001f, 1.48000002f, 0f, -1.48000002f, 1.11000001f, -0.370000005f],
        [-0.370000005f, 0.925000012f, 0.185000002f, -0.555000007f, 0.74000001f, 0f, -0.74000001f, 0.555000007f, -0.185000002f, -0.925000012f, 0.370000005f],
        [0.123333335f, -0.370000005f, 0.49333334f, 0f, -0.49333334f, 0.370000005f, -0.123333335f, -0.616666675f, 0.24666667f, -0.24666667f, 0.616666675f],
    ];

    private static float[] RunAdam(Adam adam)
    {
        float[] p = (float[])P0.Clone(), m = new float[p.Length], v = new float[p.Length];
        foreach (float[] g in Gradients)
        {
            adam.BeginStep();
            adam.Update(p, g, m, v);
        }

        return p;
    }

    private static float[] RunSgd(Sgd sgd)
    {
        float[] p = (float[])P0.Clone(), velocity = new float[p.Length];
        foreach (float[] g in Gradients)
        {
            sgd.BeginStep();
            sgd.Update(p, g, velocity);
        }

        return p;
    }

    // torch prints 9 significant digits, which round-trip a float exactly: equality is to the bit.
    private static void AssertSameFloats(float[] expected, float[] actual)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i] == actual[i], $"element {i}: {actual[i]:R}, torch gives {expected[i]:R}");
        }
    }

    [Fact]
    public void Adam_matches_torch_with_default_betas()
    {
        float[] torch = [-0.498809636f, -0.40127328f, -0.299286544f, -0.200879276f, -0.101139292f, 0.000979596749f, 0.0992879346f, 0.199673057f, 0.301115185f, 0.399520218f, 0.500216901f];
        AssertSameFloats(torch, RunAdam(new Adam(learningRate: 5e-4)));
    }

    [Fact]
    public void Adam_matches_torch_with_other_betas_and_epsilon()
    {
        float[] torch = [-0.267531753f, -0.648692131f, -0.170617551f, -0.366962314f, -0.320979178f, 0.185926452f, -0.0316804126f, 0.137949198f, 0.51574707f, 0.315875262f, 0.530595958f];
        AssertSameFloats(torch, RunAdam(new Adam(learningRate: 0.1, beta1: 0.8, beta2: 0.9, epsilon: 1e-3)));
    }

    [Fact]
    public void Adam_first_step_moves_each_parameter_by_about_lr_against_its_gradient()
    {
        // Step 1: m = 0.1·g, v = 0.001·g², corrected m̂ = g and v̂ = g², so Δp = −lr·g/(|g| + eps).
        var adam = new Adam(learningRate: 0.1);
        float[] p = [1f, 1f], m = new float[2], v = new float[2];
        adam.BeginStep();
        adam.Update(p, [2f, -0.5f], m, v);
        Assert.Equal(0.9f, p[0], 6);
        Assert.Equal(1.1f, p[1], 6);
        Assert.Equal(0.2f, m[0], 6);
        Assert.Equal(0.004f, v[0], 6);
    }

    [Fact]
    public void Sgd_with_momentum_matches_torch()
    {
        float[] torch = [0.0593166389f, -0.739290059f, -0.183943346f, -0.595899999f, -0.291536659f, 0.263810009f, -0.148146674f, 0.156216666f, 0.711563349f, 0.299606681f, 0.468303323f];
        AssertSameFloats(torch, RunSgd(new Sgd(learningRate: 0.1, momentum: 0.9)));
    }

    [Fact]
    public void Sgd_without_momentum_matches_torch()
    {
        float[] torch = [-0.290333331f, -0.529500008f, -0.293833345f, -0.32950002f, -0.161666676f, 0.074000001f, 0.038333334f, 0.20616667f, 0.441833347f, 0.406166673f, 0.438333333f];
        AssertSameFloats(torch, RunSgd(new Sgd(learningRate: 0.1)));
    }

    [Fact]
    public void Sgd_momentum_buffer_starts_as_the_first_gradient()
    {
        // μ = 0.5, lr = 0.1, g = 1 twice: buf = 1 then 1.5; p = −0.1 then −0.25. The stale
        // velocity content before step 1 must be ignored.
        var sgd = new Sgd(learningRate: 0.1, momentum: 0.5);
        float[] p = [0f], velocity = [123f];
        sgd.BeginStep();
        sgd.Update(p, [1f], velocity);
        Assert.Equal(1f, velocity[0]);
        Assert.Equal(-0.1f, p[0], 6);
        sgd.BeginStep();
        sgd.Update(p, [1f], velocity);
        Assert.Equal(1.5f, velocity[0]);
        Assert.Equal(-0.25f, p[0], 6);
    }

    [Fact]
    public void Misuse_is_a_clear_error()
    {
        var adam = new Adam();
        var early = Assert.Throws<InvalidOperationException>(() => adam.Update(new float[2], new float[2], new float[2], new float[2]));
        Assert.Contains("BeginStep", early.Message);
        adam.BeginStep();
        var lengths = Assert.Throws<ArgumentException>(() => adam.Update(new float[2], new float[3], new float[2], new float[2]));
        Assert.Contains("parameters 2, gradients 3", lengths.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(beta1: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(learningRate: double.NaN));
    }
}
