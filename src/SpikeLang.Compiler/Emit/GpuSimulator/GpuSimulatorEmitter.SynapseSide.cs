using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Emit.Simulator;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.GpuSimulator;

/// <summary>
/// The kernels that run over a connection's synapses every step, where the CPU simulator's schedule runs them: clock-driven
/// synapse equations, one thread per synapse (its variables its thread's alone, the neurons' read where no kernel writes
/// them), and Brian2's summed variables (<c>x_post = expression (summed)</c>), which set each target neuron's variable to
/// the sum of the expression over its synapses before the populations update. The CPU simulator clears the variable and
/// adds the synapses in ascending order; the device gathers instead of scattering, one thread per target over its
/// incoming synapses (the transposed index, ascending synapse ids within each target), adding in a local from zero: the
/// same additions in the same order, so the sums are the CPU's, with no atomics. The code is written by the CPU
/// simulator's <see cref="ConnectionEmitter"/> through its device face.
/// </summary>
internal sealed partial class GpuSimulatorEmitter
{
    private string SumKernelTypes => $"Index1D, ArrayView<int>, ArrayView<int>, {SynapseKernelTypes}, DeliverStep, long";

    private string IntegrateKernelTypes => $"Index1D, ArrayView<int>, {SynapseKernelTypes}, DeliverStep, long";

    private void EmitSynapseSideFields(CodeWriter w, ConnectionPlan connection)
    {
        string c = connection.Member;
        if (!(connection.HasSummed || connection.HasClockDriven))
        {
            return;
        }
        if (!RunsSynapseCode(connection))
        {
            // The views of SynapseViews that the 'on pre' kernel of synapse code declares otherwise.
            w.Line($"private readonly ArrayView<int> {Buffer("synapsePre", c)};");
            w.Line($"private readonly ArrayView<int> {Buffer("lastUpdate", c)};");
        }
        if (connection.HasSummed && !connection.HasOnPost)
        {
            // The 'on post' kernel's transposed index, where the connection has one, serves the sums too.
            w.Line($"private readonly MemoryBuffer1D<int, Stride1D.Dense> {Buffer("columnStart", c)};");
            w.Line($"private readonly MemoryBuffer1D<int, Stride1D.Dense> {Buffer("incoming", c)};");
        }
        if (connection.HasSummed)
        {
            w.Line($"private readonly Action<{SumKernelTypes}> {Buffer("sum", c)};");
        }
        if (connection.HasClockDriven)
        {
            w.Line($"private readonly Action<{IntegrateKernelTypes}> {Buffer("integrate", c)};");
        }
    }

    private void EmitSynapseSideConstruction(CodeWriter w, ConnectionPlan connection)
    {
        string c = connection.Member;
        string host = $"_host.{c}";
        string name = c.TrimStart('@');
        if (!(connection.HasSummed || connection.HasClockDriven))
        {
            return;
        }
        if (!RunsSynapseCode(connection))
        {
            w.Line($"{Buffer("synapsePre", c)} = _buffers.Copy({host}._synapsePre).View; // each synapse's source, which summed variables and clock-driven equations may read");
            w.Line($"{Buffer("lastUpdate", c)} = _buffers.Zeros<int>(1).View; // no event-driven traces to bring up to date");
        }
        if (connection.HasSummed && !connection.HasOnPost)
        {
            w.Line("// Its synapses grouped by target (ascending within each), over which each target's summed variables gather.");
            w.Line($"var incoming_{name} = IncomingIndex.Build({host}.Connectivity);");
            w.Line($"{Buffer("columnStart", c)} = _buffers.Copy(incoming_{name}.ColumnStart);");
            w.Line($"{Buffer("incoming", c)} = _buffers.Copy(incoming_{name}.Synapses);");
        }
        if (connection.HasSummed)
        {
            w.Line($"{Buffer("sum", c)} = accelerator.LoadAutoGroupedStreamKernel<{SumKernelTypes}>(Sum_{name});");
        }
        if (connection.HasClockDriven)
        {
            w.Line($"{Buffer("integrate", c)} = accelerator.LoadAutoGroupedStreamKernel<{IntegrateKernelTypes}>(Integrate_{name});");
        }
    }

    private void EmitSynapseSideKernels(CodeWriter w, ConnectionPlan connection)
    {
        if (connection.HasClockDriven)
        {
            w.Line();
            EmitIntegrateKernel(w, connection);
        }
        if (connection.HasSummed)
        {
            w.Line();
            EmitSumKernel(w, connection);
        }
    }

