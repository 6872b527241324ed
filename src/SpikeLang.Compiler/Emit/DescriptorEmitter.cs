using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Analysis;
using SpikeLang.Compiler.Binding;

namespace SpikeLang.Compiler.Emit;

/// <summary>
/// Emits <c>Describe()</c>: a <c>NetworkDescriptor</c> with every population (parameters, equations,
/// and its dynamics as matrices when they are affine) and every connection (connectivity, synapse
/// state, delays, and what a presynaptic spike does to the target), for chip mapping and NIR export.
/// </summary>
internal sealed class DescriptorEmitter
{
    private readonly EmitContext _context;
    private readonly IReadOnlyList<NeuronPopulationEmitter> _neurons;
    private readonly IReadOnlyList<ConnectionEmitter> _connections;

    public DescriptorEmitter(EmitContext context, IReadOnlyList<NeuronPopulationEmitter> neurons, IReadOnlyList<ConnectionEmitter> connections)
    {
        _context = context;
        _neurons = neurons;
        _connections = connections;
    }

    public void Emit(CodeWriter w)
    {
        var network = _context.Network;
        var dynamics = new List<(NeuronPopulationEmitter Neuron, AffineDynamics Dynamics)>();
        w.Line("/// <summary>The structure, parameters, dynamics and current weights, for runtime tools (chip mapping, NIR export, plots).</summary>");
        using (w.Block("public NetworkDescriptor Describe()"))
        {
            w.Line("var populations = new List<PopulationDescriptor>();");
            foreach (var population in network.Populations)
            {
                string member = Naming.Member(population.Name);
                if (population.Model is { } model)
                {
                    var neuron = _neurons.First(n => n.Population == population);
                    var parameters = string.Join(", ", neuron.Parameters.Ordered.Select(p => neuron.Parameters.Heterogeneous.Contains(p.Name)
                        ? $"[{Naming.Quote(p.Name)}] = ToDouble({member}.{Naming.Member(p.Name)})"
                        : $"[{Naming.Quote(p.Name)}] = new double[] {{ {member}.{Naming.Member(p.Name)} }}"));
                    var states = string.Join(", ", model.State.Select(s => Naming.Quote(s.Symbol.Name)));
                    var equations = string.Join("\n", model.Equations.Select(e => _context.Text(model.FilePath, e.Span))
                        .Concat(model.Update.Select(s => _context.Text(model.FilePath, s.Span))));
                    string discretization = model.IsDiscrete ? "discrete" : model.Method switch
                    {
                        IntegrationMethod.Exact => "exact",
                        IntegrationMethod.Euler => "euler",
                        IntegrationMethod.RungeKutta4 => "rk4",
                        _ => "rk2",
                    };
                    var affine = NeuronDynamicsAnalysis.Analyze(model, out string? reason);
                    string dynamicsArguments = affine is null
                        ? $"null, {Naming.Quote($"{model.Name}: {reason}")}"
                        : $"DescribeDynamicsOf{population.Name}()";
                    if (affine is not null)
                    {
                        dynamics.Add((neuron, affine));
                    }
                    w.Line($"populations.Add(new PopulationDescriptor({Naming.Quote(population.Name)}, \"neurons\", {Naming.Quote(model.Name)}, {member}.Count,");
                    w.Line($"    new Dictionary<string, double[]> {{ {parameters} }},");
                    w.Line($"    new[] {{ {states} }}, {Naming.Quote(equations)}, {Naming.Quote(discretization)},");
                    w.Line($"    {dynamicsArguments}));");
                }
                else
                {
                    string kind = population.Kind == PopulationKind.Poisson ? "poisson" : "input";
                    w.Line($"populations.Add(new PopulationDescriptor({Naming.Quote(population.Name)}, {Naming.Quote(kind)}, null, {member}.Count,");
                    w.Line("    new Dictionary<string, double[]>(), Array.Empty<string>(), \"\", \"\"));");
                }
            }
            w.Line("var connections = new List<ConnectionDescriptor>();");
            for (int k = 0; k < _connections.Count; k++)
            {
                var connection = _connections[k];
                var model = network.Connections[k];
                var state = string.Join(", ", model.Synapse.State.Select(s => s.Symbol.IsShared
                    ? $"[{Naming.Quote(s.Symbol.Name)}] = new[] {{ (float){connection.Member}.{Naming.Member(s.Symbol.Name)} }}"
                    : $"[{Naming.Quote(s.Symbol.Name)}] = ToSingle({connection.Member}.{Naming.Member(s.Symbol.Name)})"));
                string delays = model.Delay is not null && connection.PerSynapseDelays ? $"{connection.Member}.SynapseDelaySteps.ToArray()" : "null";
                string c = connection.Member;
                w.Line($"connections.Add(new ConnectionDescriptor({Naming.Quote(model.Source.Population)}, {c}.SourceStart, {c}.SourceEnd,");
                w.Line($"    {Naming.Quote(model.Target.Population)}, {c}.TargetStart, {c}.TargetEnd, {Naming.Quote(model.Synapse.Name)},");
                w.Line($"    {connection.Member}.Connectivity, new Dictionary<string, float[]> {{ {state} }}, {connection.TypeName}.DelaySteps, {delays},");
                w.Line($"    {Effect(model)}{(connection.IsDense ? $", ToSingle({c}.b)" : "")}));");
            }
            w.Line($"return new NetworkDescriptor({Naming.Quote(network.Name)}, Dt, populations, connections);");
        }
        foreach (var (neuron, affine) in dynamics)
        {
            w.Line();
            EmitDynamics(w, neuron, affine);
        }
        w.Line();
        w.Line("private static double[] ToDouble(ReadOnlySpan<Real> values)");
        w.Line("{");
        w.Line("    var result = new double[values.Length];");
        w.Line("    for (int k = 0; k < values.Length; k++) result[k] = values[k];");
        w.Line("    return result;");
        w.Line("}");
        w.Line();
        w.Line("private static float[] ToSingle(ReadOnlySpan<Real> values)");
        w.Line("{");
        w.Line("    var result = new float[values.Length];");
        w.Line("    for (int k = 0; k < values.Length; k++) result[k] = (float)values[k];");
        w.Line("    return result;");
        w.Line("}");
        if (dynamics.Any(d => Values(d.Dynamics).Any(d.Neuron.Parameters.VariesPerElement)))
        {
            w.Line();
            w.Line("private static NeuronValue PerNeuron(int count, Func<int, double> value)");
            w.Line("{");
            w.Line("    var values = new double[count];");
            w.Line("    for (int i = 0; i < count; i++) values[i] = value(i);");
            w.Line("    return new NeuronValue(values);");
            w.Line("}");
        }
    }

