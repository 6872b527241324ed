using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using SpikeLang.Compiler;
using SpikeLang.Compiler.Lowering;
using SpikeLang.Compiler.Text;
using SpikeLang.Runtime;
using SpikeLang.Tests;

namespace SpikeLang.Generators.Tests.Properties;

/// <summary>A .snn program that checked clean and generated C#: what <see cref="GeneratedNetworks.CompileBatch"/> compiles.</summary>
/// <param name="Id">Unique within a batch; the syntax trees of the program are named after it.</param>
/// <param name="Networks">The program's networks, by <see cref="GeneratedNetworks.NetworkKey"/>.</param>
internal sealed record GeneratedProgram(int Id, string Snn, IReadOnlyList<GeneratedSource> Sources, IReadOnlyList<string> Networks);

/// <summary>How far a .snn text got: refused by check, a compiler exception, or generated C#.</summary>
/// <param name="Crash">An exception thrown by Compile or Emit, with the stage ("check" or "generate") it came from.</param>
internal sealed record SnnOutcome(
    string Snn,
    IReadOnlyList<Compiler.Diagnostics.Diagnostic> CheckErrors,
    GeneratedProgram? Program,
    (string Stage, Exception Exception)? Crash = null)
{
    /// <summary>Check reported no error (and did not throw).</summary>
    public bool ChecksClean => CheckErrors.Count == 0 && Crash is not { Stage: "check" };
}

/// <summary>The outcome of <see cref="GeneratedNetworks.RunTenSteps"/>: null <see cref="Error"/> when it ran.</summary>
/// <param name="NonFinite">The non-finite state value the network found, if any ("p.v[3] = NaN at step 9").</param>
internal sealed record RunOutcome(Exception? Error, IReadOnlyList<string> NonFinite);

/// <summary>A batch of programs compiled into one assembly (null when none of them compiled), and the C# errors of the others.</summary>
/// <param name="Errors">C# errors per program id; the programs named here are not in <see cref="Image"/>.</param>
internal sealed record CompiledBatch(byte[]? Image, IReadOnlyDictionary<int, IReadOnlyList<string>> Errors);

/// <summary>
/// Takes .snn text through the whole pipeline the way a user's build does: <see cref="SnnCompiler.Compile(SourceText[])"/>
/// (what <c>spikelang check</c> runs), the C# of its plans (<see cref="SnnCompiler.Emit"/>, what
/// <see cref="SnnCompiler.Generate"/> and the source generator emit), Roslyn against SpikeLang.Runtime (many programs in
/// one in-memory compilation, as one compilation per program is too slow), then, in a child process
/// (<see cref="IsolatedRunner"/>), a collectible load context, each network's <see cref="INetworkFactory"/> found
/// through the assembly's <see cref="SpikeLangNetworkAttribute"/>s, and ten steps of each network (<see cref="RunTenSteps"/>).
/// </summary>
internal static class GeneratedNetworks
{
    public const string SnnPath = "program.snn";

    private static readonly CSharpCompilationOptions Options = new(
        OutputKind.DynamicallyLinkedLibrary,
        optimizationLevel: OptimizationLevel.Release,
        deterministic: true,
        // Generated code declares '#nullable enable'; see CompileBatch for why it is turned off.
        nullableContextOptions: NullableContextOptions.Disable);

    private static int _batches;

    /// <summary>
    /// Check, then (when clean) emit the C# of each network's plan, as <see cref="SnnCompiler.Generate"/> does after the
    /// same <see cref="SnnCompiler.Compile(SourceText[])"/>. An exception of the compiler is caught and returned as a
    /// crash of its stage.
    /// </summary>
    public static SnnOutcome CheckAndGenerate(string snn, int id)
    {
        var none = Array.Empty<Compiler.Diagnostics.Diagnostic>();
        var source = new SourceText(SnnPath, snn);
        CompilationResult check;
        try
        {
            check = SnnCompiler.Compile(source);
        }
        catch (Exception e)
        {
            return new SnnOutcome(snn, none, null, ("check", e));
        }
        var checkErrors = check.Diagnostics.Where(d => d.IsError).ToList();
        if (checkErrors.Count > 0)
        {
            return new SnnOutcome(snn, checkErrors, null);
        }
        List<GeneratedSource> sources;
        try
        {
            sources = check.Networks.Select(SnnCompiler.Emit).ToList();
        }
        catch (Exception e)
        {
            return new SnnOutcome(snn, none, null, ("generate", e));
        }
        var networks = check.Networks.Select(NetworkKey).ToList();
        return new SnnOutcome(snn, none, new GeneratedProgram(id, snn, sources, networks));
    }

