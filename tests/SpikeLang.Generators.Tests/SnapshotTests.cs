using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace SpikeLang.Generators.Tests;

/// <summary>
/// The generated C# of every example that compiles clean is kept in Snapshots/&lt;HintName&gt;.verified.cs,
/// and must compile against SpikeLang.Runtime. On a difference the test writes &lt;HintName&gt;.received.cs
/// beside it; accept a change by copying received over verified, or by running the tests with
/// SPIKELANG_ACCEPT_SNAPSHOTS=1, which overwrites the verified files.
/// </summary>
public class SnapshotTests
{
    private const string AcceptVariable = "SPIKELANG_ACCEPT_SNAPSHOTS";

    private readonly ITestOutputHelper _output;

    public SnapshotTests(ITestOutputHelper output) => _output = output;

    private static string SnapshotDirectory => Path.Combine(TestHelpers.RepositoryRoot, "tests", "SpikeLang.Generators.Tests", "Snapshots");

    private static bool Accepting => Environment.GetEnvironmentVariable(AcceptVariable) is "1" or "true";

    /// <summary>Example files, repository-relative with '/' so generated text and diagnostics do not depend on the checkout.</summary>
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var path in ExamplePaths())
        {
            data.Add(path);
        }
        return data;
    }

    private static IEnumerable<string> ExamplePaths() =>
        Directory.GetFiles(Path.Combine(TestHelpers.RepositoryRoot, "examples"), "*.snn", SearchOption.AllDirectories)
            .Where(p => !p.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Select(p => Path.GetRelativePath(TestHelpers.RepositoryRoot, p).Replace(Path.DirectorySeparatorChar, '/'))
            .OrderBy(p => p, StringComparer.Ordinal);

    private static GeneratorRunResult Run(string relativePath, out Compilation output)
    {
        string full = Path.Combine(TestHelpers.RepositoryRoot, relativePath);
        // The data files beside the example are additional files too, as a project lists them.
        var dataFiles = Directory.GetFiles(Path.GetDirectoryName(full)!, "*.csv", SearchOption.AllDirectories)
            .Select(f => new InMemoryAdditionalText(Path.GetRelativePath(TestHelpers.RepositoryRoot, f).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllText(f)));
        var driver = TestHelpers.CreateDriver(new[] { new InMemoryAdditionalText(relativePath, File.ReadAllText(full)) }.Concat(dataFiles))
            .RunGeneratorsAndUpdateCompilation(TestHelpers.CreateCompilation(), out output, out _);
        return driver.GetRunResult().Results.Single();
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Generated_code_matches_the_verified_snapshot_and_compiles(string example)
    {
        var result = Run(example, out var output);
        Assert.Null(result.Exception);
        var buildErrors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(buildErrors.Count == 0, $"{example} no longer generates:{Environment.NewLine}{TestHelpers.Format(buildErrors)}");
        Assert.NotEmpty(result.GeneratedSources);

        var mismatches = new List<string>();
        foreach (var source in result.GeneratedSources)
        {
            string? mismatch = Compare(source.HintName, source.SourceText.ToString());
            if (mismatch is not null)
            {
                mismatches.Add(mismatch);
            }
        }

        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0,
            $"The code generated for {example} does not compile ({errors.Count} errors):{Environment.NewLine}{TestHelpers.Format(errors.Take(50))}");
        var warnings = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Warning).ToList();
        if (warnings.Count > 0)
        {
            _output.WriteLine($"Warnings in the code generated for {example}:{Environment.NewLine}{TestHelpers.Format(warnings)}");
        }
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine + Environment.NewLine, mismatches));
    }

    [Fact]
    public void Verified_snapshots_all_have_an_example()
    {
        var hints = new HashSet<string>(StringComparer.Ordinal);
        foreach (var example in ExamplePaths())
        {
            foreach (var source in Run(example, out _).GeneratedSources)
            {
                hints.Add(source.HintName);
            }
        }
        var orphans = Directory.Exists(SnapshotDirectory)
            ? Directory.GetFiles(SnapshotDirectory, "*.verified.cs")
                .Select(Path.GetFileName)
                .Select(f => f!.Substring(0, f!.Length - ".verified.cs".Length))
                .Where(h => !hints.Contains(h))
                .ToList()
            : new List<string>();
        Assert.True(orphans.Count == 0,
            $"These verified snapshots belong to no generated file (an example stopped generating, or was renamed): {string.Join(", ", orphans)}. " +
            "Fix the example or delete the snapshot.");
    }

    /// <summary>Null when equal (or accepted); else a message saying how to accept.</summary>
    private static string? Compare(string hintName, string generated)
    {
        Directory.CreateDirectory(SnapshotDirectory);
        string verified = Path.Combine(SnapshotDirectory, hintName + ".verified.cs");
        string received = Path.Combine(SnapshotDirectory, hintName + ".received.cs");
        string actual = Normalize(generated);
        string? expected = File.Exists(verified) ? Normalize(File.ReadAllText(verified)) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return null;
        }
        if (Accepting)
        {
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return null;
        }
        File.WriteAllText(received, actual);
        string what = expected is null ? "has no verified snapshot yet" : $"differs from the verified snapshot ({FirstDifference(expected, actual)})";
        return $"The generated {hintName} {what}.{Environment.NewLine}" +
               $"  received: {received}{Environment.NewLine}" +
               $"  verified: {verified}{Environment.NewLine}" +
               $"If the change is intended, copy the received file over the verified one, or run the tests with {AcceptVariable}=1 to overwrite the verified files.";
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimStart('\uFEFF');

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (int k = 0; k < Math.Max(e.Length, a.Length); k++)
        {
            string? el = k < e.Length ? e[k] : null;
            string? al = k < a.Length ? a[k] : null;
            if (el != al)
            {
                return $"first at line {k + 1}: verified '{el?.Trim()}', received '{al?.Trim()}'";
            }
        }
        return "whitespace only";
    }
}
