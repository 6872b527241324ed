using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using SpikeLang.Compiler;

namespace SpikeLang.Generators;

/// <summary>
/// Compiles the project's .snn additional files into C# simulators. Thin wiring around the compiler's
/// two calls: <see cref="SnnCompiler.Compile(System.Collections.Generic.IEnumerable{SpikeLang.Compiler.Text.SourceText}, SpikeLang.Compiler.Text.DataFiles)"/>
/// (diagnostics and one plan per network) and <see cref="SnnCompiler.Emit"/> (one plan's C#). Every model in
/// the pipeline is equatable, so an edit to C# code leaves the .snn work <c>Cached</c>, and an edit to one
/// network's file re-emits only the networks whose plans changed.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SnnGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Where(static text => text.Path.EndsWith(".snn", StringComparison.OrdinalIgnoreCase))
            .Select(static (text, cancellationToken) =>
                new SnnFile(text.Path, text.GetText(cancellationToken)?.ToString() ?? string.Empty))
            .WithTrackingName(TrackingNames.SnnFiles);

        // Spike generators and timed arrays read CSV files named in the .snn code; the build passes them as additional files.
        var dataFiles = context.AdditionalTextsProvider
            .Where(static text => text.Path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            .Select(static (text, cancellationToken) =>
                new SnnFile(text.Path, text.GetText(cancellationToken)?.ToString() ?? string.Empty))
            .WithTrackingName(TrackingNames.DataFiles);

        var compilation = files
            .Collect()
            .Combine(dataFiles.Collect())
            .Select(static (all, _) =>
            {
                var data = SpikeLang.Compiler.Text.DataFiles.From(all.Right.Select(f => new KeyValuePair<string, string>(f.Path, f.Text)),
                    "is not among the project's additional files; add <AdditionalFiles Include=\"PATH\" /> for it to the project");
                var result = SnnCompiler.Compile(all.Left.OrderBy(f => f.Path, StringComparer.Ordinal)
                    .Select(f => new SpikeLang.Compiler.Text.SourceText(f.Path, f.Text)), data);
                return new CompiledFiles(result.Diagnostics, result.Networks);
            })
            .WithTrackingName(TrackingNames.Compilation);

        context.RegisterSourceOutput(compilation.Select(static (c, _) => c.Diagnostics).WithTrackingName(TrackingNames.Diagnostics),
            static (output, diagnostics) =>
            {
                foreach (var diagnostic in diagnostics)
                {
                    output.ReportDiagnostic(DiagnosticMapping.ToRoslyn(diagnostic));
                }
            });

        var plans = compilation
            .SelectMany(static (c, _) => c.Networks)
            .WithTrackingName(TrackingNames.Plans);

        var sources = plans
            .Select(static (plan, _) => SnnCompiler.Emit(plan))
            .WithTrackingName(TrackingNames.Emission);

        context.RegisterSourceOutput(sources, static (output, source) =>
            output.AddSource(source.HintName, SourceText.From(source.Text, Encoding.UTF8)));

        // GPU trainers (and SL0520, why a network has none) only for projects that reference SpikeLang.Gpu: other
        // projects, NativeAOT simulators among them, never see ILGPU types.
        var referencesGpu = context.CompilationProvider
            .Select(static (c, _) => c.ReferencedAssemblyNames.Any(a => a.Name == "SpikeLang.Gpu"))
            .WithTrackingName(TrackingNames.ReferencesGpu);

        var gpuTrainers = plans
            .Combine(referencesGpu)
            .Where(static pair => pair.Right)
            .Select(static (pair, _) => SnnCompiler.EmitGpuTrainer(pair.Left))
            .WithTrackingName(TrackingNames.GpuEmission);

        context.RegisterSourceOutput(gpuTrainers, static (output, trainer) =>
        {
            foreach (var diagnostic in trainer.Diagnostics)
            {
                output.ReportDiagnostic(DiagnosticMapping.ToRoslyn(diagnostic));
            }
            if (trainer.Source is { } source)
            {
                output.AddSource(source.HintName, SourceText.From(source.Text, Encoding.UTF8));
            }
        });

        // GPU simulators (and SL0521, why a network has none), likewise only with the reference.
        var gpuSimulators = plans
            .Combine(referencesGpu)
            .Where(static pair => pair.Right)
            .Select(static (pair, _) => SnnCompiler.EmitGpuSimulator(pair.Left))
            .WithTrackingName(TrackingNames.GpuSimulatorEmission);

        context.RegisterSourceOutput(gpuSimulators, static (output, simulator) =>
        {
            foreach (var diagnostic in simulator.Diagnostics)
            {
                output.ReportDiagnostic(DiagnosticMapping.ToRoslyn(diagnostic));
            }
            if (simulator.Source is { } source)
            {
                output.AddSource(source.HintName, SourceText.From(source.Text, Encoding.UTF8));
            }
        });
    }
}

/// <summary>What compiling all .snn files gives the pipeline: diagnostics and one plan per network, both compared by value.</summary>
internal sealed record CompiledFiles(
    SpikeLang.Compiler.Text.EquatableArray<SpikeLang.Compiler.Diagnostics.Diagnostic> Diagnostics,
    SpikeLang.Compiler.Text.EquatableArray<SpikeLang.Compiler.Lowering.NetworkPlan> Networks);
