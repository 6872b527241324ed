using System;
using System.Linq;
using SpikeLang.Neuromorphic.Nir;
using SpikeLang.Runtime;
using Xunit;
using static SpikeLang.Neuromorphic.Tests.Nir.NirTestGraphs;

namespace SpikeLang.Neuromorphic.Tests.Nir;

/// <summary>
/// NIR Delay nodes on a dense path become an <c>all</c> connection with a <c>delay</c> (a dense connection takes none):
/// the Delay's steps plus the step the timing gives the edge, less the one step every connection without
/// <c>same_step</c> takes; per element, a delay per synapse that follows its target's or its source's element.
/// </summary>
public class NirDelayImportTests
{
    private const double Dt = 1e-3;

    private static readonly double[] HiddenWeights = { 0.5, -0.25, 1, 2, 0.75, -1.5 };

    private static NirNode Delay(string name, params double[] seconds) => Node(name, "Delay", ("delay", NirTensor.Vector(seconds)));

    /// <summary>in[2] → Affine → l1 LIF[3] → Linear → l2 LIF[2], a Delay node <paramref name="before"/> or after the Linear.</summary>
    private static NirGraph Delayed(bool before, params double[] seconds) => new(
        new[]
        {
            Shape("in", "Input", 2),
            Node("w1", "Affine", ("weight", NirTensor.Matrix(3, 2, new[] { 1.0, 0, 0, 1, 1, 1 })), ("bias", NirTensor.Vector(0.1, 0.2, 0.3))),
            Lif("l1", 3, 0.01, 0, 0.5),
            Node("w2", "Linear", ("weight", NirTensor.Matrix(2, 3, HiddenWeights))),
            Delay("d", seconds.Length > 0 ? seconds : Enumerable.Repeat(0.003, before ? 3 : 2).ToArray()),
            Lif("l2", 2, 0.01, 0, 0.5),
        },
        before
            ? new[] { new NirEdge("in", "w1"), new NirEdge("w1", "l1"), new NirEdge("l1", "d"), new NirEdge("d", "w2"), new NirEdge("w2", "l2") }
            : new[] { new NirEdge("in", "w1"), new NirEdge("w1", "l1"), new NirEdge("l1", "w2"), new NirEdge("w2", "d"), new NirEdge("d", "l2") });

    private static NirImportPlan Plan(NirGraph graph, NirTiming timing = NirTiming.SameStep, double dt = Dt) =>
        NirImporter.Plan(new NirDocument("1.0.0", graph), "Net", dt, timing);

    private static string Snn(NirImportPlan plan) => NirSnnWriter.Write(plan, "net.nir", "1.0.0", "net.slw");

    [Theory]
    [InlineData(false, NirTiming.SameStep, "connect l1 -> l2 all delay 2 ms\n")]
    [InlineData(true, NirTiming.SameStep, "connect l1 -> l2 all delay 2 ms\n")]
    [InlineData(false, NirTiming.OneStep, "connect l1 -> l2 all delay 3 ms\n")]
    [InlineData(true, NirTiming.OneStep, "connect l1 -> l2 all delay 3 ms\n")]
    public void A_Delay_before_or_after_the_Linear_delays_the_connection_it_lies_on(bool before, NirTiming timing, string line)
    {
        NirImportPlan plan = Plan(Delayed(before), timing);

        string snn = Snn(plan);
        Assert.Contains("    " + line, snn);
        Assert.Contains(timing == NirTiming.SameStep ? "    connect in -> l1 dense same_step\n" : "    connect in -> l1 dense\n", snn);
        ImportedConnection delayed = plan.Connections.Single(c => c.Name == "l1_to_l2");
        Assert.Equal(new NirConnectionDelay(3), delayed.NirDelay);
        Assert.Equal(HiddenWeights, delayed.Weight);
    }

    [Fact]
    public void A_delayed_connection_stores_one_weight_per_synapse_source_by_source_and_no_bias()
    {
        WeightSet weights = NirImporter.Weights(Plan(Delayed(before: false)), "test");

        NamedTensor w = weights.Find("l1_to_l2.w")!;
        Assert.Equal(new[] { 6 }, w.Shape);
        // w2 is [targets, sources]; an 'all' connection's synapses run through each source's targets in turn.
        Assert.Equal(new[] { 0.5f, 2f, -0.25f, 0.75f, 1f, -1.5f }, w.Values);
        Assert.Null(weights.Find("l1_to_l2.b"));
        Assert.Equal(new[] { 3, 2 }, weights.Find("in_to_l1.w")!.Shape);
    }

