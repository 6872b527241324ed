using System;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.Simulator;

/// <summary>Prints Poisson and input populations: spike sources with no dynamics of their own.</summary>
internal static class SourcePopulationEmitter
{
    public static void EmitPoisson(CodeWriter w, NetworkPlan network, PoissonPopulationPlan plan)
    {
        w.Line($"/// <summary>Population '{plan.Name}' of independent Poisson spike sources.</summary>");
        using (w.Block($"public sealed class {plan.TypeName} : IPopulation"))
        {
            w.Line("private readonly int[] _spikes;");
            w.Line("private int _spikeCount;");
            w.Line("private readonly RandomStream _rng;");
            if (plan.TimeVarying)
            {
                w.Line($"private readonly {network.ClassName} _net;");
            }
            // Internal: the GPU simulator copies the probability from the network it builds on the host (each step where the rate changes).
            w.Line(plan.HeterogeneousRate ? "internal readonly float[] _probability;" : plan.TimeVarying ? "internal float _probability;" : "internal readonly float _probability;");
            w.Line();
            using (w.Block($"internal {plan.TypeName}({network.ClassName} net, int count, RandomStream init, RandomStream rng)"))
            {
                w.Line("int n = Count = count;");
                w.Line("_spikes = new int[n];");
                w.Line("_rng = rng;");
                if (plan.TimeVarying)
                {
                    w.Line("_net = net;");
                }
                var writer = new ExpressionWriter(EvaluationMode.Construction, true, v => v.Symbol.Kind == VariableKind.NetworkParameter
                    ? $"net.{Naming.Member(v.Symbol.Name)}"
                    : BuiltinRenderer.Render(v, BuiltinContext.Construction, EvaluationMode.Construction), "init");
                string rate = writer.Write(plan.Rate);
                if (plan.TimeVarying)
                {
                    w.Line(plan.HeterogeneousRate ? "_probability = new float[n];" : "// The probability is computed each step, from the rate at the step's time.");
                }
                else if (plan.HeterogeneousRate)
                {
                    w.Line("_probability = new float[n];");
                    w.Line($"for (int i = 0; i < n; i++) _probability[i] = (float)(({rate}) * Dt);");
                }
                else
                {
                    w.Line($"_probability = (float)(({rate}) * Dt);");
                }
            }
            EmitCommonMembers(w, network, plan);
            w.Line();
            if (plan.TimeVarying)
            {
                // A method of its own: the GPU simulator evaluates the rate on the host with it and uploads the probability.
                w.Line("/// <summary>The probability rate·dt of step <paramref name=\"step\"/>, from the rate at the time the step starts (as Brian2 evaluates a PoissonGroup's rate).</summary>");
                using (w.Kernel("internal void UpdateProbability(long step)"))
                {
                    var kernel = new ExpressionWriter(EvaluationMode.Construction, true, v => v.Symbol.Kind == VariableKind.NetworkParameter
                        ? $"_net.{Naming.Member(v.Symbol.Name)}"
                        : BuiltinRenderer.Render(v, BuiltinContext.SourceKernel, EvaluationMode.Construction), "_rng");
                    string now = kernel.Write(plan.Rate);
                    w.Line("double t = step * Dt;");
                    w.Line(plan.HeterogeneousRate
                        ? $"for (int i = 0, n = Count; i < _probability.Length; i++) _probability[i] = (float)(({now}) * Dt);"
                        : $"_probability = (float)(({now}) * Dt);");
                }
                w.Line();
            }
            w.Line("/// <summary>Each source spikes in a step with probability rate·dt, independently.</summary>");
            using (w.Kernel("internal void Threshold(long step)"))
            {
                if (plan.TimeVarying)
                {
                    w.Line("UpdateProbability(step);");
                }
                w.Line(plan.HeterogeneousRate
                    ? "_spikeCount = _rng.DrawBernoulli(_probability, _spikes);"
                    : "_spikeCount = _rng.DrawBernoulli(_probability, Count, _spikes);");
                w.Line("SpikeCount += _spikeCount;");
            }
            EmitRecordAndContract(w, network, plan);
        }
    }

