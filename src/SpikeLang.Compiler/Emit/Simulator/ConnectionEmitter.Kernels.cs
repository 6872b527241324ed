using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Lowering;

using static SpikeLang.Compiler.Emit.ElementAccess;

namespace SpikeLang.Compiler.Emit.Simulator;

/// <summary>
/// The connection's kernels: Deliver runs the 'on pre' code for every synapse of every presynaptic
/// spike (immediately, after a homogeneous delay, or after per-synapse delays), DeliverPost the 'on post'
/// code, Integrate the clock-driven synapse equations. In synapse code k is the synapse, s the
/// presynaptic and j the postsynaptic neuron.
/// </summary>
internal sealed partial class ConnectionEmitter
{
    /// <summary>Renders a variable in synapse code, adding what it reads to <paramref name="hoisted"/>.</summary>
    private string SynapseVariable(BoundVariable v, HashSet<string> hoisted, Func<string, string?>? local = null)
    {
        var symbol = v.Symbol;
        switch (v.Owner)
        {
            case VariableOwner.Self when symbol.Kind == VariableKind.State && local?.Invoke(symbol.Name) is { } name:
                return name;
            case VariableOwner.Self when symbol.Kind == VariableKind.State && symbol.IsShared:
                return $"_{symbol.Name}";
            case VariableOwner.Self when symbol.Kind == VariableKind.State:
                return Ref($"r_s_{symbol.Name}", $"_{symbol.Name}", "k");
            case VariableOwner.Self when symbol.Kind == VariableKind.Parameter:
                return _plan.Parameters.First(p => p.Name == symbol.Name).Heterogeneous
                    ? Ref($"r_sp_{symbol.Name}", $"_p_{symbol.Name}", "k")
                    : Scalar($"k_s_{symbol.Name}", $"_p_{symbol.Name}");
            case VariableOwner.Self when symbol.Kind == VariableKind.NetworkParameter:
                return Scalar($"k_np_{symbol.Name}", $"_np_{symbol.Name}");
            case VariableOwner.Post when _device is not null && BuiltinRenderer.IsSummedInput(symbol):
                // The target's summed input, which its next update reads and clears.
                return Ref("r_post_input", "_post._input", "j");
            case var _ when symbol.Kind == VariableKind.Implicit:
                return BuiltinRenderer.Render(v, _device is null ? BuiltinContext.SynapseKernel : BuiltinContext.SynapseDeviceKernel, EvaluationMode.Scalar, hoisted: hoisted);
            default:
                string side = v.Owner == VariableOwner.Pre ? "pre" : "post";
                string index = v.Owner == VariableOwner.Pre ? "s" : "j";
                var endpoint = v.Owner == VariableOwner.Pre ? _plan.Source : _plan.Target;
                if (symbol.Kind == VariableKind.State)
                {
                    return Ref($"r_{side}_{symbol.Name}", $"_{side}._{symbol.Name}", index);
                }
                // Per-neuron parameters are held whole (they are read as connections are built): a target's from the
                // target's first held neuron, as j counts; a source's from 0, as s counts (HeldNeurons).
                return endpoint.HeterogeneousParameters.Contains(symbol.Name)
                    ? Element($"r_{side}_p_{symbol.Name}", $"_{side}._p_{symbol.Name}", index, hoisted, from: v.Owner == VariableOwner.Pre ? null : "_post.HeldStart")
                    : Scalar($"k_{side}_p_{symbol.Name}", $"_{side}._p_{symbol.Name}");
        }

        string Ref(string local, string array, string at) => Element(local, array, at, hoisted);

        string Scalar(string local, string value) => Constant(local, value, hoisted);
    }

