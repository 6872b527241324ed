using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SpikeLang.Compiler.Emit.Training;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.Simulator;

/// <summary>
/// Prints a <see cref="NetworkPlan"/> as one C# file: a <c>sealed partial class</c> with populations and
/// connections as nested classes, construction from a seed, <c>Step()</c> running the plan's schedule,
/// weights, the descriptor, the <c>INetwork</c> contract, and the trainer when there is one.
/// </summary>
internal sealed partial class NetworkEmitter
{
    private readonly NetworkPlan _plan;

    private NetworkEmitter(NetworkPlan plan) => _plan = plan;

    /// <summary>The C# of one network.</summary>
    public static string Emit(NetworkPlan plan) => new NetworkEmitter(plan).Emit();

    private string ClassName => _plan.ClassName;

    private string Emit()
    {
        var w = new CodeWriter();
        WriteHeader(w);
        w.Line("#nullable enable");
        w.Line("#pragma warning disable CS1591");
        w.Line("using System;");
        w.Line("using System.Collections.Generic;");
        w.Line("using System.Numerics;");
        w.Line("using System.Runtime.CompilerServices;");
        w.Line("using System.Runtime.InteropServices;");
        w.Line("using System.Runtime.Intrinsics;");
        w.Line("using SpikeLang.Runtime;");
        w.Line($"using Real = {(_plan.DoublePrecision ? "double" : "float")};");
        w.Line();
        w.Line($"[assembly: SpikeLangNetwork(typeof({(_plan.Namespace is null ? "" : Naming.Namespace(_plan.Namespace) + ".")}{ClassName}.Factory))]");
        w.Line();
        if (_plan.Namespace is { } ns)
        {
            w.Line($"namespace {Naming.Namespace(ns)};");
            w.Line();
        }
        w.Line($"/// <summary>The network '{_plan.Name}' of {_plan.FileName}.</summary>");
        using (w.Block($"public sealed partial class {ClassName} : INetwork"))
        {
            w.Line("/// <summary>The time step, in seconds.</summary>");
            w.Line($"public const double Dt = {Number(_plan.Dt)};");
            w.Line();
            w.Line("private long _step;");
            w.Line();
            w.Line("// The threads that run the kernels in parts; one (the caller) unless the constructor asked for more.");
            w.Line("private readonly WorkerPool _pool;");
            if (_plan.SpikeWindow is not null)
            {
                w.Line("// On several ranks: the steps whose spikes are exchanged at once (null when they are exchanged in every step).");
                w.Line("private readonly SpikeWindow? _window;");
            }
            foreach (var call in PartKernels())
            {
                w.Line($"private readonly Action<int, int> {PartDelegate(call)};");
            }
            w.Line();
            EmitConstructor(w);
            w.Line();
            EmitAccessors(w);
            w.Line();
            EmitStep(w);
            w.Line();
            EmitRun(w);
            w.Line();
            WeightsEmitter.Emit(w, _plan);
            w.Line();
            DescriptorEmitter.Emit(w, _plan);
            w.Line();
            EmitContract(w);
            EmitTimedArrays(w);
            foreach (var population in _plan.Populations)
            {
                w.Line();
                switch (population)
                {
                    case NeuronPopulationPlan neurons:
                        NeuronPopulationEmitter.Emit(w, _plan, neurons);
                        break;
                    case PoissonPopulationPlan poisson:
                        SourcePopulationEmitter.EmitPoisson(w, _plan, poisson);
                        break;
                    case InputPopulationPlan input:
                        SourcePopulationEmitter.EmitInput(w, _plan, input);
                        break;
                }
            }
            foreach (var subgroup in _plan.Subgroups)
            {
                w.Line();
                SubgroupEmitter.Emit(w, _plan, subgroup);
            }
            foreach (var connection in _plan.Connections)
            {
                w.Line();
                ConnectionEmitter.Emit(w, _plan, connection);
            }
            foreach (var convolution in _plan.Convolutions)
            {
                w.Line();
                ConvolutionEmitter.Emit(w, _plan, convolution);
            }
            foreach (var drive in _plan.Drives)
            {
                w.Line();
                DriveEmitter.Emit(w, _plan, drive);
            }
        }
        if (_plan.Trainer is { } trainer)
        {
            w.Line();
            TrainerEmitter.Emit(w, _plan, trainer);
        }
        string code = w.ToString();
        return code + CodeHash(code);
    }

