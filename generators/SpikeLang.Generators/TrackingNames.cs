namespace SpikeLang.Generators;

/// <summary>
/// Names of the incremental pipeline steps, so tests can check that unchanged .snn files stay
/// <c>Cached</c> (see <c>GeneratorDriverRunResult.Results[..].TrackedSteps</c>).
/// </summary>
public static class TrackingNames
{
    /// <summary>One <see cref="SnnFile"/> per .snn additional file.</summary>
    public const string SnnFiles = nameof(SnnFiles);

    /// <summary>One <see cref="SnnFile"/> per .csv additional file: the data files spike generators and timed arrays may read.</summary>
    public const string DataFiles = nameof(DataFiles);

    /// <summary>Diagnostics and network plans of all .snn files compiled together.</summary>
    public const string Compilation = nameof(Compilation);

    /// <summary>The diagnostics, reported as build diagnostics located in the .snn files.</summary>
    public const string Diagnostics = nameof(Diagnostics);

    /// <summary>One network plan each.</summary>
    public const string Plans = nameof(Plans);

    /// <summary>One network's generated C# each.</summary>
    public const string Emission = nameof(Emission);
}
