using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Lowering;
using SpikeLang.Compiler.Syntax;

using static SpikeLang.Compiler.Emit.ElementAccess;

namespace SpikeLang.Compiler.Emit.Simulator;

/// <summary>
/// The same synapse code written for the GPU simulator's plasticity kernels (<c>Emit/GpuSimulator</c>): the
/// 'on pre' and 'on post' statements and the advance of the event-driven traces are this class's, so both targets
/// compute the same. On the device the arrays are ILGPU views read as <c>view[k]</c>, the constants come from a view of
/// constants, and a write to the target neuron is an atomic addition (several threads may reach one neuron).
/// </summary>
/// <remarks>
/// A device kernel provides these locals before the code written here: <c>k</c> (the synapse), <c>j</c> (the target
/// neuron, in the target population), <c>s</c> (the source neuron, in the source population, where the code reads it),
/// <c>step</c>, <c>synapses</c> (the connection's <c>SynapseViews</c>: its constants in the order of the device constants,
/// its per-synapse arrays in the order of the device arrays), <c>pre</c> and <c>post</c> (the source's and the target's
/// <c>NeuronViews</c>), and <c>d</c>, the kernel's <c>DeliverStep</c>.
/// </remarks>
internal sealed partial class ConnectionEmitter
{
    /// <summary>What the device kernels read, in the order of their views; null when writing the CPU simulator.</summary>
    private DeviceLayout? _device;

    /// <summary>The locals of the constants view and the host arrays of the synapse-values view, each in the order of its view.</summary>
    private sealed record DeviceLayout(IReadOnlyList<string> Constants, IReadOnlyList<string> Arrays);

    public static ConnectionEmitter ForDevice(NetworkPlan network, ConnectionPlan plan, IReadOnlyList<string> constants, IReadOnlyList<string> arrays) =>
        new(network, plan) { _device = new DeviceLayout(constants, arrays) };

    /// <summary>The locals a device kernel declares before its synapse loop, and what it runs for each synapse k: the traces brought to now, then the 'on pre' (or 'on post') code.</summary>
    public (IReadOnlyList<string> Hoisted, IReadOnlyList<string> Body) DeviceSynapseCode(bool post)
    {
        var hoisted = new HashSet<string>(StringComparer.Ordinal);
        var body = AdvanceTraces(hoisted).Concat(Statements(post ? _plan.OnPost : _plan.OnPre, hoisted)).ToList();
        return (hoisted.OrderBy(l => l, StringComparer.Ordinal).ToList(), body);
    }

    /// <summary>
    /// The summed variables on the device, for a kernel that runs one thread per target neuron j over its incoming
    /// synapses: the locals it declares first, and for each summed variable its value for synapse k and the element of
    /// the target it sets (to the sum of the values).
    /// </summary>
    public (IReadOnlyList<string> Hoisted, IReadOnlyList<(string Value, string Target)> Sums) DeviceSums()
    {
        var hoisted = new HashSet<string>(StringComparer.Ordinal);
        var writer = SynapseWriter(v => SynapseVariable(v, hoisted));
        var sums = _plan.Summed.Select(summed => summed.Sum)
            .Select(sum => (writer.Write(sum.Value), SynapseVariable(new BoundVariable(sum.Target, sum.Owner, sum.Span), hoisted)))
            .ToList();
        return (hoisted.OrderBy(l => l, StringComparer.Ordinal).ToList(), sums);
    }

    /// <summary>The locals a device kernel with one thread per synapse k declares first, and what advances k's clock-driven equations by one step.</summary>
    public (IReadOnlyList<string> Hoisted, IReadOnlyList<string> Body) DeviceIntegrateCode()
    {
        var hoisted = new HashSet<string>(StringComparer.Ordinal);
        var body = IntegrateCode(hoisted);
        return (hoisted.OrderBy(l => l, StringComparer.Ordinal).ToList(), body);
    }

    private int DeviceConstant(string local)
    {
        int index = _device!.Constants.ToList().IndexOf(local);
        return index >= 0 ? index : throw new InvalidOperationException($"The GPU simulator has no constant '{local}' for {_plan.Statement}.");
    }

    /// <summary>A constant of the connection on the device: its element of the constants view.</summary>
    private string DeviceConstantValue(string local) => $"synapses.Constants[{DeviceConstant(local)}]";

    /// <summary>The device view that stands for a host array the synapse code reads.</summary>
    private string DeviceView(string array)
    {
        var target = (NeuronPopulationPlan)_network.Populations.First(p => p.Name == _plan.Target.Population);
        if (array.StartsWith("_pre._", StringComparison.Ordinal)
            && _network.Populations.First(p => p.Name == _plan.Source.Population) is NeuronPopulationPlan source
            && source.State.Select(s => s.Name).ToList().IndexOf(array.Substring("_pre._".Length)) is >= 0 and int sourceVariable)
        {
            // A presynaptic neuron's variable: the kernels before this one in the step's order have finished writing it.
            return $"pre.State.SubView({sourceVariable} * (long)d.SourceNeurons, d.SourceNeurons)";
        }
        int synapseArray = _device!.Arrays.ToList().IndexOf(array);
        if (synapseArray >= 0)
        {
            return $"synapses.Values.SubView({synapseArray} * (long)d.Synapses, d.Synapses)";
        }
        if (array == "_lastUpdate")
        {
            return "synapses.LastUpdate";
        }
        if (array == "_post._input")
        {
            return "post.Input";
        }
        if (array.StartsWith("_post._in_", StringComparison.Ordinal) && target.DeferredInputs.ToList().IndexOf(array.Substring("_post._in_".Length)) is >= 0 and int deferred)
        {
            return $"post.Deferred.SubView({deferred} * (long)d.TargetNeurons, d.TargetNeurons)";
        }
        if (array.StartsWith("_post._", StringComparison.Ordinal) && target.State.Select(s => s.Name).ToList().IndexOf(array.Substring("_post._".Length)) is >= 0 and int state)
        {
            return $"post.State.SubView({state} * (long)d.TargetNeurons, d.TargetNeurons)";
        }
        throw new InvalidOperationException($"The GPU simulator has no view of '{array}' for {_plan.Statement}; SL0521 should have refused it.");
    }

    /// <summary>An assignment statement: on the device, a write to a neuron is an atomic sum (threads of several synapses may reach it).</summary>
    private string Write(string target, AssignmentOperator op, string value)
    {
        if (_device is null)
        {
            return $"{target} {Assignment(op)} {value};";
        }
        return op switch
        {
            AssignmentOperator.AddAssign => $"Atomic.Add(ref {target}, {value});",
            AssignmentOperator.SubtractAssign => $"Atomic.Add(ref {target}, -({value}));",
            _ => throw new InvalidOperationException($"The GPU simulator writes neurons from {_plan.Statement} only with += and -=; SL0521 should have refused it."),
        };
    }
}
