using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace SpikeLang.Generators.Tests;

/// <summary>
/// GPU trainers (and SL0520) appear only in projects that reference SpikeLang.Gpu, in a file of their own, and a C#
/// edit leaves their step cached. The reference here is an empty assembly of that name: the generator looks at names only.
/// </summary>
public class GpuTrainerGenerationTests
{
    private static string Network(string connection) =>
        "namespace Gpu\n" +
        "neuron L {\n" +
        "    parameters { beta = 0.9; theta = 1.0 }\n" +
        "    state { mem = 0 }\n" +
        "    update { mem = beta * mem + input }\n" +
        "    threshold mem > theta\n" +
        "    reset { mem -= theta }\n" +
        "}\n" +
        "network Net {\n" +
        "    input x[1, 4, 4]\n" +
        "    population h = L[2, 4, 4]\n" +
        "    population out = L[3]\n" +
        $"    connect x -> h {connection}\n" +
        "    connect h -> out dense\n" +
        "    train {\n" +
        "        steps 4\n" +
        "        loss cross_entropy(spike_count(out))\n" +
        "    }\n" +
        "}\n";

    [Fact]
    public void Without_a_spikelang_gpu_reference_there_is_no_gpu_trainer_and_no_sl0520()
    {
        var result = TestHelpers.RunOnNetFile(Network("conv2d(kernel = 3, padding = 1)"), referencesGpu: false, out _, out _);
        Assert.Equal("Gpu.Net.g.cs", Assert.Single(result.GeneratedSources).HintName);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "SL0520");
    }

    [Fact]
    public void With_the_reference_a_dense_network_gets_its_gpu_trainer_and_csharp_edits_leave_it_cached()
    {
        string dense = Network("dense").Replace("input x[1, 4, 4]", "input x[16]").Replace("L[2, 4, 4]", "L[5]");
        var first = TestHelpers.RunOnNetFile(dense, referencesGpu: true, out var driver, out var compilation);
        Assert.Empty(first.Diagnostics);
        // Its GPU simulator too (dense connections and input populations run there).
        Assert.Equal(new[] { "Gpu.Net.Gpu.g.cs", "Gpu.Net.GpuTrainer.g.cs", "Gpu.Net.g.cs" }, first.GeneratedSources.Select(s => s.HintName).OrderBy(n => n, StringComparer.Ordinal));

        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("public static class B { }", TestHelpers.ParseOptions)));
        var second = driver.GetRunResult().Results.Single();
        var runs = second.TrackedSteps[TrackingNames.GpuEmission].SelectMany(r => r.Outputs).ToList();
        Assert.NotEmpty(runs);
        Assert.All(runs, run => Assert.Contains(run.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
    }

    [Fact]
    public void With_the_reference_a_batch_normalized_convolution_network_gets_its_gpu_trainer()
    {
        var result = TestHelpers.RunOnNetFile(Network("conv2d(kernel = 3, padding = 1) batch_norm"), referencesGpu: true, out _, out _);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "SL0520");
        Assert.Contains("Gpu.Net.GpuTrainer.g.cs", result.GeneratedSources.Select(s => s.HintName));
    }

    [Theory]
    [InlineData("poisson(max_rate = 100 Hz)")]
    [InlineData("latency(tau = 5 ms, threshold = 0.01)")]
    public void With_the_reference_a_network_with_an_encoded_input_gets_its_gpu_trainer(string encoder)
    {
        string encoded = Network("conv2d(kernel = 3, padding = 1)").Replace("steps 4\n", $"steps 4\n        encode x as {encoder}\n");
        var result = TestHelpers.RunOnNetFile(encoded, referencesGpu: true, out _, out _);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "SL0520");
        Assert.Contains("Gpu.Net.GpuTrainer.g.cs", result.GeneratedSources.Select(s => s.HintName));
    }

    [Fact]
    public void With_the_reference_a_dense_recurrent_network_gets_its_gpu_trainer()
    {
        string recurrent = Network("dense\n    connect h -> h dense").Replace("input x[1, 4, 4]", "input x[16]").Replace("L[2, 4, 4]", "L[5]");
        var result = TestHelpers.RunOnNetFile(recurrent, referencesGpu: true, out _, out _);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "SL0520");
        Assert.Contains("Gpu.Net.GpuTrainer.g.cs", result.GeneratedSources.Select(s => s.HintName));
    }

    [Fact]
    public void With_the_reference_a_convolution_into_a_recurrent_layer_is_refused_by_name_as_a_warning_at_the_convolution()
    {
        var result = TestHelpers.RunOnNetFile(Network("conv2d(kernel = 3, padding = 1)\n    connect h -> h dense"), referencesGpu: true, out _, out _);
        var refusal = Assert.Single(result.Diagnostics, d => d.Id == "SL0520");
        Assert.Equal(DiagnosticSeverity.Warning, refusal.Severity);
        Assert.Contains("conv2d x -> h into the recurrent layer h", refusal.GetMessage());
        Assert.Equal(12, refusal.Location.GetLineSpan().StartLinePosition.Line);
        // No GPU trainer; the GPU simulator runs the network, recurrence and all.
        Assert.Equal(new[] { "Gpu.Net.Gpu.g.cs", "Gpu.Net.g.cs" }, result.GeneratedSources.Select(s => s.HintName).OrderBy(n => n, StringComparer.Ordinal));
    }
}