    [Fact]
    public void A_delay_that_float32_rounded_is_still_whole_steps()
    {
        ImportedConnection delayed = Plan(Delayed(false, (float)0.0003, (float)0.0003), dt: 1e-4).Connections.Single(c => c.Name == "l1_to_l2");

        Assert.Equal((new NirConnectionDelay(3), new NirConnectionDelay(2)), (delayed.NirDelay, delayed.Delay));
    }

    [Fact]
    public void A_one_step_Delay_on_a_feed_forward_path_under_same_step_timing_is_a_dense_connection_of_the_next_step()
    {
        string snn = Snn(Plan(Delayed(false, 0.001, 0.001)));

        Assert.Contains("    connect l1 -> l2 dense\n", snn);
    }

    [Fact]
    public void A_Delay_of_zero_changes_nothing()
    {
        string snn = Snn(Plan(Delayed(false, 0, 0)));

        Assert.Contains("    connect l1 -> l2 dense same_step\n", snn);
    }

    [Fact]
    public void Delays_in_series_add_and_a_Delay_on_a_cycle_adds_to_the_step_the_cycle_takes()
    {
        var graph = new NirGraph(
            new[]
            {
                Shape("in", "Input", 2),
                Node("w_in", "Linear", ("weight", NirTensor.Matrix(2, 2, new[] { 1.0, 0, 0, 1 }))),
                Delay("d1", 0.002, 0.002),
                Delay("d2", 0.001, 0.001),
                Lif("l", 2, 0.01, 0, 0.5),
                Node("w_rec", "Linear", ("weight", NirTensor.Matrix(2, 2, new[] { 0, -0.5, -0.5, 0 }))),
                Delay("d_rec", 0.004, 0.004),
            },
            new[]
            {
                new NirEdge("in", "d1"), new NirEdge("d1", "d2"), new NirEdge("d2", "w_in"), new NirEdge("w_in", "l"),
                new NirEdge("l", "w_rec"), new NirEdge("w_rec", "d_rec"), new NirEdge("d_rec", "l"),
            });

        string snn = Snn(Plan(graph));

        // 2 + 1 steps on a feed-forward edge evaluated within the step: delivered 3 steps on.
        Assert.Contains("    connect in -> l all delay 2 ms\n", snn);
        // On the cycle the edge takes one step, and the Delay four more.
        Assert.Contains("    connect l -> l all delay 4 ms\n", snn);
    }

    [Fact]
    public void Paths_from_one_source_with_different_delays_are_separate_connections()
    {
        var graph = new NirGraph(
            new[]
            {
                Shape("in", "Input", 2),
                Node("a", "Linear", ("weight", NirTensor.Matrix(2, 2, new[] { 1.0, 0, 0, 1 }))),
                Node("b", "Linear", ("weight", NirTensor.Matrix(2, 2, new[] { 0, 2.0, 2, 0 }))),
                Delay("d", 0.005, 0.005),
                Lif("l", 2, 0.01, 0, 0.5),
            },
            new[] { new NirEdge("in", "a"), new NirEdge("a", "l"), new NirEdge("in", "b"), new NirEdge("b", "d"), new NirEdge("d", "l") });

        NirImportPlan plan = Plan(graph);

        Assert.Equal(new[] { ("in_to_l", 0), ("in_to_l_2", 5) }, plan.Connections.Select(c => (c.Name, c.NirDelay.Steps)));
        Assert.Contains("    connect in -> l dense same_step\n    connect in -> l all delay 4 ms\n", Snn(plan));
    }

    [Theory]
    [InlineData(0.0025, "is 0.0025 s, 2.5 steps of 0.001 s")]
    [InlineData(-0.001, "is -0.001 s; a delay must be a number of seconds, 0 or more")]
    public void A_delay_that_is_not_a_whole_number_of_steps_or_is_negative_is_refused_naming_the_node_and_the_value(double seconds, string problem)
    {
        var error = Assert.Throws<NirFormatException>(() => Plan(Delayed(false, seconds, seconds)));

        Assert.Equal(("d", "delay"), (error.Node, error.Field));
        Assert.Contains(problem, error.Message);
    }