    /// <summary>
    /// The hash of the network's generated code, as a constant in a part of its own after it: ranks compare it (with the seed
    /// and the parameters) before they exchange spikes, since every rank must run the same network.
    /// </summary>
    private string CodeHash(string code)
    {
        ulong hash = 14695981039346656037ul;
        foreach (char c in code)
        {
            hash = (hash ^ c) * 1099511628211ul;
        }
        var w = new CodeWriter();
        w.Line();
        using (w.Block($"public sealed partial class {ClassName}"))
        {
            w.Line("// FNV-1a of the code above: ranks compare it, with the seed and the parameters, before they exchange spikes.");
            w.Line($"private const ulong CodeHash = 0x{hash:X16}ul;");
        }
        return w.ToString();
    }

    /// <summary>The timed arrays the network reads, as constant tables shared by every instance.</summary>
    private void EmitTimedArrays(CodeWriter w)
    {
        if (_plan.TimedArrays.Count == 0)
        {
            return;
        }
        w.Line();
        // Internal: the GPU simulator packs them for its device.
        using (w.Block("internal static class TimedArrays"))
        {
            foreach (var array in _plan.TimedArrays)
            {
                string from = array.DataFile is null ? "" : $", read from {array.DataFile} when the network was compiled";
                w.Line($"/// <summary>Timed array '{array.Name}': {array.Rows} bins of {Number(array.Step * 1000)} ms × {array.Columns} {(array.Columns == 1 ? "value" : "values")}, in {array.Dimension.Symbol}{from}.</summary>");
                w.Line($"public static readonly TimedArray {Naming.Member(array.Name)} = new({CSharpLiteral.DoubleArray(array.Values)}, {array.Columns}, {CSharpLiteral.Double(array.Step)}, Dt);");
            }
        }
    }

    private void WriteHeader(CodeWriter w)
    {
        w.Line("// <auto-generated/>");
        w.Line($"// Generated by SpikeLang from {_plan.FileName}: edit the .snn file, not this one.");
        w.Line("//");
        w.Line($"// Network {_plan.Name}: dt = {Number(_plan.Dt * 1000)} ms, {(_plan.DoublePrecision ? "float64" : "float32")}, all values in SI units.");
        foreach (var population in _plan.Populations)
        {
            w.Line("//");
            foreach (var line in population.Header)
            {
                w.Line("// " + line);
            }
        }
        foreach (var connection in _plan.Connections)
        {
            w.Line($"// Connection {connection.Member}: {connection.Statement}");
        }
        foreach (var convolution in _plan.Convolutions)
        {
            w.Line($"// Connection {convolution.Member}: {convolution.Statement}");
        }
        foreach (var drive in _plan.Drives)
        {
            w.Line($"// Drive {drive.Member}: {drive.Statement}");
        }
        if (_plan.Connections.Any(c => c.SameStep) || _plan.Convolutions.Any(c => c.SameStep))
        {
            w.Line("// Each step: integrate each population and find its spikes, sources of same_step connections before");
            w.Line("// their targets, each followed by its same_step deliveries (seen by their targets in this step);");
            w.Line("// then deliver through the other connections (seen by the next step), reset the neurons that spiked, record.");
            return;
        }
        w.Line("// Each step: integrate every population, find spikes (threshold), deliver them through the");
        w.Line("// connections, reset the neurons that spiked, record. Effects of spikes are seen by the next step.");
    }

