using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using SpikeLang.Compiler;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Generators.Tests.Properties;

/// <summary>A .snn program that checked clean and generated C#: what <see cref="GeneratedNetworks.CompileBatch"/> compiles.</summary>
/// <param name="Id">Unique within a batch; the syntax trees of the program are named after it.</param>
/// <param name="NetworkTypes">Full C# names of the generated network classes (namespace.Name).</param>
internal sealed record GeneratedProgram(int Id, string Snn, IReadOnlyList<GeneratedSource> Sources, IReadOnlyList<string> NetworkTypes);

/// <summary>How far a .snn text got: refused by check, refused by Generate, a compiler exception, or generated C#.</summary>
/// <param name="Crash">An exception thrown by Compile or Generate, with the stage ("check" or "generate") it came from.</param>
internal sealed record SnnOutcome(
    string Snn,
    IReadOnlyList<Compiler.Diagnostics.Diagnostic> CheckErrors,
    IReadOnlyList<Compiler.Diagnostics.Diagnostic> GenerateErrors,
    GeneratedProgram? Program,
    (string Stage, Exception Exception)? Crash = null)
{
    /// <summary>Check reported no error (and did not throw).</summary>
    public bool ChecksClean => CheckErrors.Count == 0 && Crash is not { Stage: "check" };
}

/// <summary>The outcome of <see cref="GeneratedNetworks.RunTenSteps"/>: null <see cref="Error"/> when it ran.</summary>
/// <param name="NonFinite">State spans ("P.v", "P_to_Q.w") holding NaN or an infinity after the run.</param>
internal sealed record RunOutcome(Exception? Error, IReadOnlyList<string> NonFinite);

/// <summary>A batch of programs compiled into one assembly (null when none of them compiled), and the C# errors of the others.</summary>
/// <param name="Errors">C# errors per program id; the programs named here are not in <see cref="Image"/>.</param>
internal sealed record CompiledBatch(byte[]? Image, IReadOnlyDictionary<int, IReadOnlyList<string>> Errors);

/// <summary>
/// Takes .snn text through the whole pipeline the way a user's build does: <see cref="SnnCompiler.Compile(SourceText[])"/>
/// (what <c>spikelang check</c> runs), <see cref="SnnCompiler.Generate"/>, Roslyn against SpikeLang.Runtime (many
/// programs in one in-memory compilation, as one compilation per program is too slow), then, in a child process
/// (<see cref="IsolatedRunner"/>), a collectible load context and ten steps of each network (<see cref="RunTenSteps"/>).
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

    /// <summary>Check, then (when clean) generate. An exception of the compiler is caught and returned as a crash of its stage.</summary>
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
            return new SnnOutcome(snn, none, none, null, ("check", e));
        }
        var checkErrors = check.Diagnostics.Where(d => d.IsError).ToList();
        if (checkErrors.Count > 0)
        {
            return new SnnOutcome(snn, checkErrors, none, null);
        }
        GenerationResult generation;
        try
        {
            generation = SnnCompiler.Generate(new[] { source });
        }
        catch (Exception e)
        {
            return new SnnOutcome(snn, none, none, null, ("generate", e));
        }
        var generateErrors = generation.Diagnostics.Where(d => d.IsError).ToList();
        if (generateErrors.Count > 0)
        {
            return new SnnOutcome(snn, none, generateErrors, null);
        }
        var networks = check.Model.Networks.Select(n => n.Namespace is null ? n.Name : n.Namespace + "." + n.Name).ToList();
        return new SnnOutcome(snn, none, none, new GeneratedProgram(id, snn, generation.Sources.ToList(), networks));
    }

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
    /// Constructs the network (seed 1, every network parameter at its default), runs 10 steps and reports every
    /// public state span (population and connection state) holding NaN or an infinity. The one place that knows how
    /// a generated network is constructed and run; it will use the runtime's network interface once there is one.
    /// </summary>
    public static RunOutcome RunTenSteps(Type networkType)
    {
        object network;
        try
        {
            var constructor = networkType.GetConstructors().Single(c => c.GetParameters().FirstOrDefault()?.ParameterType == typeof(ulong));
            var arguments = constructor.GetParameters().Select((p, k) => k == 0 ? (object?)1UL : null).ToArray();
            network = constructor.Invoke(arguments);
            networkType.GetMethod("Run", new[] { typeof(long) })!.Invoke(network, new object[] { 10L });
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            return new RunOutcome(e.InnerException, Array.Empty<string>());
        }
        return new RunOutcome(null, NonFiniteState(network));
    }

    /// <summary>Every public <c>Span&lt;float&gt;</c> / <c>Span&lt;double&gt;</c> of the network's populations and connections with a NaN or infinity.</summary>
    private static List<string> NonFiniteState(object network)
    {
        var found = new List<string>();
        foreach (var member in network.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (member.PropertyType.IsValueType || member.PropertyType.DeclaringType != network.GetType() || member.GetIndexParameters().Length > 0)
            {
                continue;
            }
            object? owner = member.GetValue(network);
            if (owner is null)
            {
                continue;
            }
            foreach (var span in owner.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                bool single = span.PropertyType == typeof(Span<float>);
                if (!single && span.PropertyType != typeof(Span<double>))
                {
                    continue;
                }
                var scan = (single ? ScanSingleMethod : ScanDoubleMethod).MakeGenericMethod(owner.GetType());
                var getter = span.GetMethod!.CreateDelegate(typeof(Func<,>).MakeGenericType(owner.GetType(), span.PropertyType));
                int count = (int)scan.Invoke(null, new[] { getter, owner })!;
                if (count > 0)
                {
                    found.Add($"{member.Name}.{span.Name} ({count} non-finite)");
                }
            }
        }
        return found;
    }

    private static readonly MethodInfo ScanSingleMethod = typeof(GeneratedNetworks).GetMethod(nameof(ScanSingle), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo ScanDoubleMethod = typeof(GeneratedNetworks).GetMethod(nameof(ScanDouble), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static int ScanSingle<TOwner>(Func<TOwner, Span<float>> getter, object owner)
    {
        int count = 0;
        foreach (float x in getter((TOwner)owner))
        {
            count += float.IsFinite(x) ? 0 : 1;
        }
        return count;
    }

    private static int ScanDouble<TOwner>(Func<TOwner, Span<double>> getter, object owner)
    {
        int count = 0;
        foreach (double x in getter((TOwner)owner))
        {
            count += double.IsFinite(x) ? 0 : 1;
        }
        return count;
    }
}