    /// <summary>Element <paramref name="at"/> of a host array, through a hoisted reference (on the device, a view: <see cref="DeviceView"/>).</summary>
    /// <param name="from">Where the reference starts in the host array, when not at element 0.</param>
    private string Element(string local, string array, string at, HashSet<string> hoisted, string type = "Real", string? from = null)
    {
        if (_device is not null)
        {
            hoisted.Add($"var {local} = {DeviceView(array)};");
            return $"{local}[{at}]";
        }
        hoisted.Add(from is null
            ? $"ref {type} {local} = ref MemoryMarshal.GetArrayDataReference({array});"
            : $"ref {type} {local} = ref MemoryMarshal.GetReference({array}.AsSpan({from}));");
        return $"Unsafe.Add(ref {local}, {at})";
    }

    /// <summary>A value with one value for the connection, hoisted into a local (on the device, read from the constants view).</summary>
    private string Constant(string local, string value, HashSet<string> hoisted)
    {
        hoisted.Add($"Real {local} = {(_device is null ? value : DeviceConstantValue(local))};");
        return local;
    }

    private ExpressionWriter SynapseWriter(Func<BoundVariable, string> variable) => new(EvaluationMode.Scalar, _network.DoublePrecision, variable);

    private List<string> Statements(IReadOnlyList<BoundAssignment> statements, HashSet<string> hoisted)
    {
        var writer = SynapseWriter(v => SynapseVariable(v, hoisted));
        return statements.Select(statement =>
        {
            string value = writer.Write(statement.Value);
            if (statement.Owner == VariableOwner.Post && _plan.Target.DeferredInputs.Contains(statement.Target.Name))
            {
                // Summed into the target's accumulator; its ApplyInput kernel drops it if the neuron is refractory.
                string name = statement.Target.Name;
                return Write(Element($"r_post_in_{name}", $"_post._in_{name}", "j", hoisted), statement.Operator, value);
            }
            string target = SynapseVariable(new BoundVariable(statement.Target, statement.Owner, statement.Span), hoisted);
            if (_device is not null && statement.Owner != VariableOwner.Self)
            {
                return Write(target, statement.Operator, value);
            }
            string write = $"{target} {Assignment(statement.Operator)} {value};";
            // Brian2 drops a write to a variable held while refractory when its neuron is refractory.
            var endpoint = statement.Owner == VariableOwner.Pre ? _plan.Source : _plan.Target;
            if (statement.Owner == VariableOwner.Self || !endpoint.HeldWhileRefractory.Contains(statement.Target.Name))
            {
                return write;
            }
            string notRefractory = NotRefractory(statement.Owner, endpoint, hoisted);
            // A sum adds nothing instead: no branch, which a network firing near its refractory limit mispredicts.
            return statement.Operator is Syntax.AssignmentOperator.AddAssign or Syntax.AssignmentOperator.SubtractAssign
                ? $"{target} {Assignment(statement.Operator)} {notRefractory} ? {value} : (Real)0;"
                : $"if ({notRefractory}) {write}";
        }).ToList();
    }

    /// <summary>Brian2's not_refractory of the pre- or postsynaptic neuron, with its arrays hoisted out of the synapse loop.</summary>
    private string NotRefractory(VariableOwner owner, EndpointPlan endpoint, HashSet<string> hoisted)
    {
        string side = owner == VariableOwner.Pre ? "pre" : "post";
        string index = owner == VariableOwner.Pre ? "s" : "j";
        string type = _network.StepType;
        hoisted.Add($"ref {type} r_{side}_lastSpike = ref MemoryMarshal.GetArrayDataReference(_{side}._lastSpike);");
        string period;
        if (endpoint.RefractoryHeterogeneous)
        {
            hoisted.Add($"ref {type} r_{side}_refractorySteps = ref MemoryMarshal.GetArrayDataReference(_{side}._refractorySteps);");
            period = $"Unsafe.Add(ref r_{side}_refractorySteps, {index})";
        }
        else
        {
            hoisted.Add($"{type} k_{side}_refractorySteps = _{side}._refractorySteps;");
            period = $"k_{side}_refractorySteps";
        }
        return $"step - Unsafe.Add(ref r_{side}_lastSpike, {index}) >= {period}";
    }

