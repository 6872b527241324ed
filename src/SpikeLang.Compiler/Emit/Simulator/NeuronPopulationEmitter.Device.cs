using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.Simulator;

/// <summary>
/// The same element code written for the GPU simulator's kernels (<c>Emit/GpuSimulator</c>): one neuron per thread,
/// its arrays ILGPU views read as <c>view[i]</c> instead of hoisted references, its constants read from a view
/// of constants. The update, threshold and reset statements are this class's, so both targets compute the same.
/// </summary>
/// <remarks>
/// A device kernel provides these locals before the code written here: <c>i</c> (the neuron), <c>n</c> (the
/// population's size), <c>step</c>, the views <c>state</c> ([variable, neuron], in the order of
/// <see cref="NeuronPopulationPlan.State"/>), <c>constants</c> (<see cref="DeviceConstants"/>), <c>perNeuron</c>
/// ([<see cref="DevicePerNeuron"/>, neuron]), <c>input</c>, <c>deferred</c> ([deferred input, neuron]) and <c>lastSpike</c> where the population has them
/// (with refractory periods that differ per neuron, [last spike, neuron] then [period in steps, neuron]),
/// <c>refractorySteps</c> (a period for all neurons), and <c>s</c>, the kernel's <c>NeuronStep</c>, whose seed and stream key the neuron's
/// counter-based random numbers (<c>CounterStream</c>, the local <c>rng</c> of a kernel whose code draws), and <c>tables</c>,
/// the network's timed arrays packed in the order of <see cref="NetworkPlan.TimedArrays"/> (<c>DeviceTimedArray</c>).
/// </remarks>
internal sealed partial class NeuronPopulationEmitter
{
    /// <summary>True when writing device kernels: element i of an array is the element of an ILGPU view.</summary>
    private bool _device;

    public static NeuronPopulationEmitter ForDevice(NetworkPlan network, NeuronPopulationPlan plan) => new(network, plan) { _device = true };

    /// <summary>The kernels of a population that may draw random numbers, in the order of their ranges of draws (<c>CounterStream</c>'s kernel).</summary>
    private enum DeviceKernel
    {
        Update,
        Threshold,
        Reset,
    }

    /// <summary>What generated code draws random numbers from: the neuron's block's stream on the CPU, its counter-based numbers on the device.</summary>
    private string RandomSource => _device ? "rng" : NeuronStream;

    /// <summary>Declares <c>rng</c>, neuron i's random numbers of this step in this kernel, where <paramref name="expressions"/> draw any.</summary>
    private void DeclareDeviceRandom(CodeWriter w, IEnumerable<BoundExpression> expressions, DeviceKernel kernel)
    {
        if (expressions.Any(e => e.ExpandAliases(_plan.Aliases).UsesRandom()))
        {
            w.Line($"var rng = new CounterStream(s.Seed, s.Stream, i, step, kernel: {(int)kernel});");
        }
    }

    /// <summary>The device kernel's local for a timed array, declared by <see cref="HoistOnDevice"/>.</summary>
    private static string DeviceTimedArray(string name) => $"ta_{name}";

    private string Load(string reference, bool vector) => _device ? $"{reference}[i]" : ElementAccess.Load(reference, vector);

    private string Store(string value, string reference, bool vector) => _device ? $"{reference}[i] = {value};" : ElementAccess.Store(value, reference, vector);

    /// <summary>
    /// The host fields with one value for all neurons that device kernels read, in the order of their constants view: the
    /// parameters, the propagator's entries, the shared values (which the host sets, and copies to the view then), and
    /// the linked values read by every neuron (copied there on the device before each kernel, <see cref="DeviceLink"/>).
    /// </summary>
    public List<string> DeviceConstants => _plan.Parameters.Where(p => !p.Heterogeneous).Select(p => $"_p_{p.Name}")
        .Concat(Exact is { Heterogeneous: false } exact ? exact.Fields() : Enumerable.Empty<string>())
        .Concat(_plan.SharedState.Select(s => $"_{s.Name}"))
        .Concat(_plan.Links.Where(l => l.Broadcast).Select(DeviceLink))
        .ToList();

