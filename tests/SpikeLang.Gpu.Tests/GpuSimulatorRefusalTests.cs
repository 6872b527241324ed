using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Text;
using Xunit;

namespace SpikeLang.Gpu.Tests;

/// <summary>
/// What the GPU simulator does not run is refused by name at the construct (SL0521, a warning: the network keeps its
/// CPU simulator and gets no GPU one), and only where a project references SpikeLang.Gpu: compiling alone never reports it.
/// </summary>
public sealed class GpuSimulatorRefusalTests
{
    private const string Models = """
        neuron M {
            parameters { tau = 10 ms }
            state { v = 0; g = 0; gap = 0 }
            equations {
                dv/dt = (g + gap - v) / tau
                dg/dt = -g / tau
                total = v + g
            }
            threshold v > 1
            reset { v = 0 }
        }

        neuron L {
            state { mem = 0 }
            update { mem = 0.9 * mem + input }
            threshold mem > 1
            reset { mem = 0 }
        }

        synapse Decaying {
            state { w = 0.1 }
            equations { dw/dt = -w / (10 ms) }
            on pre { g += w }
        }

        synapse ClockReadsTau {
            state { w = 0.1 }
            equations { dw/dt = (g_post - w) / tau_post }
            on pre { g += w }
        }

        synapse Plastic {
            state { w = 0.5; apre = 0; apost = 0 }
            equations {
                dapre/dt = -apre / (20 ms)    (event-driven)
                dapost/dt = -apost / (20 ms)  (event-driven)
            }
            on pre { g += w; apre += 0.01; w = clip(w + apost, 0, 1) }
            on post { apost -= 0.01; w = clip(w + apre, 0, 1) }
        }

        synapse AddsToWhatItReads {
            state { w = 0.1 }
            on pre { g += w }
            on post { w = clip(w + g_pre, 0, 1); g += 0.1 }
        }

        synapse ReadsWhatItAdds {
            state { w = 0.1 }
            on pre { g += w; w = clip(w + g_post, 0, 1) }
        }

        synapse Gap {
            state { w = 0.1 }
            equations { gap_post = w * (v_pre - v_post) (summed) }
        }

        synapse GapReadsItsSums {
            state { w = 0.1 }
            equations { gap_post = w * (gap_pre - v_post) (summed) }
        }

        """;

    /// <summary>A network of two populations a and b of M, with <paramref name="extra"/> after them.</summary>
    private static string Network(string extra) => Models + $$"""
        network Net {
            dt = 0.1 ms
            population a = M[4]
            population b = M[4]
        {{extra}}
        }
        """;

    /// <summary>The network of <see cref="Network"/> in double precision.</summary>
    private static string Double(string extra) => Network(extra).Replace("    dt = 0.1 ms", "    dt = 0.1 ms\n    precision double");