    private void EmitAccessors(CodeWriter w)
    {
        foreach (var parameter in _plan.Parameters)
        {
            w.Line($"/// <summary>Network parameter {parameter.Name}, in SI units.</summary>");
            w.Line($"public double {parameter.Member} {{ get; }}");
        }
        foreach (var population in _plan.Populations)
        {
            w.Line($"public {population.TypeName} {population.Member} {{ get; }}");
        }
        foreach (var subgroup in _plan.Subgroups)
        {
            w.Line($"public {subgroup.TypeName} {subgroup.Member} {{ get; }}");
        }
        foreach (var connection in _plan.Connections)
        {
            w.Line($"public {connection.TypeName} {connection.Member} {{ get; }}");
        }
        foreach (var convolution in _plan.Convolutions)
        {
            w.Line($"public {convolution.TypeName} {convolution.Member} {{ get; }}");
        }
        foreach (var drive in _plan.Drives)
        {
            w.Line($"public {drive.TypeName} {drive.Member} {{ get; }}");
        }
        w.Line();
        w.Line("/// <summary>Steps taken so far.</summary>");
        w.Line("public long StepIndex => _step;");
        w.Line();
        w.Line("/// <summary>Simulated time in seconds.</summary>");
        w.Line("public double Time => _step * Dt;");
        w.Line();
        w.Line("/// <summary>The threads that share each step.</summary>");
        w.Line("public int Threads { get; }");
        w.Line();
        w.Line("/// <summary>The processes that share the network, or null for this process alone.</summary>");
        w.Line("public RankGroup? Ranks { get; }");
        w.Line();
        w.Line("/// <summary>Stops the threads that share the steps (nothing to do with one thread).</summary>");
        w.Line("public void Dispose() => _pool.Dispose();");
    }

    private void EmitStep(CodeWriter w)
    {
        var window = _plan.SpikeWindow;
        if (window is not null)
        {
            w.Line("/// <summary>");
            w.Line("/// Advances the network by one time step. Allocates nothing. On ranks that exchange spikes once per window, it ends");
            w.Line("/// the window early, so that the monitors hold every rank's spikes after each call (Run exchanges once per window).");
            w.Line("/// </summary>");
            using (w.Block("public void Step()"))
            {
                w.Line("Advance();");
                w.Line("if (_window is { Pending: > 0 }) ReceiveWindow();");
            }
            w.Line();
        }
        w.Line(window is null
            ? "/// <summary>Advances the network by one time step. Allocates nothing.</summary>"
            : "/// <summary>Advances the network by one time step; ranks that wait a window of steps record the window's spikes once it is exchanged.</summary>");
        using (w.Kernel(window is null ? "public void Step()" : "private void Advance()"))
        {
            w.Line("long step = _step;");
            if (_plan.Phases.Count > 0)
            {
                w.Line($"if (_nextPhase < {_plan.Phases.Count} && step == s_phaseStarts[_nextPhase]) BeginPhase(_nextPhase++);");
            }
            foreach (var call in _plan.Schedule.Where(c => c.Kind != KernelKind.FiniteCheck && !(window?.Records.Contains(c.Member) == true && c.Kind == KernelKind.Record)))
            {
                if (!call.InParts)
                {
                    w.Line($"this.{call.Member}.{KernelMethod(call.Kind)}(step);");
                    continue;
                }
                if (call.Kind == KernelKind.Deliver && _plan.Connections.First(c => c.Member == call.Member).Delay.Kind == DelayKind.Homogeneous)
                {
                    w.Line($"this.{call.Member}.PushSpikes();");
                }
                w.Line($"_pool.Run(this.{call.Member}.Parts, {PartDelegate(call)});");
                if (call.Kind == KernelKind.NeuronUpdate && _plan.Populations.OfType<NeuronPopulationPlan>().First(p => p.Member == call.Member).FusesThreshold)
                {
                    w.Line($"this.{call.Member}.GatherSpikes();");
                }
            }
            if (_plan.Schedule.Any(c => c.Kind == KernelKind.FiniteCheck))
            {
                w.Line("if ((step & (NonFiniteState.FiniteCheckInterval - 1)) == NonFiniteState.FiniteCheckInterval - 1) CheckFinite(step);");
            }
            if (window is not null)
            {
                w.Line("if (_window is null) RecordSpikes(step);");
            }
            w.Line("_step = step + 1;");
            if (window is not null)
            {
                w.Line("if (_window is not null && _window.EndStep()) ReceiveWindow();");
            }
        }
        if (window is not null)
        {
            w.Line();
            EmitReceiveWindow(w, window);
        }
        if (_plan.Phases.Count > 0)
        {
            w.Line();
            EmitProtocol(w);
        }
        w.Line();
        w.Line("/// <summary>The first state value found not finite (NaN or ±∞), or null while all are finite; see <see cref=\"NonFiniteState\"/>.</summary>");
        w.Line("public NonFiniteState? NonFinite { get; private set; }");
        w.Line();
        w.Line("/// <summary>Looks for state that is no longer finite, until some is found.</summary>");
        using (w.Block("private void CheckFinite(long step)"))
        {
            var checks = _plan.Schedule.Where(c => c.Kind == KernelKind.FiniteCheck).Select(c => $"this.{c.Member}.CheckFinite(step)").ToList();
            w.Line(checks.Count == 0 ? "// No population has state." : $"NonFinite ??= {string.Join(" ?? ", checks)};");
        }
    }

