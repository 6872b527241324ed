using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Emit.Simulator;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.GpuSimulator;

/// <summary>
/// Plastic connections (event-driven STDP): their synapses' state (weights, traces, the step each was last brought up
/// to date) lives on the device. Their 'on pre' kernel runs one thread per arriving spike over its CSR row, their
/// 'on post' kernel one thread per spike of the target over its incoming synapses (the host network's transposed index);
/// each brings the synapse's traces to this step and runs the code, written by the CPU simulator's
/// <see cref="ConnectionEmitter"/> through its device face. The two kernels are launched where the CPU simulator's
/// schedule runs Deliver and DeliverPost, one after the other on one stream, so a synapse whose source and target
/// spike in one step is updated by its 'on pre' code first, then by its 'on post' code, as on the CPU; within one
/// kernel each synapse belongs to one thread (its source's row, or its target's column), and only the sums into
/// target neurons are shared, added atomically. Static connections whose 'on pre' code reads neuron variables run the
/// same 'on pre' kernel (<see cref="RunsSynapseCode"/>): it reads the source's and target's state views, which no kernel
/// running at the same time writes.
/// </summary>
internal sealed partial class GpuSimulatorEmitter
{
    /// <summary>
    /// Both kernels of a plastic connection take the same parameters: the spikes, the synapses (rows or columns), the
    /// connection's views, the source's and the target's (<c>SynapseViews</c>, <c>NeuronViews</c>: one parameter each,
    /// within ILGPU's limit of 16), the step's slices and the step.
    /// </summary>
    private string PlasticKernelTypes =>
        $"Index1D, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<int>, {SynapseKernelTypes}, DeliverStep, long";

    /// <summary>The views every kernel that runs synapse code takes: the connection's, the source's and the target's.</summary>
    private string SynapseKernelTypes => $"SynapseViews<Real>, NeuronViews<Real, {StepType}>, NeuronViews<Real, {StepType}>";

    private string SynapseKernelParameters => $"SynapseViews<Real> synapses, NeuronViews<Real, {StepType}> pre, NeuronViews<Real, {StepType}> post, DeliverStep d, long step";

    /// <summary>The connection's, the source's and the target's views, as a synapse kernel's launch passes them.</summary>
    private string SynapseKernelViews(ConnectionPlan connection)
    {
        string c = connection.Member;
        string Neurons(string population) => _network.Populations.First(p => p.Name == population) is NeuronPopulationPlan neurons
            ? $"new NeuronViews<Real, {StepType}>({Buffer("state", neurons)}.View, {Buffer("input", neurons)}, {Buffer("deferred", neurons)}, {Buffer("lastSpike", neurons)}, {RefractoryViews(neurons)})"
            : $"new NeuronViews<Real, {StepType}>(_noValues.View, _noValues.View, _noValues.View, _noSteps.View, ArrayView<{StepType}>.Empty, 0)";
        return $"new SynapseViews<Real>({Buffer("synapseConstants", c)}, {Buffer("synapseValues", c)}, {Buffer("lastUpdate", c)}, {Buffer("synapsePre", c)}), "
            + $"{Neurons(connection.Source.Population)}, {Neurons(connection.Target.Population)}";
    }

    /// <summary>
    /// The connection's kernels run its synapse code as the CPU simulator's <see cref="ConnectionEmitter"/> writes it: plastic
    /// code, or 'on pre' code that reads neuron variables (which the static delivery kernel, adding synapse values, does not).
    /// </summary>
    private static bool RunsSynapseCode(ConnectionPlan connection) =>
        connection.IsPlastic || connection.OnPre.Any(s => s.Value.Variables().Any(v => v.Owner is VariableOwner.Pre or VariableOwner.Post));

    /// <summary>The code reads the presynaptic neuron (the kernel declares its index s).</summary>
    private static bool ReadsSource(IEnumerable<BoundAssignment> code) => code.Any(s => s.Value.Variables().Any(v => v.Owner == VariableOwner.Pre));

    private ConnectionEmitter SynapseCode(ConnectionPlan connection) =>
        ConnectionEmitter.ForDevice(_network, connection, SynapseConstants(connection).Select(c => c.Local).ToList(), SynapseArrays(connection));

    /// <summary>A population's refractory periods, as its <c>NeuronViews</c> take them: per neuron, the part of its view of last spikes after them; else its one period.</summary>
    private string RefractoryViews(NeuronPopulationPlan neurons) => neurons.Refractory switch
    {
        { Heterogeneous: true } => $"{Buffer("lastSpike", neurons)}.SubView(this.{neurons.Member}.Count, this.{neurons.Member}.Count), 0",
        not null => $"ArrayView<{StepType}>.Empty, {Buffer("refractorySteps", neurons)}",
        null => $"ArrayView<{StepType}>.Empty, 0",
    };

