using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SpikeLang.Compiler;
using SpikeLang.Compiler.Lowering;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Cli.Commands;

/// <summary>One network of a .snn file, its plan and the C# file the compiler emits for it.</summary>
internal sealed record GeneratedNetwork(string Name, string FullName, GeneratedSource Source, NetworkPlan Plan);

/// <summary>
/// A .snn file through <see cref="SnnCompiler.Compile(SourceText[])"/> and <see cref="SnnCompiler.Emit"/> (exactly what the
/// source generator adds to a project), shared by <c>run</c> and <c>emit</c>.
/// </summary>
internal static class GeneratedNetworks
{
    private const string HintSuffix = ".g.cs";

    /// <summary>
    /// Reads and compiles <paramref name="file"/>. Returns the networks, or null with the exit code:
    /// 2 when the file cannot be read, 1 when it has errors (diagnostics written to <paramref name="stderr"/>).
    /// Warnings are written to <paramref name="stderr"/> too.
    /// </summary>
    public static IReadOnlyList<GeneratedNetwork>? Generate(string file, TextWriter stderr, out int exitCode)
    {
        exitCode = 0;
        SourceText? source = SnnSources.ReadSingle(file, stderr);
        if (source is null)
        {
            exitCode = CliApp.UsageError;
            return null;
        }

        CompilationResult result = SnnCompiler.Compile(source);
        if (SnnSources.Report(result.Diagnostics, stderr) || result.HasErrors)
        {
            int errors = SnnSources.Reportable(result.Diagnostics).Count(d => d.IsError);
            stderr.WriteLine($"spikelang: {file}: {(errors == 1 ? "1 error" : $"{errors} errors")}, nothing generated");
            exitCode = CliApp.SnnErrors;
            return null;
        }

        return result.Networks
            .Select(plan =>
            {
                var s = SnnCompiler.Emit(plan);
                // Hint names are "<namespace>.<Network>.g.cs", or "<Network>.g.cs" without a namespace.
                string fullName = s.HintName.EndsWith(HintSuffix, StringComparison.Ordinal) ? s.HintName[..^HintSuffix.Length] : s.HintName;
                string name = fullName[(fullName.LastIndexOf('.') + 1)..];
                return new GeneratedNetwork(name, fullName, s, plan);
            })
            .ToList();
    }

    /// <summary>
    /// The network <paramref name="requested"/> names (short or namespace-qualified), or the only one when
    /// none is named. Null, with the reason on <paramref name="stderr"/>, when there is no such network,
    /// no network at all, or several and none named.
    /// </summary>
    public static GeneratedNetwork? Select(IReadOnlyList<GeneratedNetwork> networks, string? requested, string file, TextWriter stderr)
    {
        if (networks.Count == 0)
        {
            stderr.WriteLine($"spikelang: error: {file} declares no network, so there is nothing to run");
            return null;
        }

        if (requested is null)
        {
            if (networks.Count == 1)
            {
                return networks[0];
            }
            stderr.WriteLine($"spikelang: error: {file} declares {networks.Count} networks; choose one with --network: {List(networks)}");
            return null;
        }

        var match = networks.FirstOrDefault(n => n.Name == requested || n.FullName == requested);
        if (match is null)
        {
            stderr.WriteLine($"spikelang: error: {file} has no network '{requested}'; its networks: {List(networks)}");
        }
        return match;
    }

    private static string List(IReadOnlyList<GeneratedNetwork> networks) => string.Join(", ", networks.Select(n => n.Name));
}
