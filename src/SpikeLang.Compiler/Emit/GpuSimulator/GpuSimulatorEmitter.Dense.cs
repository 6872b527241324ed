using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.GpuSimulator;

/// <summary>
/// Dense connections, convolutions and poolings on the device, delivered by the GPU trainer's kernels in gather form
/// (<c>DenseKernels.Deliver</c>, <c>ConvolutionKernels</c>): one thread per target input, which adds its sources'
/// products in ascending source order and then the bias, the order of the CPU simulator's row-by-row and scatter
/// additions, so each target's sum is the CPU's to the bit. Those kernels read a source's output as one value per
/// neuron (1 where it spiked, or an input's values), which each such source fills once a step after its spikes are found.
/// Their weights are copied from the host network, with the per-synapse values. Single precision only (SL0521).
/// </summary>
internal sealed partial class GpuSimulatorEmitter
{
    /// <summary>The populations whose output dense connections or convolutions read: each keeps it as one value per neuron.</summary>
    private IEnumerable<PopulationPlan> ValueSources =>
        _network.Populations.Where(p => _network.Connections.Any(c => c.IsDense && c.Source.Population == p.Name)
            || _network.Convolutions.Any(c => c.Source.Population == p.Name));

    private bool DeliversValues(string member) => _network.Connections.Any(c => c.IsDense && c.Member == member) || _network.Convolutions.Any(c => c.Member == member);

    private void EmitValueDeliveryFields(CodeWriter w)
    {
        if (_network.Connections.Any(c => c.IsDense) || _network.Convolutions.Count > 0)
        {
            w.Line();
            w.Line("// The GPU trainer's kernels, which deliver the dense connections and convolutions.");
        }
        if (_network.Connections.Any(c => c.IsDense))
        {
            w.Line("private readonly DenseKernels _denseKernels;");
        }
        if (_network.Convolutions.Count > 0)
        {
            w.Line("private readonly ConvolutionKernels _convolutionKernels;");
        }
        foreach (var source in ValueSources)
        {
            w.Line();
            w.Line($"// The output of '{source.Name}' in the step, one value per neuron, as the dense and convolution kernels read it.");
            w.Line($"private readonly DeviceSourceValues {Buffer("sourceValues", source)};");
        }
        foreach (var connection in _network.Connections.Where(c => c.IsDense))
        {
            w.Line();
            w.Line($"// Connection {connection.Statement}: its weights (one row of targets per source) and bias.");
            w.Line($"private readonly MemoryBuffer1D<Real, Stride1D.Dense> {Buffer("weights", connection.Member)};");
            w.Line($"private readonly MemoryBuffer1D<Real, Stride1D.Dense> {Buffer("bias", connection.Member)};");
        }
        foreach (var convolution in _network.Convolutions)
        {
            w.Line();
            w.Line($"// Connection {convolution.Statement}{(convolution.IsPooling ? "" : ": its kernel and bias")}.");
            if (!convolution.IsPooling)
            {
                w.Line($"private readonly MemoryBuffer1D<Real, Stride1D.Dense> {Buffer("weights", convolution.Member)};");
                w.Line($"private readonly MemoryBuffer1D<Real, Stride1D.Dense> {Buffer("bias", convolution.Member)};");
            }
            if (convolution.IsMaxPooling)
            {
                w.Line("// Which source each output's maximum came from: the kernel writes it, the simulator does not read it.");
                w.Line($"private readonly MemoryBuffer1D<int, Stride1D.Dense> {Buffer("argmax", convolution.Member)};");
            }
        }
    }

    private void EmitValueDeliveryConstruction(CodeWriter w)
    {
        if (ValueSources.Any())
        {
            w.Line();
            w.Line("// Dense connections and convolutions: the trainer's kernels, each source's output of the step, and the weights");
            w.Line("// and biases (filled by UploadSynapseValues, with the per-synapse values).");
        }
        if (_network.Connections.Any(c => c.IsDense))
        {
            w.Line("_denseKernels = device.Kernels;");
        }
        if (_network.Convolutions.Count > 0)
        {
            w.Line("_convolutionKernels = device.ConvolutionKernels;");
        }
        foreach (var source in ValueSources)
        {
            w.Line($"{Buffer("sourceValues", source)} = _buffers.Own(new DeviceSourceValues(device, _host.{source.Member}.Count));");
        }
        foreach (var connection in _network.Connections.Where(c => c.IsDense))
        {
            string host = $"_host.{connection.Member}";
            w.Line($"{Buffer("weights", connection.Member)} = _buffers.Zeros<Real>({host}._w.Length);");
            w.Line($"{Buffer("bias", connection.Member)} = _buffers.Zeros<Real>({host}._b.Length);");
        }
        foreach (var convolution in _network.Convolutions)
        {
            string host = $"_host.{convolution.Member}";
            if (!convolution.IsPooling)
            {
                w.Line($"{Buffer("weights", convolution.Member)} = _buffers.Zeros<Real>({host}._w.Length);");
                w.Line($"{Buffer("bias", convolution.Member)} = _buffers.Zeros<Real>({host}._b.Length);");
            }
            if (convolution.IsMaxPooling)
            {
                w.Line($"{Buffer("argmax", convolution.Member)} = _buffers.Zeros<int>(_host.{convolution.Target.Member}.Count);");
            }
        }
    }