    /// <summary>The spike effect of a connection as a C# expression, or "null".</summary>
    private string Effect(ConnectionModel connection)
    {
        if (SpikeEffectAnalysis.Analyze(connection.Synapse, connection.SynapseOverrides) is not { } effect)
        {
            return "null";
        }
        string constant = effect.Constant is null ? "null" : NetworkConstants().Write(effect.Constant);
        string variable = effect.SynapseVariable is null ? "null" : Naming.Quote(effect.SynapseVariable);
        return $"new SpikeEffect({Naming.Quote(effect.Target)}, {variable}, {constant}, {(effect.Plastic ? "true" : "false")})";
    }

    private ExpressionWriter NetworkConstants() => _context.Writer(EvaluationMode.Construction, v => v.Symbol.Kind == VariableKind.NetworkParameter
        ? Naming.Member(v.Symbol.Name)
        : throw new InvalidOperationException($"'{v.Symbol.Name}' is not a constant of the network"));

    /// <summary>
    /// A method computing one population's A, B, c, threshold, reset and refractory period from its
    /// parameters: homogeneous parameters recomputed in double as the constructor computes them (so
    /// float32 networks report exact values), per-neuron ones read from the population.
    /// </summary>
    private void EmitDynamics(CodeWriter w, NeuronPopulationEmitter neuron, AffineDynamics dynamics)
    {
        var parameters = neuron.Parameters;
        var population = neuron.Population;
        string member = Naming.Member(population.Name);
        var writer = _context.Writer(EvaluationMode.Construction, v => v.Symbol switch
        {
            { Kind: VariableKind.Parameter } p => parameters.Heterogeneous.Contains(p.Name) ? $"p_{p.Name}[i]" : $"p_{p.Name}",
            { Kind: VariableKind.Implicit, Name: "i" } => "i",
            { Kind: VariableKind.Implicit, Name: "N" } => "n",
            { Kind: VariableKind.Implicit, Name: "dt" } => "Dt",
            { Kind: VariableKind.NetworkParameter } np => Naming.Member(np.Name),
            var other => throw new InvalidOperationException($"'{other.Name}' is not a constant of population '{population.Name}'"),
        });
        string Value(BoundExpression? expression) => expression is null
            ? "zero"
            : parameters.VariesPerElement(expression)
                ? $"PerNeuron(n, i => {writer.Write(expression)})"
                : $"new NeuronValue({writer.Write(expression)})";

        var variables = dynamics.Variables.Select(v => v.Name).ToList();
        string form = dynamics.Discrete ? "x' = A·x + B·input + c, once per step" : "dx/dt = A·x + B·input + c";
        w.Line($"/// <summary>The dynamics of population '{population.Name}' ({population.Model!.Name}): {form}, x = ({string.Join(", ", variables)}).</summary>");
        using (w.Block($"private NeuronDynamics DescribeDynamicsOf{population.Name}()"))
        {
            var used = UsedParameters(parameters, Values(dynamics));
            var computed = Values(dynamics).Concat(parameters.Ordered.Where(p => used.Contains(p.Name) && !parameters.Heterogeneous.Contains(p.Name)).Select(p => p.Value));
            if (Values(dynamics).Any(parameters.VariesPerElement) || computed.SelectMany(PopulationParameters.References).Contains("N"))
            {
                w.Line($"int n = {member}.Count;");
            }
            foreach (var (name, value) in parameters.Ordered.Where(p => used.Contains(p.Name)))
            {
                w.Line(parameters.Heterogeneous.Contains(name)
                    ? $"double[] p_{name} = ToDouble({member}.{Naming.Member(name)});"
                    : $"double p_{name} = {writer.Write(value)};");
            }
            if (dynamics.Matrix.SelectMany(row => row).Concat(dynamics.Constant).Concat(dynamics.Input).Append(dynamics.RefractoryPeriod).Any(e => e is null))
            {
                w.Line("var zero = new NeuronValue(0d);");
            }
            w.Line($"return new NeuronDynamics(DynamicsKind.{(dynamics.Discrete ? "Discrete" : "Continuous")},");
            w.Line($"    new[] {{ {string.Join(", ", variables.Select(Naming.Quote))} }},");
            w.Line("    new[]");
            w.Line("    {");
            foreach (var row in dynamics.Matrix)
            {
                w.Line($"        {string.Join(", ", row.Select(Value))},");
            }
            w.Line("    },");
            w.Line($"    new[] {{ {string.Join(", ", dynamics.Constant.Select(Value))} }},");
            w.Line($"    new[] {{ {string.Join(", ", dynamics.Input.Select(Value))} }},");
            w.Line(dynamics.HeldWhileRefractory.Count == 0
                ? "    Array.Empty<string>(),"
                : $"    new[] {{ {string.Join(", ", dynamics.HeldWhileRefractory.Select(Naming.Quote))} }},");
            w.Line($"    {Value(dynamics.RefractoryPeriod)},");
            w.Line(dynamics.Threshold is { } threshold
                ? $"    new ThresholdCondition({Naming.Quote(threshold.Variable)}, ThresholdComparison.{(threshold.Inclusive ? "GreaterOrEqual" : "Greater")}, {Value(threshold.Value)}),"
                : "    null,");
            w.Line(dynamics.Reset is { } reset
                ? $"    new ResetOperation[] {{ {string.Join(", ", reset.Select(r => $"new ResetOperation({Naming.Quote(r.Variable)}, ResetKind.{(r.Add ? "Add" : "Set")}, {Value(r.Value)})"))} }});"
                : "    null);");
        }
    }

    /// <summary>Every non-zero expression of the dynamics.</summary>
    private static IEnumerable<BoundExpression> Values(AffineDynamics dynamics) =>
        dynamics.Matrix.SelectMany(row => row).Concat(dynamics.Constant).Concat(dynamics.Input)
            .Append(dynamics.RefractoryPeriod)
            .Append(dynamics.Threshold?.Value)
            .Concat(dynamics.Reset?.Select(r => r.Value) ?? Enumerable.Empty<BoundExpression>())
            .Where(e => e is not null)
            .Select(e => e!);

    /// <summary>The parameters the expressions use, directly or through other parameters' values.</summary>
    private static HashSet<string> UsedParameters(PopulationParameters parameters, IEnumerable<BoundExpression> expressions)
    {
        var values = parameters.Ordered.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(expressions.SelectMany(PopulationParameters.References));
        while (pending.Count > 0)
        {
            string name = pending.Pop();
            if (values.TryGetValue(name, out var value) && used.Add(name) && !parameters.Heterogeneous.Contains(name))
            {
                foreach (var reference in PopulationParameters.References(value))
                {
                    pending.Push(reference);
                }
            }
        }
        return used;
    }
}