    private void EmitPlasticFields(CodeWriter w, ConnectionPlan connection)
    {
        string c = connection.Member;
        w.Line($"private readonly ArrayView<int> {Buffer("lastUpdate", c)};");
        w.Line($"private readonly Action<{PlasticKernelTypes}> {Buffer("deliver", c)};");
        if (connection.HasOnPost)
        {
            w.Line($"private readonly MemoryBuffer1D<int, Stride1D.Dense> {Buffer("columnStart", c)};");
            w.Line($"private readonly MemoryBuffer1D<int, Stride1D.Dense> {Buffer("incoming", c)};");
            w.Line($"private readonly Action<{PlasticKernelTypes}> {Buffer("deliverPost", c)};");
        }
        w.Line($"private readonly ArrayView<int> {Buffer("synapsePre", c)};");
    }

    private void EmitPlasticConstruction(CodeWriter w, ConnectionPlan connection)
    {
        string c = connection.Member;
        string host = $"_host.{c}";
        w.Line(connection.EventDriven.Count > 0
            ? $"{Buffer("lastUpdate", c)} = _buffers.Copy({host}._lastUpdate).View;"
            : $"{Buffer("lastUpdate", c)} = _buffers.Zeros<int>(1).View; // no event-driven traces to bring up to date");
        w.Line($"{Buffer("deliver", c)} = accelerator.LoadAutoGroupedStreamKernel<{PlasticKernelTypes}>(Deliver_{c.TrimStart('@')});");
        if (connection.HasOnPost)
        {
            w.Line("// The host network's transposed index: for each target of the slice, the ids of its incoming synapses.");
            w.Line($"{Buffer("columnStart", c)} = _buffers.Copy({host}._incoming.ColumnStart);");
            w.Line($"{Buffer("incoming", c)} = _buffers.Copy({host}._incoming.Synapses);");
            w.Line($"{Buffer("deliverPost", c)} = accelerator.LoadAutoGroupedStreamKernel<{PlasticKernelTypes}>(DeliverPost_{c.TrimStart('@')});");
        }
        w.Line(ReadsSource(connection.OnPost) || connection.HasSummed || connection.HasClockDriven
            ? $"{Buffer("synapsePre", c)} = _buffers.Copy({host}._synapsePre).View; // each synapse's source, which 'on post' code, summed variables or clock-driven equations read"
            : $"{Buffer("synapsePre", c)} = _buffers.Zeros<int>(1).View; // no 'on post' code reads the source");
    }

    /// <summary>The launch of the 'on pre' (or 'on post') kernel: one thread per neuron of the spiking population, those past the step's spike count returning at once.</summary>
    private string PlasticLaunch(ConnectionPlan connection, bool post, string arriving)
    {
        string c = connection.Member;
        string host = $"_host.{c}";
        var sourcePopulation = _network.Populations.First(p => p.Name == connection.Source.Population);
        string source = $"this.{sourcePopulation.Member}";
        var target = (NeuronPopulationPlan)_network.Populations.First(p => p.Name == connection.Target.Population);
        string spiking = post ? $"this.{target.Member}" : source;
        string synapses = post ? $"{Buffer("columnStart", c)}.View, {Buffer("incoming", c)}.View" : $"{Buffer("rowStart", c)}.View, {Buffer("columns", c)}.View";
        return $"{Buffer(post ? "deliverPost" : "deliver", c)}({spiking}.Count, {spiking}.DeviceSpikes.Indices, {spiking}.DeviceSpikes.Counts, {synapses}, "
            + $"{SynapseKernelViews(connection)}, "
            + $"new DeliverStep({spiking}.DeviceSpikes.Slot({arriving}), {source}.Count, {host}.SourceStart, {host}.SourceEnd - {host}.SourceStart, {host}.TargetStart, "
            + $"this.{target.Member}.Count, {host}.Connectivity.Columns.Length), step);";
    }

    private void EmitPlasticDeliverCall(CodeWriter w, ConnectionPlan connection)
    {
        if (connection.Delay.Kind == DelayKind.Homogeneous)
        {
            string arriving = $"step - _host.{connection.Member}.DelaySteps";
            w.Line($"if ({arriving} >= 0) {PlasticLaunch(connection, post: false, arriving)}");
        }
        else
        {
            w.Line(PlasticLaunch(connection, post: false, "step"));
        }
    }

