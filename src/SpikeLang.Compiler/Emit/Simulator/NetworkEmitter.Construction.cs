using System;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Lowering;
using SpikeLang.Compiler.Syntax;

namespace SpikeLang.Compiler.Emit.Simulator;

/// <summary>The network's constructor: network parameters, then every population and connection from the seed, in declaration order.</summary>
internal sealed partial class NetworkEmitter
{
    /// <summary>Renders network parameters as the network's own properties, for construction-time expressions.</summary>
    public static ExpressionWriter NetworkConstants(string owner) => new(EvaluationMode.Construction, true, v => v.Symbol.Kind == VariableKind.NetworkParameter
        ? $"{owner}{Naming.Member(v.Symbol.Name)}"
        : throw new InvalidOperationException($"'{v.Symbol.Name}' is not a constant of the network"));

    private void EmitConstructor(CodeWriter w)
    {
        var constants = NetworkConstants("this.");
        w.Line("/// <summary>Builds the network. The same seed gives the same initial values, connectivity and spikes.</summary>");
        w.Line("/// <param name=\"seed\">Seeds every random draw, at construction and while running.</param>");
        foreach (var parameter in _plan.Parameters)
        {
            w.Line($"/// <param name=\"{parameter.Name}\">Network parameter (SI units); null keeps {parameter.Written}.</param>");
        }
        string signature = string.Join(", ", new[] { "ulong seed = 0" }.Concat(_plan.Parameters.Select(p => $"double? {p.Member} = null")));
        using (w.Block($"public {ClassName}({signature})"))
        {
            foreach (var parameter in _plan.Parameters)
            {
                w.Line($"this.{parameter.Member} = {parameter.Member} ?? {constants.Write(parameter.Value)};");
            }
            EmitSizes(w, constants);
            w.Line("// Stream 0 draws everything at construction, in declaration order; each population that");
            w.Line("// draws random numbers while running has a stream of its own, so adding a recording never changes spikes.");
            w.Line("var init = new RandomStream(seed, 0);");
            foreach (var population in _plan.Populations)
            {
                string size = $"size_{population.Name}";
                string stream = population.Stream is { } s ? $", new RandomStream(seed, {s})" : "";
                string arguments = population switch
                {
                    NeuronPopulationPlan or PoissonPopulationPlan => $"this, {size}, init{stream}",
                    _ => size,
                };
                w.Line($"this.{population.Member} = new {population.TypeName}({arguments});");
            }
            for (int k = 0; k < _plan.Connections.Count; k++)
            {
                var connection = _plan.Connections[k];
                string rule = connection.RuleValue is null
                    ? ""
                    : connection.Rule == ConnectivityKind.FixedInDegree
                        ? $", ConstructionChecks.Index(\"fixed_indegree\", {constants.Write(connection.RuleValue)}, sourceEnd_{k} - sourceStart_{k})"
                        : $", ConstructionChecks.Probability({constants.Write(connection.RuleValue)})";
                w.Line($"this.{connection.Member} = new {connection.TypeName}(this, this.{connection.Source.Member}, this.{connection.Target.Member}, init,");
                w.Line($"    sourceStart_{k}, sourceEnd_{k}, targetStart_{k}, targetEnd_{k}{rule});");
            }
        }
    }

    /// <summary>
    /// Sizes and slices first, from the network parameters, then the memory they need, checked against what
    /// the process can use before anything is allocated.
    /// </summary>
    private void EmitSizes(CodeWriter w, ExpressionWriter constants)
    {
        foreach (var population in _plan.Populations)
        {
            w.Line($"int size_{population.Name} = ConstructionChecks.Size({CSharpLiteral.String(population.Name)}, {constants.Write(population.Size.Value)});");
        }
        for (int k = 0; k < _plan.Connections.Count; k++)
        {
            var connection = _plan.Connections[k];
            string Bound(BoundExpression? value, string size, bool start) => value is null
                ? (start ? "0" : size)
                : $"ConstructionChecks.Index({CSharpLiteral.String(start ? "slice start" : "slice end")}, {constants.Write(value)}, {size})";
            string pre = $"size_{connection.Source.Population}", post = $"size_{connection.Target.Population}";
            w.Line($"int sourceStart_{k} = {Bound(connection.Source.Start, pre, true)}, sourceEnd_{k} = {Bound(connection.Source.End, pre, false)};");
            w.Line($"int targetStart_{k} = {Bound(connection.Target.Start, post, true)}, targetEnd_{k} = {Bound(connection.Target.End, post, false)};");
        }
        w.Line($"ConstructionChecks.Memory({CSharpLiteral.String(_plan.Name)},");
        var parts = _plan.Populations
            .Select(p => $"new MemoryDemand({CSharpLiteral.String($"population {p.Name} ({p.Location})")}, size_{p.Name}, \"neurons\", {p.BytesPerElement})")
            .Concat(_plan.Connections.Select((c, k) => $"new MemoryDemand({CSharpLiteral.String($"connection {c.Member} ({c.Location})")}, {ExpectedSynapses(c, k)}, \"synapses\", {c.BytesPerSynapse})"))
            .ToList();
        for (int k = 0; k < parts.Count; k++)
        {
            w.Line($"    {parts[k]}{(k + 1 < parts.Count ? "," : ");")}");
        }
        if (parts.Count == 0)
        {
            w.Line("    Array.Empty<MemoryDemand>());");
        }
    }

    /// <summary>The synapses a connection is expected to have, from its rule (a condition only removes pairs, so it is left out).</summary>
    private string ExpectedSynapses(ConnectionPlan connection, int k)
    {
        string pre = $"(double)(sourceEnd_{k} - sourceStart_{k})", post = $"(targetEnd_{k} - targetStart_{k})";
        var constants = NetworkConstants("this.");
        return connection.Rule switch
        {
            _ when connection.Condition is not null => "0",
            ConnectivityKind.OneToOne => pre,
            ConnectivityKind.Probability => $"{constants.Write(connection.RuleValue!)} * {pre} * {post}",
            ConnectivityKind.FixedInDegree => $"{constants.Write(connection.RuleValue!)} * {post}",
            _ => $"{pre} * {post}",
        };
    }
}
