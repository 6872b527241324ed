using System.Collections.Generic;
using Xunit;

namespace SpikeLang.Runtime.Tests;

/// <summary>The two views of a convolution's geometry: a source reaching outputs (scatter), an output covering sources (gather).</summary>
public class ConvolutionShapeTests
{
    [Theory]
    [InlineData(5, 7, 3, 3, 1, 1, 0, 0)]
    [InlineData(6, 6, 3, 2, 2, 1, 1, 0)]
    [InlineData(7, 5, 2, 3, 3, 2, 1, 2)]
    [InlineData(1, 9, 1, 4, 1, 3, 0, 1)]
    public void An_output_covers_exactly_the_sources_that_reach_it(int inHeight, int inWidth, int kh, int kw, int sh, int sw, int ph, int pw)
    {
        int outHeight = (inHeight + 2 * ph - kh) / sh + 1, outWidth = (inWidth + 2 * pw - kw) / sw + 1;
        var g = new ConvolutionShape(1, inHeight, inWidth, 1, outHeight, outWidth, kh, kw, sh, sw, ph, pw, Pooling: false);
        var reached = new HashSet<(int Source, int Tap, int Output)>();
        for (int y = 0; y < inHeight; y++)
        {
            for (int x = 0; x < inWidth; x++)
            {
                for (int ky = 0; ky < kh; ky++)
                {
                    for (int kx = 0; kx < kw; kx++)
                    {
                        if (g.Reaches(y, x, ky, kx, out int output))
                        {
                            reached.Add((y * inWidth + x, ky * kw + kx, output));
                        }
                    }
                }
            }
        }

        var covered = new HashSet<(int Source, int Tap, int Output)>();
        for (int oy = 0; oy < outHeight; oy++)
        {
            for (int ox = 0; ox < outWidth; ox++)
            {
                for (int ky = 0; ky < kh; ky++)
                {
                    for (int kx = 0; kx < kw; kx++)
                    {
                        if (g.Covers(oy, ox, ky, kx, out int source))
                        {
                            Assert.InRange(source, 0, inHeight * inWidth - 1);
                            covered.Add((source, ky * kw + kx, oy * outWidth + ox));
                        }
                    }
                }
            }
        }

        Assert.NotEmpty(covered);
        Assert.Equal(reached, covered);
    }
}
