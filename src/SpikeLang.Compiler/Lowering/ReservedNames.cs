using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Lowering;

/// <summary>
/// The names a .snn file may not give, because the generated C# needs them for something else: the framework and
/// runtime names generated code reaches by a simple name (a namespace, class or member of that name would hide them),
/// the constructor's own parameters and locals, and the fields the emitter derives from other names. Each is reported
/// where the name is declared (SL0500), with what it clashes with. <see cref="MemberNames"/> claims the generated
/// members themselves.
/// </summary>
internal static class ReservedNames
{
    /// <summary>
    /// What generated code names without qualification: the namespaces System and SpikeLang, framework and runtime
    /// types, the <c>Real</c> alias and contextual keywords that a type of their name would change. A test compiles
    /// the C# of every example and of random programs and finds every such name in this set.
    /// </summary>
    public static readonly HashSet<string> Outside = new(StringComparer.Ordinal)
    {
        "System", "SpikeLang", "Real", "var", "nameof", "nuint", "unmanaged",
        // Framework types.
        "Array", "ArgumentException", "ArgumentOutOfRangeException", "BitOperations", "InvalidOperationException", "NotSupportedException", "Math", "MathF", "MemoryMarshal", "MethodImpl",
        "Action", "Dictionary", "Func", "INumber", "INumberBase", "IReadOnlyDictionary", "IReadOnlyList", "List", "MethodImplAttribute", "MethodImplOptions", "ReadOnlySpan", "Span",
        "TimeSpan", "Unsafe", "Vector256", "Vector512",
        // SpikeLang.Runtime types.
        "Adam", "BatchNormalization", "BatchResult", "BlockScheduler", "ColumnSums", "ConnectionDescriptor", "ConvolutionDescriptor", "ConvolutionForward", "ConvolutionGradients", "ConvolutionShape", "ConnectivityBuilder", "ConstructionChecks", "Csr", "DenseRows", "DriveDescriptor", "DynamicsKind", "EmbeddedData",
        "FiniteCheck", "HeldNeurons", "IInputPopulation", "INetwork", "INetworkFactory", "IPopulation", "IStateMonitor", "IStimulus", "IncomingIndex", "InputEncoders", "LinearInit", "Losses",
        "MemoryDemand", "MonitorOptions", "NetworkDescriptor", "NetworkParameterInfo", "NeuronDynamics", "NeuronValue", "NonFiniteState", "Partition", "PoissonDrive", "PopulationDescriptor",
        "Propagator", "ProtocolPhase", "RandomStream", "RankGroup", "MpiRanks", "RateMonitor", "ResetKind", "ResetOperation", "Sgd", "Sgemm", "SimulationTime", "SnnMath", "SpikeEffect", "SpikeHistory", "SpikeWindow", "SynapseOrder",
        "SpikeLangNetwork", "SpikeLangNetworkAttribute", "SpikeMonitor", "SpikeProducts", "StateMonitor", "SynapticEventQueue", "TargetDraws", "TargetSplit", "ThresholdComparison",
        "ThresholdCondition", "TimedArray", "ValueArrays", "WeightFile", "WeightMismatchException", "WeightSet", "WorkerPool",
        // ILGPU and SpikeLang.Gpu: the GPU simulator's code, generated for projects that reference SpikeLang.Gpu.
        "ILGPU", "ArrayView", "Atomic", "Index1D", "MemoryBuffer1D", "Stride1D", "CounterStream", "DelayRingStep", "DeliverStep", "DendriticDelays", "DeviceBuffers", "DeviceCopy", "DeviceSpikes", "DeviceStateRecording",
        "GpuDevice", "GpuPopulation", "GpuInputPopulation", "GpuSubgroup", "DevicePoissonDrive", "IGpuNetworkFactory", "NeuronStep", "SimulatorKernels",
    };