    /// <summary>
    /// Brings synapse k's event-driven traces from its last update to this step, exactly:
    /// dx/dt = a·x + c gives x(t + Δ) = (x + c/a)·e^(aΔ) − c/a (x·e^(aΔ) when c = 0, x + cΔ when a = 0).
    /// </summary>
    private List<string> AdvanceTraces(HashSet<string> hoisted)
    {
        var lines = new List<string>();
        if (_plan.EventDriven.Count == 0)
        {
            return lines;
        }
        string exp = _network.DoublePrecision ? "Math.Exp" : "MathF.Exp";
        hoisted.Add("Real k_dt = (Real)Dt;");
        string lastUpdate = Element("r_lastUpdate", "_lastUpdate", "k", hoisted, "int");
        lines.Add($"int elapsed = (int)step - {lastUpdate};");
        lines.Add("if (elapsed != 0)");
        lines.Add("{");
        lines.Add("    Real span = elapsed * k_dt;");
        foreach (var trace in _plan.EventDriven)
        {
            string name = trace.Name;
            string x = Element($"r_s_{name}", $"_{name}", "k", hoisted);
            if (trace.Rate is not null)
            {
                Constant($"k_rate_{name}", $"_rate_{name}", hoisted);
            }
            if (trace.Drift is not null)
            {
                Constant($"k_drift_{name}", $"_drift_{name}", hoisted);
            }
            lines.Add((trace.Rate, trace.Drift) switch
            {
                (not null, null) => $"    {x} *= {exp}(k_rate_{name} * span);",
                (null, not null) => $"    {x} += k_drift_{name} * span;",
                (not null, not null) => $"    {x} = ({x} + k_drift_{name} / k_rate_{name}) * {exp}(k_rate_{name} * span) - k_drift_{name} / k_rate_{name};",
                _ => $"    // d{name}/dt = 0: nothing to advance",
            });
        }
        lines.Add($"    {lastUpdate} = (int)step;");
        lines.Add("}");
        return lines;
    }

    /// <summary>True when ranks may run this connection's spikes a window late (see <see cref="SpikeWindowPlan"/>).</summary>
    private bool WaitsForWindow => _network.SpikeWindow?.Delayed.Contains(_plan.Member) == true;

    /// <summary>
    /// On ranks with a window, a per-synapse queue takes every rank's spikes when the window is exchanged, step by step
    /// in order, each event as many steps sooner as the window held it back: each slot then receives its events in
    /// the order one process schedules them, so every sum is the same.
    /// </summary>
    private void EmitScheduleLate(CodeWriter w)
    {
        w.Line("// Set by the network on ranks that exchange once per window: the spikes are scheduled when they arrive (ReceiveSpikes).");
        w.Line("internal bool ScheduledLate;");
        w.Line();
        w.Line("/// <summary>The shortest delay of this process's synapses, in steps (int.MaxValue without synapses).</summary>");
        w.Line("internal int MinimumDelaySteps => SynapticEventQueue.Shortest(_delaySteps);");
        w.Line();
        w.Line("/// <summary>Schedules every rank's spikes of the step <paramref name=\"stepsAgo\"/> steps before the last one, each event where it would have gone then.</summary>");
        w.Line("internal void ReceiveSpikes(int stepsAgo) => _queue.ScheduleLate(_pre.Spikes, SourceStart, Connectivity, _delaySteps, stepsAgo + 1);");
        w.Line();
    }