    /// <summary>
    /// The host arrays with one value per neuron that device kernels read, in the order of their per-neuron view: the
    /// parameters, the propagator's entries, and the linked values neuron i reads from source neuron i (copied there on the device before each kernel).
    /// </summary>
    public List<string> DevicePerNeuron => _plan.Parameters.Where(p => p.Heterogeneous).Select(p => $"_p_{p.Name}")
        .Concat(Exact is { Heterogeneous: true } exact ? exact.Fields() : Enumerable.Empty<string>())
        .Concat(_plan.Links.Where(l => !l.Broadcast).Select(DeviceLink))
        .ToList();

    /// <summary>A linked variable's entry in <see cref="DeviceConstants"/> or <see cref="DevicePerNeuron"/>: the host population's accessor, its value at construction.</summary>
    public static string DeviceLink(LinkPlan link) => link.Broadcast ? Naming.Member(link.Variable) : $"{Naming.Member(link.Variable)}.ToArray()";

    /// <summary>The update of neuron i (and its threshold, when the plan fuses it): <paramref name="spike"/> writes what a spike does, given its condition.</summary>
    public void WriteDeviceUpdate(CodeWriter w, Action<string> spike)
    {
        var shape = IntegrateShapeOf(_plan.FusesThreshold);
        HoistOnDevice(w, shape.Expressions, shape.States, shape.Refractory, _plan.Update is NumericalUpdatePlan, HasInput, propagator: true);
        DeclareDeviceRandom(w, shape.Expressions, DeviceKernel.Update);
        WriteIntegrateElement(w, EvaluationMode.Scalar, shape, (condition, _) => spike(HasRefractory ? $"{condition} && !refractory" : condition));
    }

    /// <summary>The threshold of neuron i, for a plan that does not fuse it into the update.</summary>
    public void WriteDeviceThreshold(CodeWriter w, Action<string> spike)
    {
        var condition = _plan.Threshold!;
        var referenced = ExpressionFacts.References(new[] { condition.ExpandAliases(_plan.Aliases) });
        var states = _plan.State.Select(s => s.Name).Where(referenced.Contains).ToList();
        HoistOnDevice(w, new List<BoundExpression> { condition }, states, HasRefractory, stepSize: false);
        DeclareDeviceRandom(w, new[] { condition }, DeviceKernel.Threshold);
        foreach (var state in states)
        {
            w.Line($"var x_{state} = {Load("r_" + state, false)};");
        }
        if (HasRefractory)
        {
            w.Line($"var refractory = {RefractoryCondition(false)};");
        }
        string test = Writer(EvaluationMode.Scalar, ElementVariables(EvaluationMode.Scalar)).Write(condition);
        spike(HasRefractory ? $"{test} && !refractory" : test);
    }

    /// <summary>The reset statements of neuron i, which spiked in this step.</summary>
    public void WriteDeviceReset(CodeWriter w)
    {
        var targets = _plan.Reset.Select(s => s.Target.Name).Distinct();
        var referenced = ExpressionFacts.References(_plan.Reset.Select(s => s.Value.ExpandAliases(_plan.Aliases)));
        HoistOnDevice(w, _plan.Reset.Select(s => s.Value).ToList(), _plan.State.Select(s => s.Name).Where(s => referenced.Contains(s) || targets.Contains(s)).ToList(),
            refractory: false, stepSize: false);
        DeclareDeviceRandom(w, _plan.Reset.Select(s => s.Value), DeviceKernel.Reset);
        var writer = Writer(EvaluationMode.Scalar, ElementVariables(EvaluationMode.Scalar, name => IsShared(name) ? null : $"r_{name}[i]", context: BuiltinContext.NeuronDeviceReset));
        foreach (var statement in _plan.Reset)
        {
            w.Line($"r_{statement.Target.Name}[i] {ElementAccess.Assignment(statement.Operator)} {writer.Write(statement.Value)};");
        }
    }

