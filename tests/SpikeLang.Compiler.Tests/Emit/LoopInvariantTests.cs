using System;
using System.Linq;
using SpikeLang.Compiler.Text;
using Xunit;

namespace SpikeLang.Compiler.Tests.Emit;

/// <summary>
/// The neuron kernels compute once, before their loop, the costly subexpressions no neuron differs in (the
/// <c>sqrt(2 / tau)</c> of white noise, a shared alias of a broadcast link) and keep inside the loop what does
/// differ: per-neuron parameters, state, random draws, timed arrays.
/// </summary>
public class LoopInvariantTests
{
    private static string Generate(string snn) =>
        SnnCompiler.Generate(new[] { new SourceText("invariants.snn", snn) }).Sources.Single().Text;

    [Fact]
    public void Uniform_calls_and_powers_are_hoisted_and_per_neuron_ones_are_not()
    {
        string code = Generate("""
            timed_array drive = [1, 2] * Hz every 1 ms
            neuron Noisy {
                parameters { tau = 10 ms; sigma = 0.5; c = 1 }
                state { v = 0 }
                equations { dv/dt = -v / tau + sigma * sqrt(2 / tau) * xi + exp(-c * 2) / tau + exp(v) / tau + drive(t) * c }
                method euler
            }
            network N {
                population P = Noisy(c = i)[3]
            }
            """);
        // sigma * sqrt(2 / tau) reads homogeneous parameters only: one local before the loop.
        Assert.Contains("Real k_h0 = (k_p_sigma * MathF.Sqrt((2f / k_p_tau)));", code);
        string loop = code.Substring(code.IndexOf("for (; i < end; i++)", StringComparison.Ordinal));
        loop = loop.Substring(0, loop.IndexOf("_partSpikes", StringComparison.Ordinal) is > 0 and var cut ? cut : loop.Length);
        Assert.Contains("k_h0", loop);
        Assert.DoesNotContain("MathF.Sqrt", loop);
        // c differs per neuron (c = i), v is state and drive(t) moves with t: written in the loop.
        Assert.Contains("MathF.Exp(", loop);
        Assert.DoesNotContain("Real k_h1", code);
    }

    [Fact]
    public void A_uniform_condition_stays_in_the_loop_and_its_costly_operands_are_hoisted()
    {
        // Found by the check-clean property test: a threshold that no neuron differs in was hoisted as a number.
        string code = Generate("""
            neuron Cell {
                parameters { g = 0.37 }
                equations { ratio = g }
                threshold ratio >= sqrt(abs(g))
            }
            network N {
                population P = Cell[4]
            }
            """);
        Assert.Contains("Real k_h0 = MathF.Sqrt(MathF.Abs(k_p_g));", code);
        Assert.Contains("if (((k_p_g) >= k_h0)) spikes[count++] = HeldStart + i;", code);
    }
}