    /// <summary>How the tests name a network: its namespace and its name in the .snn file ("P7.Net").</summary>
    public static string NetworkKey(NetworkPlan plan) => plan.HintName.Substring(0, plan.HintName.Length - ".g.cs".Length);

    /// <summary>
    /// Compiles the programs into one assembly. A program whose C# does not compile is left out (its errors are
    /// returned) and the others are compiled again without it, so one bad program does not hide the rest.
    /// Nullable analysis is off: it changes warnings only, never the code, and is a sizeable part of the compile time.
    /// </summary>
    public static CompiledBatch CompileBatch(IReadOnlyList<GeneratedProgram> programs)
    {
        var trees = programs.ToDictionary(
            p => p.Id,
            p => p.Sources.Select(s => CSharpSyntaxTree.ParseText(
                s.Text.Replace("#nullable enable", "#nullable disable", StringComparison.Ordinal),
                TestHelpers.ParseOptions, path: $"P{p.Id}/{s.HintName}", encoding: Encoding.UTF8)).ToList());
        var errors = new Dictionary<int, IReadOnlyList<string>>();
        var remaining = programs.Select(p => p.Id).ToList();
        string name = $"SpikeLang.PropertyBatch{Interlocked.Increment(ref _batches)}";
        while (remaining.Count > 0)
        {
            var compilation = CSharpCompilation.Create(name, remaining.SelectMany(id => trees[id]), TestHelpers.References, Options);
            using var image = new MemoryStream();
            EmitResult result = compilation.Emit(image);
            if (result.Success)
            {
                return new CompiledBatch(image.ToArray(), errors);
            }
            var failing = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            var blamed = new HashSet<int>();
            foreach (var d in failing)
            {
                string? path = d.Location.SourceTree?.FilePath;
                int id = path is not null && path.StartsWith('P') && int.TryParse(path.AsSpan(1, path.IndexOf('/') - 1), out int parsed) ? parsed : -1;
                if (id < 0)
                {
                    // Not attributable to one program (should not happen): blame them all.
                    foreach (int each in remaining)
                    {
                        blamed.Add(each);
                        Add(errors, each, d);
                    }
                    continue;
                }
                blamed.Add(id);
                Add(errors, id, d);
            }
            remaining.RemoveAll(blamed.Contains);
        }
        return new CompiledBatch(null, errors);

        static void Add(Dictionary<int, IReadOnlyList<string>> errors, int id, Microsoft.CodeAnalysis.Diagnostic d)
        {
            var list = errors.TryGetValue(id, out var existing) ? (List<string>)existing : new List<string>();
            if (list.Count < 20)
            {
                list.Add(d.ToString());
            }
            errors[id] = list;
        }
    }

    /// <summary>
    /// The networks of a compiled assembly, by <see cref="NetworkKey"/>: every factory its
    /// <see cref="SpikeLangNetworkAttribute"/>s name, the way tools find networks they cannot name.
    /// </summary>
    public static Dictionary<string, INetworkFactory> Factories(Assembly assembly)
    {
        var factories = new Dictionary<string, INetworkFactory>(StringComparer.Ordinal);
        foreach (var attribute in assembly.GetCustomAttributes<SpikeLangNetworkAttribute>())
        {
            var factory = (INetworkFactory)Activator.CreateInstance(attribute.Factory)!;
            string? ns = (attribute.Factory.DeclaringType ?? attribute.Factory).Namespace;
            factories[ns is null ? factory.NetworkName : ns + "." + factory.NetworkName] = factory;
        }
        return factories;
    }

    /// <summary>
    /// Constructs the network through its factory (seed 1, every network parameter at its default), runs 10 steps and
    /// reports the first non-finite state value the network found (<see cref="INetwork.NonFinite"/>). A network that
    /// ranks may share is then run on 2 ranks (<see cref="RankComparison"/>); a difference is reported as an
    /// <see cref="InvalidOperationException"/> that says where.
    /// </summary>
    public static RunOutcome RunTenSteps(INetworkFactory factory)
    {
        RankComparison.Trace alone;
        try
        {
            alone = RankComparison.Trace.Of(factory.Create(1), 10);
        }
        catch (Exception e)
        {
            return new RunOutcome(e, Array.Empty<string>());
        }
        string? difference = RankComparison.OnRanks(r => factory.Create(1, ranks: r), alone, 2, out _);
        return new RunOutcome(difference is null ? null : new InvalidOperationException(difference),
            alone.NonFinite is { } bad ? new[] { bad } : Array.Empty<string>());
    }
}
