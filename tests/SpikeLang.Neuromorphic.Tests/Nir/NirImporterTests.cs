using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Neuromorphic.Nir;
using Xunit;
using static SpikeLang.Neuromorphic.Tests.Nir.NirTestGraphs;

namespace SpikeLang.Neuromorphic.Tests.Nir;

public class NirImporterTests
{
    private static NirImportPlan Plan(NirGraph graph) => NirImporter.Plan(new NirDocument("1.0.0", graph), "Net", 1e-3);

    [Fact]
    public void A_recurrent_graph_becomes_a_dense_self_connection_with_the_biases_on_the_first()
    {
        NirImportPlan plan = Plan(Recurrent());

        Assert.Equal(new[] { "in_to_hidden", "hidden_to_hidden", "hidden_to_out" }, plan.Connections.Select(c => c.Name));
        ImportedConnection recurrent = plan.Connections[1];
        Assert.Same(recurrent.Source, recurrent.Target);
        Assert.Equal(new[] { 0, -0.3, 0.2, 0.4, 0, -0.1, -0.2, 0.5, 0 }, recurrent.Weight);
        // Both Affine biases reach 'hidden'; SpikeLang adds a connection's bias every step, so their sum rides on one.
        Assert.Equal(new[] { 0.06, 0.02, -0.02 }, plan.Connections[0].Bias.Select(b => Math.Round(b, 12)));
        Assert.All(recurrent.Bias, b => Assert.Equal(0, b));
        Assert.Equal(new[] { "out" }, plan.Recorded.Select(p => p.Name));
        Assert.Equal(new[] { "NirLif", "NirCubaLif" }, plan.Models.Select(m => m.Name));
    }

    [Fact]
    public void Linear_nodes_on_a_path_multiply_and_nested_graphs_are_inlined()
    {
        var block = new NirGraph(
            new[] { Shape("i", "Input", 2), Node("s", "Scale", ("scale", NirTensor.Vector(2, 3))), Shape("o", "Output", 2) },
            new[] { new NirEdge("i", "s"), new NirEdge("s", "o") });
        var graph = new NirGraph(
            new[]
            {
                Shape("in", "Input", 2),
                Node("w", "Linear", ("weight", NirTensor.Matrix(2, 2, new double[] { 1, 2, 3, 4 }))),
                new NirNode("block", NirNodeTypes.Graph, new Dictionary<string, NirTensor>(), subgraph: block),
                Lif("cell", 2, 0.01, 0, 1),
            },
            new[] { new NirEdge("in", "w"), new NirEdge("w", "block"), new NirEdge("block", "cell") });

        NirImportPlan plan = Plan(graph);

        ImportedConnection connection = Assert.Single(plan.Connections);
        Assert.Equal(("in", "cell"), (connection.Source.Name, connection.Target.Name));
        // diag(2, 3) · [[1, 2], [3, 4]]
        Assert.Equal(new double[] { 2, 4, 9, 12 }, connection.Weight);
    }

    [Fact]
    public void Names_become_snn_identifiers()
    {
        var graph = new NirGraph(
            new[] { Shape("input", "Input", 1), Node("0", "Linear", ("weight", NirTensor.Matrix(1, 1, new double[] { 1 }))), Lif("1", 1, 0.01, 0, 1) },
            new[] { new NirEdge("input", "0"), new NirEdge("0", "1") });

        NirImportPlan plan = Plan(graph);

        Assert.Equal(new[] { "input_", "n1" }, plan.Populations.Select(p => p.Name));
    }

    [Fact]
    public void A_node_type_the_import_does_not_know_is_named()
    {
        var graph = new NirGraph(new[] { Node("x", "Gain", ("gain", NirTensor.Vector(1))) }, Array.Empty<NirEdge>());

        var error = Assert.Throws<NirFormatException>(() => Plan(graph));

        Assert.Equal(("x", "type"), (error.Node, error.Field));
        Assert.Contains("Gain nodes cannot be imported", error.Message);
    }

