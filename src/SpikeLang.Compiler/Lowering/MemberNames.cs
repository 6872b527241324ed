using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;

namespace SpikeLang.Compiler.Lowering;

/// <summary>
/// The names of a network's generated members, decided once so none collides: the network class's own
/// members, the populations' and connections' properties and nested types. A .snn name that would take
/// a name the generated class needs is reported at its declaration (SL0500) with the name it clashes with.
/// </summary>
internal sealed class MemberNames
{
    /// <summary>What every generated network class declares itself.</summary>
    private static readonly string[] NetworkMembers =
    {
        "Dt", "Time", "StepIndex", "Step", "Run", "StepsIn", "Describe", "WeightShapes", "GetWeights", "SetWeights",
        "LoadWeights", "SaveWeights", "Factory", "NonFinite", "CheckFinite", "Subgroups", "TimedArrays", "Phases", "ProtocolSteps",
        "BeginPhase", "s_phaseStarts", "Threads", "Ranks", "CodeHash", "Advance", "RecordSpikes", "ReceiveWindow",
    };

    /// <summary>What every generated population or subgroup class declares itself; state and parameters may not take these names.</summary>
    private static readonly string[] PopulationMembers =
    {
        "Count", "Spikes", "SpikeCount", "SpikeMonitor", "Integrate", "Threshold", "Reset", "Record", "NotRefractory", "LastSpikeTime",
        "CheckFinite", "Start", "Regularly", "Sample", "RateMonitor", "Stimulus", "OwnStart", "OwnEnd", "HeldStart", "HeldEnd", "KeepHeld", "Parts", "PartStart", "Window", "Receive", "UpdateProbability",
    };

    /// <summary>What every generated connection class declares itself; synapse variables may not take these names.</summary>
    private static readonly string[] ConnectionMembers =
    {
        "Connectivity", "SourceStart", "TargetStart", "SourceEnd", "TargetEnd", "DelaySteps", "SynapseDelaySteps", "Deliver", "DeliverPost",
        "Integrate", "Sum", "b", "Sample", "PushSpikes", "ReceiveSpikes", "ScheduledLate", "MinimumDelaySteps",
    };

    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
    private readonly LoweringContext _context;

    public MemberNames(LoweringContext context)
    {
        _context = context;
        var network = context.Network;
        _taken.Add(Naming.Member(network.Name));
        _taken.UnionWith(NetworkMembers);
        _taken.UnionWith(ReservedNames.Outside);
        ReservedNames.CheckNetwork(context, NetworkMembers, PopulationMembers.Concat(ConnectionMembers));
        foreach (var parameter in network.Parameters)
        {
            Claim(parameter.Symbol.Name, network.FilePath, parameter.Symbol.DeclarationSpan, "network parameter");
            ReservedNames.CheckNetworkParameter(context, parameter);
        }
        foreach (var population in network.Populations)
        {
            Claim(population.Name, network.FilePath, population.Span, "population");
            if (population.Model is { } model)
            {
                foreach (var variable in model.Parameters.Concat(model.State))
                {
                    CheckVariable(variable.Symbol, model, PopulationMembers, $"neuron model '{model.Name}'", "population");
                }
            }
        }
        foreach (var subgroup in network.Subgroups)
        {
            Claim(subgroup.Name, network.FilePath, subgroup.Span, "subgroup");
        }
        foreach (var connection in network.Connections)
        {
            foreach (var variable in connection.Synapse.Parameters.Concat(connection.Synapse.State))
            {
                CheckVariable(variable.Symbol, connection.Synapse, ConnectionMembers, $"synapse model '{connection.Synapse.Name}'", "connection");
            }
        }
    }

    /// <summary>A name not yet taken, which it then is: <paramref name="wanted"/>, or it with the first free number from 2 appended.</summary>
    public string Unique(string wanted, string separator = "")
    {
        string name = wanted;
        for (int k = 2; !_taken.Add(name); k++)
        {
            name = $"{wanted}{separator}{k}";
        }
        return name;
    }

    private void Claim(string name, string path, Text.TextSpan span, string what)
    {
        string member = Naming.Member(name);
        if (!_taken.Add(member))
        {
            _context.ReportUnsupported(path, span, $"a {what} named '{name}': the generated network class needs that name (for {Describe(member)}); rename the {what}");
        }
    }

    private void CheckVariable(VariableSymbol symbol, DynamicsModel model, string[] reserved, string owner, string generated)
    {
        if (reserved.Contains(symbol.Name))
        {
            _context.ReportUnsupported(model.FilePath, symbol.DeclarationSpan, $"'{symbol.Name}' in {owner}: the generated {generated} class has a member of that name; rename the variable");
        }
        else if (ReservedNames.VariableClash(symbol, model, _context.Network) is { } clash)
        {
            _context.ReportUnsupported(model.FilePath, symbol.DeclarationSpan, $"'{symbol.Name}' in {owner}: {clash}; rename the variable");
        }
    }

    private string Describe(string member) =>
        NetworkMembers.Contains(member) ? $"its member {member}"
        : ReservedNames.Outside.Contains(member) ? $"the name {member}, which its code uses from the framework or the runtime"
        : member == Naming.Member(_context.Network.Name) ? "the class itself"
        : "another member";
}
