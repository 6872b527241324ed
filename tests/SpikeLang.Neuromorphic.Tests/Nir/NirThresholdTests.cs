using System;
using System.Linq;
using SpikeLang.Neuromorphic.Nir;
using SpikeLang.Neuromorphic.Tests.Nir.Networks;
using SpikeLang.Runtime;
using Xunit;
using static SpikeLang.Neuromorphic.Tests.Nir.NirTestGraphs;

namespace SpikeLang.Neuromorphic.Tests.Nir;

/// <summary>
/// A neuron without memory (x' = input, a spike when x &gt; θ) exports as NIR's Threshold node, and a Threshold node fed
/// through a connection imports as a population of such a neuron.
/// </summary>
public class NirThresholdTests
{
    [Fact]
    public void A_model_without_memory_exports_as_a_Threshold_node_in_its_population_shape()
    {
        NirGraph graph = NirExporter.Export(new ThresholdExport().Describe(), null);

        NirNode pool = graph.Find("pool")!;
        Assert.Equal("Threshold", pool.Type);
        Assert.Equal(new[] { "threshold" }, pool.Fields.Keys);
        Assert.Equal(new long[] { 2, 2, 2 }, pool["threshold"].Shape);
        Assert.Equal(Enumerable.Repeat(0.5, 8), pool["threshold"].Values);
        Assert.Equal("SumPool2d", graph.Find("img_to_pool")!.Type);
    }

    [Fact]
    public void Without_a_threshold_a_model_without_memory_is_a_pass_through_and_refused()
    {
        var error = Assert.Throws<NirFormatException>(() => Export(d => d with { Threshold = null, Reset = Array.Empty<ResetOperation>() }));

        Assert.Equal("pool", error.Node);
        Assert.Contains("model 'SpikeMax'", error.Message);
        Assert.Contains("passes its input on unchanged", error.Message);
    }

    [Fact]
    public void A_threshold_that_spikes_at_equality_is_refused()
    {
        var error = Assert.Throws<NirFormatException>(() => Export(d => d with { Threshold = d.Threshold! with { Comparison = ThresholdComparison.GreaterOrEqual } }));

        Assert.Equal("pool", error.Node);
        Assert.Contains("'mem >= …'", error.Message);
        Assert.Contains("write 'mem > …'", error.Message);
    }

    [Fact]
    public void A_reset_that_subtracts_is_refused_as_for_a_leaky_neuron()
    {
        var error = Assert.Throws<NirFormatException>(() => Export(d => d with { Reset = new[] { new ResetOperation("mem", ResetKind.Add, new NeuronValue(-0.5)) } }));

        Assert.Equal("pool", error.Node);
        Assert.Contains("subtracts the threshold", error.Message);
    }

    [Fact]
    public void Export_and_import_give_back_the_shaped_population_and_its_pooling()
    {
        NirImportPlan plan = NirImporter.Plan(new NirDocument(NirDocument.CurrentVersion, NirExporter.Export(new ThresholdExport().Describe(), null)), "Back", 1e-3);

        ImportedPopulation pool = plan.Populations.Single(p => p.Name == "pool");
        Assert.Equal(new[] { 2, 2, 2 }, pool.Shape);
        Assert.Equal(("NirThreshold", "Threshold"), (pool.Model!.Name, pool.Model.NirType));
        ImportedConnection pooling = plan.Connections.Single(c => c.Target == pool);
        Assert.Equal(("img", "sum_pool2d", true), (pooling.Source.Name, pooling.Convolution!.Kind, pooling.SameStep));
    }