    /// <summary>Neuron i's input accumulated during delivery, added to the variables held while refractory unless it is refractory.</summary>
    public void WriteDeviceApplyInput(CodeWriter w)
    {
        HoistOnDevice(w, new List<BoundExpression>(), _plan.DeferredInputs.ToList(), refractory: true, stepSize: false);
        foreach (var (variable, k) in _plan.DeferredInputs.Select((v, k) => (v, k)))
        {
            w.Line($"var r_in_{variable} = deferred.SubView({k} * (long)n, n);");
        }
        WriteApplyInputElement(w, EvaluationMode.Scalar);
    }

    /// <summary>The device kernel's locals for what <paramref name="expressions"/> read: the counterpart of <see cref="HoistFor"/>, from views.</summary>
    private void HoistOnDevice(CodeWriter w, List<BoundExpression> expressions, List<string> states, bool refractory, bool stepSize, bool input = false, bool propagator = false)
    {
        var expanded = expressions.Select(e => e.ExpandAliases(_plan.Aliases)).ToList();
        var names = ExpressionFacts.References(expanded);
        var constants = DeviceConstants;
        var perNeuron = DevicePerNeuron;
        foreach (var parameter in _plan.Parameters.Where(p => names.Contains(p.Name)))
        {
            w.Line(parameter.Heterogeneous
                ? $"var r_p_{parameter.Name} = perNeuron.SubView({perNeuron.IndexOf($"_p_{parameter.Name}")} * (long)n, n);"
                : $"Real k_p_{parameter.Name} = constants[{constants.IndexOf($"_p_{parameter.Name}")}];");
        }
        if (BuiltinRenderer.ReadsCount(expanded))
        {
            w.Line("int Count = n;");
        }
        var tables = _network.TimedArrays.Select(a => a.Name).ToList();
        foreach (string table in expanded.SelectMany(e => e.TimedArrays()).Distinct())
        {
            w.Line($"var {DeviceTimedArray(table)} = new DeviceTimedArray(tables, {tables.IndexOf(table)});");
        }
        var scalars = new List<string>();
        BuiltinRenderer.HoistNeuronKernel(expanded, stepSize, scalars, new List<string>());
        foreach (var line in scalars)
        {
            w.Line(line);
        }
        foreach (var shared in _plan.SharedState.Where(s => names.Contains(s.Name)))
        {
            w.Line($"Real k_s_{shared.Name} = constants[{constants.IndexOf($"_{shared.Name}")}];");
        }
        foreach (var link in _plan.Links.Where(l => names.Contains(l.Variable)))
        {
            w.Line(link.Broadcast
                ? $"Real k_l_{link.Variable} = constants[{constants.IndexOf(DeviceLink(link))}];"
                : $"var r_l_{link.Variable} = perNeuron.SubView({perNeuron.IndexOf(DeviceLink(link))} * (long)n, n);");
        }
        foreach (var state in states)
        {
            w.Line($"var r_{state} = state.SubView({_plan.State.Select(s => s.Name).ToList().IndexOf(state)} * (long)n, n);");
        }
        if (input)
        {
            w.Line("var r_input = input;");
        }
        if (refractory)
        {
            w.Line($"var k_step = ({StepType})step;");
            w.Line("var r_lastSpike = lastSpike;");
            // Periods that differ per neuron follow the last spikes in the same view, so every neuron kernel keeps one signature.
            w.Line(_plan.Refractory!.Heterogeneous ? "var r_refractorySteps = lastSpike.SubView(n, n);" : "var k_refractorySteps = refractorySteps;");
        }
        if (propagator && Exact is { } exact)
        {
            foreach (var field in exact.Fields())
            {
                w.Line(exact.Heterogeneous
                    ? $"var r{field} = perNeuron.SubView({perNeuron.IndexOf(field)} * (long)n, n);"
                    : $"Real k{field} = constants[{constants.IndexOf(field)}];");
            }
        }
    }
}
