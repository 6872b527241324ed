using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CsCheck;

namespace SpikeLang.Generators.Tests.Properties;

/// <summary>Networks: parameters, dt, precision, populations, connections, records and train blocks.</summary>
internal static partial class ProgramGenerator
{
    /// <summary>The models a network may use: the user's (which replace standard ones of the same name), then the standard library.</summary>
    public sealed record Library(ImmutableArray<ModelDecl> User)
    {
        public IEnumerable<ModelDecl> Neurons => User.Where(m => !m.IsSynapse).Concat(StandardModelTable.Neurons.Where(s => User.All(u => u.Name != s.Name)));

        public IEnumerable<ModelDecl> Synapses => User.Where(m => m.IsSynapse).Concat(StandardModelTable.Synapses.Where(s => User.All(u => u.Name != s.Name)));

        public ModelDecl? Find(string? name) => Neurons.Concat(Synapses).FirstOrDefault(m => m.Name == name);
    }

    /// <summary>A network parameter with what it is good for: a whole size, a probability, or a positive quantity.</summary>
    private sealed record NetworkParameter(Decl Decl, int? Size, bool Probability);

    private static readonly string[] SizeParameterNames = { "n_a", "n_b" };
    private static readonly string[] QuantityParameterNames = { "w0", "d0", "r0", "g0", "amp0" };
    private static readonly string[] HostileNetworkParameterNames = { "seed", "pool", "steps", "batchCapacity", "Dt", "Time", "init", "weights", "n" };

    private static Gen<ImmutableArray<NetworkParameter>> NetworkParameters(Style style) =>
        from count in Gen.Int[0, 3]
        from kinds in Gen.Int[0, 5].Array[count]
        from sizes in Gen.Int[1, 12].Array[2]
        from sizeNames in Distinct(SizeParameterNames, 2)
        from quantityNames in Distinct(QuantityParameterNames, 5)
        from probability in Number(0.1, 0.9)
        from values in Gen.Select(PositiveLiteral(Dim.Time), PositiveLiteral(Dim.Voltage), PositiveLiteral(Dim.Frequency), PositiveLiteral(Dim.Current))
        from hostile in MaybeHostile(style, "p0", HostileNetworkParameterNames, Array.Empty<string>())
        select kinds.Distinct().Select((kind, k) => kind switch
        {
            0 => new NetworkParameter(new Decl(sizeNames[0], Dim.None, sizes[0].ToString(), true), sizes[0], false),
            1 => new NetworkParameter(new Decl(sizeNames[1], Dim.None, sizes[1].ToString(), true), sizes[1], false),
            2 => new NetworkParameter(new Decl(hostile, Dim.None, probability, true), null, true),
            3 => new NetworkParameter(new Decl(quantityNames[0], Dim.Time, values.Item1, true), null, false),
            4 => new NetworkParameter(new Decl(quantityNames[1], Dim.Voltage, values.Item2, true), null, false),
            _ => new NetworkParameter(new Decl(quantityNames[2], Dim.Frequency, values.Item3, true), null, false),
        }).ToImmutableArray();

    private static Gen<(string Text, int Value)> Size(ImmutableArray<NetworkParameter> parameters)
    {
        var sizes = parameters.Where(p => p.Size is not null).ToArray();
        return Choose(
            (7, () => Gen.Int[1, 12].Select(n => (n.ToString(), n))),
            (sizes.Length > 0 ? 3 : 0, () => Gen.OneOf(sizes).Select(p => (p.Decl.Name, p.Size!.Value))),
            (sizes.Length > 0 ? 1 : 0, () => Gen.OneOf(sizes).Select(p => ($"2 * {p.Decl.Name}", 2 * p.Size!.Value))),
            (1, () => Gen.Select(Gen.Int[1, 6], Gen.Int[0, 6], (a, b) => ($"{a} + {b}", a + b))));
    }

    private enum SourceKind { Neurons, Poisson, Input }

    /// <summary>Overrides of a model's parameters and initial values; they may use i, N, the model's parameters and the network's.</summary>
    private static Gen<ImmutableArray<(string Name, string Value)>> Overrides(ModelDecl model, Scope scope, int max) =>
        from count in Gen.Int[0, Math.Min(max, model.Settable.Count())]
        from names in Distinct(model.Settable.Select(d => d.Name).ToList(), count)
        from values in Fold<string>(names.Length, (done, k) =>
        {
            var decl = model.Settable.First(d => d.Name == names[k]);
            // Not the overridden name itself: Lif(tau_m = tau_m) is found and catalogued (SelfReferentialOverride).
            var others = scope with { Names = scope.Names.Where(n => n.Name != decl.Name).ToImmutableArray() };
            return decl.Positive || PositiveDimension(decl.Dim) ? PositiveValue(decl.Dim, others) : Expr(decl.Dim, others, 1);
        })
        select names.Zip(values, (n, v) => (n, v)).ToImmutableArray();

