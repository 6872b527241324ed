using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Emit.Simulator;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.GpuSimulator;

/// <summary>
/// Brian2's summed variables (<c>x_post = expression (summed)</c>): every step, before the populations update, each
/// target neuron's variable becomes the sum of the expression over its synapses. The CPU simulator clears the variable
/// and adds the synapses in ascending order; the device gathers instead of scattering, one thread per target over its
/// incoming synapses (the transposed index, ascending synapse ids within each target), adding in a local from zero:
/// the same additions in the same order, so the sums are the CPU's, with no atomics. The values are written by the CPU
/// simulator's <see cref="ConnectionEmitter"/> through its device face.
/// </summary>
internal sealed partial class GpuSimulatorEmitter
{
    private string SumKernelTypes => $"Index1D, ArrayView<int>, ArrayView<int>, {SynapseKernelTypes}, DeliverStep, long";

    private void EmitSumFields(CodeWriter w, ConnectionPlan connection)
    {
        string c = connection.Member;
        if (!connection.HasOnPost)
        {
            // The 'on post' kernel's transposed index, where the connection has one, serves the sums too.
            w.Line($"private readonly MemoryBuffer1D<int, Stride1D.Dense> {Buffer("columnStart", c)};");
            w.Line($"private readonly MemoryBuffer1D<int, Stride1D.Dense> {Buffer("incoming", c)};");
        }
        if (!RunsSynapseCode(connection))
        {
            w.Line($"private readonly ArrayView<int> {Buffer("synapsePre", c)};");
            w.Line($"private readonly ArrayView<int> {Buffer("lastUpdate", c)};");
        }
        w.Line($"private readonly Action<{SumKernelTypes}> {Buffer("sum", c)};");
    }

    private void EmitSumConstruction(CodeWriter w, ConnectionPlan connection)
    {
        string c = connection.Member;
        string host = $"_host.{c}";
        if (!connection.HasOnPost)
        {
            w.Line("// Its synapses grouped by target (ascending within each), over which each target's summed variables gather.");
            w.Line($"var incoming_{c.TrimStart('@')} = IncomingIndex.Build({host}.Connectivity);");
            w.Line($"{Buffer("columnStart", c)} = _buffers.Copy(incoming_{c.TrimStart('@')}.ColumnStart);");
            w.Line($"{Buffer("incoming", c)} = _buffers.Copy(incoming_{c.TrimStart('@')}.Synapses);");
        }
        if (!RunsSynapseCode(connection))
        {
            w.Line($"{Buffer("synapsePre", c)} = _buffers.Copy({host}._synapsePre).View; // each synapse's source, which the summed values may read");
            w.Line($"{Buffer("lastUpdate", c)} = _buffers.Zeros<int>(1).View; // no event-driven traces to bring up to date");
        }
        w.Line($"{Buffer("sum", c)} = accelerator.LoadAutoGroupedStreamKernel<{SumKernelTypes}>(Sum_{c.TrimStart('@')});");
    }

    /// <summary>The launch of the connection's sums: one thread per neuron of the target slice.</summary>
    private void EmitSumCall(CodeWriter w, ConnectionPlan connection)
    {
        string c = connection.Member;
        string host = $"_host.{c}";
        var source = _network.Populations.First(p => p.Name == connection.Source.Population);
        var target = _network.Populations.First(p => p.Name == connection.Target.Population);
        w.Line($"{Buffer("sum", c)}({host}.TargetEnd - {host}.TargetStart, {Buffer("columnStart", c)}.View, {Buffer("incoming", c)}.View, {SynapseKernelViews(connection)}, "
            + $"new DeliverStep(0, this.{source.Member}.Count, {host}.SourceStart, {host}.SourceEnd - {host}.SourceStart, {host}.TargetStart, "
            + $"this.{target.Member}.Count, {host}.Connectivity.Columns.Length), step);");
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
