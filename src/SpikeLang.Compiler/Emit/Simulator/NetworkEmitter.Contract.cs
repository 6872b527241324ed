using System.Linq;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.Simulator;

/// <summary>
/// The <c>INetwork</c> contract, implemented explicitly so the network's own members keep the names the
/// .snn file gives them, and the factory that tools find through the assembly's <c>SpikeLangNetwork</c> attribute.
/// </summary>
internal sealed partial class NetworkEmitter
{
    private void EmitContract(CodeWriter w)
    {
        string populations = string.Join(", ", _plan.Populations.Select(p => "this." + p.Member));
        w.Line($"private IReadOnlyList<IPopulation>? _populations;");
        w.Line($"string INetwork.Name => {CSharpLiteral.String(_plan.Name)};");
        w.Line("double INetwork.Dt => Dt;");
        w.Line(_plan.Phases.Count > 0
            ? "IReadOnlyList<ProtocolPhase> INetwork.Phases => Phases;"
            : "IReadOnlyList<ProtocolPhase> INetwork.Phases => Array.Empty<ProtocolPhase>();");
        w.Line($"IReadOnlyList<IPopulation> INetwork.Populations => _populations ??= new IPopulation[] {{ {populations} }};");
        w.Line(_plan.Subgroups.Count == 0
            ? "IReadOnlyList<IPopulation> INetwork.Subgroups => Array.Empty<IPopulation>();"
            : $"IReadOnlyList<IPopulation> INetwork.Subgroups => new IPopulation[] {{ {string.Join(", ", _plan.Subgroups.Select(g => "this." + g.Member))} }};");
        w.Line($"IReadOnlyList<IStateMonitor> INetwork.SynapseMonitors => {MonitorEmitter.SynapseMonitors(_plan)};");
        w.Line();
        w.Line($"/// <summary>Builds '{_plan.Name}' for tools that find it through <see cref=\"SpikeLangNetworkAttribute\"/>.</summary>");
        using (w.Block("public sealed class Factory : INetworkFactory"))
        {
            w.Line($"public string NetworkName => {CSharpLiteral.String(_plan.Name)};");
            w.Line();
            w.Line("public double Dt => " + ClassName + ".Dt;");
            w.Line();
            using (w.Block("public IReadOnlyList<NetworkParameterInfo> Parameters { get; } = new NetworkParameterInfo[]", "};"))
            {
                foreach (var parameter in _plan.Parameters)
                {
                    w.Line($"new({CSharpLiteral.String(parameter.Name)}, {CSharpLiteral.String(parameter.Unit)}, {CSharpLiteral.Double(parameter.Default)}),");
                }
            }
            w.Line();
            using (w.Block("public INetwork Create(ulong seed, IReadOnlyDictionary<string, double>? parameters = null, int threads = 1, RankGroup? ranks = null)"))
            {
                using (w.Block("foreach (var name in parameters?.Keys ?? Array.Empty<string>())"))
                {
                    var names = string.Join(" or ", _plan.Parameters.Select(p => CSharpLiteral.String(p.Name)));
                    string known = _plan.Parameters.Count == 0 ? "false" : $"name is {names}";
                    string list = _plan.Parameters.Count == 0 ? "it has none" : "it has " + string.Join(", ", _plan.Parameters.Select(p => p.Name));
                    w.Line($"if (!({known})) throw new ArgumentException($\"Network '{_plan.Name}' has no parameter '{{name}}'; {list}.\", nameof(parameters));");
                }
                var arguments = new[] { "seed" }.Concat(_plan.Parameters.Select(p =>
                    $"parameters is not null && parameters.TryGetValue({CSharpLiteral.String(p.Name)}, out double {p.Name}_value) ? {p.Name}_value : null")).Append("threads").Append("ranks");
                w.Line($"return new {ClassName}({string.Join(", ", arguments)});");
            }
        }
    }
}