    private static Gen<Population> PopulationOf(string name, SourceKind kind, Library library, ImmutableArray<NetworkParameter> parameters, Scope networkScope) =>
        from size in Size(parameters)
        let scope = networkScope.With(new Sym("i", Dim.None), new Sym("N", Dim.None, true)) with { Random = true }
        from population in kind switch
        {
            SourceKind.Poisson => PositiveValue(Dim.Frequency, scope).Select(rate =>
                new Population(name, PopulationKind.Poisson, null, ImmutableArray.Create(("rate", rate)), size.Text, size.Value)),
            SourceKind.Input => Gen.Const(new Population(name, PopulationKind.Input, null, ImmutableArray<(string, string)>.Empty, size.Text, size.Value)),
            _ => from model in Gen.OneOf(library.Neurons.ToArray())
                 from arguments in Chance(40).SelectMany(yes => yes ? Overrides(model, scope.With(Symbols(model.Parameters)), 3) : Gen.Const(ImmutableArray<(string, string)>.Empty))
                 select new Population(name, PopulationKind.Neurons, model.Name, arguments, size.Text, size.Value),
        }
        select population;

    private static readonly string[] Conditions =
    {
        "i != j", "i < j", "i == j", "abs(i - j) <= 1", "i + j > 2", "floor(i / 2) == floor(j / 2)", "j < N_post / 2 or i == 0",
        "not (i > j)", "(i < 3) and (j >= 1)", "i * 2 != j",
    };

    private static Gen<PopulationRef> Slice(Population p, int? count = null) =>
        count is { } c
            ? Gen.Int[0, p.Size - c].Select(start => new PopulationRef(p.Name, start, start + c))
            : Chance(25).SelectMany(yes => !yes || p.Size < 2 ? Gen.Const(new PopulationRef(p.Name, null, null))
                : from start in Gen.Int[0, p.Size - 1]
                  from end in Gen.Int[start + 1, p.Size]
                  select new PopulationRef(p.Name, start, end));

    private static int Count(PopulationRef r, ImmutableArray<Population> populations) =>
        r.Start is { } start ? r.End!.Value - start : populations.First(p => p.Name == r.Population).Size;

    /// <summary>
    /// A connection: source (any population, maybe a slice) to target (neurons), a rule that fits the sizes, sometimes
    /// a condition on i and j, a delay (one value or one per synapse), and a synapse: the default Static, Static with a
    /// weight, a plastic standard one, a user model that fits the target, or inline 'on pre' code.
    /// </summary>
    private static Gen<Connection> ConnectionOf(ImmutableArray<Population> populations, Library library, Scope networkScope, ImmutableArray<NetworkParameter> parameters) =>
        from source in Gen.OneOf(populations.ToArray())
        from target in Gen.OneOf(populations.Where(p => p.Kind == PopulationKind.Neurons).ToArray())
        from rule in Gen.Frequency((30, Gen.Const("")), (10, Gen.Const("all")), (12, Gen.Const("one_to_one")), (20, Gen.Const("probability")), (13, Gen.Const("fixed_indegree")), (10, Gen.Const("dense")))
        let common = Math.Min(source.Size, target.Size)
        from sourceRef in rule == "one_to_one" && source.Size != common ? Slice(source, common) : rule == "one_to_one" ? Gen.Const(new PopulationRef(source.Name, null, null)) : Slice(source)
        from targetRef in rule == "one_to_one" && target.Size != common ? Slice(target, common) : rule == "one_to_one" ? Gen.Const(new PopulationRef(target.Name, null, null)) : Slice(target)
        let probabilities = parameters.Where(p => p.Probability).Select(p => p.Decl.Name).ToArray()
        from ruleText in rule switch
        {
            "probability" => Choose((4, () => Number(0.05, 1).Select(p => $"probability {p}")), (1, () => Gen.OneOf("probability 1", "probability 0")),
                (probabilities.Length > 0 ? 2 : 0, () => Gen.OneOf(probabilities).Select(p => $"probability {p}"))),
            "fixed_indegree" => Gen.Int[1, Count(sourceRef, populations)].Select(k => $"fixed_indegree {k}"),
            _ => Gen.Const(rule),
        }
        let pairScope = networkScope.With(new Sym("i", Dim.None), new Sym("j", Dim.None), new Sym("N_pre", Dim.None, true), new Sym("N_post", Dim.None, true))
        from condition in rule is "dense" or "fixed_indegree" ? Gen.Const((string?)null) : Maybe(20, () => Gen.OneOf(Conditions))
        from delay in rule == "dense" ? Gen.Const((string?)null) : Maybe(25, () => Choose(
            (3, () => PositiveLiteral(Dim.Time)),
            (1, () => Gen.Const("0 ms")),
            (networkScope.Names.Any(n => n.Dim == Dim.Time) ? 2 : 0, () => Gen.OneOf(networkScope.Names.Where(n => n.Dim == Dim.Time).Select(n => n.Name).ToArray())),
            (2, () => Gen.Select(PositiveLiteral(Dim.Time), PositiveLiteral(Dim.Time), (a, b) => $"uniform({a}, {b})")),
            (1, () => Gen.OneOf("(i + 1) * 0.1 ms", "abs(i - j) * 0.2 ms", "0.5 ms * (j + 1) / N_post"))))
        let targetModel = library.Find(target.Model)!
        let sourceModel = source.Kind == PopulationKind.Neurons ? library.Find(source.Model) : null
        from synapse in rule == "dense"
            ? Gen.Frequency((3, Gen.Const(("", ImmutableArray<(string, string)>.Empty, (ImmutableArray<Assignment>?)null))), (1, Gen.Const(("Static", ImmutableArray<(string, string)>.Empty, (ImmutableArray<Assignment>?)null))))
            : SynapseChoice(library, targetModel, sourceModel, pairScope, networkScope)
        select new Connection(sourceRef, targetRef, ruleText == "" ? null : ruleText, condition, delay, synapse.Item1 == "" ? null : synapse.Item1, synapse.Item2, synapse.Item3);

