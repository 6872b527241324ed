using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using SpikeLang.Compiler;
using SpikeLang.Runtime;

namespace SpikeLang.Cli.Simulation;

/// <summary>
/// Compiles the C# that <see cref="SnnCompiler.Generate"/> emits (the same text the source generator
/// adds to a project) with Roslyn, in memory, and loads it into a collectible load context.
/// </summary>
internal static class InMemoryCompiler
{
    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(CreateReferences);

    /// <summary>The compiled assembly, or null with the C# errors (which would be a bug of the emitter).</summary>
    public static LoadedNetworks? Compile(string assemblyName, IReadOnlyList<GeneratedSource> sources, out IReadOnlyList<string> errors)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = sources
            .Select(s => CSharpSyntaxTree.ParseText(s.Text, parseOptions, path: s.HintName, encoding: Encoding.UTF8))
            .ToList();
        var options = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            optimizationLevel: OptimizationLevel.Release,
            nullableContextOptions: NullableContextOptions.Enable,
            deterministic: true);
        var compilation = CSharpCompilation.Create(assemblyName, trees, References.Value, options);

        using var image = new MemoryStream();
        EmitResult result = compilation.Emit(image, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.Embedded));
        if (!result.Success)
        {
            errors = result.Diagnostics
                .Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error)
                .Select(d => d.ToString())
                .ToList();
            return null;
        }

        errors = Array.Empty<string>();
        image.Position = 0;
        var context = new AssemblyLoadContext($"spikelang run: {assemblyName}", isCollectible: true);
        // Nothing is resolved by the context itself: SpikeLang.Runtime and the framework come from the
        // default context, so the simulator's SpikeMonitor is the tool's SpikeMonitor.
        Assembly assembly = context.LoadFromStream(image);
        return new LoadedNetworks(context, assembly);
    }

    /// <summary>The shared framework's assemblies (from the trusted platform assemblies) and SpikeLang.Runtime.</summary>
    private static IReadOnlyList<MetadataReference> CreateReferences()
    {
        string frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string runtimePath = typeof(SpikeMonitor).Assembly.Location;
        var paths = new List<string>();
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string tpa)
        {
            foreach (string path in tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                // Only the framework: the tool's own dependencies (Roslyn, plotting, ...) are no
                // business of a simulator, and fewer references compile faster.
                if (string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.Ordinal)
                    && path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                {
                    paths.Add(path);
                }
            }
        }
        if (paths.Count == 0)
        {
            // Single-file or unusual hosts: fall back to the framework directory itself.
            paths.AddRange(Directory.EnumerateFiles(frameworkDirectory, "*.dll").Where(IsManagedAssembly));
        }
        paths.Add(runtimePath);

        var references = new List<MetadataReference>(paths.Count);
        foreach (string path in paths.Distinct(StringComparer.Ordinal))
        {
            references.Add(MetadataReference.CreateFromFile(path));
        }
        return references;
    }

    /// <summary>Native libraries sit beside the managed ones in the framework folder on Windows.</summary>
    private static bool IsManagedAssembly(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
            return reader.HasMetadata;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or BadImageFormatException)
        {
            return false;
        }
    }
}

/// <summary>A compiled simulator assembly in its own collectible load context.</summary>
internal sealed class LoadedNetworks : IDisposable
{
    private readonly AssemblyLoadContext _context;

    public LoadedNetworks(AssemblyLoadContext context, Assembly assembly)
    {
        _context = context;
        Assembly = assembly;
    }

    public Assembly Assembly { get; }

    /// <summary>Lets the runtime unload the simulator once nothing refers to its types any more.</summary>
    public void Dispose() => _context.Unload();
}
