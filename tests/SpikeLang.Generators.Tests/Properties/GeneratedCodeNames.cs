using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using CsCheck;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace SpikeLang.Generators.Tests.Properties;

/// <summary>
/// The names generated C# reaches outside itself by a simple name: framework and runtime types (<c>Math</c>,
/// <c>RandomStream</c>), namespaces (<c>System</c>), the <c>Real</c> alias and contextual keywords that a type of
/// that name would change (<c>var</c>, <c>nameof</c>). A .snn name that becomes a C# type, namespace or member of one
/// of these names hides what the generated code means by it, so the compiler must refuse it.
/// </summary>
internal static class GeneratedCodeNames
{
    private static readonly string[] Contextual = { "var", "nameof", "dynamic", "unmanaged", "notnull" };

    /// <summary>
    /// The C# of every example's snapshot, of the simulation tests' networks (which use every construct of the
    /// language, the newest included) and of the first <paramref name="programs"/> check-clean programs the property
    /// test draws from its default seed.
    /// </summary>
    public static IReadOnlyList<(string Path, string Text)> Samples(int programs)
    {
        var samples = new List<(string, string)>();
        string snapshots = Path.Combine(TestHelpers.RepositoryRoot, "tests", "SpikeLang.Generators.Tests", "Snapshots");
        foreach (string file in Directory.GetFiles(snapshots, "*.verified.cs").OrderBy(f => f, StringComparer.Ordinal))
        {
            samples.Add((Path.GetFileName(file), File.ReadAllText(file)));
        }
        // One compilation, as their project builds them: they refer to each other's models.
        string networks = Path.Combine(TestHelpers.RepositoryRoot, "tests", "SpikeLang.Simulation.Tests", "Networks");
        var files = Directory.GetFiles(networks, "*.snn").OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => new Compiler.Text.SourceText(f, File.ReadAllText(f))).ToList(); // full paths: the data files they read are found beside them
        var simulation = Compiler.SnnCompiler.Compile(files);
        Assert.False(simulation.HasErrors, string.Join("\n", simulation.Diagnostics.Where(d => d.IsError)));
        samples.AddRange(simulation.Networks.Select(Compiler.SnnCompiler.Emit).Select(g => ($"Simulation/{g.HintName}", g.Text)));
        var pcg = PCG.Parse(CheckCleanProgramsTests.DefaultSeed);
        for (int drawn = 0, clean = 0; clean < programs && drawn < 20 * programs; drawn++)
        {
            var program = ProgramGenerator.Program.Generate(pcg, null, out _);
            var outcome = GeneratedNetworks.CheckAndGenerate(program.ToSnn($"P{drawn}"), drawn);
            if (outcome.Program is not { } generated)
            {
                continue;
            }
            clean++;
            samples.AddRange(generated.Sources.Select(s => ($"P{drawn}/{s.HintName}", s.Text)));
        }
        return samples;
    }

    /// <summary>Every simple name in <paramref name="sources"/> that binds to something the sources do not declare.</summary>
    public static SortedSet<string> Outside(IReadOnlyList<(string Path, string Text)> sources)
    {
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, TestHelpers.ParseOptions, path: s.Path, encoding: Encoding.UTF8)).ToList();
        var compilation = CSharpCompilation.Create("GeneratedCodeNames", trees, TestHelpers.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                if (IsQualified(node))
                {
                    continue;
                }
                string text = node.Identifier.ValueText;
                if (Contextual.Contains(text))
                {
                    names.Add(text);
                    continue;
                }
                if (model.GetAliasInfo(node) is { } alias)
                {
                    names.Add(alias.Name);
                    continue;
                }
                var symbol = model.GetSymbolInfo(node).Symbol;
                if (symbol is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor && node.Parent is AttributeSyntax)
                {
                    // [MethodImpl(...)] finds MethodImpl or MethodImplAttribute.
                    symbol = constructor.ContainingType;
                    if (!symbol.Locations.Any(l => l.IsInSource))
                    {
                        names.Add(text);
                    }
                }
                if (symbol is INamespaceOrTypeSymbol && !symbol.Locations.Any(l => l.IsInSource))
                {
                    names.Add(text);
                }
            }
        }
        return names;
    }

    /// <summary>
    /// Every simple name inside a nested class (a population's or connection's) that binds to a member of an enclosing
    /// class (the network's <c>Dt</c>): a member of the nested class of that name, made from a state variable or a
    /// parameter, would hide it.
    /// </summary>
    public static SortedSet<string> FromEnclosing(IReadOnlyList<(string Path, string Text)> sources)
    {
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, TestHelpers.ParseOptions, path: s.Path, encoding: Encoding.UTF8)).ToList();
        var compilation = CSharpCompilation.Create("GeneratedCodeNames", trees, TestHelpers.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (IsQualified(node) || node.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault() is not { } type
                    || model.GetDeclaredSymbol(type) is not { ContainingType: not null } nested)
                {
                    continue;
                }
                if (model.GetSymbolInfo(node).Symbol is { ContainingType: { } owner } symbol && symbol is not INamespaceOrTypeSymbol
                    && !SymbolEqualityComparer.Default.Equals(owner, nested) && Enclosing(nested).Contains(owner, SymbolEqualityComparer.Default))
                {
                    names.Add(node.Identifier.ValueText);
                }
            }
        }
        return names;

        static IEnumerable<INamedTypeSymbol> Enclosing(INamedTypeSymbol type)
        {
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                yield return outer;
            }
        }
    }

    /// <summary>The right side of a member access or qualified name is looked up in its left side, not in scope.</summary>
    private static bool IsQualified(SimpleNameSyntax node) => node.Parent switch
    {
        MemberAccessExpressionSyntax access => access.Name == node,
        QualifiedNameSyntax qualified => qualified.Right == node,
        AliasQualifiedNameSyntax aliased => aliased.Name == node,
        MemberBindingExpressionSyntax => true,
        _ => false,
    };
}

