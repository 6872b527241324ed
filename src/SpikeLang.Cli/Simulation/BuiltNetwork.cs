using System;
using System.IO;
using System.Linq;
using SpikeLang.Cli.Commands;
using SpikeLang.Runtime;

namespace SpikeLang.Cli.Simulation;

/// <summary>
/// A network of a .snn file compiled in memory, built from a seed with its default parameters and,
/// when given, a weight file loaded: what <c>nir export</c> and <c>chip</c> describe. Disposing it
/// unloads the compiled simulator.
/// </summary>
internal sealed class BuiltNetwork : IDisposable
{
    private readonly LoadedNetworks _loaded;

    private BuiltNetwork(LoadedNetworks loaded, INetwork network)
    {
        _loaded = loaded;
        Network = network;
    }

    public INetwork Network { get; }

    /// <summary>The built network, or null with the reason on <paramref name="stderr"/> and the exit code.</summary>
    /// <param name="purpose">Names the in-memory assembly ("Nir", "Chip").</param>
    public static BuiltNetwork? Build(string file, string? networkName, string purpose, ulong seed, string? weightsPath, TextWriter stderr, out int exitCode)
    {
        var networks = GeneratedNetworks.Generate(file, stderr, out exitCode);
        if (networks is null)
        {
            return null;
        }
        var selected = GeneratedNetworks.Select(networks, networkName, file, stderr);
        if (selected is null)
        {
            exitCode = CliApp.UsageError;
            return null;
        }

        var loaded = InMemoryCompiler.Compile($"SpikeLang.{purpose}.{selected.FullName}", [selected.Source], InMemoryCompiler.DefaultCacheDirectory(), out var csharpErrors);
        var factory = loaded?.Factory(selected.Name);
        if (loaded is null || factory is null)
        {
            loaded?.Dispose();
            stderr.WriteLine($"spikelang: internal error: the C# generated for network '{selected.Name}' does not compile: {string.Join("; ", csharpErrors.Take(3))}");
            exitCode = CliApp.InternalError;
            return null;
        }

        INetwork network;
        try
        {
            network = factory.Create(seed);
        }
        catch (ArgumentException ex)
        {
            loaded.Dispose();
            stderr.WriteLine($"spikelang: error: {file}: network '{factory.NetworkName}' cannot be built: {ex.Message}");
            exitCode = CliApp.SnnErrors;
            return null;
        }
        if (weightsPath is not null)
        {
            try
            {
                network.SetWeights(WeightFile.Load(weightsPath));
            }
            catch (Exception ex) when (ex is WeightMismatchException or InvalidDataException or IOException or UnauthorizedAccessException)
            {
                loaded.Dispose();
                stderr.WriteLine($"spikelang: error: --weights {weightsPath}: {ex.Message}");
                exitCode = CliApp.UsageError;
                return null;
            }
        }
        exitCode = 0;
        return new BuiltNetwork(loaded, network);
    }

    public void Dispose() => _loaded.Dispose();
}