    [Fact]
    public void Per_neuron_parameters_are_refused_naming_the_field()
    {
        var lif = Node("cell", "LIF", ("tau", NirTensor.Vector(0.01, 0.02)), ("r", Uniform(2, 1)), ("v_leak", Uniform(2, 0)),
            ("v_threshold", Uniform(2, 1)), ("v_reset", Uniform(2, 0)));

        var error = Assert.Throws<NirFormatException>(() => Plan(new NirGraph(new[] { lif }, Array.Empty<NirEdge>())));

        Assert.Equal(("cell", "tau"), (error.Node, error.Field));
    }

    [Fact]
    public void A_leaky_integrator_cannot_drive_a_connection()
    {
        var li = Node("li", "LI", ("tau", Uniform(1, 0.01)), ("r", Uniform(1, 1)), ("v_leak", Uniform(1, 0)));
        var graph = new NirGraph(
            new[] { li, Node("w", "Linear", ("weight", NirTensor.Matrix(1, 1, new double[] { 1 }))), Lif("cell", 1, 0.01, 0, 1) },
            new[] { new NirEdge("li", "w"), new NirEdge("w", "cell") });

        var error = Assert.Throws<NirFormatException>(() => Plan(graph));

        Assert.Equal("li", error.Node);
        Assert.Contains("connections carry spikes", error.Message);
    }

    [Fact]
    public void The_snn_text_names_units_and_models()
    {
        NirImportPlan plan = Plan(Recurrent());

        string text = NirSnnWriter.Write(plan, "recurrent.nir", "1.0.0", "recurrent.slw");

        Assert.Contains("parameters { tau = 0.02 s; r = 1; v_leak = 1.3; v_threshold = 1; v_reset = 0 }", text);
        Assert.Contains("dsyn/dt = (w_in * input - syn) / tau_syn", text);
        Assert.Contains("dt = 1 ms", text);
        Assert.Contains("input in[2]", text);
        Assert.Contains("connect hidden -> hidden dense", text);
        Assert.Contains("record spikes out", text);
    }

    [Fact]
    public void Same_step_timing_makes_the_connections_on_no_cycle_same_step_and_one_step_none()
    {
        var document = new NirDocument("1.0.0", Recurrent());

        NirImportPlan sameStep = NirImporter.Plan(document, "Net", 1e-3);
        NirImportPlan oneStep = NirImporter.Plan(document, "Net", 1e-3, NirTiming.OneStep);

        // hidden -> hidden closes a cycle: it keeps one step; the path in -> hidden -> out is feed-forward.
        Assert.Equal(new[] { true, false, true }, sameStep.Connections.Select(c => c.SameStep));
        Assert.All(oneStep.Connections, c => Assert.False(c.SameStep));
        string text = NirSnnWriter.Write(sameStep, "recurrent.nir", "1.0.0", "recurrent.slw");
        Assert.Contains("connect in -> hidden dense same_step\n", text);
        Assert.Contains("connect hidden -> hidden dense\n", text);
        Assert.Contains("connect hidden -> out dense same_step\n", text);
        Assert.DoesNotContain("same_step", NirSnnWriter.Write(oneStep, "recurrent.nir", "1.0.0", "recurrent.slw"));
    }

    [Fact]
    public void A_cycle_through_two_populations_keeps_one_step_on_both_of_its_connections()
    {
        var graph = new NirGraph(
            new[]
            {
                Shape("in", "Input", 1),
                Node("w0", "Linear", ("weight", NirTensor.Matrix(1, 1, new double[] { 1 }))),
                Lif("a", 1, 0.01, 0, 1),
                Node("wab", "Linear", ("weight", NirTensor.Matrix(1, 1, new double[] { 1 }))),
                Lif("b", 1, 0.01, 0, 1),
                Node("wba", "Linear", ("weight", NirTensor.Matrix(1, 1, new double[] { -1 }))),
            },
            new[] { new NirEdge("in", "w0"), new NirEdge("w0", "a"), new NirEdge("a", "wab"), new NirEdge("wab", "b"), new NirEdge("b", "wba"), new NirEdge("wba", "a") });

        NirImportPlan plan = Plan(graph);

        Assert.Equal(new[] { ("in", "a", true), ("b", "a", false), ("a", "b", false) },
            plan.Connections.Select(c => (c.Source.Name, c.Target.Name, c.SameStep)));
    }
}