    private static Gen<(string, ImmutableArray<(string, string)>, ImmutableArray<Assignment>?)> SynapseChoice(
        Library library, ModelDecl target, ModelDecl? source, Scope pairScope, Scope networkScope)
    {
        var fitting = library.Synapses.Where(s => library.User.Contains(s) ? Fits(s, target) : true).ToArray();
        var plastic = fitting.Where(s => s.Name != "Static").ToArray();
        return Choose(
            (35, () => Gen.Const(("", ImmutableArray<(string, string)>.Empty, (ImmutableArray<Assignment>?)null))),
            (10, () => Overrides(StandardModelTable.Synapses[0], pairScope with { Random = true }, 1)
                .Select(a => ("Static", a.Where(x => x.Name == "w").ToImmutableArray(), (ImmutableArray<Assignment>?)null))),
            (plastic.Length > 0 ? 30 : 0, () => Gen.OneOf(plastic).SelectMany(s =>
                SynapseOverrides(s, pairScope).Select(a => (s.Name, a, (ImmutableArray<Assignment>?)null)))),
            (25, () => InlineOnPre(target, source, networkScope).Select(code => ("", ImmutableArray<(string, string)>.Empty, (ImmutableArray<Assignment>?)code))));
    }

    /// <summary>A user synapse fits a target model when every post variable it assigns exists there with the same dimension.</summary>
    private static bool Fits(ModelDecl synapse, ModelDecl target) =>
        synapse.OnPre!.Value.Concat(synapse.OnPost ?? ImmutableArray<Assignment>.Empty)
            .Where(a => a.Target != "input" && synapse.Settable.All(s => s.Name != a.Target))
            .All(a => target.AllState.Any(s => s.Name == a.Target) && synapse.State.First(s => s.Name == "w").Dim == target.AllState.First(s => s.Name == a.Target).Dim);

    /// <summary>Synapse overrides: weights may differ per synapse; time constants of traces stay one constant per connection.</summary>
    private static Gen<ImmutableArray<(string Name, string Value)>> SynapseOverrides(ModelDecl synapse, Scope pairScope) =>
        from count in Gen.Int[0, 2]
        from names in Distinct(synapse.Settable.Where(d => !d.Shared).Select(d => d.Name).ToList(), count)
        from values in Fold<string>(names.Length, (done, k) =>
        {
            var decl = synapse.Settable.First(d => d.Name == names[k]);
            return decl.Dim == Dim.Time ? PositiveLiteral(Dim.Time)
                : decl.Name == "w" ? Choose((2, () => PositiveLiteral(decl.Dim)), (1, () => Gen.Select(PositiveLiteral(decl.Dim), PositiveLiteral(decl.Dim), (a, b) => $"uniform({a}, {b})")))
                : decl.Positive ? PositiveLiteral(decl.Dim) : Literal(decl.Dim);
        })
        select names.Zip(values, (n, v) => (n, v)).ToImmutableArray();