    private void EmitDeliver(CodeWriter w)
    {
        if (_plan.IsDense)
        {
            EmitDenseDeliver(w);
            return;
        }
        bool inParts = _plan.DeliversInParts;
        if (inParts && HomogeneousDelay)
        {
            w.Line("/// <summary>Adds this step's spikes to the history, once, before the parts deliver.</summary>");
            w.Line("internal void PushSpikes() => _history?.Push(_pre.Spikes);");
            w.Line();
        }
        if (WaitsForWindow && PerSynapseDelays)
        {
            EmitScheduleLate(w);
        }
        else if (WaitsForWindow)
        {
            w.Line("/// <summary>Puts every rank's spikes of the step <paramref name=\"stepsAgo\"/> pushes back into the history, in place of this rank's (see <see cref=\"SpikeWindow\"/>).</summary>");
            w.Line("internal void ReceiveSpikes(int stepsAgo) => _history!.Replace(stepsAgo, _pre.Spikes);");
            w.Line();
        }
        w.Line(inParts
            ? "/// <summary>Runs the 'on pre' code for the synapses onto one part's targets of this step's presynaptic spikes (after their delay).</summary>"
            : "/// <summary>Runs the 'on pre' code for the synapses of this step's presynaptic spikes (after their delay).</summary>");
        using (w.Kernel(inParts ? "internal void Deliver(long step, int part)" : "internal void Deliver(long step)"))
        {
            var hoisted = new HashSet<string>(StringComparer.Ordinal);
            var body = AdvanceTraces(hoisted).Concat(Statements(_plan.OnPre, hoisted)).ToList();
            WriteHoisted(w, hoisted);
            w.Line(WaitsForWindow && PerSynapseDelays
                ? "ReadOnlySpan<int> spikes = ScheduledLate ? default : _pre.Spikes;"
                : "ReadOnlySpan<int> spikes = _pre.Spikes;");
            if (HomogeneousDelay)
            {
                using (w.Block("if (_history is not null)"))
                {
                    if (!inParts)
                    {
                        w.Line("_history.Push(spikes);");
                    }
                    w.Line("spikes = _history.Delayed(DelaySteps);");
                }
            }
            if (inParts)
            {
                // With one part over every target, each row's synapses; otherwise the run of them onto this part's targets.
                w.Line("int[] bounds = _split?.Offsets ?? rowStart;");
                w.Line("int stride = _split is null ? 1 : Parts + 1, offset = _split is null ? 0 : part;");
            }
            using (w.Block("foreach (int s in spikes)"))
            {
                w.Line("int row = s - sourceStart;");
                w.Line("if ((uint)row >= (uint)sourceCount) continue;");
                using (w.Block(inParts
                    ? "for (int k = bounds[row * stride + offset], end = bounds[row * stride + offset + 1]; k < end; k++)"
                    : "for (int k = rowStart[row], end = rowStart[row + 1]; k < end; k++)"))
                {
                    if (PerSynapseDelays)
                    {
                        w.Line("_queue.Schedule(_delaySteps[k], k);");
                    }
                    else
                    {
                        w.Line("int j = columns[k] + targetOffset;");
                        foreach (var line in body)
                        {
                            w.Line(line);
                        }
                    }
                }
            }
            if (PerSynapseDelays)
            {
                using (w.Block("foreach (int k in _queue.Due)"))
                {
                    w.Line("int s = _synapsePre[k] + sourceStart;");
                    w.Line("int j = columns[k] + targetOffset;");
                    foreach (var line in body)
                    {
                        w.Line(line);
                    }
                }
                w.Line("_queue.Advance();");
            }
        }
        if (_plan.HasOnPost)
        {
            w.Line();
            EmitDeliverPost(w);
        }
        if (_plan.HasClockDriven)
        {
            w.Line();
            EmitIntegrate(w);
        }
        if (_plan.HasSummed)
        {
            w.Line();
            EmitSum(w);
        }
    }