    public static void EmitInput(CodeWriter w, NetworkPlan network, InputPopulationPlan plan)
    {
        w.Line($"/// <summary>Input '{plan.Name}': spike sources driven by the host through <see cref=\"SetSpikes\"/>, or values through <see cref=\"SetValues\"/>.</summary>");
        using (w.Block($"public sealed class {plan.TypeName} : IInputPopulation"))
        {
            w.Line("private readonly int[] _spikes;");
            w.Line("private int _spikeCount;");
            w.Line("private readonly int[] _pending;");
            w.Line("private int _pendingCount;");
            w.Line("private readonly Real[] _values;");
            w.Line();
            using (w.Block($"internal {plan.TypeName}(int count)"))
            {
                w.Line("int n = Count = count;");
                // A generator's step holds its scheduled spikes and the host's before duplicates merge: up to 2n.
                w.Line(plan.Schedule is null ? "_spikes = new int[n];" : "_spikes = new int[2 * n];");
                w.Line("_pending = new int[n];");
                w.Line("_values = new Real[n];");
            }
            EmitCommonMembers(w, network, plan);
            w.Line();
            EmitInputMembers(w, plan.Schedule);
            EmitRecordAndContract(w, network, plan);
        }
    }

    private static void EmitCommonMembers(CodeWriter w, NetworkPlan network, PopulationPlan plan)
    {
        w.Line();
        w.Line("/// <summary>Number of sources.</summary>");
        w.Line("public int Count { get; }");
        w.Line();
        w.Line("/// <summary>The sources that spiked in the last step, ascending.</summary>");
        w.Line("public ReadOnlySpan<int> Spikes => new(_spikes, 0, _spikeCount);");
        w.Line();
        w.Line("/// <summary>Spikes since construction.</summary>");
        w.Line("public long SpikeCount { get; private set; }");
        MonitorEmitter.EmitProperties(w, network, plan.Member);
    }

    private static void EmitRecordAndContract(CodeWriter w, NetworkPlan network, PopulationPlan plan)
    {
        if (MonitorEmitter.Records(network, plan.Member))
        {
            w.Line();
            using (w.Kernel("internal void Record(long step)"))
            {
                MonitorEmitter.EmitRecordLines(w, network, plan.Member);
            }
        }
        w.Line();
        PopulationContract.Emit(w, network, plan.Member, plan.Name, Array.Empty<(string, string)>());
    }

    private static void EmitInputMembers(CodeWriter w, SpikeSchedule? schedule)
    {
        w.Line("/// <summary>");
        w.Line("/// Sets the sources that spike in the next step (indices in [0, Count), each at most once).");
        w.Line("/// A later call before that step replaces the earlier one.");
        w.Line("/// </summary>");
        using (w.Block("public void SetSpikes(ReadOnlySpan<int> indices)"))
        {
            w.Line("if (indices.Length > Count) throw new ArgumentException($\"{indices.Length} spikes for {Count} sources.\", nameof(indices));");
            using (w.Block("for (int k = 0; k < indices.Length; k++)"))
            {
                w.Line("if ((uint)indices[k] >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(indices), indices[k], $\"Index must be in [0, {Count}).\");");
            }
            w.Line("indices.CopyTo(_pending);");
            w.Line("_pendingCount = indices.Length;");
            w.Line("Array.Sort(_pending, 0, _pendingCount);");
        }
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// Drives the sources with real values (currents, one per source) instead of spikes: each step from now");
        w.Line("/// on, every dense connection from this input adds value × weight to its targets, until <see cref=\"ClearValues\"/>.");
        w.Line("/// This is the 'current' encoding of training. Other connections see only spikes.");
        w.Line("/// </summary>");
        using (w.Block("public void SetValues(ReadOnlySpan<Real> values)"))
        {
            w.Line("if (values.Length != Count) throw new ArgumentException($\"{values.Length} values for {Count} sources.\", nameof(values));");
            w.Line("values.CopyTo(_values);");
            w.Line("HasValues = true;");
        }
        w.Line();
        w.Line("/// <summary>Stops driving the sources with values; dense connections deliver spikes again.</summary>");
        w.Line("public void ClearValues() => HasValues = false;");
        w.Line();
        w.Line("/// <summary>True while <see cref=\"SetValues\"/> drives the sources.</summary>");
        w.Line("public bool HasValues { get; private set; }");
        w.Line();
        w.Line("/// <summary>The values set by <see cref=\"SetValues\"/>.</summary>");
        w.Line("public ReadOnlySpan<Real> Values => _values;");
        w.Line();
        w.Line("/// <summary>Spike times or values that the population asks for each step's input (from a file: StimulusFile); null for none.</summary>");
        w.Line("public IStimulus? Stimulus { get; set; }");
        w.Line();
        using (w.Block("void IInputPopulation.SetValues(ReadOnlySpan<double> values)"))
        {
            w.Line("if (values.Length != Count) throw new ArgumentException($\"{values.Length} values for {Count} sources.\", nameof(values));");
            w.Line("for (int k = 0; k < values.Length; k++) _values[k] = (Real)values[k];");
            w.Line("HasValues = true;");
        }
        w.Line();
        if (schedule is null)
        {
            w.Line("/// <summary>Emits the spikes set by the host, or by the stimulus, for this step.</summary>");
            using (w.Kernel("internal void Threshold(long step)"))
            {
                w.Line("Stimulus?.Apply(step, this);");
                w.Line("Array.Copy(_pending, _spikes, _pendingCount);");
                w.Line("_spikeCount = _pendingCount;");
                w.Line("_pendingCount = 0;");
                w.Line("SpikeCount += _spikeCount;");
            }
            return;
        }
        EmitSchedule(w, schedule);
    }