    /// <summary>The step's slices of a connection, for a kernel that runs over its synapses rather than over spikes (no slot of spikes).</summary>
    private string SynapseStep(ConnectionPlan connection)
    {
        string host = $"_host.{connection.Member}";
        var source = _network.Populations.First(p => p.Name == connection.Source.Population);
        var target = _network.Populations.First(p => p.Name == connection.Target.Population);
        return $"new DeliverStep(0, this.{source.Member}.Count, {host}.SourceStart, {host}.SourceEnd - {host}.SourceStart, {host}.TargetStart, "
            + $"this.{target.Member}.Count, {host}.Connectivity.Columns.Length)";
    }

    /// <summary>The launch of the connection's clock-driven equations: one thread per synapse.</summary>
    private void EmitIntegrateCall(CodeWriter w, ConnectionPlan connection)
    {
        string c = connection.Member;
        w.Line($"{Buffer("integrate", c)}(_host.{c}.Connectivity.Columns.Length, {Buffer("columns", c)}.View, {SynapseKernelViews(connection)}, {SynapseStep(connection)}, step);");
    }

    private void EmitIntegrateKernel(CodeWriter w, ConnectionPlan connection)
    {
        var (hoisted, body) = SynapseCode(connection).DeviceIntegrateCode();
        string method = connection.NumericalClock is null ? "exact" : connection.NumericalClock.Method.ToString();
        w.Line($"/// <summary>{System.Security.SecurityElement.Escape(connection.Statement)}: one thread per synapse, its clock-driven equations advanced by one step ({method}).</summary>");
        using (w.Block($"private static void Integrate_{connection.Member.TrimStart('@')}(Index1D index, ArrayView<int> columns, {SynapseKernelParameters})"))
        {
            w.Line("int k = index;");
            if (ReadsNeurons(connection.NumericalClock?.Rhs, VariableOwner.Pre))
            {
                w.Line("int s = synapses.Pre[k] + d.SourceStart;");
            }
            if (ReadsNeurons(connection.NumericalClock?.Rhs, VariableOwner.Post))
            {
                w.Line("int j = columns[k] + d.TargetStart;");
            }
            WriteLines(w, hoisted);
            WriteLines(w, body);
        }
    }

    /// <summary>The clock-driven equations read the pre- (or post-) synaptic neuron (the kernel declares its index).</summary>
    private static bool ReadsNeurons(IEnumerable<BoundExpression>? rhs, VariableOwner side) => rhs?.Any(e => e.Variables().Any(v => v.Owner == side)) == true;

    /// <summary>The launch of the connection's sums: one thread per neuron of the target slice.</summary>
    private void EmitSumCall(CodeWriter w, ConnectionPlan connection)
    {
        string c = connection.Member;
        string host = $"_host.{c}";
        w.Line($"{Buffer("sum", c)}({host}.TargetEnd - {host}.TargetStart, {Buffer("columnStart", c)}.View, {Buffer("incoming", c)}.View, {SynapseKernelViews(connection)}, "
            + $"{SynapseStep(connection)}, step);");
    }

    private void EmitSumKernel(CodeWriter w, ConnectionPlan connection)
    {
        var (hoisted, sums) = SynapseCode(connection).DeviceSums();
        w.Line("/// <summary>");
        w.Line($"/// {System.Security.SecurityElement.Escape(connection.Statement)}: one thread per target neuron of the slice, over its incoming synapses in ascending order, as the");
        w.Line("/// CPU simulator adds them; sets each summed variable to its sum:");
        foreach (var summed in connection.Summed)
        {
            w.Line($"///   {System.Security.SecurityElement.Escape(summed.Equation)}");
        }
        w.Line("/// </summary>");
        using (w.Block($"private static void Sum_{connection.Member.TrimStart('@')}(Index1D index, ArrayView<int> columnStart, ArrayView<int> incoming, {SynapseKernelParameters})"))
        {
            w.Line("int column = index;");
            w.Line("int j = column + d.TargetStart;");
            WriteLines(w, hoisted);
            for (int n = 0; n < sums.Count; n++)
            {
                w.Line($"Real sum{n} = 0;");
            }
            using (w.Block("for (int m = columnStart[column], end = columnStart[column + 1]; m < end; m++)"))
            {
                w.Line("int k = incoming[m];");
                if (connection.Summed.Any(s => s.Sum.Value.Variables().Any(v => v.Owner == VariableOwner.Pre)))
                {
                    w.Line("int s = synapses.Pre[k] + d.SourceStart;");
                }
                for (int n = 0; n < sums.Count; n++)
                {
                    w.Line($"sum{n} += {sums[n].Value};");
                }
            }
            for (int n = 0; n < sums.Count; n++)
            {
                w.Line($"{sums[n].Target} = sum{n};");
            }
        }
    }
}
