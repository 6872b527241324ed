using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Analysis;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.Simulator;

/// <summary>
/// Prints <c>Describe()</c>: a <c>NetworkDescriptor</c> with every population (parameters, equations,
/// and its dynamics as matrices when they are affine) and every connection (connectivity, synapse
/// state, delays, and what a presynaptic spike does to the target), for chip mapping and NIR export.
/// </summary>
internal static class DescriptorEmitter
{
    public static void Emit(CodeWriter w, NetworkPlan network)
    {
        var affine = network.Populations.OfType<NeuronPopulationPlan>().Where(p => p.Dynamics is not null).ToList();
        w.Line("/// <summary>The structure, parameters, dynamics and current weights, for runtime tools (chip mapping, NIR export, plots).</summary>");
        using (w.Block("public NetworkDescriptor Describe()"))
        {
            w.Line("var populations = new List<PopulationDescriptor>();");
            foreach (var population in network.Populations)
            {
                string member = "this." + population.Member;
                if (population is NeuronPopulationPlan neurons)
                {
                    var parameters = string.Join(", ", neurons.Parameters.Select(p => p.Heterogeneous
                        ? $"[{CSharpLiteral.String(p.Name)}] = ValueArrays.ToDouble<Real>({member}.{p.Member})"
                        : $"[{CSharpLiteral.String(p.Name)}] = new double[] {{ {member}.{p.Member} }}"));
                    var states = string.Join(", ", neurons.State.Select(s => CSharpLiteral.String(s.Name)));
                    string dynamics = neurons.Dynamics is null
                        ? $"null, {CSharpLiteral.String(neurons.NotAffineReason!)}"
                        : $"DescribeDynamicsOf{population.Name}()";
                    w.Line($"populations.Add(new PopulationDescriptor({CSharpLiteral.String(population.Name)}, \"neurons\", {CSharpLiteral.String(neurons.ModelName)}, {member}.Count,");
                    w.Line($"    new Dictionary<string, double[]> {{ {parameters} }},");
                    w.Line($"    new string[] {{ {states} }}, {CSharpLiteral.String(neurons.Equations)}, {CSharpLiteral.String(neurons.Discretization)},");
                    w.Line($"    {dynamics}));");
                }
                else
                {
                    string kind = population is PoissonPopulationPlan ? "poisson" : "input";
                    w.Line($"populations.Add(new PopulationDescriptor({CSharpLiteral.String(population.Name)}, {CSharpLiteral.String(kind)}, null, {member}.Count,");
                    w.Line("    new Dictionary<string, double[]>(), Array.Empty<string>(), \"\", \"\"));");
                }
            }
            w.Line("var connections = new List<ConnectionDescriptor>();");
            foreach (var connection in network.Connections)
            {
                string c = "this." + connection.Member;
                var state = string.Join(", ", connection.AllState.Select(s => s.Shared
                    ? $"[{CSharpLiteral.String(s.Name)}] = new[] {{ (float){c}.{s.Member} }}"
                    : $"[{CSharpLiteral.String(s.Name)}] = ValueArrays.ToSingle<Real>({c}.{s.Member})"));
                string delays = connection.Delay.Kind == DelayKind.PerSynapse ? $"{c}.SynapseDelaySteps.ToArray()" : "null";
                w.Line($"connections.Add(new ConnectionDescriptor({CSharpLiteral.String(connection.Source.Population)}, {c}.SourceStart, {c}.SourceEnd,");
                w.Line($"    {CSharpLiteral.String(connection.Target.Population)}, {c}.TargetStart, {c}.TargetEnd, {CSharpLiteral.String(connection.SynapseName)},");
                w.Line($"    {c}.Connectivity, new Dictionary<string, float[]> {{ {state} }}, {c}.DelaySteps, {delays},");
                w.Line($"    {Effect(connection.Effect)}{(connection.IsDense ? $", ValueArrays.ToSingle<Real>({c}.b)" : "")}{(connection.SameStep ? ", SameStep: true" : "")}));");
            }
            var regularly = network.Populations.OfType<NeuronPopulationPlan>().SelectMany(p => p.Regularly).Select(r => r.Text).ToList();
            if (network.Drives.Count == 0 && regularly.Count == 0 && network.Convolutions.Count == 0)
            {
                w.Line($"return new NetworkDescriptor({CSharpLiteral.String(network.Name)}, Dt, populations, connections);");
            }
            else
            {
                using (w.Block($"return new NetworkDescriptor({CSharpLiteral.String(network.Name)}, Dt, populations, connections)", "};"))
                {
                    if (network.Drives.Count > 0)
                    {
                        using (w.Block("Drives = new DriveDescriptor[]", "},"))
                        {
                            foreach (var drive in network.Drives)
                            {
                                string d = "this." + drive.Member;
                                w.Line($"new({CSharpLiteral.String(drive.Target.Population)}, {d}.Start, {d}.Start + {d}.Count, {CSharpLiteral.String(drive.Variable)}, {d}.Inputs, {d}.Rate, {d}.Weight),");
                            }
                        }
                    }
                    if (regularly.Count > 0)
                    {
                        w.Line($"RunRegularly = new string[] {{ {string.Join(", ", regularly.Select(CSharpLiteral.String))} }},");
                    }
                    if (network.Convolutions.Count > 0)
                    {
                        using (w.Block("Convolutions = new ConvolutionDescriptor[]", "},"))
                        {
                            foreach (var c in network.Convolutions)
                            {
                                var g = c.Geometry;
                                string kernel = c.IsPooling ? "null, null" : $"ValueArrays.ToSingle<Real>(this.{c.Member}._w), ValueArrays.ToSingle<Real>(this.{c.Member}._b)";
                                w.Line($"new({CSharpLiteral.String(Binding.RuleNames.Of(c.Kind))}, {CSharpLiteral.String(c.Source.Population)}, {CSharpLiteral.String(c.Target.Population)}, "
                                    + $"new[] {{ {g.InChannels}, {g.InHeight}, {g.InWidth} }}, new[] {{ {g.OutChannels}, {g.OutHeight}, {g.OutWidth} }}, "
                                    + $"new[] {{ {g.KernelHeight}, {g.KernelWidth} }}, new[] {{ {g.StrideHeight}, {g.StrideWidth} }}, new[] {{ {g.PaddingHeight}, {g.PaddingWidth} }}, "
                                    + $"{kernel}, {(c.SameStep ? "true" : "false")}, {CSharpLiteral.String($"{c.Statement} ({c.Location})")}),");
                            }
                        }
                    }
                }
            }
        }
        foreach (var population in affine)
        {
            w.Line();
            EmitDynamics(w, population, population.Dynamics!);
        }
        if (affine.Any(p => Values(p.Dynamics!).Any(p.VariesPerNeuron)))
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
    private static string Effect(SpikeEffect? effect)
    {
        if (effect is null)
        {
            return "null";
        }
        string constant = effect.Constant is null ? "null" : NetworkEmitter.NetworkConstants("").Write(effect.Constant);
        string variable = effect.SynapseVariable is null ? "null" : CSharpLiteral.String(effect.SynapseVariable);
        return $"new SpikeEffect({CSharpLiteral.String(effect.Target)}, {variable}, {constant}, {(effect.Plastic ? "true" : "false")})";
    }

    /// <summary>
    /// A method computing one population's A, B, c, threshold, reset and refractory period from its
    /// parameters: homogeneous parameters recomputed in double as the constructor computes them (so
    /// float32 networks report exact values), per-neuron ones read from the population.
    /// </summary>
    private static void EmitDynamics(CodeWriter w, NeuronPopulationPlan population, AffineDynamics dynamics)
    {
        string member = "this." + population.Member;
        var writer = new ExpressionWriter(EvaluationMode.Construction, true, v => v.Symbol switch
        {
            { Kind: VariableKind.Parameter } p => population.IsHeterogeneous(p.Name) ? $"p_{p.Name}[i]" : $"p_{p.Name}",
            { Kind: VariableKind.Implicit } => BuiltinRenderer.Render(v, BuiltinContext.Construction, EvaluationMode.Construction),
            { Kind: VariableKind.NetworkParameter } np => Naming.Member(np.Name),
            var other => throw new InvalidOperationException($"'{other.Name}' is not a constant of population '{population.Name}'"),
        });
        string Value(BoundExpression? expression) => expression is null
            ? "zero"
            : population.VariesPerNeuron(expression)
                ? $"PerNeuron(n, i => {writer.Write(expression)})"
                : $"new NeuronValue({writer.Write(expression)})";

        var variables = dynamics.Variables.Select(v => v.Name).ToList();
        string form = dynamics.Discrete ? "x' = A·x + B·input + c, once per step" : "dx/dt = A·x + B·input + c";
        w.Line($"/// <summary>The dynamics of population '{population.Name}' ({population.ModelName}): {form}, x = ({string.Join(", ", variables)}).</summary>");
        using (w.Block($"private NeuronDynamics DescribeDynamicsOf{population.Name}()"))
        {
            var used = UsedParameters(population, Values(dynamics));
            var computed = Values(dynamics).Concat(population.Parameters.Where(p => used.Contains(p.Name) && !p.Heterogeneous).Select(p => p.Value));
            if (Values(dynamics).Any(population.VariesPerNeuron) || BuiltinRenderer.ConstructionReadsCount(computed))
            {
                w.Line($"int n = {member}.Count;");
            }
            foreach (var parameter in population.Parameters.Where(p => used.Contains(p.Name)))
            {
                w.Line(parameter.Heterogeneous
                    ? $"double[] p_{parameter.Name} = ValueArrays.ToDouble<Real>({member}.{parameter.Member});"
                    : $"double p_{parameter.Name} = {writer.Write(parameter.Value)};");
            }
            if (dynamics.Matrix.SelectMany(row => row).Concat(dynamics.Constant).Concat(dynamics.Input).Append(dynamics.RefractoryPeriod).Any(e => e is null))
            {
                w.Line("var zero = new NeuronValue(0d);");
            }
            w.Line($"return new NeuronDynamics(DynamicsKind.{(dynamics.Discrete ? "Discrete" : "Continuous")},");
            w.Line($"    new string[] {{ {string.Join(", ", variables.Select(CSharpLiteral.String))} }},");
            w.Line("    new NeuronValue[]");
            w.Line("    {");
            foreach (var row in dynamics.Matrix)
            {
                w.Line($"        {string.Join(", ", row.Select(Value))},");
            }
            w.Line("    },");
            w.Line($"    new NeuronValue[] {{ {string.Join(", ", dynamics.Constant.Select(Value))} }},");
            w.Line($"    new NeuronValue[] {{ {string.Join(", ", dynamics.Input.Select(Value))} }},");
            w.Line(dynamics.HeldWhileRefractory.Count == 0
                ? "    Array.Empty<string>(),"
                : $"    new[] {{ {string.Join(", ", dynamics.HeldWhileRefractory.Select(CSharpLiteral.String))} }},");
            w.Line($"    {Value(dynamics.RefractoryPeriod)},");
            w.Line(dynamics.Threshold is { } threshold
                ? $"    new ThresholdCondition({CSharpLiteral.String(threshold.Variable)}, ThresholdComparison.{(threshold.Inclusive ? "GreaterOrEqual" : "Greater")}, {Value(threshold.Value)}),"
                : "    null,");
            w.Line(dynamics.Reset is { } reset
                ? $"    new ResetOperation[] {{ {string.Join(", ", reset.Select(r => $"new ResetOperation({CSharpLiteral.String(r.Variable)}, ResetKind.{(r.Add ? "Add" : "Set")}, {Value(r.Value)})"))} }});"
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
    private static HashSet<string> UsedParameters(NeuronPopulationPlan population, IEnumerable<BoundExpression> expressions)
    {
        var values = population.Parameters.ToDictionary(p => p.Name, p => p, StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(expressions.SelectMany(e => e.Variables()).Select(v => v.Symbol.Name));
        while (pending.Count > 0)
        {
            string name = pending.Pop();
            if (values.TryGetValue(name, out var parameter) && used.Add(name) && !parameter.Heterogeneous)
            {
                foreach (var reference in parameter.Value.Variables())
                {
                    pending.Push(reference.Symbol.Name);
                }
            }
        }
        return used;
    }
}