    /// <summary>Inline 'on pre' code: assignments to the target's state or its summed input, reading the target's names, x_pre of a neuron source and network parameters.</summary>
    private static Gen<ImmutableArray<Assignment>> InlineOnPre(ModelDecl target, ModelDecl? source, Scope networkScope)
    {
        var writable = target.AllState.Append(new Decl("input", Dim.None, "")).ToArray();
        var scope = networkScope
            .With(Symbols(target.Parameters.Concat(target.AllState)))
            .With(source is null ? Enumerable.Empty<Sym>() : source.Parameters.Concat(source.AllState).Select(d => new Sym(d.Name + "_pre", d.Dim, d.Positive)))
            .With(new Sym("i", Dim.None), new Sym("j", Dim.None));
        return from count in Gen.Int[1, 2]
               from targets in Distinct(writable.Select(w => w.Name).ToList(), count)
               from assignments in Fold<Assignment>(targets.Length, (done, k) =>
                   from op in Gen.Frequency((6, Gen.Const("+=")), (1, Gen.Const("-=")), (1, Gen.Const("=")))
                   let x = writable.First(w => w.Name == targets[k])
                   from value in Expr(x.Dim, scope, 1)
                   select new Assignment(x.Name, op, value))
               select assignments;
    }

    private static Gen<ImmutableArray<string>> Records(ImmutableArray<Population> populations, ImmutableArray<Connection> connections, Library library) =>
        from spikes in Maybe(30, () =>
            from count in Gen.Int[1, Math.Min(2, populations.Length)]
            from names in Distinct(populations.Select(p => p.Name).ToList(), count)
            select $"record spikes {string.Join(", ", names)}")
        let withState = populations.Where(p => p.Kind == PopulationKind.Neurons && library.Find(p.Model)!.AllState.Concat(library.Find(p.Model)!.Aliases).Any()).ToArray()
        from state in withState.Length == 0 ? Gen.Const((string?)null) : Maybe(30, () =>
            from p in Gen.OneOf(withState)
            let variables = library.Find(p.Model)!.AllState.Concat(library.Find(p.Model)!.Aliases).Select(d => d.Name).ToList()
            from count in Gen.Int[1, Math.Min(2, variables.Count)]
            from names in Distinct(variables, count)
            select $"record state {string.Join(", ", names.Select(n => $"{p.Name}.{n}"))}")
        let weighted = connections.Where(c => c.OnPre is null && (c.Synapse is null || library.Find(c.Synapse)!.State.Any(s => s.Name == "w"))).ToArray()
        from weights in weighted.Length == 0 ? Gen.Const((string?)null)
            : Maybe(15, () => Gen.OneOf(weighted).Select(c => $"record weights {c.Source.Population} -> {c.Target.Population}"))
        select new[] { spikes, state, weights }.Where(r => r is not null).Select(r => r!).ToImmutableArray();

    /// <summary>
    /// A network with 1-4 populations (at least one of neurons), 0-3 connections and some recordings; small, as the
    /// C# of a network grows by about 10 000 characters per population and 4 000 per connection, and Roslyn's time with it.
    /// </summary>
    public static Gen<NetworkDecl> Network(string name, Style style, Library library) =>
        from parameters in NetworkParameters(style)
        let scope = new Scope(parameters.Select(p => new Sym(p.Decl.Name, p.Decl.Dim, true)).ToImmutableArray())
        from dt in Maybe(40, () => Choose(
            (5, () => Gen.OneOf("0.1 ms", "0.05 ms", "0.25 ms", "0.5 ms", "1 ms", "100 us")),
            (scope.Names.Any(n => n.Dim == Dim.Time) ? 1 : 0, () => Gen.Const(scope.Names.First(n => n.Dim == Dim.Time).Name))))
        from precision in Chance(20)
        from count in Gen.Frequency((58, Gen.Const(1)), (28, Gen.Const(2)), (11, Gen.Const(3)), (3, Gen.Const(4)))
        from names in Distinct(PopulationNames, count)
        from populations in Fold<Population>(count, (done, k) =>
            from kind in k == 0 ? Gen.Const(SourceKind.Neurons) : Gen.Frequency((70, Gen.Const(SourceKind.Neurons)), (18, Gen.Const(SourceKind.Poisson)), (12, Gen.Const(SourceKind.Input)))
            from populationName in MaybeHostile(style, names[k], HostileTypeNames.Append(name).ToArray(), names.Concat(done.Select(d => d.Name)).Append(name).Where(n => n != name).ToList())
            from population in PopulationOf(populationName, kind, library, parameters, scope)
            select population)
        from connectionCount in Gen.Frequency((22, Gen.Const(0)), (40, Gen.Const(1)), (28, Gen.Const(2)), (10, Gen.Const(3)))
        from connections in Fold<Connection>(connectionCount, (done, k) => ConnectionOf(populations, library, scope, parameters))
        from records in Records(populations, connections, library)
        select new NetworkDecl(name, parameters.Select(p => p.Decl).ToImmutableArray(), dt, precision, populations, connections, records, null);