    private void EmitPlasticKernels(CodeWriter w, ConnectionPlan connection)
    {
        var code = SynapseCode(connection);
        string name = connection.Member.TrimStart('@');
        var (preHoisted, preBody) = code.DeviceSynapseCode(post: false);
        w.Line($"/// <summary>{connection.Statement}: one thread per spike of the source's step that arrives now, over its synapses: traces to this step, then the 'on pre' code (sums into targets atomic).</summary>");
        using (w.Block($"private static void Deliver_{name}(Index1D index, ArrayView<int> spikes, ArrayView<int> counts, ArrayView<int> rowStart, ArrayView<int> columns, {SynapseKernelParameters})"))
        {
            w.Line("if ((int)index >= counts[d.Slot]) return;");
            w.Line("int row = spikes[(long)d.Slot * d.SourceNeurons + index] - d.SourceStart;");
            w.Line("if ((uint)row >= (uint)d.SourceCount) return;");
            if (ReadsSource(connection.OnPre))
            {
                w.Line("int s = row + d.SourceStart;");
            }
            WriteLines(w, preHoisted);
            using (w.Block("for (int k = rowStart[row], end = rowStart[row + 1]; k < end; k++)"))
            {
                w.Line("int j = columns[k] + d.TargetStart;");
                WriteLines(w, preBody);
            }
        }
        if (!connection.HasOnPost)
        {
            return;
        }
        var (postHoisted, postBody) = code.DeviceSynapseCode(post: true);
        w.Line();
        w.Line($"/// <summary>{connection.Statement}: one thread per spike of the target in this step, over its incoming synapses: traces to this step, then the 'on post' code.</summary>");
        using (w.Block($"private static void DeliverPost_{name}(Index1D index, ArrayView<int> spikes, ArrayView<int> counts, ArrayView<int> columnStart, ArrayView<int> incoming, {SynapseKernelParameters})"))
        {
            w.Line("if ((int)index >= counts[d.Slot]) return;");
            w.Line("int j = spikes[(long)d.Slot * d.TargetNeurons + index];");
            w.Line("int column = j - d.TargetStart;");
            w.Line("if ((uint)column >= (uint)(columnStart.IntLength - 1)) return;");
            WriteLines(w, postHoisted);
            using (w.Block("for (int m = columnStart[column], end = columnStart[column + 1]; m < end; m++)"))
            {
                w.Line("int k = incoming[m];");
                if (ReadsSource(connection.OnPost))
                {
                    w.Line("int s = synapses.Pre[k] + d.SourceStart;");
                }
                WriteLines(w, postBody);
            }
        }
    }

    private static void WriteLines(CodeWriter w, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            w.Line(line);
        }
    }

    /// <summary>The device changes the connection's per-synapse state: plasticity, or clock-driven equations.</summary>
    private static bool ChangesSynapseState(ConnectionPlan connection) => connection.IsPlastic || connection.HasClockDriven;

    /// <summary>Copies what plasticity and clock-driven equations changed on the device (per-synapse state, the traces' last updates) back into the host network, whose weights the API reads.</summary>
    private void EmitDownloadSynapseState(CodeWriter w)
    {
        w.Line("/// <summary>Copies the per-synapse state that the device changes back into the host network, before its weights are read or replaced.</summary>");
        using (w.Block("private void DownloadSynapseState()"))
        {
            foreach (var connection in _network.Connections.Where(ChangesSynapseState))
            {
                string c = connection.Member.TrimStart('@');
                string host = $"_host.{connection.Member}";
                var arrays = SynapseArrays(connection);
                w.Line($"int synapses_{c} = {host}.Connectivity.Columns.Length;");
                w.Line($"var values_{c} = new Real[{arrays.Count} * synapses_{c}];");
                w.Line($"DeviceCopy.Download<Real>({Buffer("synapseValues", connection.Member)}, values_{c});");
                foreach (var state in connection.State)
                {
                    w.Line($"Array.Copy(values_{c}, {arrays.ToList().IndexOf($"_{state.Name}")} * synapses_{c}, {host}._{state.Name}, 0, synapses_{c});");
                }
                if (connection.EventDriven.Count > 0 && RunsSynapseCode(connection))
                {
                    w.Line($"DeviceCopy.Download<int>({Buffer("lastUpdate", connection.Member)}, {host}._lastUpdate);");
                }
            }
        }
    }
}
