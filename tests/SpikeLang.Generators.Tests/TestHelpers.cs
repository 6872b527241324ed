using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace SpikeLang.Generators.Tests;

/// <summary>An in-memory .snn (or any) additional file.</summary>
internal sealed class InMemoryAdditionalText : AdditionalText
{
    private readonly SourceText _text;

    public InMemoryAdditionalText(string path, string text)
    {
        Path = path;
        _text = SourceText.From(text);
    }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

internal static class TestHelpers
{
    /// <summary>
    /// The running runtime's assemblies plus SpikeLang.Runtime: what generated code compiles against.
    /// Built from the trusted platform assemblies so no reference-assembly package has to be downloaded.
    /// </summary>
    public static ImmutableArray<MetadataReference> References { get; } = BuildReferences();

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "SpikeLangGeneratorTest",
            sources.Select((s, k) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Test{k}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> additionalTexts, bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            new[] { new SnnGenerator().AsSourceGenerator() },
            additionalTexts,
            ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>The repository root (the folder holding SpikeLang.sln).</summary>
    /// <summary>An empty assembly named SpikeLang.Gpu: the generator emits GPU code for projects that reference one of that name.</summary>
    private static readonly MetadataReference GpuAssembly =
        CSharpCompilation.Create("SpikeLang.Gpu", options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)).ToMetadataReference();

    /// <summary>Runs the generator on one file, /project/Net.snn, in a project that references SpikeLang.Gpu or not.</summary>
    public static GeneratorRunResult RunOnNetFile(string snn, bool referencesGpu, out GeneratorDriver driver, out Compilation compilation)
    {
        compilation = CreateCompilation("public static class A { }");
        if (referencesGpu)
        {
            compilation = compilation.AddReferences(GpuAssembly);
        }
        driver = CreateDriver(new AdditionalText[] { new InMemoryAdditionalText("/project/Net.snn", snn) }, trackSteps: true).RunGenerators(compilation);
        return driver.GetRunResult().Results.Single();
    }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Format(IEnumerable<Diagnostic> diagnostics) =>
        string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString()));

    private static ImmutableArray<MetadataReference> BuildReferences()
    {
        var paths = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => System.IO.Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal)
                        || System.IO.Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .ToList();
        paths.Add(typeof(SpikeLang.Runtime.Csr).Assembly.Location);
        return paths.Distinct(StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }

    private static string FindRepositoryRoot()
    {
        var candidates = new List<string?>
        {
            typeof(TestHelpers).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "SpikeLangRepositoryRoot")?.Value,
            AppContext.BaseDirectory,
            Directory.GetCurrentDirectory(),
        };
        foreach (var start in candidates.Where(c => !string.IsNullOrEmpty(c)))
        {
            for (var dir = new DirectoryInfo(start!); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "SpikeLang.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException("SpikeLang.sln not found above " + string.Join(", ", candidates));
    }
}