    /// <summary>
    /// Namespaces that may begin a .snn namespace: <c>namespace SpikeLang.Models</c> extends the global SpikeLang
    /// namespace, so <c>SpikeLang.Runtime</c> still resolves; later parts, and other first parts, hide.
    /// </summary>
    private static readonly string[] RootNamespaces = { "System", "SpikeLang" };

    /// <summary>Members of the network class that the nested population and connection classes use by their simple name.</summary>
    private static readonly string[] NetworkMembersUsedInside = { "Dt" };

    /// <summary>Claimed network members that the class implements only explicitly (INetwork.Subgroups): the class may take their name.</summary>
    private static readonly string[] ExplicitOnly = { "Subgroups" };

    /// <summary>The members of the nested Factory class, which names the network class inside it.</summary>
    private static readonly string[] FactoryMembers = { "NetworkName", "Dt", "Parameters", "Create" };

    /// <summary>The fields (and kernel locals) of population classes that are not made from a .snn name: state variable v is stored in _v.</summary>
    private static readonly HashSet<string> PopulationFields = new(StringComparer.Ordinal)
    {
        "spikes", "spikeCount", "rng", "input", "inputGated", "lastSpike", "refractorySteps", "ranks",
    };

    /// <summary>The same for connection classes: synapse variable w is stored in _w.</summary>
    private static readonly HashSet<string> ConnectionFields = new(StringComparer.Ordinal)
    {
        "pre", "post", "sourceCount", "b", "history", "delaySteps", "queue", "synapsePre", "incoming", "lastUpdate",
    };

    private static readonly Regex PropagatorField = new(@"^([PQ]_\d+_\d+|q_\d+)$", RegexOptions.CultureInvariant);

    /// <summary>
    /// The namespace's parts and the network's name: a namespace or class of an <see cref="Outside"/> name hides it from
    /// the whole file, and the class must not share a name with its own members or those of its nested classes.
    /// </summary>
    public static void CheckNetwork(LoweringContext context, IEnumerable<string> networkMembers, IEnumerable<string> nestedMembers)
    {
        var network = context.Network;
        if (network.Namespace is { } ns && ns.Split('.').Where((part, k) => Outside.Contains(part) && !(k == 0 && RootNamespaces.Contains(part))).FirstOrDefault() is { } part)
        {
            context.ReportUnsupported(network.FilePath, NamespaceSpan(context, part) ?? network.Span,
                $"a namespace named '{ns}': the generated C# uses the name {part} ({What(part)}) and the namespace would hide it; rename the namespace");
        }
        var models = network.Populations.Where(p => p.Model is not null).SelectMany(p => p.Model!.Parameters.Concat(p.Model.State))
            .Concat(network.Connections.SelectMany(c => c.Synapse.Parameters.Concat(c.Synapse.State)))
            .Select(v => v.Symbol.Name);
        string name = network.Name;
        string? clash = Outside.Contains(name) ? $"the generated C# uses the name {name} ({What(name)}) and a class of that name would hide it"
            : networkMembers.Contains(name) && !ExplicitOnly.Contains(name) ? $"the generated class has a member {name} of its own"
            : FactoryMembers.Contains(name) ? $"the generated class's Factory has a member {name}"
            : nestedMembers.Contains(name) || models.Contains(name) ? $"the generated class of a population or connection has a member {name}"
            : null;
        if (clash is not null)
        {
            context.ReportUnsupported(network.FilePath, NameSpan(context, network.Span, name), $"a network named '{name}': {clash}; rename the network");
        }
    }

    /// <summary>Network parameters are constructor parameters: they must not take the names of the constructor's other parameters and locals.</summary>
    public static void CheckNetworkParameter(LoweringContext context, BoundVariableDeclaration parameter)
    {
        var network = context.Network;
        string name = parameter.Symbol.Name;
        string? local = name is "seed" ? "its first parameter, the random seed"
            : name is "init" ? "its local for the random draws at construction"
            : network.Populations.Any(p => "size_" + p.Name == name) ? $"its local for the size of population '{name.Substring(5)}'"
            : Regex.IsMatch(name, @"^(source|target)(Start|End)_\d+$", RegexOptions.CultureInvariant) ? "its local for the bounds of a connection's slice"
            : null;
        if (local is not null)
        {
            context.ReportUnsupported(network.FilePath, parameter.Symbol.DeclarationSpan,
                $"a network parameter named '{name}': the generated constructor takes network parameters as parameters of that name and needs '{name}' for {local}; rename the parameter");
        }
    }

