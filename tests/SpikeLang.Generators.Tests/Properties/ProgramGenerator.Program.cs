using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CsCheck;

namespace SpikeLang.Generators.Tests.Properties;

/// <summary>Whole programs: models, networks, layout, and the deliberate mistakes and probes injected at a low rate.</summary>
internal static partial class ProgramGenerator
{
    /// <summary>Percentages: programs with C#-hostile names, with one probe of a known weak spot, with one deliberate mistake.</summary>
    public const int HostilePercent = 8, ProbePercent = 12, MistakePercent = 10;

    private static readonly ImmutableArray<PostTarget> StandardTargets = ImmutableArray.Create(
        new PostTarget("Lif", "v", Dim.Voltage), new PostTarget("CubaLif", "ge", Dim.Voltage), new PostTarget("AdEx", "w", Dim.Current),
        new PostTarget("Izhikevich", "u", Dim.Voltage), new PostTarget("Leaky", "mem", Dim.None));

    private static Gen<PostTarget> PostTargetOf(ImmutableArray<ModelDecl> neurons)
    {
        var user = neurons.SelectMany(m => m.AllState.Select(s => new PostTarget(m.Name, s.Name, s.Dim))).ToArray();
        return Choose(
            (6, () => Gen.Const(new PostTarget(null, "input", Dim.None))),
            (2, () => Gen.OneOf(StandardTargets.ToArray())),
            (user.Length > 0 ? 2 : 0, () => Gen.OneOf(user)));
    }

    private static Gen<Layout> LayoutOf() =>
        from oneLine in Chance(20)
        from semicolons in Chance(20)
        from comments in Chance(15)
        from nextLine in Chance(15)
        select new Layout(oneLine, semicolons, comments, false, nextLine);

    /// <summary>A random program: 0-2 neuron models, 0-2 synapse models, one network (sometimes two; 6 % train), a layout.</summary>
    public static Gen<SnnProgram> Program { get; } =
        from hostile in Chance(HostilePercent)
        from probes in Chance(ProbePercent)
        let style = new Style(hostile, probes)
        from neuronCount in Gen.Int[0, 2]
        from neuronNames in Distinct(NeuronModelNames, neuronCount)
        from neurons in Fold<ModelDecl>(neuronCount, (done, k) =>
            from name in MaybeHostile(style, neuronNames[k], HostileTypeNames, neuronNames.Concat(done.Select(d => d.Name)).ToList())
            from neuron in Neuron(name, style)
            select neuron)
        from synapseCount in Gen.Frequency((5, Gen.Const(0)), (3, Gen.Const(1)), (1, Gen.Const(2)))
        from synapseNames in Distinct(SynapseModelNames, synapseCount)
        from synapses in Fold<ModelDecl>(synapseCount, (done, k) => PostTargetOf(neurons).SelectMany(target => Synapse(synapseNames[k], style, target)))
        let library = new Library(neurons.AddRange(synapses))
        from networkCount in Gen.Frequency((96, Gen.Const(1)), (4, Gen.Const(2)))
        from networkNames in Distinct(NetworkNames, networkCount)
        from networks in Fold<NetworkDecl>(networkCount, (done, k) =>
            from name in MaybeHostile(style, networkNames[k], HostileTypeNames, networkNames.Concat(done.Select(d => d.Name)).Concat(library.User.Select(m => m.Name)).ToList())
            from train in Chance(6)
            from network in train ? TrainNetwork(name, library) : Network(name, style, library)
            select network)
        from layout in LayoutOf()
        from suffix in hostile ? Maybe(30, () => Gen.OneOf(HostileTypeNames)) : Maybe(5, () => Gen.OneOf("Models", "Generated.Deep"))
        let tags = hostile ? ImmutableArray.Create("names:hostile") : ImmutableArray<string>.Empty
        let program = new SnnProgram(suffix, library.User, networks, layout, tags)
        from probed in probes ? Probe(program) : Gen.Const(program)
        from mistake in Chance(MistakePercent)
        from result in mistake ? Mistake(probed) : Gen.Const(probed)
        select result;

    // ---- helpers for edits -------------------------------------------------------------------------

    private static SnnProgram Tag(SnnProgram p, string tag) => p with { Tags = p.Tags.Add(tag) };

    private static SnnProgram WithNetwork(SnnProgram p, int index, Func<NetworkDecl, NetworkDecl> edit) =>
        p with { Networks = p.Networks.SetItem(index, edit(p.Networks[index])) };

    private static SnnProgram WithModel(SnnProgram p, ModelDecl model, Func<ModelDecl, ModelDecl> edit) =>
        p with { Models = p.Models.Replace(model, edit(model)) };

    private static Population? FirstNeurons(NetworkDecl n) => n.Populations.FirstOrDefault(x => x.Kind == PopulationKind.Neurons);

