using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using SpikeLang.Cli.Commands;
using SpikeLang.Cli.Simulation;
using SpikeLang.Compiler;
using Xunit;

namespace SpikeLang.Cli.Tests;

/// <summary>
/// Every example network the GPU simulator accepts (no SL0521) gets a <c>NetGpu</c> that compiles beside its CPU class
/// against SpikeLang.Gpu and ILGPU, as <c>spikelang run --backend gpu</c> compiles it: a network that a project with the
/// reference builds without a refusal must not give it C# that does not compile.
/// </summary>
public class GpuSimulatorExamplesTests
{
    private static string Repository([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));

    [Fact]
    public void Every_example_network_the_gpu_simulator_accepts_compiles()
    {
        var files = Directory.GetFiles(Path.Combine(Repository(), "examples"), "*.snn", SearchOption.AllDirectories)
            .Where(p => !p.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .OrderBy(p => p, StringComparer.Ordinal);
        var accepted = new List<string>();
        var failures = new List<string>();
        foreach (string file in files)
        {
            var networks = GeneratedNetworks.Generate(file, TextWriter.Null, out int exitCode);
            Assert.True(networks is not null, $"{file}: exit code {exitCode}");
            foreach (var network in networks!)
            {
                if (SnnCompiler.EmitGpuSimulator(network.Plan).Source is not { } gpu)
                {
                    continue;
                }
                accepted.Add(network.Name);
                using var loaded = InMemoryCompiler.Compile($"SpikeLang.GpuExample.{network.FullName}", [network.Source, gpu], null, out var errors, gpu: true);
                if (loaded is null || GpuBackend.Factory(loaded.Assembly, network.Name) is null)
                {
                    failures.Add($"{file}, network {network.Name}: {string.Join("; ", errors.Take(5))}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(accepted.Count >= 8, $"only {accepted.Count} example networks have a GPU simulator: {string.Join(", ", accepted)}");
        // The trained Fashion-MNIST networks: dense layers, and same-step batch-normalized convolutions and max pooling.
        Assert.Contains("FashionMlp", accepted);
        Assert.Contains("FashionCnn", accepted);
    }
}
