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
/// one kernel, its input computed before for all steps), dense recurrent self-connections (such a layer step by step: its input from
/// the connections after the self-connection in the order of additions delivered at each step), inputs of every encoding (poisson and
/// latency encoded on the host, as the CPU trainer encodes them) and learned parameters (their gradients reduced on the device).
/// Only convolutions and poolings into a recurrent layer are refused: they come after its self-connection in the order of additions,
/// so they would have to run step by step too, which the GPU trainer's convolution kernels (batch normalization, max pooling) do not.
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

        var recurrent = new HashSet<string>(network.Connections.Where(c => c.Source.Population == c.Target.Population).Select(c => c.Target.Population), System.StringComparer.Ordinal);
        foreach (var convolution in network.Convolutions.Where(c => recurrent.Contains(c.Target)))
        {
            Refuse(convolution.Span, $"the {RuleNames.Of(convolution.Kind)} {convolution.Source} -> {convolution.Target} into the recurrent layer {convolution.Target} (a recurrent layer's input is delivered step by step, by dense connections only)");
        }
        return refusals.ToEquatableArray();
    }
}