    [Fact]
    public void A_Threshold_node_after_an_Affine_becomes_a_population_of_a_neuron_without_memory()
    {
        var graph = new NirGraph(
            new[]
            {
                Shape("in", "Input", 2),
                Node("w", "Affine", ("weight", NirTensor.Matrix(3, 2, new[] { 0.5, -0.25, 1, 0, 0.75, 2 })), ("bias", NirTensor.Vector(0, 0.125, 0))),
                Node("thr", "Threshold", ("threshold", Uniform(3, 0.25))),
                Node("w_out", "Linear", ("weight", NirTensor.Matrix(1, 3, new double[] { 1, 1, 1 }))),
                Lif("out", 1, tau: 0.01, vLeak: 0, threshold: 1),
                Shape("output", "Output", 3),
            },
            new[] { new NirEdge("in", "w"), new NirEdge("w", "thr"), new NirEdge("thr", "w_out"), new NirEdge("w_out", "out"), new NirEdge("thr", "output") });

        NirImportPlan plan = NirImporter.Plan(new NirDocument("1.0.0", graph), "Net", 1e-3);

        ImportedModel model = plan.Populations.Single(p => p.Name == "thr").Model!;
        Assert.Equal(("NirThreshold", "Threshold"), (model.Name, model.NirType));
        Assert.Equal(new[] { ("threshold", 0.25) }, model.Parameters.Select(p => (p.Key, p.Value)));
        Assert.Equal(new[] { "in_to_thr", "thr_to_out" }, plan.Connections.Select(c => c.Name));
        Assert.Equal(new[] { 0.5, -0.25, 1, 0, 0.75, 2 }, plan.Connections[0].Weight);
        Assert.Equal(new[] { 0, 0.125, 0 }, plan.Connections[0].Bias);

        string text = NirSnnWriter.Write(plan, "thr.nir", "1.0.0", "thr.slw");
        string declared = text[text.IndexOf("neuron NirThreshold {", StringComparison.Ordinal)..];
        declared = declared[..(declared.IndexOf("\n}\n", StringComparison.Ordinal) + 3)];
        Assert.Equal("""
            neuron NirThreshold {
                parameters { v_threshold = 0.25 }
                state { v = 0 }
                update { v = input }
                threshold v > v_threshold
            }

            """, declared);
        Assert.Contains("    population thr = NirThreshold[3]\n", text);
        Assert.Contains("    record spikes thr\n", text);
    }

    [Fact]
    public void A_Threshold_node_right_after_an_Input_is_refused_by_name()
    {
        var graph = new NirGraph(
            new[] { Shape("in", "Input", 2), Node("thr", "Threshold", ("threshold", Uniform(2, 0.5))) },
            new[] { new NirEdge("in", "thr") });

        var error = Assert.Throws<NirFormatException>(() => NirImporter.Plan(new NirDocument("1.0.0", graph), "Net", 1e-3));

        Assert.Equal(("thr", "edges"), (error.Node, error.Field));
        Assert.Contains("right after Input 'in'", error.Message);
    }

    [Fact]
    public void Per_neuron_thresholds_are_refused_as_other_per_neuron_parameters()
    {
        var graph = new NirGraph(
            new[]
            {
                Shape("in", "Input", 2),
                Node("w", "Linear", ("weight", NirTensor.Matrix(2, 2, new double[] { 1, 0, 0, 1 }))),
                Node("thr", "Threshold", ("threshold", NirTensor.Vector(0.5, 0.75))),
            },
            new[] { new NirEdge("in", "w"), new NirEdge("w", "thr") });

        var error = Assert.Throws<NirFormatException>(() => NirImporter.Plan(new NirDocument("1.0.0", graph), "Net", 1e-3));

        Assert.Equal(("thr", "threshold"), (error.Node, error.Field));
        Assert.Contains("split the node", error.Message);
    }

    /// <summary>The export of <see cref="ThresholdExport"/> with the dynamics of its population <c>pool</c> changed.</summary>
    private static NirGraph Export(Func<NeuronDynamics, NeuronDynamics> change)
    {
        NetworkDescriptor network = new ThresholdExport().Describe();
        return NirExporter.Export(
            network with { Populations = network.Populations.Select(p => p.Name == "pool" ? p with { Dynamics = change(p.Dynamics!) } : p).ToList() },
            null);
    }
}