    private static Connection Connect(string source, string target, string? rule = null, string? synapse = null, ImmutableArray<Assignment>? onPre = null, string? condition = null) =>
        new(new PopulationRef(source, null, null), new PopulationRef(target, null, null), rule, condition, null, synapse, ImmutableArray<(string, string)>.Empty, onPre);

    private static NetworkDecl AddConnection(NetworkDecl n, Connection c) => n with { Connections = n.Connections.Add(c) };

    private static NetworkDecl AddPopulation(NetworkDecl n, Population p) => n with { Populations = n.Populations.Add(p) };

    private static NetworkDecl AddParameter(NetworkDecl n, string name, string value) =>
        n with { Parameters = n.Parameters.Add(new Decl(name, Dim.None, value)) };

    /// <summary>One of several edits, chosen among those that apply to this program.</summary>
    private static Gen<SnnProgram> OneOf(SnnProgram p, string prefix, IEnumerable<(string Kind, bool Applies, Func<SnnProgram, Gen<SnnProgram>> Edit)> edits)
    {
        var live = edits.Where(e => e.Applies).ToArray();
        return Gen.Int[0, live.Length - 1].SelectMany(k => live[k].Edit(p).Select(result => Tag(result, $"{prefix}:{live[k].Kind}")));
    }

    // ---- probes: valid programs at the known weak spots (they must check clean and run, or be refused) -----

