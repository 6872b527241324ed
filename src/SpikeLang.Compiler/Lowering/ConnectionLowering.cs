using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Analysis;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Lowering;

/// <summary>
/// Lowers a connection: synapse parameters with the connection's overrides, which variables are per
/// synapse or shared, event-driven traces as exact per-event updates, clock-driven equations, and the
/// delay policy (a homogeneous delay in whole steps, or one per synapse).
/// </summary>
internal static class ConnectionLowering
{
    public static ConnectionPlan Lower(LoweringContext context, ConnectionModel connection, string member, string typeName, IReadOnlyList<PopulationPlan> populations)
    {
        var synapse = connection.Synapse;
        var network = context.Network;
        using var use = context.UsedAt(network.FilePath, connection.Span, connection.SynapseOverrides);
        var parameters = new PopulationParameters(synapse.Parameters,
            connection.SynapseOverrides.Where(o => synapse.Parameters.Any(p => p.Symbol.Name == o.Key)).ToDictionary(o => o.Key, o => o.Value));
        parameters.ReportCycles(context);
        var aliases = synapse.Aliases.ToDictionary(a => a.Symbol.Name, a => a.Value, StringComparer.Ordinal);

        var eventDriven = new List<TracePlan>();
        foreach (var equation in synapse.Equations.Where(e => e.EventDriven))
        {
            if (Trace(equation, aliases) is { } trace)
            {
                eventDriven.Add(trace);
            }
        }
        var exactClock = new List<TracePlan>();
        NumericalUpdatePlan? numericalClock = null;
        if (synapse.Continuous is { } system)
        {
            var variables = system.Variables.Select(v => v.Name).ToEquatableArray();
            if (synapse.Method == IntegrationMethod.Exact)
            {
                foreach (var variable in variables)
                {
                    if (Trace(synapse.Equations.First(e => e.Variable.Name == variable && !e.EventDriven), aliases) is { } trace)
                    {
                        exactClock.Add(trace);
                    }
                }
            }
            else
            {
                var rhs = variables.Select(v => synapse.Equations.First(e => e.Variable.Name == v && !e.EventDriven).Rhs).ToEquatableArray();
                numericalClock = new NumericalUpdatePlan(synapse.Method, variables, rhs, system.NonlinearReason)
                {
                    // exponential Euler needs each equation as A + B·x, as for neurons (it threw NullReferenceException)
                    Linear = synapse.Method == IntegrationMethod.ExponentialEuler ? NeuronPopulationLowering.ExponentialEuler(variables, rhs, aliases) : null,
                };
            }
        }

        // A delay that is the same for every synapse (a constant, or network parameters: fixed for a run)
        // takes the homogeneous path, a ring of past spikes; one that differs per synapse a queue of events.
        var delay = connection.Delay switch
        {
            null => DelayPlan.Immediate,
            { } value when ConstantEvaluator.FirstNonConstant(value) is null =>
                new DelayPlan(DelayKind.Homogeneous, DelaySteps(context.Evaluate(value) ?? 0, network.Dt), value),
            { } value => new DelayPlan(DelayKind.PerSynapse, 0, value),
        };

        var source = Endpoint(connection.Source, populations);
        var target = Endpoint(connection.Target, populations);
        CheckSupported(context, connection, parameters, eventDriven, source);

        CheckSize(context, connection);
        var overrides = connection.SynapseOverrides;
        var state = synapse.State.Select(s => new StatePlan(s.Symbol.Name, overrides.TryGetValue(s.Symbol.Name, out var o) ? o : s.Value,
            NeuronPopulationLowering.Unit(s.Symbol), s.Symbol.IsShared)).ToEquatableArray();
        var plan = new ConnectionPlan(
            member,
            typeName,
            context.Text(network.FilePath, connection.Span),
            context.Location(network.FilePath, connection.Span),
            0,
            source,
            target,
            connection.Rule,
            connection.RuleValue,
            connection.Condition,
            delay,
            synapse.Name,
            parameters.Ordered.Select(p => new ParameterPlan(p.Name, p.Value, parameters.Heterogeneous.Contains(p.Name), false,
                NeuronPopulationLowering.Unit(synapse.Parameters.First(d => d.Symbol.Name == p.Name).Symbol))).ToEquatableArray(),
            state,
            synapse.OnPre.Concat(synapse.OnPost).Concat(synapse.Summed).SelectMany(s => s.Value.Variables())
                .Where(v => v.Symbol.Kind == VariableKind.NetworkParameter).Select(v => v.Symbol.Name).Distinct().ToEquatableArray(),
            eventDriven.ToEquatableArray(),
            exactClock.ToEquatableArray(),
            numericalClock,
            synapse.OnPre.ToEquatableArray(),
            synapse.OnPost.ToEquatableArray(),
            synapse.Summed.Select(s => new SummedPlan(context.Text(synapse.FilePath, s.Span), s)).ToEquatableArray(),
            SpikeEffectAnalysis.Analyze(synapse, connection.SynapseOverrides));
        return plan with { BytesPerSynapse = BytesPerSynapse(plan, network.DoublePrecision), SameStep = connection.SameStep is not null };
    }

    /// <summary>
    /// The memory each synapse takes: its target's column, its own variables, the parameters that differ
    /// per synapse (computed in double at construction), and the indices its delays, traces and 'on post' need.
    /// </summary>
    private static int BytesPerSynapse(ConnectionPlan plan, bool doublePrecision)
    {
        int real = doublePrecision ? 8 : 4;
        int heterogeneous = plan.Parameters.Count(p => p.Heterogeneous);
        return sizeof(int) + real * (plan.State.Count() + heterogeneous) + sizeof(double) * heterogeneous
            + (plan.NeedsSynapsePre ? sizeof(int) : 0)
            + (plan.Delay.Kind == DelayKind.PerSynapse ? sizeof(int) : 0)
            + (plan.EventDriven.Count > 0 ? sizeof(int) : 0)
            + (plan.HasOnPost ? sizeof(int) : 0);
    }