    /// <summary>
    /// The end of a window on ranks that wait one between exchanges (see <c>SpikeWindow</c>): its steps' spikes from
    /// every rank, in step order, go to the delayed connections (in place of this rank's own in a delay history,
    /// scheduled late in a per-synapse queue; none of them has been delivered yet) and to the monitors.
    /// </summary>
    private static void EmitReceiveWindow(CodeWriter w, SpikeWindowPlan window)
    {
        w.Line("/// <summary>Records the spikes of a step: in the step in one process, once every rank's are here on several.</summary>");
        using (w.Kernel("private void RecordSpikes(long step)"))
        {
            foreach (string member in window.Records)
            {
                w.Line($"this.{member}.Record(step);");
            }
        }
        w.Line();
        w.Line("/// <summary>Exchanges the window's spikes with the other ranks; each step's go to the delayed connections, then to the monitors.</summary>");
        using (w.Kernel("private void ReceiveWindow()"))
        {
            w.Line("SpikeWindow window = _window!;");
            w.Line("int steps = window.Exchange();");
            using (w.Block("for (int k = 0; k < steps; k++)"))
            {
                for (int p = 0; p < window.Populations.Count; p++)
                {
                    w.Line($"this.{window.Populations[p]}.Receive(window.Received(k, {p}));");
                }
                foreach (string connection in window.Delayed)
                {
                    w.Line($"this.{connection}.ReceiveSpikes(steps - 1 - k);");
                }
                w.Line("RecordSpikes(_step - steps + k);");
            }
        }
    }

