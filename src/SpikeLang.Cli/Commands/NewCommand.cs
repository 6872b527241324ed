using SpikeLang.Runtime;
using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp;
using SpikeLang.Cli.Output;
using SpikeLang.Compiler;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Cli.Commands;

/// <summary>
/// <c>spikelang new NAME</c>: a console project with one .snn file and the generator wired in, ready for
/// <c>dotnet run</c>. Inside a SpikeLang checkout it uses project references to the checkout, elsewhere
/// package references at the tool's own version.
/// </summary>
public static partial class NewCommand
{
    private const string SolutionFile = "SpikeLang.sln";
    private const string GeneratorProject = "generators/SpikeLang.Generators/SpikeLang.Generators.csproj";
    private const string GeneratorProps = "generators/SpikeLang.Generators/buildTransitive/SpikeLang.Generators.props";
    private const string RuntimeProject = "src/SpikeLang.Runtime/SpikeLang.Runtime.csproj";

    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "Project name; also the namespace and the network's class name (a C# identifier)." };
        var output = new Option<string?>("--output", "-o") { Description = "Folder to create the project folder NAME in (default: the current folder)." };
        var repo = new Option<string?>("--repo") { Description = "Reference this SpikeLang checkout's projects (default: the checkout around the current folder or the tool, if any)." };
        var packages = new Option<bool>("--packages") { Description = "Reference the SpikeLang.Generators and SpikeLang.Runtime packages even inside a checkout." };
        var command = new Command("new", "Create a console project with a .snn network, ready for dotnet run.")
        {
            name, output, repo, packages,
        };
        command.SetAction(parseResult => Execute(
            parseResult.GetValue(name)!,
            parseResult.GetValue(output),
            parseResult.GetValue(repo),
            parseResult.GetValue(packages),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return command;
    }

    internal static int Execute(string name, string? output, string? repo, bool packages, TextWriter stdout, TextWriter stderr)
    {
        if (!IdentifierPattern().IsMatch(name) || SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None || name == "Program")
        {
            return Usage(stderr, $"'{name}' cannot name a project: use letters, digits and underscores, starting with a letter, and no C# keyword or 'Program' (it also names the network class)");
        }
        if (repo is not null && packages)
        {
            return Usage(stderr, "--repo and --packages exclude each other");
        }

        string? repository = null;
        if (repo is not null)
        {
            if (!IsRepository(repo))
            {
                return Usage(stderr, $"'{repo}' is not a SpikeLang checkout (no {SolutionFile} with {GeneratorProject} beside it)");
            }
            repository = Path.GetFullPath(repo);
        }
        else if (!packages)
        {
            repository = FindRepository(Directory.GetCurrentDirectory()) ?? FindRepository(AppContext.BaseDirectory);
        }

        string snn = SnnTemplate(name);
        // The template must compile under this name (a name may clash with a standard-library model).
        var check = SnnCompiler.Generate([new SourceText($"{name}.snn", snn)]);
        if (check.HasErrors)
        {
            string reason = SnnSources.Reportable(check.Diagnostics).First(d => d.IsError).Message;
            return Usage(stderr, $"'{name}' cannot name the network: {reason}");
        }

        string project = Path.Combine(output ?? ".", name);
        try
        {
            if (File.Exists(project))
            {
                return Usage(stderr, $"'{project}' exists and is a file");
            }
            if (Directory.Exists(project) && Directory.EnumerateFileSystemEntries(project).Any())
            {
                return Usage(stderr, $"'{project}' exists and is not empty; choose another name or --output folder");
            }
            Directory.CreateDirectory(project);

            string projectDirectory = Path.GetFullPath(project);
            var files = new List<(string Name, string Text)>
            {
                ($"{name}.csproj", repository is null ? PackageProject(name, ToolVersion()) : RepositoryProject(name, projectDirectory, repository)),
                ($"{name}.snn", snn),
                ("Program.cs", ProgramTemplate(name)),
            };
            foreach (var (file, text) in files)
            {
                AtomicFile.WriteText(Path.Combine(project, file), text);
            }

            stdout.WriteLine($"created {Path.Combine(project, name + ".csproj")}, {name}.snn and Program.cs");
            stdout.WriteLine(repository is null
                ? $"references the SpikeLang.Generators and SpikeLang.Runtime packages {ToolVersion()}: they must be on a NuGet feed this machine can use"
                : $"references the projects of the SpikeLang checkout at {repository}");
            stdout.WriteLine($"run it: dotnet run --project {project}");
            return 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Usage(stderr, $"cannot create '{project}': {ex.Message}");
        }
    }

    private static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine($"spikelang: error: {message}");
        return CliApp.UsageError;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();

    /// <summary>The closest folder at or above <paramref name="start"/> that is a SpikeLang checkout.</summary>
    internal static string? FindRepository(string start)
    {
        for (var directory = new DirectoryInfo(Path.GetFullPath(start)); directory is not null; directory = directory.Parent)
        {
            if (IsRepository(directory.FullName))
            {
                return directory.FullName;
            }
        }
        return null;
    }

    private static bool IsRepository(string directory) =>
        File.Exists(Path.Combine(directory, SolutionFile))
        && File.Exists(Path.Combine(directory, GeneratorProject))
        && File.Exists(Path.Combine(directory, RuntimeProject));

    /// <summary>The tool's package version (without the source revision), which its sibling packages share.</summary>
    internal static string ToolVersion()
    {
        string? version = typeof(NewCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(version))
        {
            return "1.0.0";
        }
        int plus = version.IndexOf('+');
        return plus < 0 ? version : version[..plus];
    }

    private static string Relative(string from, string repository, string path) =>
        Path.GetRelativePath(from, Path.Combine(repository, path)).Replace('\\', '/');

    private static string RepositoryProject(string name, string projectDirectory, string repository) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <!-- Makes {name}.snn (every .snn file of the project) an AdditionalFile, which the generator compiles. -->
          <Import Project="{Relative(projectDirectory, repository, GeneratorProps)}" />

          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <RootNamespace>{name}</RootNamespace>
            <Nullable>enable</Nullable>
            <InvariantGlobalization>true</InvariantGlobalization>
          </PropertyGroup>

          <ItemGroup>
            <!-- The generator turns {name}.snn into C# at build time: an analyzer, never a reference. -->
            <ProjectReference Include="{Relative(projectDirectory, repository, GeneratorProject)}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
            <ProjectReference Include="{Relative(projectDirectory, repository, RuntimeProject)}" />
          </ItemGroup>
        </Project>

        """;

    private static string PackageProject(string name, string version) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <RootNamespace>{name}</RootNamespace>
            <Nullable>enable</Nullable>
            <InvariantGlobalization>true</InvariantGlobalization>
          </PropertyGroup>

          <ItemGroup>
            <!-- The generator turns {name}.snn (every .snn file of the project) into C# at build time. -->
            <PackageReference Include="SpikeLang.Generators" Version="{version}" PrivateAssets="all" />
            <PackageReference Include="SpikeLang.Runtime" Version="{version}" />
          </ItemGroup>
        </Project>

        """;

    private static string SnnTemplate(string name) => $$"""
        // {{name}}: 100 leaky integrate-and-fire neurons, each driven by about 20 of 200 Poisson inputs.
        // Edit this file and build again: the C# class {{name}}.{{name}} is generated from it.
        //   spikelang run {{name}}.snn --out out     runs it without building, with plots
        namespace {{name}}

        neuron Cell {
            parameters { tau_m = 20 ms; v_rest = -65 mV; v_reset = -65 mV; v_th = -50 mV }
            state { v = uniform(v_reset, v_th) }
            equations { dv/dt = (v_rest - v) / tau_m   unless refractory }
            threshold v > v_th
            reset { v = v_reset }
            refractory 2 ms
        }

        network {{name}} {
            parameters { n = 100; input_rate = 20 Hz }
            dt = 0.1 ms
            population input = poisson(rate = input_rate)[200]
            population cells = Cell[n]
            connect input -> cells probability 0.1 on pre { v += 2 mV }
            record spikes cells
        }

        """;

    private static string ProgramTemplate(string name) => $$"""
        // Runs the network of {{name}}.snn for one second of simulated time and prints its spike counts.
        // The class {{name}} is generated at build time from {{name}}.snn by SpikeLang.Generators.
        //
        //   dotnet run -- [seed]
        using System;
        using System.Globalization;

        namespace {{name}};

        public static class Program
        {
            public static int Main(string[] args)
            {
                ulong seed = args.Length > 0 ? ulong.Parse(args[0], CultureInfo.InvariantCulture) : 0;
                var network = new {{name}}(seed);
                network.Run(TimeSpan.FromSeconds(1));

                Console.WriteLine(FormattableString.Invariant($"{{name}}: {network.Time:0.###} s simulated, seed {seed}"));
                Report("input", network.input.Count, network.input.SpikeCount, network.Time);
                Report("cells", network.cells.Count, network.cells.SpikeCount, network.Time);

                // 'record spikes cells' keeps every spike of 'cells': its step and neuron.
                var spikes = network.cells.SpikeMonitor;
                if (spikes.Count > 0)
                {
                    Console.WriteLine(FormattableString.Invariant($"first spike: neuron {spikes.Indices[0]} at {spikes.Steps[0] * {{name}}.Dt * 1000:0.0} ms"));
                }
                return 0;
            }

            private static void Report(string population, int neurons, long spikes, double seconds) =>
                Console.WriteLine(FormattableString.Invariant($"{population}: {neurons} neurons, {spikes} spikes, {spikes / (double)neurons / seconds:0.0} Hz"));
        }

        """;
}
