using System.IO;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Runtime.Tests.Datasets;

/// <summary>The real data set from Debian's dataset-fashion-mnist; skipped where it is not installed.</summary>
public sealed class FashionMnistTests
{
    [FashionMnistTheory]
    [InlineData(true, 60000)]
    [InlineData(false, 10000)]
    public void Splits_have_the_published_sizes_and_classes(bool train, int count)
    {
        LabeledImages set = FashionMnist.Load(FashionMnist.DefaultDirectory, train);
        Assert.Equal(count, set.Count);
        Assert.Equal(28, set.Rows);
        Assert.Equal(28, set.Columns);
        Assert.Equal(count * 784, set.Pixels.Length);
        var perClass = new int[FashionMnist.Classes];
        foreach (int label in set.Labels)
        {
            Assert.InRange(label, 0, 9);
            perClass[label]++;
        }

        // Fashion-MNIST is balanced: 6000 / 1000 images per class.
        Assert.All(perClass, n => Assert.Equal(count / 10, n));
        Assert.All(set.Pixels, p => Assert.InRange(p, 0f, 1f));
    }
}

/// <summary>A theory that is skipped, saying why, when Debian's Fashion-MNIST files are absent.</summary>
public sealed class FashionMnistTheoryAttribute : TheoryAttribute
{
    public FashionMnistTheoryAttribute()
    {
        if (!File.Exists(Path.Combine(FashionMnist.DefaultDirectory, "t10k-labels-idx1-ubyte.gz")))
        {
            Skip = $"{FashionMnist.DefaultDirectory} is absent (apt-get install dataset-fashion-mnist)";
        }
    }
}
