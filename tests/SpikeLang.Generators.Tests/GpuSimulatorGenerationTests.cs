using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace SpikeLang.Generators.Tests;

/// <summary>
/// GPU simulators (and SL0521) appear only in projects that reference SpikeLang.Gpu, in a file of their own, and a C#
/// edit leaves their step cached. The reference here is an empty assembly of that name: the generator looks at names only.
/// </summary>
public class GpuSimulatorGenerationTests
{
    private static string Network(string connection) =>
        "namespace Gpu\n" +
        "network Net {\n" +
        "    dt = 0.1 ms\n" +
        "    population a = Lif[4]\n" +
        "    population b = Lif[4]\n" +
        $"    connect a -> b {connection}\n" +
        "    record spikes b\n" +
        "}\n";

    [Fact]
    public void Without_a_spikelang_gpu_reference_there_is_no_gpu_simulator_and_no_sl0521()
    {
        var supported = TestHelpers.RunOnNetFile(Network("one_to_one synapse Static"), referencesGpu: false, out _, out _);
        Assert.Equal("Gpu.Net.g.cs", Assert.Single(supported.GeneratedSources).HintName);
        var refused = TestHelpers.RunOnNetFile(Network("synapse Stdp"), referencesGpu: false, out _, out _);
        Assert.DoesNotContain(refused.Diagnostics, d => d.Id == "SL0521");
    }

    [Fact]
    public void With_the_reference_a_supported_network_gets_its_gpu_simulator_and_csharp_edits_leave_it_cached()
    {
        var first = TestHelpers.RunOnNetFile(Network("one_to_one delay 1 ms synapse Static"), referencesGpu: true, out var driver, out var compilation);
        Assert.Empty(first.Diagnostics);
        Assert.Equal(new[] { "Gpu.Net.Gpu.g.cs", "Gpu.Net.g.cs" }, first.GeneratedSources.Select(s => s.HintName).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Contains("public sealed class NetGpu : INetwork", first.GeneratedSources.Single(s => s.HintName == "Gpu.Net.Gpu.g.cs").SourceText.ToString());

        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("public static class B { }", TestHelpers.ParseOptions)));
        var second = driver.GetRunResult().Results.Single();
        var runs = second.TrackedSteps[TrackingNames.GpuSimulatorEmission].SelectMany(r => r.Outputs).ToList();
        Assert.NotEmpty(runs);
        Assert.All(runs, run => Assert.Contains(run.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
    }

    [Fact]
    public void With_the_reference_event_driven_stdp_gets_its_gpu_simulator()
    {
        var result = TestHelpers.RunOnNetFile(Network("synapse Stdp"), referencesGpu: true, out _, out _);
        Assert.Empty(result.Diagnostics);
        Assert.Contains("DeliverPost_a_to_b(", result.GeneratedSources.Single(s => s.HintName == "Gpu.Net.Gpu.g.cs").SourceText.ToString());
    }

    [Fact]
    public void With_the_reference_plasticity_it_does_not_run_is_refused_by_name_as_a_warning_at_its_connection()
    {
        var result = TestHelpers.RunOnNetFile(Network("delay uniform(0 ms, 1 ms) synapse Stdp"), referencesGpu: true, out _, out _);
        var refusals = result.Diagnostics.Where(d => d.Id == "SL0521").ToList();
        Assert.NotEmpty(refusals);
        Assert.All(refusals, r => Assert.Equal(DiagnosticSeverity.Warning, r.Severity));
        Assert.All(refusals, r => Assert.Equal(5, r.Location.GetLineSpan().StartLinePosition.Line));
        Assert.Contains(refusals, r => r.GetMessage().Contains("plasticity with delays that differ per synapse of the connection connect a -> b delay uniform(0 ms, 1 ms) synapse Stdp", StringComparison.Ordinal));
        Assert.Equal("Gpu.Net.g.cs", Assert.Single(result.GeneratedSources).HintName);
    }
}
