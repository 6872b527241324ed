using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Lowering.Training;

/// <summary>
/// What of a trainable network the GPU trainer cannot run yet, as SL0520 warnings kept in the plan: the source
/// generator reports them only for projects that reference SpikeLang.Gpu, and emits no GPU trainer where there is one.
/// The GPU trainer runs dense, convolution (also batch-normalized) and pooling connections between layers in order (each layer's time loop in
/// one kernel, its input computed before for all steps), inputs of every encoding (poisson and latency encoded on the host, as the
/// CPU trainer encodes them) and learned parameters (their gradients reduced on the device).
/// Only recurrent self-connections are refused.
/// </summary>
internal static class GpuTrainerSupport
{
    public static EquatableArray<Diagnostic> Refusals(LoweringContext context, NetworkModel network)
    {
        var source = context.Source(network.FilePath);
        if (source is null)
        {
            return EquatableArray.Empty<Diagnostic>();
        }
        string cpuTrainer = Naming.Member(network.Name) + "Trainer";
        var refusals = new List<Diagnostic>();
        void Refuse(TextSpan span, string what) =>
            refusals.Add(Diagnostic.Create(DiagnosticDescriptors.NotOnGpu, source, span, network.Name, what, cpuTrainer));

        foreach (var connection in network.Connections.Where(c => c.Source.Population == c.Target.Population))
        {
            Refuse(connection.Span, $"the recurrent self-connection {connection.Source.Population} -> {connection.Target.Population} (its time loop needs the layer's own spikes of the step before)");
        }
        return refusals.ToEquatableArray();
    }
}