    /// <summary>
    /// Brian2's summed variables: each target neuron's variable is cleared, then every synapse adds its value,
    /// read from the state the step starts with (the kernel runs before the populations update).
    /// </summary>
    private void EmitSum(CodeWriter w)
    {
        w.Line("/// <summary>");
        w.Line("/// Sets each summed variable of the connected neurons to the sum of its value over their synapses:");
        foreach (var summed in _plan.Summed)
        {
            w.Line($"///   {System.Security.SecurityElement.Escape(summed.Equation)}");
        }
        w.Line("/// </summary>");
        using (w.Kernel("internal void Sum(long step)"))
        {
            var hoisted = new HashSet<string>(StringComparer.Ordinal);
            var body = Statements(_plan.Summed.Select(s => s.Sum with { Operator = Syntax.AssignmentOperator.AddAssign }).ToList(), hoisted);
            WriteHoisted(w, hoisted);
            foreach (var summed in _plan.Summed.Select(s => s.Sum))
            {
                // The summed neurons this process holds (a presynaptic sum runs in one process: DistributedSupport).
                w.Line(summed.Owner == VariableOwner.Pre
                    ? $"_pre._{summed.Target.Name}.AsSpan(sourceStart, sourceCount).Clear();"
                    : $"HeldNeurons.Within(_post._{summed.Target.Name}, _post.HeldStart, targetStart, targetCount).Clear();");
            }
            using (w.Block("for (int k = 0, n = columns.Length; k < n; k++)"))
            {
                w.Line("int s = _synapsePre[k] + sourceStart;");
                w.Line("int j = columns[k] + targetOffset;");
                foreach (var line in body)
                {
                    w.Line(line);
                }
            }
        }
    }

    /// <summary>
    /// Dense delivery adds whole rows of weights with <c>DenseRows</c>, sources in ascending order, then
    /// the bias: the generated trainer's forward pass makes the same calls in the same order, so a
    /// trained network gives here exactly the spikes it gave in training.
    /// </summary>
    private void EmitDenseDeliver(CodeWriter w)
    {
        w.Line(FromInput
            ? "/// <summary>Adds the row of weights of each spiking source (scaled by its value when the input carries values), then the bias.</summary>"
            : "/// <summary>Adds the row of weights of each spiking source, then the bias.</summary>");
        using (w.Kernel("internal void Deliver(long step)"))
        {
            w.Line("int nPost = Connectivity.ColumnCount;");
            w.Line("int[] rowStart = Connectivity.RowStart;");
            w.Line("Span<Real> input = _post._input.AsSpan(TargetStart, nPost);");
            void SpikeRows()
            {
                using (w.Block("foreach (int s in _pre.Spikes)"))
                {
                    w.Line("int row = s - SourceStart;");
                    w.Line("if ((uint)row >= (uint)_sourceCount) continue;");
                    w.Line("DenseRows.Add(input, _w.AsSpan(rowStart[row], nPost));");
                }
            }
            if (FromInput)
            {
                using (w.Block("if (_pre.HasValues)"))
                {
                    w.Line("ReadOnlySpan<Real> values = _pre.Values.Slice(SourceStart, _sourceCount);");
                    using (w.Block("for (int row = 0; row < values.Length; row++)"))
                    {
                        w.Line("Real x = values[row];");
                        w.Line("if (x != 0) DenseRows.AddScaled(input, _w.AsSpan(rowStart[row], nPost), x);");
                    }
                }
                using (w.Block("else"))
                {
                    SpikeRows();
                }
            }
            else
            {
                SpikeRows();
            }
            w.Line("DenseRows.Add<Real>(input, _b);");
        }
    }

    private static void WriteHoisted(CodeWriter w, HashSet<string> hoisted)
    {
        foreach (var line in hoisted.OrderBy(l => l, StringComparer.Ordinal))
        {
            w.Line(line);
        }
        w.Line("int[] rowStart = Connectivity.RowStart;");
        w.Line("int[] columns = Connectivity.Columns;");
        w.Line("int sourceStart = SourceStart, sourceCount = _sourceCount, targetStart = TargetStart, targetCount = Connectivity.ColumnCount;");
        w.Line("// s is the presynaptic neuron; j the target's element in its arrays, which hold its neurons from HeldStart on (column + targetOffset).");
        w.Line("int targetOffset = targetStart - _post.HeldStart;");
    }