    /// <summary>
    /// A trainable network: an input, one or two layers of Leaky (or of a user discrete model without refractory
    /// period), dense connections, maybe recurrence, and a train block with every setting drawn.
    /// </summary>
    public static Gen<NetworkDecl> TrainNetwork(string name, Library library) =>
        from inputs in Gen.Int[2, 6]
        from hidden in Gen.Int[2, 8]
        from outputs in Gen.Int[2, 4]
        let discrete = library.Neurons.Where(m => m.Update is not null && m.Refractory is null && m.Threshold is not null).Select(m => m.Name).ToArray()
        from layerModel in Gen.Frequency((4, Gen.Const("Leaky")), (1, Gen.OneOf(discrete)))
        from twoLayers in Chance(60)
        from recurrent in Chance(20)
        from steps in Gen.Int[2, 8]
        from batch in Maybe(60, () => Gen.Int[1, 8].Select(b => $"batch {b}"))
        from encode in Maybe(60, () => Gen.OneOf("current", "poisson(max_rate = 100 Hz)", "latency(tau = 5 ms, threshold = 0.01)").Select(e => $"encode x as {e}"))
        from surrogate in Maybe(60, () => Gen.OneOf("fast_sigmoid(slope = 25)", "arctan", "arctan(alpha = 2)", "sigmoid", "triangle(width = 1)", "straight_through").Select(s => $"surrogate {s}"))
        from loss in Gen.OneOf("cross_entropy(spike_count({0}))", "mse(spike_count({0}), correct_rate = 1, incorrect_rate = 0)", "cross_entropy(max_membrane({0}))", "mse(final_membrane({0}))")
        from optimizer in Maybe(60, () => Gen.OneOf("adam(lr = 1e-3)", "sgd(lr = 0.01, momentum = 0.9)", "adam").Select(o => $"optimizer {o}"))
        from detach in Maybe(30, () => Gen.OneOf("detach_reset true", "detach_reset false"))
        from learn in layerModel == "Leaky" ? Maybe(30, () => Gen.OneOf("learn beta", "learn theta")) : Gen.Const((string?)null)
        let readout = twoLayers ? "outp" : "hid"
        let populations = new[] { new Population("x", PopulationKind.Input, null, ImmutableArray<(string, string)>.Empty, inputs.ToString(), inputs),
                new Population("hid", PopulationKind.Neurons, layerModel, ImmutableArray<(string, string)>.Empty, hidden.ToString(), hidden) }
            .Concat(twoLayers ? new[] { new Population("outp", PopulationKind.Neurons, layerModel, ImmutableArray<(string, string)>.Empty, outputs.ToString(), outputs) } : Array.Empty<Population>())
            .ToImmutableArray()
        let dense = (Func<string, string, Connection>)((a, b) => new Connection(new PopulationRef(a, null, null), new PopulationRef(b, null, null), "dense", null, null, null, ImmutableArray<(string, string)>.Empty, null))
        let connections = new[] { dense("x", "hid") }
            .Concat(twoLayers ? new[] { dense("hid", "outp") } : Array.Empty<Connection>())
            .Concat(recurrent ? new[] { dense("hid", "hid") } : Array.Empty<Connection>())
            .ToImmutableArray()
        let train = new[] { $"steps {steps}", batch, encode, surrogate, "loss " + string.Format(System.Globalization.CultureInfo.InvariantCulture, loss, readout), optimizer, detach, learn }
            .Where(s => s is not null).Select(s => s!).ToImmutableArray()
        select new NetworkDecl(name, ImmutableArray<Decl>.Empty, null, false, populations, connections, ImmutableArray<string>.Empty, train);
}
