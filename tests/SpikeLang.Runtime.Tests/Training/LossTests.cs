using System;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Runtime.Tests.Training;

public sealed class LossTests
{
    // Values printed by torch_reference.py (this folder) with Debian's PyTorch 1.13:
    // torch.nn.functional.cross_entropy / mse_loss and the gradients from backward().
    private static readonly float[] Logits = [2f, -1f, 0.5f, 3f, 0f, 0f, 0f, 0f, 25f, 3f, 0f, 24f];
    private static readonly int[] LogitLabels = [3, 1, 0];

    [Fact]
    public void CrossEntropy_matches_torch()
    {
        var gradient = new float[12];
        float loss = Losses.CrossEntropy(Logits, LogitLabels, gradient, batch: 3, classes: 4);
        Assert.Equal(0.694549263f, loss, 6);
        float[] torch = [0.0835170895f, 0.00415807031f, 0.0186351836f, -0.106310353f, 0.0833333358f, -0.25f, 0.0833333358f, 0.0833333358f, -0.0896471366f, 6.79755349e-11f, 3.38430239e-12f, 0.0896471441f];
        for (int i = 0; i < torch.Length; i++)
        {
            Assert.True(Math.Abs(torch[i] - gradient[i]) <= 1e-7 + 1e-6 * Math.Abs(torch[i]), $"gradient {i}: {gradient[i]:R}, torch {torch[i]:R}");
        }
    }

    [Fact]
    public void CrossEntropy_is_stable_for_huge_logits()
    {
        var gradient = new float[2];
        float loss = Losses.CrossEntropy([1000f, -1000f], [0], gradient, 1, 2);
        Assert.Equal(0f, loss);
        Assert.Equal(0f, gradient[0]);
        Assert.Equal(0f, gradient[1]);
        Assert.Equal(2000f, Losses.CrossEntropy([1000f, -1000f], [1], gradient, 1, 2));
    }

    [Fact]
    public void MeanSquaredCount_matches_torch()
    {
        var gradient = new float[6];
        float loss = Losses.MeanSquaredCount([3f, 20f, 7f, 0f, 1f, 25f], [1, 0], gradient, batch: 2, classes: 3, correctTarget: 20f, incorrectTarget: 5f);
        Assert.Equal(137.333328f, loss, 4);
        float[] torch = [-0.666666687f, 0f, 0.666666687f, -6.66666698f, -1.33333337f, 6.66666698f];
        for (int i = 0; i < torch.Length; i++)
        {
            Assert.Equal(torch[i], gradient[i], 6);
        }
    }

    public static TheoryData<bool> BothLosses() => new() { true, false };

    [Theory]
    [MemberData(nameof(BothLosses))]
    public void Gradients_match_finite_differences(bool crossEntropy)
    {
        const int batch = 3, classes = 5;
        var random = new Random(11);
        var input = new float[batch * classes];
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = (float)(random.NextDouble() * 6 - 3);
        }

        int[] labels = [4, 0, 2];
        var gradient = new float[input.Length];
        var scratch = new float[input.Length];
        Evaluate(input, gradient);
        for (int i = 0; i < input.Length; i++)
        {
            // Central difference in double around a float input: step 1e-2 keeps float rounding of
            // the loss (≈1e-7 relative) far below the difference, and the O(h²) error small.
            const float h = 1e-2f;
            float saved = input[i];
            input[i] = saved + h;
            double up = Evaluate(input, scratch);
            input[i] = saved - h;
            double down = Evaluate(input, scratch);
            input[i] = saved;
            double numeric = (up - down) / (2 * h);
            Assert.True(Math.Abs(numeric - gradient[i]) <= 2e-4, $"input {i}: analytic {gradient[i]}, numeric {numeric}");
        }

        double Evaluate(float[] x, float[] g) => crossEntropy
            ? Losses.CrossEntropy(x, labels, g, batch, classes)
            : Losses.MeanSquaredCount(x, labels, g, batch, classes, correctTarget: 2.5f, incorrectTarget: 0.5f);
    }

    [Fact]
    public void CountCorrect_uses_argmax_with_the_first_index_winning_ties()
    {
        float[] scores = [1f, 3f, 3f, 0f, 5f, 5f, 5f, 5f, 0f];
        // Argmaxes 1, 1, 0: each tie goes to the lower index.
        Assert.Equal(3, Losses.CountCorrect(scores, [1, 1, 0], batch: 3, classes: 3));
        Assert.Equal(1, Losses.CountCorrect(scores, [1, 2, 1], batch: 3, classes: 3));
    }

    [Fact]
    public void A_label_outside_the_classes_is_named()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Losses.CrossEntropy(new float[6], [0, 3], new float[6], 2, 3));
        Assert.Contains("the label of sample 1 is 3, outside the 3 classes", error.Message);
        var shape = Assert.Throws<ArgumentException>(() => Losses.MeanSquaredCount(new float[5], [0, 1], new float[6], 2, 3, 1f, 0f));
        Assert.Contains("needs 6 scores", shape.Message);
    }
}