    /// <summary>In UploadSynapseValues: the dense weights and biases, and the convolutions' kernels and biases, from the host network.</summary>
    private void EmitUploadWeights(CodeWriter w)
    {
        var members = _network.Connections.Where(c => c.IsDense).Select(c => c.Member)
            .Concat(_network.Convolutions.Where(c => !c.IsPooling).Select(c => c.Member));
        foreach (var member in members)
        {
            w.Line($"DeviceCopy.Upload<Real>({Buffer("weights", member)}.View, _host.{member}._w);");
            w.Line($"DeviceCopy.Upload<Real>({Buffer("bias", member)}.View, _host.{member}._b);");
        }
    }

    /// <summary>
    /// In UploadSynapseValues: the constants of populations with learned parameters (<c>learn beta</c>), which the weights
    /// of a trained network carry and <c>SetWeights</c> sets on the host network: copied again with the weights.
    /// </summary>
    private void EmitUploadLearnedParameters(CodeWriter w)
    {
        foreach (var neurons in _network.Populations.OfType<NeuronPopulationPlan>().Where(p => p.LearnedParameters.Count > 0))
        {
            var constants = _neurons[neurons.Member].DeviceConstants.Select(c => $"_host.{neurons.Member}.{c}");
            w.Line($"DeviceCopy.Upload<Real>({Buffer("constants", neurons)}, new Real[] {{ {string.Join(", ", constants)} }});");
        }
    }

    /// <summary>
    /// After the call that finds a population's spikes (its threshold, or its update where the threshold is fused), its
    /// output as values, for the dense connections and convolutions from it that deliver later in the step.
    /// </summary>
    private void EmitSourceValues(CodeWriter w, KernelCall call)
    {
        var source = ValueSources.FirstOrDefault(p => p.Member == call.Member);
        bool findsSpikes = call.Kind == KernelKind.Threshold && source is not NeuronPopulationPlan { FusesThreshold: true }
            || call.Kind == KernelKind.NeuronUpdate && source is NeuronPopulationPlan { FusesThreshold: true };
        if (source is null || !findsSpikes)
        {
            return;
        }
        string values = Buffer("sourceValues", source);
        string fromSpikes = $"{values}.FromSpikes(this.{source.Member}.DeviceSpikes, step);";
        if (source is InputPopulationPlan)
        {
            // As on the CPU, an input that carries values gives them to its dense connections and convolutions instead of spikes.
            w.Line($"if (_host.{source.Member}.HasValues) {values}.Upload(_host.{source.Member}.Values); else {fromSpikes}");
        }
        else
        {
            w.Line(fromSpikes);
        }
    }

    /// <summary>A dense connection's or a convolution's delivery: one thread per target input of the slice it reaches.</summary>
    private void EmitValueDeliveryCall(CodeWriter w, string member)
    {
        if (_network.Connections.FirstOrDefault(c => c.Member == member) is { } dense)
        {
            string host = $"_host.{member}";
            var source = _network.Populations.First(p => p.Name == dense.Source.Population);
            var target = (NeuronPopulationPlan)_network.Populations.First(p => p.Name == dense.Target.Population);
            w.Line($"// {dense.Statement}: the rows of the sources that spiked, in ascending order, then the bias.");
            w.Line($"_denseKernels.Deliver({Buffer("input", target)}.SubView({host}.TargetStart, {host}.Connectivity.ColumnCount), "
                + $"{Buffer("sourceValues", source)}.View.SubView({host}.SourceStart, {host}.Connectivity.Rows), {Buffer("weights", member)}.View, {Buffer("bias", member)}.View, "
                + $"new DenseShape(1, 1, 0, 1, {host}.Connectivity.Rows, {host}.Connectivity.ColumnCount));");
            return;
        }
        var convolution = _network.Convolutions.First(c => c.Member == member);
        var from = _network.Populations.First(p => p.Name == convolution.Source.Population);
        var to = (NeuronPopulationPlan)_network.Populations.First(p => p.Name == convolution.Target.Population);
        var g = convolution.Geometry;
        string shape = string.Join(", ", new[]
        {
            g.InChannels, g.InHeight, g.InWidth, g.OutChannels, g.OutHeight, g.OutWidth, g.KernelHeight, g.KernelWidth, g.StrideHeight, g.StrideWidth, g.PaddingHeight, g.PaddingWidth,
        }.Select(x => x.ToString(CultureInfo.InvariantCulture))) + (convolution.IsPooling ? ", true" : ", false");
        string rows = $"new DenseShape(1, 1, 0, 1, {g.InChannels * g.InHeight * g.InWidth}, {g.OutChannels * g.OutHeight * g.OutWidth})";
        string drive = $"{Buffer("input", to)}, {Buffer("sourceValues", from)}.View";
        w.Line($"// {convolution.Statement}: each output's window, its sources in ascending order{(convolution.IsPooling ? "" : ", then the bias")}.");
        w.Line(convolution.Kind switch
        {
            Syntax.ConnectivityKind.MaxPool2d => $"_convolutionKernels.MaxPool({drive}, {Buffer("argmax", member)}.View, {rows}, new ConvolutionShape({shape}));",
            Syntax.ConnectivityKind.SumPool2d or Syntax.ConnectivityKind.AvgPool2d =>
                // The weight as the CPU's scatter computes it in single precision: 1, or 1 / (KH·KW).
                $"_convolutionKernels.Pool({drive}, {rows}, new ConvolutionShape({shape}), {(convolution.Kind == Syntax.ConnectivityKind.AvgPool2d ? $"1f / {g.KernelHeight * g.KernelWidth}" : "1f")});",
            _ => $"_convolutionKernels.Convolve({drive}, {Buffer("weights", member)}.View, {Buffer("bias", member)}.View, {rows}, new ConvolutionShape({shape}));",
        });
    }
}
