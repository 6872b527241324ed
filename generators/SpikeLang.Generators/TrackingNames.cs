namespace SpikeLang.Generators;

/// <summary>
/// Names of the incremental pipeline steps, so tests can check that unchanged .snn files stay
/// <c>Cached</c> (see <c>GeneratorDriverRunResult.Results[..].TrackedSteps</c>).
/// </summary>
public static class TrackingNames
{
    /// <summary>One <see cref="SnnFile"/> per .snn additional file.</summary>
    public const string SnnFiles = nameof(SnnFiles);

    /// <summary>The compiler's <c>GenerationResult</c> for all .snn files together.</summary>
    public const string Generation = nameof(Generation);
}
