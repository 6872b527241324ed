using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Text;
using Xunit;

namespace SpikeLang.Gpu.Tests;

/// <summary>
/// What the GPU trainer does not run is refused by name (SL0520, a warning: the network keeps its CPU trainer), and
/// only where a project references SpikeLang.Gpu: compiling alone never reports it.
/// </summary>
public sealed class GpuRefusalTests
{
    private const string Model = """
        neuron L {
            parameters { beta = 0.9; theta = 1.0 }
            state { mem = 0 }
            update { mem = beta * mem + input }
            threshold mem > theta
            reset { mem -= theta }
        }

        """;

    private static string Network(string inputs, string body, string train = "") => Model + $$"""
        network Net {
            input x[{{inputs}}]
        {{body}}
            train {
                steps 4
        {{train}}
                loss cross_entropy(spike_count(out))
            }
        }
        """;

    public static IEnumerable<object[]> Refused => new[]
    {
        new object[] { "convolution-into-recurrence", Network("1, 4, 4", "    population h = L[2, 4, 4]\n    population out = L[3]\n    connect x -> h conv2d(kernel = 3, padding = 1)\n    connect h -> h dense\n    connect h -> out dense"), "conv2d x -> h into the recurrent layer h", "connect x -> h conv2d" },
        new object[] { "pooling-into-recurrence", Network("1, 4, 4", "    population h = L[1, 2, 2]\n    population out = L[3]\n    connect x -> h max_pool2d(kernel = 2)\n    connect h -> h dense\n    connect h -> out dense"), "max_pool2d x -> h into the recurrent layer h", "connect x -> h max_pool2d" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Unsupported_constructs_are_refused_by_name_and_keep_the_cpu_trainer(string name, string source, string construct, string located)
    {
        var result = SnnCompiler.Compile(new SourceText($"{name}.snn", source));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "SL0520");
        var plan = Assert.Single(result.Networks);

        var gpu = SnnCompiler.EmitGpuTrainer(plan);

        Assert.Null(gpu.Source);
        var refusal = Assert.Single(gpu.Diagnostics);
        Assert.Equal("SL0520", refusal.Id);
        Assert.Equal(DiagnosticSeverity.Warning, refusal.Severity);
        Assert.Contains(construct, refusal.Message);
        Assert.Contains(located, source.Split('\n')[refusal.LineSpan.Start.Line]);
        Assert.Contains("the CPU trainer (NetTrainer) supports it", refusal.Message);
        Assert.Contains("NetTrainer", SnnCompiler.Emit(plan).Text);
    }

    [Theory]
    [InlineData("conv2d(kernel = 3, padding = 1)", "2, 4, 4")]
    [InlineData("conv2d(kernel = 3, padding = 1) batch_norm", "2, 4, 4")]
    [InlineData("sum_pool2d(kernel = 2)", "1, 2, 2")]
    [InlineData("avg_pool2d(kernel = 2)", "1, 2, 2")]
    [InlineData("max_pool2d(kernel = 2)", "1, 2, 2")]
    public void Convolutions_batch_norm_and_poolings_are_not_refused(string rule, string shape)
    {
        var result = SnnCompiler.Compile(new SourceText("conv.snn", Network("1, 4, 4", $"    population h = L[{shape}]\n    population out = L[3]\n    connect x -> h {rule}\n    connect h -> out dense")));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var plan = Assert.Single(result.Networks);

        var gpu = SnnCompiler.EmitGpuTrainer(plan);

        Assert.Empty(gpu.Diagnostics);
        Assert.Contains("public sealed class NetGpuTrainer : IDisposable", gpu.Source!.Text);
    }

    [Theory]
    [InlineData("        encode x as poisson(max_rate = 100 Hz)", "public ReadOnlySpan<float> Encoded_x")]
    [InlineData("        encode x as latency(tau = 5 ms, threshold = 0.01)", "public ReadOnlySpan<float> Encoded_x")]
    [InlineData("        learn beta", "(\"h.beta\", Array.Empty<int>()),")]
    public void Poisson_and_latency_encodings_and_learned_parameters_are_not_refused(string train, string member)
    {
        var result = SnnCompiler.Compile(new SourceText("net.snn", Network("4", "    population h = L[5]\n    population out = L[3]\n    connect x -> h dense\n    connect h -> out dense", train)));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var plan = Assert.Single(result.Networks);

        var gpu = SnnCompiler.EmitGpuTrainer(plan);

        Assert.Empty(gpu.Diagnostics);
        Assert.Contains(member, gpu.Source!.Text);
    }

    [Theory]
    [InlineData("    connect x -> h dense\n    connect h -> h dense")]
    [InlineData("    connect h -> h dense\n    connect x -> h dense same_step")]
    public void Dense_recurrent_self_connections_are_not_refused_and_run_step_by_step(string connections)
    {
        var result = SnnCompiler.Compile(new SourceText("net.snn", Network("4", $"    population h = L[5]\n    population out = L[3]\n{connections}\n    connect h -> out dense")));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var plan = Assert.Single(result.Networks);

        var gpu = SnnCompiler.EmitGpuTrainer(plan);

        Assert.Empty(gpu.Diagnostics);
        Assert.Contains("private static void ForwardStep_h(", gpu.Source!.Text);
        Assert.Contains("private static void BackwardStep_h(", gpu.Source.Text);
        Assert.Contains("_kernels.SourceAdjointStep(_gs_h.View, _gin_h.View, _w_h_to_h.View", gpu.Source.Text);
        // The feed-forward layer keeps its time loop in one kernel.
        Assert.Contains("private static void Forward_out(", gpu.Source.Text);
    }

    [Fact]
    public void A_dense_network_gets_its_gpu_trainer_in_a_file_of_its_own()
    {
        var result = SnnCompiler.Compile(new SourceText("dense.snn", Network("4", "    population h = L[5]\n    population out = L[3]\n    connect x -> h dense\n    connect h -> out dense same_step")));
        var plan = Assert.Single(result.Networks);

        var gpu = SnnCompiler.EmitGpuTrainer(plan);

        Assert.Empty(gpu.Diagnostics);
        Assert.Equal("Net.GpuTrainer.g.cs", gpu.Source!.HintName);
        Assert.Contains("public sealed class NetGpuTrainer : IDisposable", gpu.Source.Text);
        Assert.DoesNotContain("ILGPU", SnnCompiler.Emit(plan).Text);
    }
}