    /// <summary>
    /// A parameter or state variable of a model: its C# property must not hide an <see cref="Outside"/> name, and a state
    /// variable's field (_name) must not be one the emitter makes for something else (_spikes, _p_tau for parameter tau, _P_0_0).
    /// </summary>
    /// <returns>Why the name cannot be used, or null.</returns>
    public static string? VariableClash(VariableSymbol variable, DynamicsModel model, NetworkModel network)
    {
        string name = variable.Name;
        if (Outside.Contains(name))
        {
            return $"the generated class would hide the name {name} ({What(name)}) from its own code";
        }
        if (NetworkMembersUsedInside.Contains(name))
        {
            return $"the generated class would hide the network's member {name} from its own code";
        }
        if (variable.Kind != VariableKind.State)
        {
            return null;
        }
        string? derived = (model is SynapseModel ? ConnectionFields : PopulationFields).Contains(name) ? "its own bookkeeping"
            : PropagatorField.IsMatch(name) ? "a propagator entry"
            : Prefixed(name, "p_") is { } p && model.Parameters.Any(d => d.Symbol.Name == p) ? $"parameter '{p}'"
            : model is SynapseModel && Prefixed(name, "np_") is { } np && network.Parameters.Any(d => d.Symbol.Name == np) ? $"network parameter '{np}'"
            : model is SynapseModel && new[] { "rate_", "drift_", "decay_", "offset_" }.Select(prefix => Prefixed(name, prefix)).FirstOrDefault(s => s is not null && model.State.Any(d => d.Symbol.Name == s)) is { } trace
                ? $"the trace '{trace}'"
            : null;
        return derived is null ? null : $"the generated class stores {derived} in the field _{name}";
    }

    private static string? Prefixed(string name, string prefix) =>
        name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal) ? name.Substring(prefix.Length) : null;

    private static string What(string name) =>
        name is "System" or "SpikeLang" or "ILGPU" ? "a namespace"
        : name == "Real" ? "the alias of the network's number type"
        : name is "var" or "nameof" or "nuint" ? "a contextual keyword"
        : "a type of the framework, of SpikeLang.Runtime or of SpikeLang.Gpu";

    /// <summary>The name after 'network' in the declaration, or the declaration.</summary>
    private static TextSpan NameSpan(LoweringContext context, TextSpan declaration, string name)
    {
        var match = Regex.Match(context.Source(context.Network.FilePath)?.GetText(declaration) ?? "", @"^network\s+" + Regex.Escape(name) + @"\b", RegexOptions.CultureInvariant);
        return match.Success ? new TextSpan(declaration.Start + match.Length - name.Length, name.Length) : declaration;
    }

    /// <summary>The part of the file's namespace declaration that is <paramref name="part"/> (the file is parsed again: only on this error).</summary>
    private static TextSpan? NamespaceSpan(LoweringContext context, string part)
    {
        if (context.Source(context.Network.FilePath) is not { } source
            || SnnParser.Parse(source, new DiagnosticBag(source)).Namespace is not { } declaration)
        {
            return null;
        }
        var match = Regex.Match(source.GetText(declaration.NameSpan), @"(?<![\p{L}\p{Nd}_])" + Regex.Escape(part) + @"(?![\p{L}\p{Nd}_])", RegexOptions.CultureInvariant);
        return match.Success ? new TextSpan(declaration.NameSpan.Start + match.Index, part.Length) : declaration.NameSpan;
    }
}
