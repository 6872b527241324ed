namespace SpikeLang.Neuromorphic.Chip;

/// <summary>
/// The convolution or pooling a connection was expanded from: the chip stores no shared kernels, so each
/// source neuron holds one synapse per output position its kernel slice reaches. Beside the connection's
/// synapse count this gives the cost of that expansion.
/// </summary>
/// <param name="Statement">The statement as written, with where (<c>connect img -> c1 conv2d(kernel = 3) (Net.snn line 7)</c>).</param>
/// <param name="Kind"><c>conv1d</c>, <c>conv2d</c>, <c>sum_pool2d</c> or <c>avg_pool2d</c>.</param>
/// <param name="SharedWeights">Values the float network shares across positions: the kernel's out·in·kh·kw weights, or a pooling's one fixed weight.</param>
public sealed record ExpandedConvolution(string Statement, string Kind, int SharedWeights);