/// <summary>
/// Every name generated C# takes from outside itself (<see cref="GeneratedCodeNames"/>) is refused, with a located
/// error, wherever a .snn file could give it to a generated namespace, class or member: otherwise that program checks
/// clean and its C# does not compile (a network called Propagator, a population called Math, a namespace ending in Real).
/// </summary>
public class GeneratedCodeNamesTests
{
    private static readonly Lazy<IReadOnlyList<(string Path, string Text)>> Sample = new(() => GeneratedCodeNames.Samples(150));

    private static readonly Lazy<SortedSet<string>> Names = new(() => GeneratedCodeNames.Outside(Sample.Value));

    private static readonly Lazy<SortedSet<string>> EnclosingNames = new(() => GeneratedCodeNames.FromEnclosing(Sample.Value));

    [Fact]
    public void Names_of_the_network_class_that_nested_classes_use_are_refused_as_variable_names()
    {
        Assert.Contains("Dt", EnclosingNames.Value);
        var problems = new List<string>();
        foreach (string name in EnclosingNames.Value)
        {
            var programs = new (string Where, string Snn)[]
            {
                ("state variable", $"neuron N {{\n    state {{ {name} = 0 }}\n    equations {{ d{name}/dt = -{name} / ms }}\n    threshold {name} > 1\n}}\nnetwork Net {{ population p = N[2] }}\n"),
                ("parameter", $"neuron N {{\n    parameters {{ {name} = 1 }}\n    state {{ v = 0 }}\n    equations {{ dv/dt = ({name} - v) / ms }}\n    threshold v > 1\n}}\nnetwork Net {{ population p = N[2] }}\n"),
                ("synapse variable", $"synapse S {{\n    state {{ w = 1; {name} = 0 }}\n    equations {{ d{name}/dt = -{name} / ms }}\n    on pre {{ input += w }}\n}}\nnetwork Net {{\n    population p = Lif[2]\n    connect p -> p synapse S\n}}\n"),
            };
            problems.AddRange(NotRefusedInPlace(name, programs));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_sample_of_generated_code_reaches_the_runtime_and_the_framework()
    {
        // The walk finds what it must: were it to find nothing, the test below would pass vacuously.
        Assert.Superset(new SortedSet<string> { "Math", "Real", "RandomStream", "SpikeMonitor", "System", "Vector256", "var" }, Names.Value);
    }

    [Fact]
    public void Every_name_generated_code_takes_from_outside_is_refused_where_a_program_could_declare_it()
    {
        var problems = new List<string>();
        foreach (string name in Names.Value)
        {
            var programs = new (string Where, string Snn)[]
            {
                ("network", $"network {name} {{ population p = Lif[2] }}\n"),
                ("namespace part", $"namespace Models.{name}\nnetwork Net {{ population p = Lif[2] }}\n"),
                ("population", $"network Net {{ population {name} = Lif[2] }}\n"),
                ("network parameter", $"network Net {{\n    parameters {{ {name} = 2 }}\n    population p = Lif[{name}]\n}}\n"),
                ("state variable", $"neuron N {{\n    state {{ {name} = 0 }}\n    equations {{ d{name}/dt = -{name} / ms }}\n    threshold {name} > 1\n}}\nnetwork Net {{ population p = N[2] }}\n"),
                ("parameter", $"neuron N {{\n    parameters {{ {name} = 1 }}\n    state {{ v = 0 }}\n    equations {{ dv/dt = ({name} - v) / ms }}\n    threshold v > 1\n}}\nnetwork Net {{ population p = N[2] }}\n"),
            };
            problems.AddRange(NotRefusedInPlace(name, programs));
        }
        Assert.True(problems.Count == 0, $"{problems.Count} programs that name something generated C# needs are not refused in place:\n\n{string.Join("\n", problems)}");
    }

    /// <summary>The programs that use <paramref name="name"/> and check clean, or are refused elsewhere than at the name or for something else.</summary>
    private static IEnumerable<string> NotRefusedInPlace(string name, IEnumerable<(string Where, string Snn)> programs)
    {
        foreach (var (where, snn) in programs)
        {
            var outcome = GeneratedNetworks.CheckAndGenerate(snn, 0);
            if (outcome.ChecksClean)
            {
                yield return $"{name} as a {where} checks clean:\n{snn}";
            }
            else if (outcome.CheckErrors.FirstOrDefault(d => d.FilePath != GeneratedNetworks.SnnPath || d.Span.End > snn.Length) is { } outside)
            {
                yield return $"{name} as a {where} is refused outside the program: {outside}";
            }
            else if (!outcome.CheckErrors.Any(d => d.Message.Contains(name, StringComparison.Ordinal)))
            {
                yield return $"{name} as a {where} is refused for something else: {string.Join("; ", outcome.CheckErrors)}";
            }
        }
    }
}