    public static IEnumerable<object[]> Refused => new[]
    {
        new object[] { "clock-driven equations reading a parameter per neuron", Network("    population c = M(tau = 10 ms + i * 1 ms)[4]\n    connect a -> c synapse ClockReadsTau"), "clock-driven synapse equations with white noise, random numbers, or reads of a neuron's summed input, of a parameter that differs per neuron", "-> c synapse ClockReadsTau" },
        new object[] { "recurrent 'on post' code reading a source it adds to", Network("    connect a -> a probability 0.5 synapse AddsToWhatItReads"), "the 'on post' statement 'w = ...' of plastic code", "-> a probability 0.5 synapse AddsToWhatItReads" },
        new object[] { "plastic code reading what it adds to", Network("    connect a -> b synapse ReadsWhatItAdds"), "the 'on pre' statement 'w = ...' of plastic code", "-> b synapse ReadsWhatItAdds" },
        new object[] { "plasticity with delays per synapse", Network("    connect a -> b delay uniform(0 ms, 2 ms) synapse Plastic"), "plasticity with delays that differ per synapse", "ms) synapse Plastic" },
        new object[] { "summed variable read by a recurrent sum", Network("    connect a -> a probability 0.5 synapse GapReadsItsSums"), "the summed variable 'gap_post = w * (gap_pre - v_post) (summed)'", "-> a probability 0.5 synapse GapReadsItsSums" },
        new object[] { "assignment", Network("    connect a -> b one_to_one on pre { g = 0.5 }"), "the 'on pre' statement 'g_post = ...'", "g = 0.5" },
        new object[] { "read of what it adds to", Network("    connect a -> b one_to_one on pre { g += 0.5 * g_post }"), "the 'on pre' statement 'g_post += ...'", "{ g += 0.5 * g_post }" },
        new object[] { "recurrent read of what it adds to", Network("    connect a -> a probability 0.5 on pre { g += 0.5 * g_pre }"), "the 'on pre' statement 'g_post += ...'", "{ g += 0.5 * g_pre }" },
        new object[] { "neuron read with delays per synapse", Network("    connect a -> b delay uniform(0 ms, 2 ms) on pre { g += v_pre }"), "'on pre' code that reads neuron variables, with delays that differ per synapse", "{ g += v_pre }" },
        new object[] { "double-precision convolution", Double("    population c = M[1, 4, 4]\n    population d = M[2, 4, 4]\n    connect c -> d conv2d(kernel = 3, padding = 1)"), "the conv2d connection c -> d in double precision", "conv2d" },
        new object[] { "double-precision pooling", Double("    population c = M[1, 4, 4]\n    population d = M[1, 2, 2]\n    connect c -> d max_pool2d(kernel = 2)"), "the max_pool2d connection c -> d in double precision", "max_pool2d" },
        new object[] { "double-precision dense", Double("    connect a -> b dense"), "the dense weights of the connection connect a -> b dense in double precision", "dense" },
        new object[] { "alias recording", Network("    record state a.total"), "recording 'a.total', which is no state variable of each neuron", "record state" },
        new object[] { "subgroup alias recording", Network("    subgroup first = a[0:2]\n    record state first.total"), "recording 'first.total', which is no state variable of each neuron", "record state" },
        new object[] { "parameter named device", Network("").Replace("    dt = 0.1 ms", "    parameters { device = 2 }\n    dt = 0.1 ms"), "a network parameter named 'device'", "device = 2" },
        new object[] { "timed array in synapse code", "timed_array pulse = [0, 1] every 1 ms\n" + Network("    connect a -> b one_to_one on pre { g += pulse(0 ms) }"),
            "the timed array 'pulse' in synapse code of the connection", "{ g += pulse(0 ms) }" },
        new object[] { "run_regularly reading a link", "neuron Linked {\n    state { v = 0; x = 0 linked }\n    equations { dv/dt = (x - v) / (10 ms) }\n}\n"
            + Network("    population l = Linked(x = linked_var(a, v))[4]\n    run_regularly l every 1 ms { v = x }"),
            "run_regularly code of population 'l' that reads the linked variable 'x'", "population l = Linked" },
        new object[] { "protocol setting of synapses", Network("    connect a -> b synapse Static\n    protocol { phase strong 1 ms { a -> b.w = 2 } }"),
            "the protocol setting of the synapse variable 'w' in phase 'strong'", "phase strong" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Unsupported_constructs_are_refused_by_name_at_the_construct_and_keep_the_cpu_simulator(string name, string source, string construct, string at)
    {
        var result = SnnCompiler.Compile(new SourceText($"{name}.snn", source));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "SL0521");
        var plan = Assert.Single(result.Networks);

        var gpu = SnnCompiler.EmitGpuSimulator(plan);

        Assert.Null(gpu.Source);
        var refusal = Assert.Single(gpu.Diagnostics, d => d.Message.Contains(construct));
        Assert.Equal("SL0521", refusal.Id);
        Assert.Equal(DiagnosticSeverity.Warning, refusal.Severity);
        // Located at the construct: its line in the network.
        int line = source.Split('\n').ToList().FindIndex(l => l.Contains(at));
        Assert.Equal(line, refusal.LineSpan.Start.Line);
        Assert.Contains("No GPU simulator is generated for network 'Net'", refusal.Message);
        Assert.Contains("the CPU simulator (Net) runs it", refusal.Message);
        Assert.Contains("public sealed partial class Net", SnnCompiler.Emit(plan).Text);
    }

    [Fact]
    public void A_network_of_the_supported_constructs_gets_its_gpu_simulator_in_a_file_of_its_own()
    {
        var result = SnnCompiler.Compile(new SourceText("ok.snn", Network("""
                population p = poisson(rate = 20 Hz)[4]
                connect p -> a one_to_one delay 1 ms on pre { g += 0.5 }
                input x[4]
                population q = poisson(rate = 10 Hz * (1 + sin(2 * pi * 5 Hz * t)))[4]
                connect q -> a one_to_one on pre { g += 0.5 }
                connect x -> b one_to_one delay 0.5 ms on pre { g += 0.5 }
                connect a -> b probability 0.5 synapse Static(w = rand())
                subgroup first = a[0:2]
                connect first -> b all on pre { g += 0.25 }
                connect b -> a probability 0.5 synapse Plastic
                connect a -> b one_to_one on pre { g += 0.1 * (v_pre - v_post) }
                connect a -> b probability 0.5 synapse Gap
                connect a -> b probability 0.5 synapse Decaying
                drive first.g += poisson(n = 10, rate = 5 Hz, weight = 0.1)
                record spikes a
                record spikes first
                record state a.v
                record state first[1:2].g every 1 ms
                record rate first
                record rate p
                record weights a -> b every 1 ms
                record weights b -> a
                population c = L[1, 4, 4]
                population d = L[2, 4, 4]
                population e = L[2, 2, 2]
                population f = L[3]
                connect c -> d conv2d(kernel = 3, padding = 1) batch_norm same_step
                connect d -> e avg_pool2d(kernel = 2)
                connect e -> f dense
                connect x -> c all same_step on pre { mem += 0.5 }
                run_regularly a every 1 ms { g = 0 }
                protocol { phase quiet 1 ms { a[0:2].g = 0 } }
            """)));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var plan = Assert.Single(result.Networks);

        var gpu = SnnCompiler.EmitGpuSimulator(plan);

        Assert.Empty(gpu.Diagnostics);
        Assert.Equal("Net.Gpu.g.cs", gpu.Source!.HintName);
        Assert.Contains("public sealed class NetGpu : INetwork", gpu.Source.Text);
        Assert.Contains("public GpuInputPopulation x { get; }", gpu.Source.Text);
        Assert.Contains("_convolutionKernels.Convolve(", gpu.Source.Text);
        Assert.Contains("_convolutionKernels.Pool(", gpu.Source.Text);
        Assert.Contains("_denseKernels.Deliver(", gpu.Source.Text);
        Assert.DoesNotContain("NetGpu", SnnCompiler.Emit(plan).Text);
    }
}
