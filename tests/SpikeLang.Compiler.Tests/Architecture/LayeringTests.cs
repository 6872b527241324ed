using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace SpikeLang.Compiler.Tests.Architecture;

/// <summary>
/// The compiler is a pipeline, syntax → binding (with the analysis of equations) → lowering → emission,
/// and no stage reaches forward: binding does not know how code is generated, lowering does not know
/// C#. The runtime that generated code runs on knows nothing of the compiler.
/// </summary>
public class LayeringTests
{
    /// <summary>Each folder of the compiler and the stages after it, which it must not use.</summary>
    [Theory]
    [InlineData("Text", "Syntax|Binding|Analysis|Units|Lowering|Emit|StandardLibrary")]
    [InlineData("Diagnostics", "Syntax|Binding|Analysis|Units|Lowering|Emit|StandardLibrary")]
    [InlineData("Units", "Syntax|Binding|Analysis|Lowering|Emit")]
    [InlineData("Syntax", "Binding|Analysis|Lowering|Emit")]
    [InlineData("Binding", "Lowering|Emit")]
    [InlineData("Analysis", "Lowering|Emit")]
    [InlineData("StandardLibrary", "Lowering|Emit")]
    [InlineData("Lowering", "Emit")]
    public void No_stage_uses_a_later_one(string stage, string later)
    {
        var reference = new Regex($@"\bSpikeLang\.Compiler\.({later})\b|^\s*using\s+(static\s+)?({later})\.", RegexOptions.Multiline);
        var offenders = Repository.CSharpFiles($"src/SpikeLang.Compiler/{stage}")
            .Select(f => (File: f, Match: reference.Match(Repository.Read(f))))
            .Where(m => m.Match.Success)
            .Select(m => $"{m.File}: {m.Match.Value.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, $"{stage} reaches forward in the pipeline:\n{string.Join("\n", offenders)}");
    }

    [Fact]
    public void The_runtime_does_not_reference_the_compiler()
    {
        string project = Repository.Read("src/SpikeLang.Runtime/SpikeLang.Runtime.csproj");
        Assert.DoesNotContain("Compiler", project);
        var offenders = Repository.CSharpFiles("src/SpikeLang.Runtime").Where(f => Repository.Read(f).Contains("SpikeLang.Compiler")).ToList();
        Assert.True(offenders.Count == 0, "The runtime uses the compiler in: " + string.Join(", ", offenders));
    }

    /// <summary>The rule itself must be able to fail: a forward reference in a sample is found.</summary>
    [Fact]
    public void A_forward_reference_is_recognised()
    {
        var reference = new Regex(@"\bSpikeLang\.Compiler\.(Lowering|Emit)\b", RegexOptions.Multiline);
        Assert.Matches(reference, "using SpikeLang.Compiler.Emit.Simulator;");
        Assert.Matches(reference, "x => SpikeLang.Compiler.Lowering.Naming.Member(x)");
        Assert.DoesNotMatch(reference, "using SpikeLang.Compiler.Binding;");
    }
}
