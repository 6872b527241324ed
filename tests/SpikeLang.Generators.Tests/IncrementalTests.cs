using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace SpikeLang.Generators.Tests;

/// <summary>Unchanged .snn files must stay cached: editing C# code never re-runs the SpikeLang compiler.</summary>
public class IncrementalTests
{
    private const string Network =
        "namespace Inc\n" +
        "\n" +
        "neuron Cell {\n" +
        "    parameters { tau = 10 ms }\n" +
        "    state { v = 0 mV }\n" +
        "    equations { dv/dt = -v / tau }\n" +
        "    threshold v > 10 mV\n" +
        "    reset { v = 0 mV }\n" +
        "}\n" +
        "\n" +
        "network Net {\n" +
        "    dt = 0.1 ms\n" +
        "    population p = Cell[10]\n" +
        "    record spikes p\n" +
        "}\n";

    [Fact]
    public void Editing_csharp_leaves_the_snn_steps_cached_and_editing_the_snn_file_regenerates()
    {
        var snn = new InMemoryAdditionalText("/project/Net.snn", Network);
        var other = new InMemoryAdditionalText("/project/notes.txt", "not a network");
        var compilation = TestHelpers.CreateCompilation("public static class A { }");
        var driver = TestHelpers.CreateDriver(new AdditionalText[] { snn, other }, trackSteps: true);

        driver = driver.RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();
        Assert.True(first.Diagnostics.All(d => d.Severity != DiagnosticSeverity.Error), TestHelpers.Format(first.Diagnostics));
        Assert.Equal("Inc.Net.g.cs", Assert.Single(first.GeneratedSources).HintName);
        AssertReasons(first, TrackingNames.SnnFiles, IncrementalStepRunReason.New);
        AssertReasons(first, TrackingNames.Compilation, IncrementalStepRunReason.New);
        AssertReasons(first, TrackingNames.Emission, IncrementalStepRunReason.New);

        // An unrelated C# edit: a new syntax tree and a changed one.
        var edited = compilation
            .AddSyntaxTrees(CSharpSyntaxTree.ParseText("public static class B { }", TestHelpers.ParseOptions))
            .ReplaceSyntaxTree(compilation.SyntaxTrees.First(),
                CSharpSyntaxTree.ParseText("public static class A { public static int X; }", TestHelpers.ParseOptions));
        driver = driver.RunGenerators(edited);
        var second = driver.GetRunResult().Results.Single();
        AssertReasons(second, TrackingNames.SnnFiles, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertReasons(second, TrackingNames.Compilation, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertReasons(second, TrackingNames.Emission, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        Assert.Equal(first.GeneratedSources.Single().SourceText.ToString(), second.GeneratedSources.Single().SourceText.ToString());

        // Running again with nothing changed at all.
        driver = driver.RunGenerators(edited);
        AssertReasons(driver.GetRunResult().Results.Single(), TrackingNames.Compilation, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);

        // Editing the .snn file re-runs the compiler and changes the output.
        var changed = new InMemoryAdditionalText(snn.Path, Network.Replace("Cell[10]", "Cell[20]", StringComparison.Ordinal));
        driver = driver.ReplaceAdditionalText(snn, changed).RunGenerators(edited);
        var third = driver.GetRunResult().Results.Single();
        AssertReasons(third, TrackingNames.SnnFiles, IncrementalStepRunReason.Modified, IncrementalStepRunReason.New);
        AssertReasons(third, TrackingNames.Compilation, IncrementalStepRunReason.Modified, IncrementalStepRunReason.New);
        Assert.NotEqual(first.GeneratedSources.Single().SourceText.ToString(), third.GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void Editing_one_network_re_emits_only_that_network()
    {
        const string Other =
            "namespace Inc\n" +
            "network Other {\n" +
            "    population q = Lif[5]\n" +
            "}\n";
        var net = new InMemoryAdditionalText("/project/Net.snn", Network);
        var other = new InMemoryAdditionalText("/project/Other.snn", Other);
        var compilation = TestHelpers.CreateCompilation("public static class A { }");
        var driver = TestHelpers.CreateDriver(new AdditionalText[] { net, other }, trackSteps: true).RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();
        Assert.Equal(new[] { "Inc.Net.g.cs", "Inc.Other.g.cs" }, first.GeneratedSources.Select(s => s.HintName).OrderBy(h => h));

        // The compiler runs again (a file changed), but only Net's plan differs, so only Net is emitted again.
        driver = driver.ReplaceAdditionalText(net, new InMemoryAdditionalText(net.Path, Network.Replace("Cell[10]", "Cell[20]", StringComparison.Ordinal)))
            .RunGenerators(compilation);
        var second = driver.GetRunResult().Results.Single();
        AssertReasons(second, TrackingNames.Compilation, IncrementalStepRunReason.Modified);
        var emissions = second.TrackedSteps[TrackingNames.Emission].SelectMany(r => r.Outputs)
            .ToDictionary(o => ((SpikeLang.Compiler.GeneratedSource)o.Value).HintName, o => o.Reason);
        Assert.Equal(IncrementalStepRunReason.Modified, emissions["Inc.Net.g.cs"]);
        Assert.Equal(IncrementalStepRunReason.Cached, emissions["Inc.Other.g.cs"]);
    }

    [Fact]
    public void Only_snn_additional_files_reach_the_compiler()
    {
        var driver = TestHelpers.CreateDriver(
                new AdditionalText[] { new InMemoryAdditionalText("/project/readme.md", "network X {"), new InMemoryAdditionalText("/project/x.SNN.txt", "junk") },
                trackSteps: true)
            .RunGenerators(TestHelpers.CreateCompilation("public static class A { }"));
        var result = driver.GetRunResult().Results.Single();
        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.GeneratedSources);
        Assert.False(result.TrackedSteps.ContainsKey(TrackingNames.SnnFiles) && result.TrackedSteps[TrackingNames.SnnFiles].Any(s => s.Outputs.Length > 0));
    }

    private static void AssertReasons(GeneratorRunResult result, string step, params IncrementalStepRunReason[] allowed)
    {
        Assert.True(result.TrackedSteps.TryGetValue(step, out var runs), $"step '{step}' was not tracked");
        var outputs = runs.SelectMany(r => r.Outputs).ToList();
        Assert.NotEmpty(outputs);
        foreach (var (value, reason) in outputs)
        {
            Assert.True(allowed.Contains(reason), $"step '{step}' output {value} ran with reason {reason}; expected {string.Join(" or ", allowed)}");
            // Nothing Roslyn-specific may flow through the pipeline: it would defeat caching.
            Assert.IsNotAssignableFrom<ISymbol>(value);
            Assert.IsNotAssignableFrom<Compilation>(value);
            Assert.IsNotAssignableFrom<SyntaxNode>(value);
        }
    }
}
