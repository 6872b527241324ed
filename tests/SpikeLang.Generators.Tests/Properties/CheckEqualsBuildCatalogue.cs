using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using Xunit.Sdk;

namespace SpikeLang.Generators.Tests.Properties;

/// <summary>
/// One minimal program per known way in which what <c>spikelang check</c> accepts does not build or run: the cases the
/// issue named and every kind <see cref="CheckCleanProgramsTests"/> found. Each case asserts the property
/// "either SnnCompiler.Compile reports an error located inside the program (line and column in the text), or
/// Generate succeeds, the C# compiles, and each network constructs and runs 10 steps with finite state (or, for a
/// network too big for the process, construction refuses it, naming the line that declares the population)".
/// <para>
/// Many cases fail today: they document what the compiler must do (refuse the program with a located SLxxxx error,
/// or build and run it). The comment above each says what happens now and which failure kind of the property test
/// it stands for. Networks run in a child process with a 2 GiB heap (<see cref="IsolatedRunner"/>), so a stack
/// overflow or a huge population fails its case only. A text that starts with <c>namespace NS</c> keeps it (NS is
/// replaced by a unique name); every other text gets a namespace of its own, so all cases compile in one batch.
/// </para>
/// </summary>
public class CheckEqualsBuildCatalogue
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The catalogue: name, then the .snn text.</summary>
    private static readonly (string Name, string Snn)[] Catalogue =
    {
        // ---- named in the issue ------------------------------------------------------------------

        // C# error CS1002 (; expected): the equation is copied into a '//' comment of the generated file line by line.
        ("WrappedEquation", """
            neuron N {
                parameters { tau = 10 ms }
                state { v = 0 mV }
                equations {
                    dv/dt = (2 mV
                             - v) / tau
                }
                threshold v > 1 mV
            }
            network Net { population p = N[3] }
            """),
        // Same for a threshold (C# errors CS1002, CS1525 or CS1026 depending on where the line breaks).
        ("WrappedThreshold", """
            neuron N {
                state { v = 0 }
                equations { dv/dt = (1 - v) / ms }
                threshold (v >
                    0.5)
            }
            network Net { population p = N[2] }
            """),
        // C# error CS0826 (no best type for implicitly-typed array): Describe() writes new[] { } for the state names.
        ("NeuronWithoutState", """
            neuron Clock {
                parameters { t_fire = 1 ms }
                threshold t >= t_fire
            }
            network Net { population p = Clock[3] }
            """),
        // C# error CS0103 ('Infinityf' does not exist): 1e40 becomes float.PositiveInfinity, written as Infinityf.
        ("Float32OverflowLiteral", """
            neuron N {
                state { v = 0 }
                threshold v > 1e40
            }
            network Net { population p = N[3] }
            """),
        // ArgumentException at construction: "The matrix has non-finite entries" (exact propagator of -v / 0).
        ("ZeroTimeConstantInModel", """
            neuron N {
                parameters { tau = 0 ms }
                state { v = 1 }
                equations { dv/dt = -v / tau }
                threshold v > 2
            }
            network Net { population p = N[3] }
            """),
        // Same, through an override.
        ("ZeroTimeConstantOverride", """
            network Net { population p = Lif(tau_m = 0 ms)[2] }
            """),
        // Runs (a negative refractory period acts as none), so the property holds; but 'refractory -2 ms' in the model
        // is refused with SL0307: see Overrides_and_network_parameters_are_checked_like_declarations, which fails.
        ("NegativeRefractoryOverride", """
            network Net { population p = Lif(t_ref = -2 ms, v = -40 mV)[2] }
            """),
        // ArgumentOutOfRangeException ("Delay must lie in [0, 0]") when the first spike is delivered: 'delay -1 ms' is
        // refused (SL0307), but the delay check evaluates constants without the network parameters. (Lif starts at
        // v = -40 mV, above its threshold, so it spikes in the first step.)
        ("NegativeDelayParameter", """
            network Net {
                parameters { d = -1 ms }
                population p = Lif(v = -40 mV)[2]
                connect p -> p delay d
            }
            """),
        // OutOfMemoryException in the child's 2 GiB heap; without a limit it allocates for minutes (int.MaxValue is the only size check).
        ("HugePopulation", """
            network Net { population p = Lif[2000000000] }
            """),
        // ArgumentException at construction: "40000000000 synapses exceed the largest array .NET can allocate".
        ("HugeAllToAll", """
            network Net {
                population a = Lif[200000]
                connect a -> a all
            }
            """),
        // SL0500 from Generate only: a condition together with fixed_indegree.
        ("GenerateOnly_ConditionWithFixedIndegree", """
            network Net {
                population p = Lif[3]
                connect p -> p fixed_indegree 1 if i != j
            }
            """),
        // SL0500 from Generate only: random numbers in 'on pre' code.
        ("GenerateOnly_RandomInOnPre", """
            network Net {
                population p = Lif[3]
                connect p -> p on pre { v += rand() * mV }
            }
            """),
        // SL0500 from Generate only: a refractory period that depends on state variables.
        ("GenerateOnly_StateDependentRefractory", """
            neuron N {
                state { v = 0 mV }
                equations { dv/dt = -v / (5 ms) }
                threshold v > 1 mV
                refractory 1 ms + abs(v) / mV * 1 ms
            }
            network Net { population p = N[3] }
            """),
        // SL0500 from Generate only, and located in <stdlib>/Stdp.snn, a file the user does not have: the trace's time
        // constant differs between synapses.
        ("GenerateOnly_PerSynapseTraceTimeConstant", """
            network Net {
                population p = Lif[3]
                connect p -> p synapse Stdp(tau_plus = uniform(5 ms, 10 ms))
            }
            """),
        // SL0500 from Generate only: an alias of a neuron in synapse code.
        ("GenerateOnly_NeuronAliasInSynapseCode", """
            neuron N {
                state { v = 0 }
                equations {
                    dv/dt = (1 - v) / ms
                    x = v * 2
                }
                threshold x > 0.5
                reset { v = 0 }
            }
            network Net {
                population p = N[3]
                connect p -> p on pre { v += x_pre }
            }
            """),
        // SL0500 from Generate only: a variable of a Poisson source in synapse code.
        ("GenerateOnly_PoissonRateInSynapseCode", """
            network Net {
                population s = poisson(rate = 10 Hz)[3]
                population p = Lif[3]
                connect s -> p on pre { v += rate_pre * ms * mV }
            }
            """),
        // SL0500 from Generate only: coupled clock-driven synapse equations with exact integration.
        ("GenerateOnly_CoupledClockDrivenSynapse", """
            synapse Coupled {
                parameters { tau_x = 5 ms }
                state { w = 1; x = 0; y = 0 }
                equations {
                    dx/dt = (y - x) / tau_x
                    dy/dt = -y / tau_x
                }
                on pre { input += w * x; y += 1 }
            }
            network Net {
                population p = Lif[3]
                connect p -> p synapse Coupled
            }
            """),
        // SL0501 from Generate only: training through a connection that is not dense.
        ("GenerateOnly_TrainNotDense", """
            network Net {
                input x[4]
                population h = Leaky[3]
                connect x -> h all
                train { steps 4; loss cross_entropy(spike_count(h)) }
            }
            """),
        // SL0501 from Generate only: training a network with a Poisson population.
        ("GenerateOnly_TrainWithPoisson", """
            network Net {
                input x[4]
                population noise = poisson(rate = 10 Hz)[3]
                population h = Leaky[3]
                connect x -> h dense
                train { steps 4; loss cross_entropy(spike_count(h)) }
            }
            """),
        // SL0501 from Generate only: training through a connection between slices.
        ("GenerateOnly_TrainSlice", """
            network Net {
                input x[4]
                population h = Leaky[3]
                connect x -> h[0:1] dense
                train { steps 4; loss cross_entropy(spike_count(h)) }
            }
            """),
        // SL0501 from Generate only, located in <stdlib>/Lif.snn: a refractory period in a trained model.
        ("GenerateOnly_TrainRefractoryModel", """
            network Net {
                input x[4]
                population h = Lif[3]
                connect x -> h dense
                train { steps 4; loss cross_entropy(spike_count(h)) }
            }
            """),
        // SL0501 from Generate only: a trained model's initial value is not constant.
        ("GenerateOnly_TrainRandomInitialValue", """
            neuron D {
                state { mem = uniform(0, 1) }
                update { mem = 0.9 * mem + input }
                threshold mem > 1
                reset { mem = 0 }
            }
            network Net {
                input x[4]
                population h = D[3]
                connect x -> h dense
                train { steps 4; loss cross_entropy(spike_count(h)) }
            }
            """),
        // SL0501 from Generate only: min() in a trained update has no derivative.
        ("GenerateOnly_TrainMinInUpdate", """
            neuron D {
                state { mem = 0 }
                update { mem = min(0.9 * mem + input, 2) }
                threshold mem > 1
                reset { mem = 0 }
            }
            network Net {
                input x[4]
                population h = D[3]
                connect x -> h dense
                train { steps 4; loss cross_entropy(spike_count(h)) }
            }
            """),
        // SL0501 from Generate only: a population whose model has neither equations nor an update, in a trained network.
        ("GenerateOnly_TrainModelWithoutDynamics", """
            neuron Still { state { v = 0 } }
            network Net {
                input x[3]
                population h = Leaky[3]
                population still = Still[2]
                connect x -> h dense
                train { steps 3; loss cross_entropy(spike_count(h)) }
            }
            """),
        // SL0501 from Generate only: a trained model whose threshold is not one comparison.
        ("GenerateOnly_TrainThresholdWithAnd", """
            neuron D {
                state { mem = 0 }
                update { mem = 0.9 * mem + input }
                threshold (mem > 1) and (mem < 5)
                reset { mem = 0 }
            }
            network Net {
                input x[4]
                population h = D[3]
                connect x -> h dense
                train { steps 4; loss cross_entropy(spike_count(h)) }
            }
            """),
        // SL0501 from Generate only: the trained model's update never reads 'input'.
        ("GenerateOnly_TrainUpdateWithoutInput", """
            neuron D {
                state { mem = 0 }
                update { mem = 0.9 * mem + 0.2 }
                threshold mem > 1
                reset { mem = 0 }
            }
            network Net {
                input x[4]
                population h = D[3]
                connect x -> h dense
                train { steps 4; loss cross_entropy(spike_count(h)) }
            }
            """),

        // ---- found by the property test ----------------------------------------------------------

        // Generate throws InvalidOperationException "'N_pre' at construction": N_pre / N_post are in scope for
        // synapse overrides (and delays), but the emitter has no value for them at construction.
        ("NPreInSynapseOverride", """
            network Net {
                population p = Lif[5]
                connect p -> p synapse Static(w = N_pre)
            }
            """),
        ("NPostInDelay", """
            network Net {
                population p = Lif[5]
                connect p -> p delay 0.1 ms * N_post
            }
            """),
        // C# error CS0103 ('x_input' does not exist): the summed input read in a threshold.
        ("InputInThreshold", """
            neuron N {
                state { v = 0 }
                equations { dv/dt = (1 - v) / ms }
                threshold v > input
            }
            network Net { population p = N[3] }
            """),
        // C# error CS0103 (the name '_leak' does not exist): recording an alias, which has no field to read.
        ("RecordAlias", """
            neuron N {
                state { v = 0 }
                equations {
                    dv/dt = (1 - v) / ms
                    leak = v * 2
                }
                threshold v > 0.5
                reset { v = 0 }
            }
            network Net {
                population p = N[2]
                record state p.leak
            }
            """),
        // C# error CS0121 (call ambiguous between Math.Floor(double) and Math.Floor(decimal)): floor / ceil of the
        // integer built-ins i and N in neuron code.
        ("FloorOfIndex", """
            neuron N {
                state { v = 0 }
                equations { dv/dt = (floor(i) - v) / ms }
                threshold v > 1
            }
            network Net { population p = N[3] }
            """),
        // C# error CS0165 (unassigned local 'p_theta'): an override that reads the parameter it overrides.
        ("SelfReferentialOverride", """
            network Net { population p = Leaky(theta = theta)[3] }
            """),
        // C# error CS0841 (local 'p_b' used before it is declared): two overrides that read each other's parameter.
        ("MutuallyReferringOverrides", """
            network Net { population p = AdEx(b = i_ext, i_ext = b)[3] }
            """),
        // C# error CS0102: a population called like a member of the network class (Step, Run, Time, Describe, ...).
        ("PopulationNamedLikeNetworkMember", """
            network Net { population Step = Lif[2] }
            """),
        // C# error CS0542: the network class has a member of its own name.
        ("NetworkNamedLikeItsMember", """
            network Time { population p = Lif[2] }
            """),
        ("PopulationNamedLikeNetwork", """
            network Net { population Net = Lif[3] }
            """),
        // C# error CS0100 (duplicate parameter 'seed'): a network parameter called like the constructor's seed.
        ("NetworkParameterNamedSeed", """
            network Net {
                parameters { seed = 3 }
                population p = Lif[3]
            }
            """),
        // C# error CS0102: state variables called like members of the population class.
        ("StateNamedLikePopulationMember", """
            neuron N {
                parameters { Count = 2 }
                state { Spikes = 0 }
                equations { dSpikes/dt = -Spikes / ms }
                threshold Spikes > Count
            }
            network Net { population p = N[3] }
            """),
        // C# error CS0102: state 'p_tau' collides with the field the emitter makes for parameter 'tau' (_p_tau).
        ("StateNamedLikeParameterField", """
            neuron N {
                parameters { tau = 10 ms }
                state { v = 0 mV; p_tau = 1 }
                equations { dv/dt = (2 mV - v) / tau }
                threshold v > 1 mV
            }
            network Net { population p = N[3] }
            """),
        // C# error CS0102: population 'p_to_q' collides with the property of the connection p -> q.
        ("PopulationNamedLikeConnection", """
            network Net {
                population p = Lif[3]
                population q = Lif[3]
                population p_to_q = Lif[2]
                connect p -> q all
            }
            """),
        // C# error CS0120: a population called Math hides System.Math in the generated code.
        ("PopulationNamedMath", """
            network Net { population Math = Lif[1] }
            """),
        // C# error CS0117 ('Math' does not contain a definition for 'Floor'): so does a network called Math.
        ("NetworkNamedMath", """
            network Math { population p = Lif[2] }
            """),
        // C# error CS0029 (cannot convert 'InitPopulation' to RandomStream, 'SeedPopulation' to ulong): populations
        // called like the constructor's locals and parameters.
        ("PopulationNamedInit", """
            network Net { population init = Lif[2] }
            """),
        ("PopulationNamedSeed", """
            network Net { population seed = Lif[2] }
            """),
        // C# error CS0030: a network called Real hides the 'using Real = float' alias.
        ("NetworkNamedReal", """
            network Real { population p = Lif[3] }
            """),
        // C# error CS0118 ('Real' is a namespace): a namespace ending in Real hides the alias.
        ("NamespaceNamedReal", """
            namespace NS.Real
            network Net { population p = Lif[3] }
            """),
        // C# error CS0234: a namespace ending in Propagator hides SpikeLang.Runtime.Propagator.
        ("NamespaceNamedLikeRuntimeType", """
            namespace NS.Propagator
            network Net { population p = AdaptiveLif[1] }
            """),
        // C# error CS0234 ('Floor' does not exist in the namespace '….Math'): a namespace ending in Math hides System.Math.
        ("NamespaceNamedMath", """
            namespace NS.Math
            network Net { population p = Lif[2] }
            """),
        // C# error CS0117 ('System' does not contain a definition for 'Array'): a network called System hides the
        // System namespace in the code that records state.
        ("NetworkNamedSystem", """
            network System {
                population p = Lif[2]
                record state p.v
            }
            """),
        // C# error CS1001 (identifier expected): C# keywords are not escaped in namespaces and class names.
        ("CSharpKeywordAsNames", """
            namespace NS.object
            network object { population p = Lif[1] }
            """),
        // C# errors CS1061 / CS1503: a network called like a runtime type its code uses hides that type.
        ("NetworkNamedWeightSet", """
            network WeightSet { population p = Lif[1] }
            """),
        ("NetworkNamedSpikeMonitor", """
            network SpikeMonitor {
                population p = Lif[2]
                record spikes p
            }
            """),
        // C# error CS0117 ('Propagator' does not contain a definition for 'Compute').
        ("NetworkNamedPropagator", """
            network Propagator { population p = CubaLif[2] }
            """),
        // C# error CS1729 ('NetworkDescriptor' does not contain a constructor that takes 4 arguments).
        ("NetworkNamedNetworkDescriptor", """
            network NetworkDescriptor { population p = Lif[1] }
            """),
        // The child process dies of a stack overflow: with a network parameter, the constructor of a network called
        // RandomStream matches 'new RandomStream(seed, 0)' and calls itself forever (without one: C# error CS1729).
        ("NetworkNamedRandomStream", """
            network RandomStream {
                parameters { n = 3 }
                population p = Lif[n]
            }
            """),
    };

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in Catalogue) data.Add(name);
        return data;
    }

    private static string Text(string name)
    {
        int index = Array.FindIndex(Catalogue, c => c.Name == name);
        string snn = Catalogue[index].Snn.Replace("\r\n", "\n") + "\n";
        return snn.StartsWith("namespace NS", StringComparison.Ordinal)
            ? "namespace Catalogue" + index + snn.Substring("namespace NS".Length)
            : $"namespace Catalogue{index}\n{snn}";
    }

    /// <summary>Every case that checks clean and generates, compiled together once (failing ones are left out with their errors).</summary>
    private static readonly Lazy<(Dictionary<string, SnnOutcome> Outcomes, CompiledBatch Batch)> Compiled = new(() =>
    {
        var outcomes = Catalogue.Select((c, k) => (c.Name, Outcome: GeneratedNetworks.CheckAndGenerate(Text(c.Name), k)))
            .ToDictionary(x => x.Name, x => x.Outcome);
        var batch = GeneratedNetworks.CompileBatch(outcomes.Values.Where(o => o.Program is not null).Select(o => o.Program!).ToList());
        return (outcomes, batch);
    });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Check_refuses_with_a_located_error_or_the_network_builds_and_runs(string name)
    {
        string text = Text(name);
        var (outcomes, batch) = Compiled.Value;
        var outcome = outcomes[name];
        string failure = Verdict(outcome, batch, text);
        if (failure.Length > 0)
        {
            throw new XunitException($"{name}: check accepts this program, but {failure}\n\n{text}");
        }
    }

    /// <summary>Empty when the property holds for the program; else what goes wrong.</summary>
    private static string Verdict(SnnOutcome outcome, CompiledBatch batch, string text)
    {
        if (outcome.Crash is { Stage: "check" } checkCrash)
        {
            return $"check throws {checkCrash.Exception}";
        }
        if (!outcome.ChecksClean)
        {
            var outside = outcome.CheckErrors.Where(d => d.FilePath != GeneratedNetworks.SnnPath || d.Span.Start < 0 || d.Span.End > text.Length).ToList();
            return outside.Count == 0 ? "" : $"its errors are not located in the program:\n{string.Join("\n", outside)}";
        }
        if (outcome.Crash is { } crash)
        {
            return $"Generate throws {crash.Exception}";
        }
        var program = outcome.Program!;
        if (batch.Errors.TryGetValue(program.Id, out var errors))
        {
            return $"the generated C# does not compile:\n{string.Join("\n", errors.Take(10))}";
        }
        var problems = new List<string>();
        foreach (var result in IsolatedRunner.Run(batch.Image!, program.Networks, Timeout))
        {
            if (result.Kind is not null) problems.Add($"{result.Kind}\n{result.Detail}");
            else if (result.RefusedForMemory is { } message && !message.Contains($"({GeneratedNetworks.SnnPath} line ", StringComparison.Ordinal))
            {
                problems.Add($"{result.Network} is refused for memory without saying where in the program: {message}");
            }
            else if (result.NonFinite.Count > 0) problems.Add($"{result.Network} ends 10 steps with non-finite state: {string.Join(", ", result.NonFinite)}");
        }
        return string.Join("\n", problems);
    }

    /// <summary>
    /// A value the checker refuses where a model declares it must be refused where an override or a network
    /// parameter supplies it (the issue: "overrides and network parameters skipping declaration checks").
    /// </summary>
    [Theory]
    [InlineData("refractory", """
        neuron N {
            parameters { t_ref = -2 ms }
            state { v = 0 }
            threshold v > 1
            refractory t_ref
        }
        network Net { population p = N[2] }
        """, """
        neuron N {
            parameters { t_ref = 2 ms }
            state { v = 0 }
            threshold v > 1
            refractory t_ref
        }
        network Net { population p = N(t_ref = -2 ms)[2] }
        """)]
    [InlineData("refractory via network parameter", """
        neuron N {
            parameters { t_ref = -2 ms }
            state { v = 0 }
            threshold v > 1
            refractory t_ref
        }
        network Net { population p = N[2] }
        """, """
        neuron N {
            parameters { t_ref = 2 ms }
            state { v = 0 }
            threshold v > 1
            refractory t_ref
        }
        network Net {
            parameters { r = -2 ms }
            population p = N(t_ref = r)[2]
        }
        """)]
    [InlineData("delay via network parameter", """
        network Net {
            population p = Lif[2]
            connect p -> p delay -1 ms
        }
        """, """
        network Net {
            parameters { d = -1 ms }
            population p = Lif[2]
            connect p -> p delay d
        }
        """)]
    public void Overrides_and_network_parameters_are_checked_like_declarations(string what, string declared, string supplied)
    {
        var direct = GeneratedNetworks.CheckAndGenerate(declared, 0);
        Assert.False(direct.ChecksClean, $"the declared form of '{what}' should be refused (this test assumes it is)");
        var indirect = GeneratedNetworks.CheckAndGenerate(supplied, 0);
        Assert.False(indirect.ChecksClean,
            $"check refuses {string.Join("; ", direct.CheckErrors.Select(d => d.Id + " " + d.Message))} where the model declares it, " +
            $"but accepts the same value supplied by an override or a network parameter:\n{supplied}");
    }
}
