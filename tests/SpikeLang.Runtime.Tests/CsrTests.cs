using System;
using Xunit;

namespace SpikeLang.Runtime.Tests;

public class CsrTests
{
    [Fact]
    public void RowsExposeTheirColumnsAndSynapseIds()
    {
        var csr = new Csr(3, 4, [0, 2, 2, 5], [1, 3, 0, 0, 2]);
        Assert.Equal(3, csr.Rows);
        Assert.Equal(4, csr.ColumnCount);
        Assert.Equal(5, csr.SynapseCount);
        Assert.Equal(new[] { 1, 3 }, csr.Row(0).ToArray());
        Assert.True(csr.Row(1).IsEmpty);
        Assert.Equal(new[] { 0, 0, 2 }, csr.Row(2).ToArray());
        Assert.Equal(new[] { 0, 0, 2, 2, 2 }, csr.BuildRowIndex());
    }

    [Fact]
    public void ConstructorRejectsMalformedArrays()
    {
        Assert.Throws<ArgumentException>(() => new Csr(2, 3, [0, 1], [0]));
        Assert.Throws<ArgumentException>(() => new Csr(2, 3, [0, 2, 1], [0, 1]));
        Assert.Throws<ArgumentException>(() => new Csr(1, 3, [0, 2], [2, 1]));
        Assert.Throws<ArgumentException>(() => new Csr(1, 3, [0, 1], [3]));
        Assert.Throws<ArgumentException>(() => new Csr(1, 3, [1, 1], [0]));
    }
}
