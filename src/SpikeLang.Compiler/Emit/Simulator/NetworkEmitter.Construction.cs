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
            w.Line("// Stream 0 draws everything at construction, in declaration order; each population that");
            w.Line("// draws random numbers while running has a stream of its own, so adding a recording never changes spikes.");
            w.Line("var init = new RandomStream(seed, 0);");
            foreach (var population in _plan.Populations)
            {
                string size = $"ConstructionChecks.Size({CSharpLiteral.String(population.Name)}, {constants.Write(population.Size.Value)})";
                string stream = population.Stream is { } s ? $", new RandomStream(seed, {s})" : "";
                string arguments = population switch
                {
                    NeuronPopulationPlan or PoissonPopulationPlan => $"this, {size}, init{stream}",
                    _ => size,
                };
                w.Line($"this.{population.Member} = new {population.TypeName}({arguments});");
            }
            foreach (var connection in _plan.Connections)
            {
                string pre = "this." + connection.Source.Member;
                string post = "this." + connection.Target.Member;
                string Bound(BoundExpression? value, string owner, bool start) => value is null
                    ? (start ? "0" : $"{owner}.Count")
                    : $"ConstructionChecks.Index({CSharpLiteral.String(start ? "slice start" : "slice end")}, {constants.Write(value)}, {owner}.Count)";
                string rule = connection.RuleValue is null
                    ? ""
                    : connection.Rule == ConnectivityKind.FixedInDegree
                        ? $", ConstructionChecks.Index(\"fixed_indegree\", {constants.Write(connection.RuleValue)}, {pre}.Count)"
                        : $", ConstructionChecks.Probability({constants.Write(connection.RuleValue)})";
                w.Line($"this.{connection.Member} = new {connection.TypeName}(this, {pre}, {post}, init,");
                w.Line($"    {Bound(connection.Source.Start, pre, true)}, {Bound(connection.Source.End, pre, false)}, {Bound(connection.Target.Start, post, true)}, {Bound(connection.Target.End, post, false)}{rule});");
            }
        }
    }
}