    /// <summary>
    /// A spike generator's schedule as constant arrays and the kernel that walks it: source ScheduleIndices[k]
    /// spikes at step ScheduleSteps[k] (within the period), together with any spikes the host set for the step.
    /// </summary>
    private static void EmitSchedule(CodeWriter w, SpikeSchedule schedule)
    {
        w.Line();
        if (schedule.DataFile is not null)
        {
            w.Line($"// The schedule was read from {schedule.DataFile} when the network was compiled.");
        }
        w.Line("/// <summary>The steps of the scheduled spikes (from the start of each period), ascending.</summary>");
        w.Line($"private static readonly int[] ScheduleSteps = {CSharpLiteral.IntArray(schedule.Steps)};");
        w.Line("/// <summary>The source of each scheduled spike; ascending within a step.</summary>");
        w.Line($"private static readonly int[] ScheduleIndices = {CSharpLiteral.IntArray(schedule.Indices)};");
        w.Line("private int _next;");
        w.Line();
        w.Line(schedule.Period > 0
            ? $"/// <summary>Emits this step's scheduled spikes (the schedule repeats every {schedule.Period} steps) and any the host or stimulus set, ascending.</summary>"
            : "/// <summary>Emits this step's scheduled spikes and any the host or stimulus set, ascending.</summary>");
        using (w.Kernel("internal void Threshold(long step)"))
        {
            // A stimulus file plays like the host: its spikes join the scheduled ones.
            w.Line("Stimulus?.Apply(step, this);");
            if (schedule.Period > 0)
            {
                w.Line($"long local = step % {schedule.Period};");
                w.Line("if (local == 0) _next = 0;");
            }
            else
            {
                w.Line("long local = step;");
            }
            w.Line("int count = 0;");
            using (w.Block("while (_next < ScheduleSteps.Length && ScheduleSteps[_next] <= local)"))
            {
                w.Line("if (ScheduleSteps[_next] == local) _spikes[count++] = ScheduleIndices[_next];");
                w.Line("_next++;");
            }
            using (w.Block("if (_pendingCount > 0)"))
            {
                w.Line("// Host spikes join the scheduled ones; a source listed by both spikes once.");
                w.Line("Array.Copy(_pending, 0, _spikes, count, _pendingCount);");
                w.Line("Array.Sort(_spikes, 0, count + _pendingCount);");
                w.Line("int unique = 0;");
                w.Line("for (int k = 0; k < count + _pendingCount; k++) if (unique == 0 || _spikes[unique - 1] != _spikes[k]) _spikes[unique++] = _spikes[k];");
                w.Line("count = unique;");
                w.Line("_pendingCount = 0;");
            }
            w.Line("_spikeCount = count;");
            w.Line("SpikeCount += count;");
        }
    }
}
