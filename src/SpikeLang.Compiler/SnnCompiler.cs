using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Emit.GpuSimulator;
using SpikeLang.Compiler.Emit.Simulator;
using SpikeLang.Compiler.Emit.Training.Gpu;
using SpikeLang.Compiler.Lowering;
using SpikeLang.Compiler.StandardLibrary;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler;

/// <summary>
/// The one entry point of the compiler. The source generator, the CLI and the tests all call
/// <see cref="Compile(IEnumerable{SourceText})"/>; nothing else parses .snn text.
/// Stages: parse each file (Sprache, with recovery) → bind all files together over the standard
/// library (names, units, dependency order; equations classified for exact or numerical integration)
/// → lower each network into a <see cref="NetworkPlan"/> (every decision a backend needs, and every
/// construct a backend cannot run reported) → emit C# from the plans (<see cref="Emit(NetworkPlan)"/>).
/// </summary>
public static class SnnCompiler
{
    /// <param name="dataFiles">Where the data files the sources name in quotes are read from (<see cref="DataFiles.Disk"/> for the CLI and tests).</param>
    public static CompilationResult Compile(IEnumerable<SourceText> sources, DataFiles dataFiles)
    {
        var userFiles = sources.Select(Parse).ToList();
        var standardFiles = StandardFiles.Value.Select(f => (Unit: f.Unit, File: new DiagnosticBag(f.Source))).ToList();
        var model = Binder.Bind(userFiles, standardFiles, dataFiles);

        var plans = new List<NetworkPlan>();
        if (!userFiles.Concat(standardFiles).Any(f => f.File.HasErrors))
        {
            var files = userFiles.Concat(standardFiles).GroupBy(f => f.File.Source.Path).ToDictionary(g => g.Key, g => g.First().File);
            foreach (var network in model.Networks)
            {
                if (NetworkLowering.Lower(network, files) is { } plan)
                {
                    plans.Add(plan);
                }
            }
        }

        var order = userFiles.Concat(standardFiles).Select((f, index) => (f.File, index)).ToList();
        var diagnostics = order
            .SelectMany(f => Capped(f.File.Items
                .GroupBy(d => (d.Id, d.Span))
                .Select(g => g.First())
                .OrderBy(d => d.Span.Start)
                .ThenBy(d => d.Id, StringComparer.Ordinal)
                .ToList(), f.File))
            .ToList();
        return new CompilationResult(new EquatableArray<Diagnostic>(diagnostics), model,
            diagnostics.Any(d => d.IsError) ? EquatableArray.Empty<NetworkPlan>() : plans.ToEquatableArray());
    }

    /// <summary>Compiles with data files read from disk, relative to each .snn file's folder.</summary>
    public static CompilationResult Compile(IEnumerable<SourceText> sources) => Compile(sources, DataFiles.Disk);

    public static CompilationResult Compile(params SourceText[] sources) => Compile((IEnumerable<SourceText>)sources);

    /// <summary>At most <see cref="SnnParser.MaxErrorsPerFile"/> errors per file, whichever stage found them, then SL0004.</summary>
    private static IEnumerable<Diagnostic> Capped(IReadOnlyList<Diagnostic> ordered, DiagnosticBag file)
    {
        int errors = 0;
        bool stopped = false;
        foreach (var diagnostic in ordered)
        {
            if (diagnostic.Id == DiagnosticDescriptors.TooManyErrors.Id)
            {
                // The parser stopped here already; report that once.
                if (!stopped)
                {
                    stopped = true;
                    yield return diagnostic;
                }
                continue;
            }
            if (diagnostic.IsError && ++errors > SnnParser.MaxErrorsPerFile)
            {
                if (!stopped)
                {
                    yield return Diagnostic.Create(DiagnosticDescriptors.TooManyErrors, file.Source, diagnostic.Span, SnnParser.MaxErrorsPerFile);
                }
                yield break;
            }
            yield return diagnostic;
        }
    }

    /// <summary>
    /// Compiles and, when there is no error, emits one C# file per network. What <c>spikelang emit</c>
    /// and <c>spikelang run</c> call; the source generator makes the same two calls as separate steps.
    /// </summary>
    public static GenerationResult Generate(IEnumerable<SourceText> sources)
    {
        var result = Compile(sources);
        return new GenerationResult(result.Networks.Select(Emit).ToEquatableArray(), result.Diagnostics);
    }

