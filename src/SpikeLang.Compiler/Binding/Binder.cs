using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Binding;

/// <summary>
/// Binds the parsed files of one compilation. User neuron and synapse models are bound whether or not
/// a network uses them, so mistakes in them are reported; standard models are bound when used.
/// </summary>
internal static class Binder
{
    public static SemanticModel Bind(
        IReadOnlyList<(CompilationUnit Unit, DiagnosticBag File)> userFiles,
        IReadOnlyList<(CompilationUnit Unit, DiagnosticBag File)> standardFiles,
        DataFiles dataFiles)
    {
        var table = new DeclarationTable();
        foreach (var (unit, file) in standardFiles)
        {
            table.AddStandard(unit, file);
        }
        foreach (var (unit, file) in userFiles)
        {
            table.AddUser(unit, file);
        }
        table.BindTimedArrays(dataFiles);

        var neurons = new Dictionary<string, NeuronModel>(StringComparer.Ordinal);
        NeuronModel? Neuron(string name)
        {
            if (neurons.TryGetValue(name, out var model))
            {
                return model;
            }
            if (!table.Neurons.TryGetValue(name, out var located))
            {
                return null;
            }
            model = new ModelBinder(located.File, table.TimedArrays).BindNeuron(located.Declaration);
            neurons[name] = model;
            return model;
        }

        var userNeurons = userFiles.SelectMany(f => f.Unit.Declarations.OfType<NeuronDeclaration>())
            .Where(d => table.Neurons.TryGetValue(d.Name.Name, out var located) && ReferenceEquals(located.Declaration, d))
            .Select(d => Neuron(d.Name.Name)!)
            .ToList();

        var userSynapses = table.Synapses.Values
            .Where(s => userFiles.Any(f => ReferenceEquals(f.File, s.File)))
            .Select(s => new ModelBinder(s.File, table.TimedArrays).BindSynapse(s.Declaration, null, null))
            .ToList();

        var networks = table.Networks
            .Select(n => new NetworkBinder(table, Neuron, n.File, n.Declaration.Name.Name, dataFiles).Bind(n.Declaration, n.Namespace))
            .ToList();

        return new SemanticModel(userNeurons, userSynapses, networks);
    }
}