    /// <summary>
    /// Probes of weak spots found so far (see CheckEqualsBuildCatalogue): each keeps the program valid for the
    /// checker but pushes on something the emitter or runtime may not handle.
    /// </summary>
    private static Gen<SnnProgram> Probe(SnnProgram p)
    {
        var net = p.Networks[0];
        var neurons = FirstNeurons(net);
        var userNeurons = p.Models.Where(m => !m.IsSynapse).ToArray();
        var timeParameterModel = userNeurons.FirstOrDefault(m => m.Parameters.Any(x => x.Dim == Dim.Time) && m.Equations.Length > 0);
        var aliasModel = net.Populations.Select(x => p.Models.FirstOrDefault(m => m.Name == x.Model && m.Aliases.Length > 0)).FirstOrDefault(m => m is not null);
        var poisson = net.Populations.FirstOrDefault(x => x.Kind == PopulationKind.Poisson);
        var refractoryModel = userNeurons.FirstOrDefault(m => m.Refractory is not null && m.State.Length > 0);
        var continuous = userNeurons.FirstOrDefault(m => m.Equations.Length > 0);
        return OneOf(p, "probe", new (string, bool, Func<SnnProgram, Gen<SnnProgram>>)[]
        {
            ("unless-refractory-without-refractory", continuous is not null, q => Gen.Const(WithModel(q, continuous!, m =>
                m with { Refractory = null, Equations = m.Equations.SetItem(0, m.Equations[0] with { UnlessRefractory = true }) }))),
            ("wrapped-expression", true, q => Gen.Const(q with { Layout = q.Layout with { WrapLongExpressions = true } })),
            ("stateless-neuron", neurons is not null, q => Gen.Const(WithNetwork(q with { Models = q.Models.Add(new ModelDecl(false, "Clock",
                ImmutableArray.Create(new Decl("t_fire", Dim.Time, "1 ms", true)), ImmutableArray<Decl>.Empty, ImmutableArray<Decl>.Empty, ImmutableArray<Equation>.Empty,
                null, "t >= t_fire", null, null, null, null, null)) }, 0, n => AddPopulation(n, new Population("clock", PopulationKind.Neurons, "Clock", ImmutableArray<(string, string)>.Empty, "2", 2))))),
            ("float32-overflow-literal", true, q => Gen.Const(WithNetwork(q with { Models = q.Models.Add(new ModelDecl(false, "Huge",
                ImmutableArray<Decl>.Empty, ImmutableArray.Create(new Decl("v", Dim.None, "0")), ImmutableArray<Decl>.Empty, ImmutableArray<Equation>.Empty,
                null, "v > 1e40", null, null, null, null, null)) }, 0, n => AddPopulation(n with { DoublePrecision = false },
                new Population("huge", PopulationKind.Neurons, "Huge", ImmutableArray<(string, string)>.Empty, "2", 2))))),
            ("zero-time-constant", true, q => timeParameterModel is not null
                ? Gen.Const(WithModel(q, timeParameterModel, m => m with { Parameters = m.Parameters.Select(x => x.Dim == Dim.Time ? x with { Value = "0 ms" } : x).ToImmutableArray() }))
                : Gen.Const(WithNetwork(q, 0, n => AddPopulation(n, new Population("zero", PopulationKind.Neurons, "Lif", ImmutableArray.Create(("tau_m", "0 ms")), "2", 2))))),
            ("negative-override", true, q => Gen.OneOf("t_ref = -2 ms", "tau_m = -10 ms", "net").Select(kind => WithNetwork(q, 0, n => kind == "net"
                ? AddPopulation(n with { Parameters = n.Parameters.Add(new Decl("neg", Dim.Time, "-2 ms")) }, new Population("negp", PopulationKind.Neurons, "Lif", ImmutableArray.Create(("t_ref", "neg")), "2", 2))
                : AddPopulation(n, new Population("negp", PopulationKind.Neurons, "Lif", ImmutableArray.Create((kind.Split(" = ")[0], kind.Split(" = ")[1])), "2", 2))))),
            ("negative-delay-parameter", neurons is not null, q => Gen.Const(WithNetwork(q, 0, n =>
                AddConnection(n with { Parameters = n.Parameters.Add(new Decl("dneg", Dim.Time, "-1 ms")) }, Connect(neurons!.Name, neurons.Name) with { Delay = "dneg" })))),
            ("sl0500-condition-with-fixed-indegree", neurons is not null, q => Gen.Const(WithNetwork(q, 0, n => AddConnection(n, Connect(neurons!.Name, neurons.Name, "fixed_indegree 1", condition: "i != j"))))),
            ("sl0500-random-in-on-pre", neurons is not null, q => Gen.Const(WithNetwork(q, 0, n => AddConnection(n, Connect(neurons!.Name, neurons.Name, onPre: ImmutableArray.Create(new Assignment("input", "+=", "rand()"))))))),
            ("sl0500-state-dependent-refractory", refractoryModel is not null, q => Gen.Const(WithModel(q, refractoryModel!, m =>
                m with { Refractory = $"1 ms + abs({m.State[0].Name}) / {m.State[0].Dim.UnitExpression()} * 1 ms" }))),
            ("sl0500-per-synapse-trace-time-constant", neurons is not null, q => Gen.Const(WithNetwork(q, 0, n => AddConnection(n,
                Connect(neurons!.Name, neurons.Name, synapse: "Stdp") with { SynapseArguments = ImmutableArray.Create(("tau_plus", "uniform(5 ms, 10 ms)")) })))),
            ("sl0500-neuron-alias-in-synapse-code", aliasModel is not null, q => Gen.Const(WithNetwork(q, 0, n => AddConnection(n,
                Connect(n.Populations.First(x => x.Model == aliasModel!.Name).Name, n.Populations.First(x => x.Model == aliasModel!.Name).Name,
                    onPre: ImmutableArray.Create(new Assignment("input", "+=", aliasModel!.Aliases[0].Name))))))),
            ("sl0500-poisson-rate-in-synapse-code", poisson is not null && neurons is not null, q => Gen.Const(WithNetwork(q, 0, n => AddConnection(n,
                Connect(poisson!.Name, neurons!.Name, onPre: ImmutableArray.Create(new Assignment("input", "+=", "rate_pre * 1 ms"))))))),
            ("sl0500-coupled-clock-driven-synapse", neurons is not null, q => Gen.Const(WithNetwork(q with { Models = q.Models.Add(new ModelDecl(true, "Coupled",
                ImmutableArray.Create(new Decl("tau_x", Dim.Time, "5 ms", true)), ImmutableArray.Create(new Decl("w", Dim.None, "1"), new Decl("x", Dim.None, "0"), new Decl("y", Dim.None, "0")),
                ImmutableArray<Decl>.Empty, ImmutableArray.Create(new Equation("x", "(y - x) / tau_x"), new Equation("y", "-y / tau_x")), null, null, null, null, null,
                ImmutableArray.Create(new Assignment("input", "+=", "w * x"), new Assignment("y", "+=", "1")), null)) },
                0, n => AddConnection(n, Connect(neurons!.Name, neurons.Name, synapse: "Coupled"))))),
            ("sl0501-train-violation", true, q => Gen.Select(TrainNetwork("Trained", new Library(q.Models)), Gen.Int[0, 3], (t, kind) =>
                q with { Networks = q.Networks.Add(kind switch
                {
                    0 => t with { Connections = t.Connections.SetItem(0, t.Connections[0] with { Rule = "all" }) },
                    1 => AddConnection(AddPopulation(t, new Population("noise", PopulationKind.Poisson, null, ImmutableArray.Create(("rate", "10 Hz")), "3", 3)), Connect("noise", "hid", "dense")),
                    2 => t with { Populations = t.Populations.Select(x => x.Name == "hid" ? x with { Model = "Lif" } : x).ToImmutableArray() },
                    _ => t with { Connections = t.Connections.SetItem(0, t.Connections[0] with { Target = new PopulationRef("hid", 0, 1) }) },
                }) })),
        });
    }

    // ---- deliberate mistakes: each must be refused by check with a located error ---------------------