    /// <summary>The C# of one network's plan.</summary>
    public static GeneratedSource Emit(NetworkPlan plan) => new(plan.HintName, NetworkEmitter.Emit(plan));

    /// <summary>
    /// For a project that references SpikeLang.Gpu: the network's GPU trainer (<c>NetworkGpuTrainer</c>, a file of its own),
    /// or why it has none (SL0520 warnings); nothing for a network without a train block.
    /// </summary>
    public static GpuTrainerOutput EmitGpuTrainer(NetworkPlan plan)
    {
        if (plan.Trainer is not { } trainer)
        {
            return new GpuTrainerOutput(null, EquatableArray.Empty<Diagnostic>());
        }
        if (trainer.GpuRefusals.Count > 0)
        {
            return new GpuTrainerOutput(null, trainer.GpuRefusals);
        }
        string hint = plan.HintName.Substring(0, plan.HintName.Length - ".g.cs".Length) + ".GpuTrainer.g.cs";
        return new GpuTrainerOutput(new GeneratedSource(hint, GpuTrainerEmitter.Emit(plan, trainer)), EquatableArray.Empty<Diagnostic>());
    }

    /// <summary>
    /// For a project that references SpikeLang.Gpu: the network's GPU simulator (<c>NetworkGpu</c>, a file of its own),
    /// or why it has none (SL0521 warnings).
    /// </summary>
    public static GpuOutput EmitGpuSimulator(NetworkPlan plan)
    {
        if (plan.GpuSimulatorRefusals.Count > 0)
        {
            return new GpuOutput(null, plan.GpuSimulatorRefusals);
        }
        string hint = plan.HintName.Substring(0, plan.HintName.Length - ".g.cs".Length) + ".Gpu.g.cs";
        return new GpuOutput(new GeneratedSource(hint, GpuSimulatorEmitter.Emit(plan)), EquatableArray.Empty<Diagnostic>());
    }

    /// <summary>
    /// The standard library parsed once per process: syntax trees are immutable, and the tests compile
    /// the library as user files to keep it free of diagnostics.
    /// </summary>
    private static readonly Lazy<IReadOnlyList<(SourceText Source, CompilationUnit Unit)>> StandardFiles = new(() =>
        StandardModels.Sources.Select(s => (s, Parse(s).Unit)).ToList());

    private static (CompilationUnit Unit, DiagnosticBag File) Parse(SourceText source)
    {
        var bag = new DiagnosticBag(source);
        return (SnnParser.Parse(source, bag), bag);
    }
}

/// <summary>What a compilation found: every diagnostic, and the plan of every network when there is no error.</summary>
public sealed class CompilationResult
{
    internal CompilationResult(EquatableArray<Diagnostic> diagnostics, SemanticModel model, EquatableArray<NetworkPlan> networks)
    {
        Diagnostics = diagnostics;
        Model = model;
        Networks = networks;
    }

    /// <summary>All diagnostics, ordered by file (in the order given), then position.</summary>
    public EquatableArray<Diagnostic> Diagnostics { get; }

    /// <summary>The bound declarations. Complete only when <see cref="HasErrors"/> is false.</summary>
    internal SemanticModel Model { get; }

    /// <summary>One plan per network, in declaration order; empty when there is an error.</summary>
    public EquatableArray<NetworkPlan> Networks { get; }

    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

/// <summary>One generated C# file.</summary>
public sealed record GeneratedSource(string HintName, string Text);

/// <summary>A network's GPU trainer, or the diagnostics that say why it has none; equatable, for the incremental generator.</summary>
public sealed record GpuTrainerOutput(GeneratedSource? Source, EquatableArray<Diagnostic> Diagnostics);

/// <summary>A network's GPU simulator, or the diagnostics that say why it has none; equatable, for the incremental generator.</summary>
public sealed record GpuOutput(GeneratedSource? Source, EquatableArray<Diagnostic> Diagnostics);

/// <summary>The generated files and every diagnostic; equatable, for the incremental generator.</summary>
public sealed record GenerationResult(EquatableArray<GeneratedSource> Sources, EquatableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
