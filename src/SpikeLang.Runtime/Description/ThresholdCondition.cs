namespace SpikeLang.Runtime;

/// <summary>How a threshold compares its variable with its value.</summary>
public enum ThresholdComparison
{
    /// <summary><c>x &gt; value</c>.</summary>
    Greater,

    /// <summary><c>x &gt;= value</c>.</summary>
    GreaterOrEqual,
}

/// <summary>A spike condition of the form <c>x &gt; value</c> or <c>x &gt;= value</c>, with the value in SI units.</summary>
/// <param name="Variable">The state variable compared.</param>
/// <param name="Comparison">Strict or not.</param>
/// <param name="Value">The threshold, per neuron when it differs.</param>
public sealed record ThresholdCondition(string Variable, ThresholdComparison Comparison, NeuronValue Value);