    /// <summary>
    /// The protocol: the phases follow each other from step 0, and Step applies a phase's settings before the
    /// kernels of its first step, so the network follows the protocol however it is run (Run, Step or the CLI).
    /// </summary>
    private void EmitProtocol(CodeWriter w)
    {
        var constants = NetworkConstants("this.");
        w.Line("/// <summary>The protocol's phases: name, first step and length in steps.</summary>");
        w.Line($"public static IReadOnlyList<ProtocolPhase> Phases {{ get; }} = new ProtocolPhase[] {{ {string.Join(", ", _plan.Phases.Select(p => $"new({CSharpLiteral.String(p.Name)}, {p.FirstStep}, {p.Steps})"))} }};");
        w.Line();
        w.Line("/// <summary>The total length of the protocol, in steps.</summary>");
        w.Line($"public const long ProtocolSteps = {_plan.Phases.Sum(p => p.Steps)};");
        w.Line();
        w.Line($"private static readonly long[] s_phaseStarts = {{ {string.Join(", ", _plan.Phases.Select(p => p.FirstStep))} }};");
        w.Line("private int _nextPhase;");
        w.Line();
        w.Line("/// <summary>Applies the settings of a phase, at its first step.</summary>");
        // Internal: the GPU simulator has its host network apply a phase's settings, then copies them to the device.
        using (w.Block("internal void BeginPhase(int phase)"))
        {
            using (w.Block("switch (phase)"))
            {
                foreach (var (phase, index) in _plan.Phases.Select((p, k) => (p, k)))
                {
                    w.Line($"case {index}: // {phase.Text}");
                    foreach (var setting in phase.Settings)
                    {
                        string value = $"(Real)({constants.Write(setting.Value)})";
                        string field = $"this.{setting.Member}._{setting.Variable}";
                        w.Line("    " + setting.Target switch
                        {
                            PhaseTarget.SharedValue => $"{field} = {value};",
                            PhaseTarget.Neurons when setting.Start is { } start => $"{field}.AsSpan({start}, {setting.End!.Value - start}).Fill({value});",
                            _ => $"{field}.AsSpan().Fill({value});",
                        });
                    }
                    w.Line("    break;");
                }
            }
        }
    }

    /// <summary>The kernels that run over parts, each through a delegate made once at construction (a step allocates nothing).</summary>
    private IEnumerable<KernelCall> PartKernels() => _plan.Schedule.Where(c => c.InParts);

    private static string PartDelegate(KernelCall call) => $"_{KernelMethod(call.Kind)}_{call.Member.TrimStart('@')}";

    /// <summary>The method each backend's population or connection class implements for a kernel kind.</summary>
    public static string KernelMethod(KernelKind kind) => kind switch
    {
        KernelKind.NeuronUpdate or KernelKind.SynapseUpdate => "Integrate",
        KernelKind.Threshold => "Threshold",
        KernelKind.Deliver or KernelKind.Drive => "Deliver",
        KernelKind.DeliverPost => "DeliverPost",
        KernelKind.ApplyInput => "ApplyInput",
        KernelKind.Reset => "Reset",
        KernelKind.FiniteCheck => "CheckFinite",
        KernelKind.SummedVariable => "Sum",
        KernelKind.Regularly => "Regularly",
        KernelKind.Sample => "Sample",
        _ => "Record",
    };

    private void EmitRun(CodeWriter w)
    {
        w.Line("/// <summary>Runs <paramref name=\"steps\"/> steps, first making room in the state monitors for all of them (unless they stream).</summary>");
        using (w.Kernel("public void Run(long steps)"))
        {
            MonitorEmitter.EmitReserve(w, _plan);
            using (w.Block("for (long k = 0; k < steps; k++)"))
            {
                w.Line(_plan.SpikeWindow is null ? "Step();" : "Advance();");
            }
            if (_plan.SpikeWindow is not null)
            {
                w.Line("if (_window is { Pending: > 0 }) ReceiveWindow();");
            }
            w.Line("// The periodic check may not have seen the last steps; each rank checks its own neurons, and all learn of any.");
            w.Line("if (steps > 0) CheckFinite(_step - 1);");
            w.Line("if (Ranks is { Size: > 1 }) NonFinite = Ranks.FirstNonFinite(NonFinite);");
        }
        w.Line();
        w.Line("/// <summary>Runs for a duration of simulated time, rounded to whole steps.</summary>");
        w.Line("public void Run(TimeSpan duration) => Run(StepsIn(duration));");
        w.Line();
        w.Line("/// <summary>The number of steps in a duration of simulated time.</summary>");
        w.Line("public static long StepsIn(TimeSpan duration) => SimulationTime.Steps(duration, Dt);");
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
