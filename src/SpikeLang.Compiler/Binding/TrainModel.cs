using System.Collections.Generic;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Binding;

/// <summary>A named choice with constant arguments: <c>adam(lr = 5e-4)</c>, <c>fast_sigmoid(slope = 25)</c>.</summary>
internal sealed record TrainOption(string Name, EquatableMap<double> Arguments, TextSpan Span);

/// <summary>How an input population turns a sample into drive: <c>current</c>, <c>poisson(max_rate = 100 Hz)</c>, <c>latency(...)</c>.</summary>
internal sealed record InputEncoding(string Input, TrainOption Encoder);

/// <summary><c>cross_entropy(spike_count(out))</c>: a loss applied to a readout of a population.</summary>
internal sealed record LossModel(string Name, string Readout, string Population, EquatableMap<double> Arguments, TextSpan Span);

/// <summary>The <c>train</c> block of a network, validated; hyper-parameters are in SI units.</summary>
/// <param name="DetachReset">True (the default, as snnTorch) when the reset is left out of the gradient: a spike's reset does not pass gradient back through the spike.</param>
/// <param name="Learned">Neuron parameters trained as one value per layer (<c>learn beta</c>), with where each was named.</param>
internal sealed record TrainModel(
    int Steps,
    int BatchSize,
    IReadOnlyList<InputEncoding> Encodings,
    TrainOption Surrogate,
    LossModel Loss,
    TrainOption Optimizer,
    bool DetachReset,
    IReadOnlyList<Identifier> Learned,
    TextSpan Span);