    [Theory]
    [InlineData(NirTiming.SameStep, "connect l1 -> l2 all delay where(j < 1, 1 ms, 3 ms)\n")]
    [InlineData(NirTiming.OneStep, "connect l1 -> l2 all delay where(j < 1, 2 ms, 4 ms)\n")]
    public void Delays_per_element_right_before_the_target_are_delays_per_synapse_of_its_target_index(NirTiming timing, string line)
    {
        NirImportPlan plan = Plan(Delayed(false, 0.002, 0.004), timing);

        Assert.Contains("    " + line, Snn(plan));
        Assert.Equal(new[] { 2, 4 }, plan.Connections.Single(c => c.Name == "l1_to_l2").NirDelay.PerTarget);
    }

    [Fact]
    public void Delays_per_element_right_after_the_source_are_delays_per_synapse_of_its_source_index()
    {
        string snn = Snn(Plan(Delayed(true, 0.002, 0.002, 0.005)));

        Assert.Contains("    connect l1 -> l2 all delay where(i < 2, 1 ms, 4 ms)\n", snn);
    }

    [Fact]
    public void Delays_per_element_between_linear_nodes_are_refused_naming_the_node()
    {
        var graph = new NirGraph(
            new[]
            {
                Shape("in", "Input", 2),
                Node("a", "Linear", ("weight", NirTensor.Matrix(2, 2, new[] { 1.0, 0, 0, 1 }))),
                Delay("d", 0.001, 0.002),
                Node("b", "Linear", ("weight", NirTensor.Matrix(2, 2, new[] { 1.0, 1, 1, 1 }))),
                Lif("l", 2, 0.01, 0, 0.5),
            },
            new[] { new NirEdge("in", "a"), new NirEdge("a", "d"), new NirEdge("d", "b"), new NirEdge("b", "l") });

        var error = Assert.Throws<NirFormatException>(() => Plan(graph));

        Assert.Equal(("d", "delay"), (error.Node, error.Field));
        Assert.Contains("different delays per element (1, 2… steps)", error.Message);
        Assert.Contains("move it next to a population", error.Message);
    }

    [Fact]
    public void Delays_per_element_some_of_them_0_on_an_edge_within_the_step_are_refused_naming_the_node()
    {
        var error = Assert.Throws<NirFormatException>(() => Plan(Delayed(false, 0, 0.002)));

        Assert.Equal(("d", "delay"), (error.Node, error.Field));
        Assert.Contains("is 0 steps for some elements and more for others", error.Message);
        // Under one-step timing every element takes a step of its own besides its delay.
        Assert.Contains("    connect l1 -> l2 all delay where(j < 1, 0 ms, 2 ms)\n", Snn(Plan(Delayed(false, 0, 0.002), NirTiming.OneStep)));
    }

    [Fact]
    public void A_bias_that_passes_a_Delay_is_refused_naming_the_Affine_and_the_Delay()
    {
        NirGraph graph = Delayed(false);
        graph = new NirGraph(graph.Nodes.Select(n => n.Name == "w2" ? Node("w2", "Affine", ("weight", n["weight"]), ("bias", NirTensor.Vector(0.5, 0))) : n).ToList(), graph.Edges);

        var error = Assert.Throws<NirFormatException>(() => Plan(graph));

        Assert.Equal(("w2", "bias"), (error.Node, error.Field));
        Assert.Contains("passes Delay node 'd'", error.Message);
    }

    [Fact]
    public void A_bias_that_reaches_its_target_only_through_delayed_connections_is_refused_naming_the_target()
    {
        NirGraph graph = Delayed(true);
        graph = new NirGraph(graph.Nodes.Select(n => n.Name == "w2" ? Node("w2", "Affine", ("weight", n["weight"]), ("bias", NirTensor.Vector(0.5, 0))) : n).ToList(), graph.Edges);

        var error = Assert.Throws<NirFormatException>(() => Plan(graph));

        Assert.Equal(("l2", "input"), (error.Node, error.Field));
        Assert.Contains("every connection into it passes a Delay node", error.Message);
    }

    [Fact]
    public void A_Delay_next_to_a_convolution_is_refused_naming_both()
    {
        var graph = new NirGraph(
            new[] { Node("in", "Input", ("shape", NirTensor.Vector(1, 4, 4))), Conv2d("conv", 1, 1, 3, padding: 1), Delay("d", Enumerable.Repeat(0.002, 16).ToArray()), If("out", 1, 4, 4) },
            new[] { new NirEdge("in", "conv"), new NirEdge("conv", "d"), new NirEdge("d", "out") });

        var error = Assert.Throws<NirFormatException>(() => Plan(graph));

        Assert.Equal(("d", "edges"), (error.Node, error.Field));
        Assert.Contains("next to Conv2d 'conv'", error.Message);
    }
}