    /// <summary>
    /// SL0309 when the connection, with the network parameters at their defaults, would have more synapses
    /// than one .NET array holds (a condition can only make it smaller, so a connection with one is left to construction).
    /// </summary>
    private static void CheckSize(LoweringContext context, ConnectionModel connection)
    {
        if (connection.Condition is not null)
        {
            return;
        }
        double pre = connection.Source.Count, post = connection.Target.Count;
        double synapses = connection.Rule switch
        {
            ConnectivityKind.OneToOne => pre,
            ConnectivityKind.Probability => (connection.Probability ?? 1) * pre * post,
            ConnectivityKind.FixedInDegree => (connection.Degree ?? 1) * post,
            ConnectivityKind.FixedOutDegree => (connection.Degree ?? 1) * pre,
            _ => pre * post,
        };
        const double MaxArrayLength = 0x7FFFFFC7;
        if (synapses > MaxArrayLength)
        {
            context.Report(Diagnostics.DiagnosticDescriptors.TooLarge, context.Network.FilePath, connection.Span,
                $"The connection {connection.Source.Population} -> {connection.Target.Population} ({pre.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} × {post.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} neurons)",
                synapses.ToString("G3", System.Globalization.CultureInfo.InvariantCulture), "synapses", MaxArrayLength.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>A delay in whole steps as Brian2 rounds it: to the nearest step, halves up ((int)(delay/dt + 0.5)).</summary>
    public static int DelaySteps(double seconds, double dt) => (int)Math.Floor(seconds / dt + 0.5);

    /// <summary>dx/dt = a·x + c of one uncoupled linear synapse equation, or null when it is not of that form (reported by binding).</summary>
    private static TracePlan? Trace(BoundEquation equation, IReadOnlyDictionary<string, BoundExpression> aliases)
    {
        string name = equation.Variable.Name;
        var form = LinearForm.Decompose(equation.Rhs, new HashSet<string> { name }, aliases, out _);
        return form is null ? null : new TracePlan(name, form.Coefficients.TryGetValue(name, out var a) ? a : null, form.Constant);
    }

    public static EndpointPlan Endpoint(PopulationSlice slice, IReadOnlyList<PopulationPlan> populations)
    {
        var population = populations.First(p => p.Name == slice.Population);
        var kind = population switch
        {
            NeuronPopulationPlan => PopulationKind.Neurons,
            PoissonPopulationPlan => PopulationKind.Poisson,
            _ => PopulationKind.Input,
        };
        var neurons = population as NeuronPopulationPlan;
        var heterogeneous = neurons?.Parameters.Where(p => p.Heterogeneous).Select(p => p.Name).ToEquatableArray() ?? EquatableArray.Empty<string>();
        var held = neurons?.Refractory?.Held ?? EquatableArray.Empty<string>();
        return new EndpointPlan(population.Name, population.Member, population.TypeName, kind, slice.StartValue, slice.EndValue, heterogeneous, held,
            neurons?.Refractory?.Heterogeneous == true);
    }

    private static void CheckSupported(LoweringContext context, ConnectionModel connection, PopulationParameters parameters,
        IEnumerable<TracePlan> eventDriven, EndpointPlan source)
    {
        var synapse = connection.Synapse;
        foreach (var trace in eventDriven)
        {
            foreach (var coefficient in new[] { trace.Rate, trace.Drift }.Where(x => x is not null))
            {
                if (!parameters.IsRunConstant(coefficient!))
                {
                    context.ReportUnsupported(synapse.FilePath, coefficient!.Span, $"an event-driven trace '{trace.Name}' whose time constant differs between synapses");
                }
            }
        }
        if (synapse.Continuous is { Matrix: { } matrix } && synapse.Method == IntegrationMethod.Exact
            && matrix.Select((row, r) => row.Where((entry, c) => c != r && entry is not null).Any()).Any(coupled => coupled))
        {
            context.ReportUnsupported(synapse.FilePath, synapse.Equations.First(e => !e.EventDriven).Span,
                "coupled clock-driven synapse equations with exact integration; add 'method rk4' to the synapse");
        }
        if (connection.Condition is not null && connection.Rule is ConnectivityKind.FixedInDegree or ConnectivityKind.FixedOutDegree)
        {
            context.ReportUnsupported(context.Network.FilePath, connection.Condition.Span,
                $"a condition together with {(connection.Rule == ConnectivityKind.FixedInDegree ? "fixed_indegree" : "fixed_outdegree")}");
        }
        foreach (var assignment in synapse.OnPre.Concat(synapse.OnPost).Concat(synapse.Summed))
        {
            if (assignment.Value.UsesRandom())
            {
                context.ReportUnsupported(synapse.FilePath, assignment.Value.Span, "random numbers in 'on pre', 'on post' or summed code");
            }
            foreach (var variable in assignment.Value.Variables().Append(new BoundVariable(assignment.Target, assignment.Owner, assignment.Span)))
            {
                if (variable.Owner != VariableOwner.Self && variable.Symbol.Kind == VariableKind.Alias)
                {
                    context.ReportUnsupported(synapse.FilePath, variable.Span, $"'{variable.Symbol.Name}', an alias of a neuron, in synapse code");
                }
                if (variable.Owner == VariableOwner.Pre && source.Kind != PopulationKind.Neurons)
                {
                    context.ReportUnsupported(synapse.FilePath, variable.Span, $"'{variable.Symbol.Name}' of a Poisson or input source in synapse code");
                }
            }
        }
    }
}
