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

    /// <summary>Whether the project references SpikeLang.Gpu: a bool, so C# edits leave the GPU steps <c>Cached</c>.</summary>
    public const string ReferencesGpu = nameof(ReferencesGpu);

    /// <summary>One network's GPU trainer (or its SL0520 refusals) each, for projects that reference SpikeLang.Gpu.</summary>
    public const string GpuEmission = nameof(GpuEmission);

    /// <summary>One network's GPU simulator (or its SL0521 refusals) each, for projects that reference SpikeLang.Gpu.</summary>
    public const string GpuSimulatorEmission = nameof(GpuSimulatorEmission);
}
