using System;
using System.Collections.Generic;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Binding;

/// <summary>A declaration with the diagnostics of the file it came from.</summary>
internal sealed record Located<T>(T Declaration, DiagnosticBag File, string? Namespace) where T : Declaration;

/// <summary>
/// The neuron, synapse and network declarations of one compilation: all user files together (a model in
/// one file may be used by a network in another) over the standard library, which user models shadow.
/// </summary>
internal sealed class DeclarationTable
{
    private readonly Dictionary<string, Located<NeuronDeclaration>> _neurons = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Located<SynapseDeclaration>> _synapses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Located<Declaration>> _userNames = new(StringComparer.Ordinal);
    private readonly List<Located<NetworkDeclaration>> _networks = new();
    private readonly List<Located<TimedArrayDeclaration>> _timedArrayDeclarations = new();
    private readonly Dictionary<string, TimedArrayModel> _timedArrays = new(StringComparer.Ordinal);
    private readonly HashSet<string> _standardNeurons = new(StringComparer.Ordinal);
    private readonly HashSet<string> _standardSynapses = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Located<NeuronDeclaration>> Neurons => _neurons;

    public IReadOnlyDictionary<string, Located<SynapseDeclaration>> Synapses => _synapses;

    public IReadOnlyList<Located<NetworkDeclaration>> Networks => _networks;

    /// <summary>The timed arrays of all user files, bound: Brian2's TimedArrays, called by name in any model.</summary>
    public IReadOnlyDictionary<string, TimedArrayModel> TimedArrays => _timedArrays;

    /// <summary>Binds every timed array declaration, once the table holds all files.</summary>
    public void BindTimedArrays(DataFiles files)
    {
        foreach (var located in _timedArrayDeclarations)
        {
            string name = located.Declaration.Name.Name;
            _timedArrays[name] = new TimedArrayBinder(located.File, files).Bind(located.Declaration)
                ?? new TimedArrayModel(name, EquatableArray.Empty<double>(), 0, 1, 1, Units.Dimension.None, located.File.Source.Path, located.Declaration.Span) { Failed = true };
        }
    }

    public IEnumerable<string> StandardNeuronNames => _standardNeurons;

    public IEnumerable<string> StandardSynapseNames => _standardSynapses;

    public void AddStandard(CompilationUnit unit, DiagnosticBag file)
    {
        foreach (var declaration in unit.Declarations)
        {
            switch (declaration)
            {
                case NeuronDeclaration neuron:
                    _neurons[neuron.Name.Name] = new(neuron, file, null);
                    _standardNeurons.Add(neuron.Name.Name);
                    break;
                case SynapseDeclaration synapse:
                    _synapses[synapse.Name.Name] = new(synapse, file, null);
                    _standardSynapses.Add(synapse.Name.Name);
                    break;
            }
        }
    }

    public void AddUser(CompilationUnit unit, DiagnosticBag file)
    {
        string? ns = unit.Namespace?.Name;
        foreach (var declaration in unit.Declarations)
        {
            if (_userNames.TryGetValue(declaration.Name.Name, out var previous))
            {
                var line = previous.File.Source.GetLinePosition(previous.Declaration.Name.Span.Start).Line + 1;
                string where = ReferenceEquals(previous.File, file) ? $"at line {line}" : $"in {previous.File.Source.Path} at line {line}";
                file.Report(DiagnosticDescriptors.DuplicateDeclaration, declaration.Name.Span, declaration.Name.Name, where);
                continue;
            }
            _userNames[declaration.Name.Name] = new(declaration, file, ns);
            switch (declaration)
            {
                case NeuronDeclaration neuron:
                    _neurons[neuron.Name.Name] = new(neuron, file, ns);
                    _standardNeurons.Remove(neuron.Name.Name);
                    break;
                case SynapseDeclaration synapse:
                    _synapses[synapse.Name.Name] = new(synapse, file, ns);
                    _standardSynapses.Remove(synapse.Name.Name);
                    break;
                case NetworkDeclaration network:
                    _networks.Add(new(network, file, ns));
                    break;
                case TimedArrayDeclaration timedArray:
                    _timedArrayDeclarations.Add(new(timedArray, file, ns));
                    break;
            }
        }
    }
}
