using System.Linq;
using SpikeLang.Compiler.Emit.Simulator;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.GpuSimulator;

/// <summary>
/// Linked variables. The CPU simulator reads a linked value from its source population each time a kernel uses it;
/// on the device, the source's values are copied (device to device, on the stream the kernels run on) into the
/// linking population's constants view (one value for all neurons) or per-neuron view right before each of its
/// kernels, so each kernel reads what the CPU's reads at the same point of the step.
/// </summary>
internal sealed partial class GpuSimulatorEmitter
{
    private void EmitLinkCopies(CodeWriter w, NeuronPopulationPlan neurons)
    {
        var emitter = _neurons[neurons.Member];
        foreach (var link in neurons.Links)
        {
            var source = (NeuronPopulationPlan)_network.Populations.First(p => p.Member == link.SourceMember);
            string from = link.SourceShared
                ? $"{Buffer("constants", source)}.SubView({_neurons[source.Member].DeviceConstants.IndexOf($"_{link.SourceVariable}")}, 1)"
                : $"{Buffer("state", source)}.View.SubView({source.State.Select(s => s.Name).ToList().IndexOf(link.SourceVariable)} * (long)this.{source.Member}.Count, "
                    + $"{(link.Broadcast ? "1" : $"this.{neurons.Member}.Count")})";
            string into = link.Broadcast
                ? $"{Buffer("constants", neurons)}.SubView({emitter.DeviceConstants.IndexOf(NeuronPopulationEmitter.DeviceLink(link))}, 1)"
                : $"{Buffer("perNeuron", neurons)}.SubView({emitter.DevicePerNeuron.IndexOf(NeuronPopulationEmitter.DeviceLink(link))} * (long)this.{neurons.Member}.Count, this.{neurons.Member}.Count)";
            w.Line($"{from}.CopyTo({into}); // {link.Text}");
        }
    }
}
