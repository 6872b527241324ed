using System;
using System.IO;
using System.Linq;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;
using Xunit;
using Xunit.Abstractions;

namespace SpikeLang.Compiler.Tests.Syntax;

public class ParserSmokeTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("Cuba/Cuba.snn")]
    [InlineData("AdaptiveThreshold/AdaptiveThreshold.snn")]
    [InlineData("SongMillerAbbott/SongMillerAbbott.snn")]
    [InlineData("FashionMnist/FashionMnist.snn")]
    public void Examples_parse_without_diagnostics(string path)
    {
        var source = new SourceText(path, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", path)));
        var bag = new DiagnosticBag(source);
        var unit = SnnParser.Parse(source, bag);
        foreach (var d in bag.Items) output.WriteLine(d.ToString());
        Assert.Empty(bag.Items);
        Assert.NotEmpty(unit.Declarations);
    }
}