    private static Gen<SnnProgram> Mistake(SnnProgram p)
    {
        var net = p.Networks[0];
        var neurons = FirstNeurons(net);
        var continuous = p.Models.FirstOrDefault(m => !m.IsSynapse && m.Equations.Length > 0);
        var withReset = p.Models.FirstOrDefault(m => !m.IsSynapse && m.Reset is not null && m.Parameters.Length > 0);
        (string, bool, Func<SnnProgram, Gen<SnnProgram>>) Parameter(string kind, string value) =>
            (kind, true, q => Gen.Const(WithNetwork(q, 0, n => AddParameter(n, "bad1", value))));
        return OneOf(p, "mistake", new (string, bool, Func<SnnProgram, Gen<SnnProgram>>)[]
        {
            Parameter("unknown-name", "nosuch * 2"),
            Parameter("dimension-mismatch", "1 mV + 1 ms"),
            Parameter("unknown-unit", "3 msec"),
            Parameter("unknown-function", "expo(1)"),
            Parameter("wrong-arity", "exp(1, 2)"),
            Parameter("bad-power", "(2 mV) ** 0.3"),
            Parameter("condition-as-number", "1 > 2"),
            ("duplicate-population", true, q => Gen.Const(WithNetwork(q, 0, n => AddPopulation(n, n.Populations[0])))),
            ("bad-size", true, q => Gen.OneOf("0", "2.5", "-3").Select(size => WithNetwork(q, 0, n => n with { Populations = n.Populations.SetItem(0, n.Populations[0] with { SizeText = size }) }))),
            ("probability-out-of-range", neurons is not null, q => Gen.Const(WithNetwork(q, 0, n => AddConnection(n, Connect(neurons!.Name, neurons.Name, "probability 1.5"))))),
            ("indegree-too-large", neurons is not null, q => Gen.Const(WithNetwork(q, 0, n => AddConnection(n, Connect(neurons!.Name, neurons.Name, $"fixed_indegree {neurons.Size + 3}"))))),
            ("slice-out-of-range", neurons is not null, q => Gen.Const(WithNetwork(q, 0, n => AddConnection(n, Connect(neurons!.Name, neurons.Name) with { Source = new PopulationRef(neurons.Name, 0, neurons.Size + 2) })))),
            ("one-to-one-mismatch", neurons is { Size: >= 2 }, q => Gen.Const(WithNetwork(q, 0, n => AddConnection(n,
                Connect(neurons!.Name, neurons.Name, "one_to_one") with { Source = new PopulationRef(neurons.Name, 0, 1), Target = new PopulationRef(neurons.Name, 0, 2) })))),
            ("unknown-model", true, q => Gen.Const(WithNetwork(q, 0, n => AddPopulation(n, new Population("bad_pop", PopulationKind.Neurons, "NoSuchModel", ImmutableArray<(string, string)>.Empty, "3", 3))))),
            ("unknown-synapse", neurons is not null, q => Gen.Const(WithNetwork(q, 0, n => AddConnection(n, Connect(neurons!.Name, neurons.Name, synapse: "NoSuchSynapse"))))),
            ("unknown-record", neurons is not null, q => Gen.Const(WithNetwork(q, 0, n => n with { Records = n.Records.Add($"record state {neurons!.Name}.nosuch") }))),
            ("input-as-target", neurons is not null, q => Gen.Const(WithNetwork(q, 0, n => AddConnection(AddPopulation(n,
                new Population("bad_in", PopulationKind.Input, null, ImmutableArray<(string, string)>.Empty, "2", 2)), Connect(neurons!.Name, "bad_in"))))),
            ("negative-dt", true, q => Gen.Const(WithNetwork(q, 0, n => n with { Dt = "-0.1 ms" }))),
            ("unknown-method", continuous is not null, q => Gen.Const(WithModel(q, continuous!, m => m with { Method = "rk9" }))),
            ("equation-dimension", continuous is not null, q => Gen.Const(WithModel(q, continuous!, m =>
                m with { Equations = m.Equations.SetItem(0, m.Equations[0] with { Rhs = m.Equations[0].Variable }) }))),
            ("event-driven-in-neuron", continuous is not null, q => Gen.Const(WithModel(q, continuous!, m =>
                m with { Equations = m.Equations.SetItem(0, m.Equations[0] with { EventDriven = true }) }))),
            ("reset-without-threshold", withReset is not null, q => Gen.Const(WithModel(q, withReset!, m => m with { Threshold = null }))),
            ("assign-to-parameter", withReset is not null, q => Gen.Const(WithModel(q, withReset!, m =>
                m with { Reset = m.Reset!.Value.Add(new Assignment(m.Parameters[0].Name, "=", m.Parameters[0].Value)) }))),
            ("unclosed-brace", true, q => Gen.Const(q with { UnclosedBrace = true })),
        });
    }
}