    private void EmitDeliverPost(CodeWriter w)
    {
        bool inParts = _plan.DeliversPostInParts;
        w.Line(inParts
            ? "/// <summary>Runs the 'on post' code for the synapses onto this step's postsynaptic spikes among one part's targets.</summary>"
            : "/// <summary>Runs the 'on post' code for the synapses onto this step's postsynaptic spikes.</summary>");
        using (w.Kernel(inParts ? "internal void DeliverPost(long step, int part)" : "internal void DeliverPost(long step)"))
        {
            var hoisted = new HashSet<string>(StringComparer.Ordinal);
            var body = AdvanceTraces(hoisted).Concat(Statements(_plan.OnPost, hoisted)).ToList();
            WriteHoisted(w, hoisted);
            w.Line("ReadOnlySpan<int> spikes = _post.Spikes;");
            if (inParts)
            {
                w.Line("if (_split is not null) spikes = _split.Within(spikes, part, targetStart);");
            }
            using (w.Block("foreach (int spike in spikes)"))
            {
                w.Line("int column = spike - targetStart;");
                w.Line("if ((uint)column >= (uint)targetCount) continue;");
                w.Line("int j = column + targetOffset;");
                using (w.Block("foreach (int k in _incoming.Incoming(column))"))
                {
                    w.Line("int s = _synapsePre[k] + sourceStart;");
                    foreach (var line in body)
                    {
                        w.Line(line);
                    }
                }
            }
        }
    }

    /// <summary>Clock-driven synapse equations, every synapse every step (scalar: they are rare and usually few).</summary>
    private void EmitIntegrate(CodeWriter w)
    {
        w.Line($"/// <summary>Advances the clock-driven synapse equations of every synapse by one step ({(_plan.NumericalClock is null ? "Exact" : _plan.NumericalClock.Method.ToString())}).</summary>");
        using (w.Kernel("internal void Integrate(long step)"))
        {
            var hoisted = new HashSet<string>(StringComparer.Ordinal);
            var lines = IntegrateCode(hoisted);
            WriteHoisted(w, hoisted);
            using (w.Block("for (int k = 0, n = columns.Length; k < n; k++)"))
            {
                w.Line("int s = _synapsePre[k] + sourceStart;");
                w.Line("int j = columns[k] + targetOffset;");
                foreach (var line in lines)
                {
                    w.Line(line);
                }
            }
        }
    }

    /// <summary>What advances synapse k's clock-driven variables by one step, adding what it reads to <paramref name="hoisted"/>.</summary>
    private List<string> IntegrateCode(HashSet<string> hoisted)
    {
        var numerical = _plan.NumericalClock;
        var variables = numerical?.Variables.ToList() ?? _plan.ExactClock.Select(t => t.Name).ToList();
        var lines = new List<string>();
        foreach (var v in variables)
        {
            lines.Add($"var x_{v} = {Element($"r_s_{v}", $"_{v}", "k", hoisted)};");
        }
        if (numerical is null)
        {
            foreach (var v in variables)
            {
                lines.Add($"var n_{v} = x_{v} * {Constant($"k_decay_{v}", $"_decay_{v}", hoisted)} + {Constant($"k_offset_{v}", $"_offset_{v}", hoisted)};");
            }
        }
        else
        {
            // Time is the start of the step at every stage: synapse equations rarely use t.
            hoisted.Add("Real k_dt = (Real)Dt;");
            NumericalMethods.Write(numerical.Method, variables, numerical.Rhs, numerical.Linear,
                (at, _) => SynapseWriter(v => SynapseVariable(v, hoisted, name => variables.Contains(name) ? $"{at ?? "x"}_{name}" : null)),
                "k_dt",
                SynapseWriter(_ => ""),
                lines.Add);
        }
        foreach (var v in variables)
        {
            lines.Add($"{Element($"r_s_{v}", $"_{v}", "k", hoisted)} = n_{v};");
        }
        return lines;
    }
}
