using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
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
    /// <summary>
    /// The framework assemblies generated simulators use. Compiling against these few instead of the
    /// whole framework saves a few hundred milliseconds of start-up; should generated code ever need
    /// another, the compile is repeated against the whole framework (<see cref="AllReferences"/>).
    /// </summary>
    private static readonly string[] CommonFrameworkAssemblies =
    [
        "System.Private.CoreLib", "System.Runtime", "System.Collections", "System.Memory",
        "System.Runtime.Intrinsics", "System.Numerics.Vectors", "System.Runtime.InteropServices",
        "System.Linq", "System.Console", "System.Threading",
    ];

    private static readonly Lazy<IReadOnlyList<MetadataReference>> CommonReferences = new(() => CreateReferences(CommonFrameworkAssemblies));

    private static readonly Lazy<IReadOnlyList<MetadataReference>> AllReferences = new(() => CreateReferences(null));

    /// <summary>What a GPU simulator compiles against besides: SpikeLang.Gpu and ILGPU, loaded by the tool itself.</summary>
    private static readonly Lazy<IReadOnlyList<MetadataReference>> GpuReferences = new(() =>
        new[] { typeof(SpikeLang.Gpu.GpuDevice).Assembly.Location, typeof(ILGPU.Context).Assembly.Location }
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToList());

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        optimizationLevel: OptimizationLevel.Release,
        deterministic: true);

    /// <summary>
    /// Compiles a small class like the generated ones, so that Roslyn's code is loaded and JIT-compiled
    /// (it ships without ready-to-run code) on another core while the .snn file is compiled.
    /// </summary>
    public static void WarmUp(CancellationToken cancellationToken)
    {
        const string Sample = """
            using System;
            using System.Runtime.CompilerServices;
            using System.Runtime.InteropServices;
            using System.Runtime.Intrinsics;
            using SpikeLang.Runtime;
            using Real = float;
            namespace Warm;
            public sealed class Net
            {
                public const double Dt = 0.0001;
                private readonly Real[] _v = new Real[8];
                public SpikeMonitor Monitor { get; } = new SpikeMonitor(8);
                public Span<Real> v => _v;
                public void Step(long step)
                {
                    ref Real r = ref MemoryMarshal.GetArrayDataReference(_v);
                    int i = 0;
                    if (Vector256.IsHardwareAccelerated)
                    {
                        var c = Vector256.Create((Real)0.5f);
                        for (; i <= _v.Length - Vector256<Real>.Count; i += Vector256<Real>.Count)
                        {
                            (Vector256.LoadUnsafe(ref r, (nuint)i) * c).StoreUnsafe(ref r, (nuint)i);
                        }
                    }
                    for (; i < _v.Length; i++) Unsafe.Add(ref r, i) *= (Real)Math.Exp(-Dt);
                    Monitor.Record(step, ReadOnlySpan<int>.Empty);
                }
            }
            """;
        try
        {
            var compilation = CSharpCompilation.Create("SpikeLang.WarmUp", [CSharpSyntaxTree.ParseText(Sample, ParseOptions, cancellationToken: cancellationToken)], CommonReferences.Value, CompilationOptions);
            using var image = new MemoryStream();
            compilation.Emit(image, cancellationToken: cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Not needed after all.
        }
    }

    /// <summary>
    /// The compiled assembly, or null with the C# errors (which would be a bug of the emitter). With a
    /// <paramref name="cacheDirectory"/>, an assembly compiled before from the same C#, against the same
    /// runtime library, framework and Roslyn, is loaded from there instead of compiled again.
    /// </summary>
    /// <param name="gpu">True when the sources include a GPU simulator, which needs SpikeLang.Gpu and ILGPU.</param>
    public static LoadedNetworks? Compile(string assemblyName, IReadOnlyList<GeneratedSource> sources, string? cacheDirectory, out IReadOnlyList<string> errors, bool gpu = false)
    {
        errors = Array.Empty<string>();
        string? cached = cacheDirectory is null ? null : Path.Combine(cacheDirectory, CacheKey(assemblyName, sources, gpu) + ".dll");
        if (cached is not null && TryReadCached(cached) is { } bytes)
        {
            return Load(assemblyName, bytes, fromCache: true);
        }

        var trees = sources
            // Nullable annotations change warnings and metadata attributes only, never the code; their
            // flow analysis is a sizeable part of compiling a simulator, and nobody reads the warnings here.
            .Select(s => CSharpSyntaxTree.ParseText(s.Text.Replace("#nullable enable", "#nullable disable", StringComparison.Ordinal), ParseOptions, path: s.HintName, encoding: Encoding.UTF8))
            .ToList();

        using var image = new MemoryStream();
        IEnumerable<MetadataReference> With(IReadOnlyList<MetadataReference> framework) => gpu ? framework.Concat(GpuReferences.Value) : framework;
        EmitResult result = CSharpCompilation.Create(assemblyName, trees, With(CommonReferences.Value), CompilationOptions).Emit(image);
        if (!result.Success)
        {
            // Perhaps a framework assembly outside the common set: try again with all of them.
            image.SetLength(0);
            result = CSharpCompilation.Create(assemblyName, trees, With(AllReferences.Value), CompilationOptions).Emit(image);
        }
        if (!result.Success)
        {
            errors = result.Diagnostics
                .Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error)
                .Select(d => d.ToString())
                .ToList();
            return null;
        }

        byte[] compiled = image.ToArray();
        if (cached is not null)
        {
            TryWriteCached(cached, compiled);
        }
        return Load(assemblyName, compiled, fromCache: false);
    }

    private static LoadedNetworks Load(string assemblyName, byte[] image, bool fromCache)
    {
        var context = new AssemblyLoadContext($"spikelang run: {assemblyName}", isCollectible: true);
        // Nothing is resolved by the context itself: SpikeLang.Runtime and the framework come from the
        // default context, so the simulator's SpikeMonitor is the tool's SpikeMonitor.
        using var stream = new MemoryStream(image, writable: false);
        return new LoadedNetworks(context, context.LoadFromStream(stream), fromCache);
    }

    /// <summary>
    /// The cache folder: <c>$SPIKELANG_CACHE</c> when set, else <c>spikelang/run</c> under
    /// <c>$XDG_CACHE_HOME</c>, <c>~/.cache</c> (Unix) or the local application data folder (Windows).
    /// </summary>
    public static string DefaultCacheDirectory()
    {
        if (Environment.GetEnvironmentVariable("SPIKELANG_CACHE") is { Length: > 0 } explicitDirectory)
        {
            return explicitDirectory;
        }
        string root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : OperatingSystem.IsWindows()
                ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "spikelang", "run");
    }

    /// <summary>Everything the compiled bytes depend on: the C#, the runtime libraries, the framework and Roslyn.</summary>
    private static string CacheKey(string assemblyName, IReadOnlyList<GeneratedSource> sources, bool gpu)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(text));
            hash.AppendData([0]);
        }
        Add(assemblyName);
        Add(typeof(SpikeMonitor).Assembly.ManifestModule.ModuleVersionId.ToString());
        if (gpu)
        {
            Add(typeof(SpikeLang.Gpu.GpuDevice).Assembly.ManifestModule.ModuleVersionId.ToString());
        }
        Add(typeof(CSharpCompilation).Assembly.ManifestModule.ModuleVersionId.ToString());
        Add(System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
        foreach (var source in sources)
        {
            Add(source.HintName);
            Add(source.Text);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static byte[]? TryReadCached(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }
            byte[] bytes = File.ReadAllBytes(path);
            // Recently used entries survive the trimming below.
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
            return bytes;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Best effort: a cache that cannot be written only costs the next run a compile.</summary>
    private static void TryWriteCached(string path, byte[] bytes)
    {
        const int MaxEntries = 64;
        try
        {
            string directory = Path.GetDirectoryName(path)!;
            Directory.CreateDirectory(directory);
            AtomicFile.WriteBytes(path, bytes);
            var entries = new DirectoryInfo(directory).GetFiles("*.dll");
            foreach (var stale in entries.OrderByDescending(f => f.LastWriteTimeUtc).Skip(MaxEntries))
            {
                stale.Delete();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // Ignored on purpose.
        }
    }

    /// <summary>
    /// The shared framework's assemblies (from the trusted platform assemblies), all or those named in
    /// <paramref name="only"/>, and SpikeLang.Runtime.
    /// </summary>
    private static IReadOnlyList<MetadataReference> CreateReferences(string[]? only)
    {
        string frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
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
        if (only is not null)
        {
            paths = paths.Where(p => only.Contains(Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase)).ToList();
        }
        paths.Add(typeof(SpikeMonitor).Assembly.Location);

        return paths
            .Distinct(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList();
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

    public LoadedNetworks(AssemblyLoadContext context, Assembly assembly, bool fromCache)
    {
        _context = context;
        Assembly = assembly;
        FromCache = fromCache;
    }

    public Assembly Assembly { get; }

    /// <summary>Whether the assembly came from the cache rather than from Roslyn.</summary>
    public bool FromCache { get; }

    /// <summary>The factory of the network named <paramref name="name"/>, found through the assembly's <see cref="SpikeLangNetworkAttribute"/>s; null when there is none.</summary>
    public INetworkFactory? Factory(string name) => Assembly.GetCustomAttributes<SpikeLangNetworkAttribute>()
        .Select(a => (INetworkFactory)Activator.CreateInstance(a.Factory)!)
        .FirstOrDefault(f => f.NetworkName == name);

    /// <summary>Lets the runtime unload the simulator once nothing refers to its types any more.</summary>
    public void Dispose() => _context.Unload();
}
