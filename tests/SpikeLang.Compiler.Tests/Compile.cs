using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Text;
using Xunit;

namespace SpikeLang.Compiler.Tests;

/// <summary>Helpers shared by the compiler tests.</summary>
internal static class Compile
{
    public static CompilationResult Text(string text, string path = "test.snn") =>
        SnnCompiler.Compile(new SourceText(path, text));

    /// <summary>Compiles and asserts there is no error, showing any in the failure message.</summary>
    public static SemanticModel Clean(string text)
    {
        var result = Text(text);
        Assert.True(!result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Model;
    }

    /// <summary>Compiles and returns the single error with the given id, failing otherwise.</summary>
    public static Diagnostic Error(string text, string id)
    {
        var result = Text(text);
        var matches = result.Diagnostics.Where(d => d.Id == id).ToList();
        Assert.True(matches.Count == 1, $"expected one {id}, got:\n{string.Join("\n", result.Diagnostics)}");
        return matches[0];
    }

    public static NeuronModel Neuron(string text, string name) => Clean(text).Neurons.Single(n => n.Name == name);
}
