using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using Xunit.Sdk;

namespace SpikeLang.Generators.Tests.Properties;

/// <summary>
/// One minimal program per known way in which what <c>spikelang check</c> accepted did not build or run: the cases the
/// issue named and every kind <see cref="CheckCleanProgramsTests"/> found. Each case asserts the property
/// "either SnnCompiler.Compile reports an error located inside the program (line and column in the text), or the
/// C# of its plans compiles, and each network constructs and runs 10 steps with finite state (or, for a network too
/// big for the process, construction refuses it, naming the line that declares the population)".
/// <para>
/// The comment above each case says how it failed and what the compiler does with it now. Networks run in a child
/// process with a 2 GiB heap (<see cref="IsolatedRunner"/>), so a stack overflow or a huge population fails its case
/// only. A text that starts with <c>namespace NS</c> keeps it (NS is replaced by a unique name); every other text gets
/// a namespace of its own, so all cases compile in one batch.
/// </para>
/// </summary>
public class CheckEqualsBuildCatalogue
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The catalogue: name, then the .snn text.</summary>
    private static readonly (string Name, string Snn)[] Catalogue =
    {
        // ---- named in the issue ------------------------------------------------------------------

        // Was C# error CS1002: the equation was copied into a '//' comment of the generated file line by line. Builds and runs.
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
        // Same for a threshold (C# errors CS1002, CS1525 or CS1026 depending on where the line broke). Builds and runs.
        ("WrappedThreshold", """
            neuron N {
                state { v = 0 }
                equations { dv/dt = (1 - v) / ms }
                threshold (v >
                    0.5)
            }
            network Net { population p = N[2] }
            """),
        // Was C# error CS0826: Describe() wrote new[] { } for the state names. Builds and runs.
        ("NeuronWithoutState", """
            neuron Clock {
                parameters { t_fire = 1 ms }
                threshold t >= t_fire
            }
            network Net { population p = Clock[3] }
            """),
        // Was C# error CS0103 ('Infinityf'): 1e40 became float.PositiveInfinity. Now SL0310 at the literal.
        ("Float32OverflowLiteral", """
            neuron N {
                state { v = 0 }
                threshold v > 1e40
            }
            network Net { population p = N[3] }
            """),
        // Was an ArgumentException at construction ("The matrix has non-finite entries", the propagator of -v / 0).
        // Now SL0308 at the equation.
        ("ZeroTimeConstantInModel", """
            neuron N {
                parameters { tau = 0 ms }
                state { v = 1 }
                equations { dv/dt = -v / tau }
                threshold v > 2
            }
            network Net { population p = N[3] }
            """),
        // Same, through an override: SL0308 at the override.
        ("ZeroTimeConstantOverride", """
            network Net { population p = Lif(tau_m = 0 ms)[2] }
            """),
        // A negative refractory period through an override: SL0307 at the override (see also
        // Overrides_and_network_parameters_are_checked_like_declarations).
        ("NegativeRefractoryOverride", """
            network Net { population p = Lif(t_ref = -2 ms, v = -40 mV)[2] }
            """),
        // Was ArgumentOutOfRangeException ("Delay must lie in [0, 0]") at the first delivered spike: the delay check
        // evaluated constants without the network parameters. (Lif starts at v = -40 mV, above its threshold, so it
        // spikes in the first step.) Now SL0307 at the delay, with the parameters at their defaults; the generated
        // constructor checks the values it is given (ConstructionChecks.NonNegative).
        ("NegativeDelayParameter", """
            network Net {
                parameters { d = -1 ms }
                population p = Lif(v = -40 mV)[2]
                connect p -> p delay d
            }
            """),
        // Was OutOfMemoryException in the child's 2 GiB heap (without a limit it allocated for minutes). Now the
        // constructor refuses it before allocating, with the counts and the line of the population
        // (ConstructionChecks.Memory): how much memory there is is known only where the network runs.
        ("HugePopulation", """
            network Net { population p = Lif[2000000000] }
            """),
        // Was an ArgumentException at construction ("40000000000 synapses exceed the largest array"). Now SL0309.
        ("HugeAllToAll", """
            network Net {
                population a = Lif[200000]
                connect a -> a all
            }
            """),
        // Was SL0500 from Generate only (check accepted it); the GenerateOnly_ cases are now refused by check, in place.
        // A condition together with fixed_indegree.
        ("GenerateOnly_ConditionWithFixedIndegree", """
            network Net {
                population p = Lif[3]
                connect p -> p fixed_indegree 1 if i != j
            }
            """),
        // Random numbers in 'on pre' code.
        ("GenerateOnly_RandomInOnPre", """
            network Net {
                population p = Lif[3]
                connect p -> p on pre { v += rand() * mV }
            }
            """),
        // A refractory period that depends on state variables.
        ("GenerateOnly_StateDependentRefractory", """
            neuron N {
                state { v = 0 mV }
                equations { dv/dt = -v / (5 ms) }
                threshold v > 1 mV
                refractory 1 ms + abs(v) / mV * 1 ms
            }
            network Net { population p = N[3] }
            """),
        // The trace's time constant differs between synapses. Was also located in <stdlib>/Stdp.snn, a file the user
        // does not have; now at the override in the program, naming the standard model's line.
        ("GenerateOnly_PerSynapseTraceTimeConstant", """
            network Net {
                population p = Lif[3]
                connect p -> p synapse Stdp(tau_plus = uniform(5 ms, 10 ms))
            }
            """),
        // An alias of a neuron in synapse code.
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
        // A variable of a Poisson source in synapse code.
        ("GenerateOnly_PoissonRateInSynapseCode", """
            network Net {
                population s = poisson(rate = 10 Hz)[3]
                population p = Lif[3]
                connect s -> p on pre { v += rate_pre * ms * mV }
            }
            """),
        // Coupled clock-driven synapse equations with exact integration.
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
        // SL0501: training through a connection that is not dense.
        ("GenerateOnly_TrainNotDense", """
            network Net {
                input x[4]
                population h = Leaky[3]
                connect x -> h all
                train { steps 4; loss cross_entropy(spike_count(h)) }
            }
            """),
        // SL0501: training a network with a Poisson population.
        ("GenerateOnly_TrainWithPoisson", """
            network Net {
                input x[4]
                population noise = poisson(rate = 10 Hz)[3]
                population h = Leaky[3]
                connect x -> h dense
                train { steps 4; loss cross_entropy(spike_count(h)) }
            }
            """),
        // SL0501: training through a connection between slices.
        ("GenerateOnly_TrainSlice", """
            network Net {
                input x[4]
                population h = Leaky[3]
                connect x -> h[0:1] dense
                train { steps 4; loss cross_entropy(spike_count(h)) }
            }
            """),
        // SL0501: a refractory period in a trained model. Was located in <stdlib>/Lif.snn; now at the population.
        ("GenerateOnly_TrainRefractoryModel", """
            network Net {
                input x[4]
                population h = Lif[3]
                connect x -> h dense
                train { steps 4; loss cross_entropy(spike_count(h)) }
            }
            """),
        // SL0501: a trained model's initial value is not constant.
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
        // SL0501: min() in a trained update has no derivative.
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
        // SL0501: a population whose model has neither equations nor an update, in a trained network.
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
        // SL0501: a trained model whose threshold is not one comparison.
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
        // SL0501: the trained model's update never reads 'input'.
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

        // Generate threw InvalidOperationException ("'N_pre' has no value in SynapseConstruction code"): N_pre and
        // N_post are in scope for synapse overrides and delays, and are now the slices' sizes there too. Build and run.
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
        // Was C# error CS0103 ('x_input' does not exist): the summed input read in a threshold. Builds and runs (the
        // property test found the same with a connection that adds to the input; such a threshold now runs in the update kernel).
        ("InputInThreshold", """
            neuron N {
                state { v = 0 }
                equations { dv/dt = (1 - v) / ms }
                threshold v > input
            }
            network Net { population p = N[3] }
            """),
        // Was C# error CS0103 (the name '_leak' does not exist): recording an alias, which had no array to read. The
        // alias is now computed into one for its monitor. Builds and runs.
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
        // Generate threw InvalidOperationException ("'drive' cannot be used at construction"): the constant drive of
        // an exact update named an alias, which the propagator's construction did not expand. Builds and runs.
        ("AliasInConstantDrive", """
            neuron Cell {
                state { v = 30 mV }
                equations {
                    drive = 3600 uV
                    dv/dt = -(drive * -16 Hz)
                }
            }
            network Sim { population group_a = Cell[6] }
            """),
        // Was C# error CS0103 ('x_input' does not exist): a threshold that reads the summed input, in a model the update
        // kernel does not find the spikes of, with a connection that adds to the input. Builds and runs.
        ("InputInThresholdWithConnection", """
            neuron Cell {
                state { act = 21 mV * i / N }
                threshold (act > input) or (act > 0)
            }
            network Net {
                population p = Cell[2]
                connect p -> p
            }
            """),
        // Was C# error CS1061 ('PPopulation' does not contain a definition for '_leak'): a subgroup recording an alias of
        // its parent. The parent computes the alias when the subgroup records it. Builds and runs.
        ("RecordAliasOfSubgroup", """
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
                population p = N[4]
                subgroup g = p[0:2]
                record state g.leak
            }
            """),
        // Was C# error CS0121 (Math.Floor(double) or Math.Floor(decimal)): floor / ceil of the integer built-ins i and N
        // at construction. i, j and N are doubles there now (which also makes i / N divide as written). Builds and runs.
        ("FloorOfIndex", """
            neuron N {
                state { v = 0 }
                equations { dv/dt = (floor(i) - v) / ms }
                threshold v > 1
            }
            network Net { population p = N[3] }
            """),
        // Was C# error CS0165 (unassigned local 'p_theta'): an override that reads the parameter it overrides. Now SL0115
        // at the override.
        ("SelfReferentialOverride", """
            network Net { population p = Leaky(theta = theta)[3] }
            """),
        // Was C# error CS0841 (local 'p_b' used before it is declared): two overrides that read each other. Now SL0115.
        ("MutuallyReferringOverrides", """
            network Net { population p = AdEx(b = i_ext, i_ext = b)[3] }
            """),
        // Was C# error CS0102: a population called like a member of the network class. SL0500 at the population.
        ("PopulationNamedLikeNetworkMember", """
            network Net { population Step = Lif[2] }
            """),
        // Was C# error CS0542: the network class had a member of its own name. SL0500 at the network's name.
        ("NetworkNamedLikeItsMember", """
            network Time { population p = Lif[2] }
            """),
        // SL0500 at the population.
        ("PopulationNamedLikeNetwork", """
            network Net { population Net = Lif[3] }
            """),
        // Was C# error CS0100 (duplicate parameter 'seed'): a network parameter called like the constructor's seed. SL0500.
        ("NetworkParameterNamedSeed", """
            network Net {
                parameters { seed = 3 }
                population p = Lif[3]
            }
            """),
        // Was C# error CS0102: state variables called like members of the population class. SL0500 at each.
        ("StateNamedLikePopulationMember", """
            neuron N {
                parameters { Count = 2 }
                state { Spikes = 0 }
                equations { dSpikes/dt = -Spikes / ms }
                threshold Spikes > Count
            }
            network Net { population p = N[3] }
            """),
        // Was C# error CS0102: state 'p_tau' collided with the field of parameter 'tau' (_p_tau). SL0500 at the state.
        ("StateNamedLikeParameterField", """
            neuron N {
                parameters { tau = 10 ms }
                state { v = 0 mV; p_tau = 1 }
                equations { dv/dt = (2 mV - v) / tau }
                threshold v > 1 mV
            }
            network Net { population p = N[3] }
            """),
        // Were C# errors CS0030 / CS0019 / CS1503: a state variable (or parameter) called Dt hid the network's time step
        // Dt from the population's kernels. SL0500 at the variable.
        ("StateNamedDt", """
            neuron N {
                state { Dt = 0.11 uS * i / N }
                equations { dDt/dt = (0.28 uS - Dt) / 0.89 ms }
                method rk4
            }
            network Net { population p = N[1] }
            """),
        // Was C# error CS0102: population 'p_to_q' collided with the property of the connection p -> q. The connection's
        // member takes another name now. Builds and runs.
        ("PopulationNamedLikeConnection", """
            network Net {
                population p = Lif[3]
                population q = Lif[3]
                population p_to_q = Lif[2]
                connect p -> q all
            }
            """),
        // Was C# error CS0120: a population called Math hid System.Math in the generated code. The names generated code
        // takes from the framework and the runtime are refused as names of populations, networks, namespace parts,
        // parameters and state (SL0500; GeneratedCodeNamesTests checks every such name).
        ("PopulationNamedMath", """
            network Net { population Math = Lif[1] }
            """),
        // Was C# error CS0117 ('Math' does not contain a definition for 'Floor'). SL0500 at the network's name.
        ("NetworkNamedMath", """
            network Math { population p = Lif[2] }
            """),
        // Were C# error CS0029: populations called like the constructor's locals and parameters. Build and run.
        ("PopulationNamedInit", """
            network Net { population init = Lif[2] }
            """),
        ("PopulationNamedSeed", """
            network Net { population seed = Lif[2] }
            """),
        // Was C# error CS0030: a network called Real hid the 'using Real = float' alias. SL0500.
        ("NetworkNamedReal", """
            network Real { population p = Lif[3] }
            """),
        // Was C# error CS0118 ('Real' is a namespace): a namespace ending in Real hid the alias. SL0500 at that part.
        ("NamespaceNamedReal", """
            namespace NS.Real
            network Net { population p = Lif[3] }
            """),
        // Was C# error CS0234: a namespace ending in Propagator hid SpikeLang.Runtime.Propagator. SL0500.
        ("NamespaceNamedLikeRuntimeType", """
            namespace NS.Propagator
            network Net { population p = AdaptiveLif[1] }
            """),
        // Was C# error CS0234 ('Floor' does not exist in the namespace '….Math'). SL0500.
        ("NamespaceNamedMath", """
            namespace NS.Math
            network Net { population p = Lif[2] }
            """),
        // Was C# error CS0117 ('System' does not contain a definition for 'Array'): a network called System hid the
        // System namespace. SL0500.
        ("NetworkNamedSystem", """
            network System {
                population p = Lif[2]
                record state p.v
            }
            """),
        // Was C# error CS1001 (identifier expected): C# keywords were not escaped in namespaces and in the assembly
        // attribute. They are now (@object). Builds and runs.
        ("CSharpKeywordAsNames", """
            namespace NS.object
            network object { population p = Lif[1] }
            """),
        // Were C# errors CS1061 / CS1503 / CS0738 / CS0117 / CS1729: a network called like a runtime type its code uses
        // hid that type. SL0500 at the network's name.
        ("NetworkNamedWeightSet", """
            network WeightSet { population p = Lif[1] }
            """),
        ("NetworkNamedSpikeMonitor", """
            network SpikeMonitor {
                population p = Lif[2]
                record spikes p
            }
            """),
        ("NetworkNamedPropagator", """
            network Propagator { population p = CubaLif[2] }
            """),
        ("NetworkNamedNetworkDescriptor", """
            network NetworkDescriptor { population p = Lif[1] }
            """),
        // The child process died of a stack overflow: with a network parameter, the constructor of a network called
        // RandomStream matched 'new RandomStream(seed, 0)' and called itself. SL0500 at the network's name.
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
