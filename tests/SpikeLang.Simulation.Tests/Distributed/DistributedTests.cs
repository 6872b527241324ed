using System;
using System.Linq;
using Examples.Brunel2000;
using Examples.Cuba;
using SpikeLang.Runtime;
using SpikeLang.Tests;
using SpikeLang.Simulation.Tests.Networks;
using Tests.Distributed;
using Xunit;

namespace SpikeLang.Simulation.Tests.Distributed;

/// <summary>
/// A network shared by ranks (MPI's processes, here threads of one process joined the way MPI joins them): each rank
/// updates its own range of every population and receives every other rank's spikes. The spikes must be the single
/// process's, bit for bit, for any number of ranks and threads, and each rank's own neurons and synapses must hold the
/// single process's values.
/// </summary>
public class DistributedTests
{
    private const int Steps = 1500;

    private sealed record Outcome(long[] ShownSteps, int[] ShownIndices, long[] NoisySteps, int[] NoisyIndices, double[] Rates,
        (int Start, int End) Cells, float[] V, (int Start, int End) Noisy, float[] NoisyV, (int Source, int Target, float W)[] Plastic,
        (int Source, int Target)[] Excitatory);

    private static Outcome Run(RankGroup? ranks, int threads)
    {
        using var net = new RankedNet(seed: 11, threads: threads, ranks: ranks);
        net.Run(Steps);
        var plastic = Synapses(net.stim_to_cells.Connectivity);
        return new Outcome(
            net.shown.SpikeMonitor.Steps.ToArray(), net.shown.SpikeMonitor.Indices.ToArray(),
            net.noisy.SpikeMonitor.Steps.ToArray(), net.noisy.SpikeMonitor.Indices.ToArray(), net.cells.RateMonitor.Rates.ToArray(),
            (net.cells.OwnStart, net.cells.OwnEnd), net.cells.v.ToArray(), (net.noisy.OwnStart, net.noisy.OwnEnd), net.noisy.v.ToArray(),
            plastic.Select((p, k) => (p.Source, p.Target, net.stim_to_cells.w[k])).ToArray(), Synapses(net.cells_to_cells.Connectivity));
    }

    /// <summary>(source, target) of every synapse a process holds, in synapse order.</summary>
    private static (int Source, int Target)[] Synapses(Csr csr) =>
        Enumerable.Range(0, csr.Rows).SelectMany(i => csr.Row(i).ToArray().Select(j => (i, j))).ToArray();

    [Theory]
    [InlineData(2, 1)]
    [InlineData(2, 2)]
    [InlineData(4, 1)]
    [InlineData(4, 2)]
    public void Any_number_of_ranks_gives_the_spikes_of_one_process_and_each_rank_its_neurons_values(int size, int threads)
    {
        var one = Run(null, 1);
        var ranks = ThreadRanks.Run(size, r => Run(r, threads));

        Assert.True(one.ShownSteps.Length > 2000, $"the network should be active: {one.ShownSteps.Length} spikes");
        Assert.True(one.NoisySteps.Length > 2000, $"the noisy neurons should spike: {one.NoisySteps.Length} spikes");
        Assert.Equal(3000, ranks.Sum(r => r.Cells.End - r.Cells.Start));
        foreach (var rank in ranks)
        {
            Assert.Equal(one.ShownSteps, rank.ShownSteps);
            Assert.Equal(one.ShownIndices, rank.ShownIndices);
            Assert.Equal(one.NoisySteps, rank.NoisySteps);
            Assert.Equal(one.NoisyIndices, rank.NoisyIndices);
            Assert.Equal(one.Rates, rank.Rates);
            // A rank holds only its own neurons' values (HeldNeurons), the single process's.
            Assert.Equal(one.V[rank.Cells.Start..rank.Cells.End], rank.V);
            Assert.Equal(one.NoisyV[rank.Noisy.Start..rank.Noisy.End], rank.NoisyV);
            // A rank builds and keeps only the synapses onto its own neurons: the single process's, values and all.
            bool Own((int Source, int Target) s) => s.Target >= rank.Cells.Start && s.Target < rank.Cells.End;
            Assert.Equal(one.Plastic.Where(s => Own((s.Source, s.Target))), rank.Plastic);
            Assert.Equal(one.Excitatory.Where(Own), rank.Excitatory);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Cuba_and_Brunel_give_the_same_spikes_on_every_rank(int size)
    {
        static (long[], int[]) Cuba(RankGroup? ranks)
        {
            using var net = new Cuba(seed: 3, ranks: ranks);
            net.Run(3000);
            return (net.P.SpikeMonitor.Steps.ToArray(), net.P.SpikeMonitor.Indices.ToArray());
        }
        static (long[], int[], long) Brunel(RankGroup? ranks)
        {
            // Regime C (g = 5, eta = 2), scaled down: the drive's blocks, the subgroups and the parameter delay.
            using var net = new Brunel2000(seed: 1, n_e: 2000, ranks: ranks);
            net.Run(1500);
            return (net.shown.SpikeMonitor.Steps.ToArray(), net.shown.SpikeMonitor.Indices.ToArray(), net.neurons.SpikeCount);
        }

        var cuba = Cuba(null);
        Assert.True(cuba.Item1.Length > 3000, $"CUBA should fire at about 5 Hz: {cuba.Item1.Length} spikes");
        Assert.All(ThreadRanks.Run(size, Cuba), r => { Assert.Equal(cuba.Item1, r.Item1); Assert.Equal(cuba.Item2, r.Item2); });
        var brunel = Brunel(null);
        Assert.True(brunel.Item3 > 10000, $"regime C should be active: {brunel.Item3} spikes");
        Assert.All(ThreadRanks.Run(size, Brunel), r => { Assert.Equal(brunel.Item1, r.Item1); Assert.Equal(brunel.Item2, r.Item2); Assert.Equal(brunel.Item3, r.Item3); });
    }

    private sealed record WindowOutcome(long[] ShownSteps, int[] ShownIndices, long[] NoisySteps, int[] NoisyIndices, double[] Rates,
        long CellSpikes, (int Start, int End) Cells, float[] V, (int Source, int Target, float W)[] Plastic, int Collectives,
        long[] VSteps, float[][] VSamples, float[][] GeSamples);

    private static WindowOutcome RunWindowed(RankGroup? ranks, int threads, double dFast, int steps, bool stepByStep = false)
    {
        using var net = new WindowedNet(seed: 5, d_fast: dFast, threads: threads, ranks: ranks);
        if (stepByStep)
        {
            for (int k = 0; k < steps; k++) net.Step();
        }
        else
        {
            net.Run(steps);
        }
        return new WindowOutcome(net.shown.SpikeMonitor.Steps.ToArray(), net.shown.SpikeMonitor.Indices.ToArray(),
            net.noisy.SpikeMonitor.Steps.ToArray(), net.noisy.SpikeMonitor.Indices.ToArray(), net.cells.RateMonitor.Rates.ToArray(),
            net.cells.SpikeCount, (net.cells.OwnStart, net.cells.OwnEnd), net.cells.v.ToArray(),
            Synapses(net.noisy_to_cells.Connectivity).Select((p, k) => (p.Source, p.Target, net.noisy_to_cells.w[k])).ToArray(),
            (ranks as ThreadRanks)?.Collectives ?? 0,
            net.cells.vMonitor.Steps.ToArray(), Samples(net.cells.vMonitor), Samples(net.shown.geMonitor));
    }

    private static float[][] Samples(StateMonitor<float> monitor) =>
        Enumerable.Range(0, monitor.Samples).Select(k => monitor.Sample(k).ToArray()).ToArray();

    [Theory]
    [InlineData(2, 1, 0.8e-3, 6)]
    [InlineData(4, 1, 0.8e-3, 6)]
    [InlineData(3, 2, 0.8e-3, 6)]
    [InlineData(2, 2, 0.1e-3, 1)]
    public void Ranks_that_exchange_once_per_shortest_delay_give_the_spikes_of_one_process(int size, int threads, double dFast, int window)
    {
        const int steps = 1203;
        var one = RunWindowed(null, 1, dFast, steps);
        var ranks = ThreadRanks.Run(size, r => RunWindowed(r, threads, dFast, steps));

        Assert.True(one.CellSpikes > 2000, $"the network should be active: {one.CellSpikes} spikes");
        Assert.True(one.NoisySteps.Length > 2000, $"the noisy neurons should spike: {one.NoisySteps.Length} spikes");
        foreach (var rank in ranks)
        {
            Assert.Equal(one.ShownSteps, rank.ShownSteps);
            Assert.Equal(one.ShownIndices, rank.ShownIndices);
            Assert.Equal(one.NoisySteps, rank.NoisySteps);
            Assert.Equal(one.NoisyIndices, rank.NoisyIndices);
            Assert.Equal(one.Rates, rank.Rates);
            Assert.Equal(one.CellSpikes, rank.CellSpikes);
            Assert.Equal(one.V[rank.Cells.Start..rank.Cells.End], rank.V);
            // Value recordings are whole on every rank, though each rank updates only its own neurons.
            Assert.Equal(one.VSteps, rank.VSteps);
            Assert.Equal(one.VSamples, rank.VSamples);
            Assert.Equal(one.GeSamples, rank.GeSamples);
            // Plastic weights of the synapses onto the rank's own neurons are the single process's.
            Assert.Equal(one.Plastic.Where(p => p.Target >= rank.Cells.Start && p.Target < rank.Cells.End), rank.Plastic);
            // The network's check (a smallest and a largest value), the memory check, the shortest per-synapse delay of
            // all ranks, the plastic connection's synapses on all ranks (its weight files' length), one exchange per window
            // (the last, shorter one when the run ends), and one per sample of each value recording.
            Assert.Equal(6 + (steps + window - 1) / window + (steps + 4) / 5 + (steps + 19) / 20, rank.Collectives);
        }
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(2, 2)]
    [InlineData(4, 1)]
    [InlineData(4, 2)]
    public void Cuba_with_delays_gives_the_same_spikes_on_every_rank_exchanging_once_per_millisecond(int size, int threads)
    {
        static (long[] Steps, int[] Indices, int Collectives) Run(RankGroup? ranks, int threads)
        {
            using var net = new CubaDelays(seed: 7, threads: threads, ranks: ranks);
            net.Run(3000);
            return (net.P.SpikeMonitor.Steps.ToArray(), net.P.SpikeMonitor.Indices.ToArray(), (ranks as ThreadRanks)?.Collectives ?? 0);
        }

        var one = Run(null, 1);
        Assert.True(one.Steps.Length > 3000, $"CUBA should fire at about 5 Hz: {one.Steps.Length} spikes");
        Assert.All(ThreadRanks.Run(size, r => Run(r, threads)), rank =>
        {
            Assert.Equal(one.Steps, rank.Steps);
            Assert.Equal(one.Indices, rank.Indices);
            // The network's check, the memory check, the shortest per-synapse delay of all ranks, then one exchange per 10 steps.
            Assert.Equal(5 + 300, rank.Collectives);
        });
    }

    [Fact]
    public void Stepping_ends_each_window_so_the_monitors_are_complete_after_every_step()
    {
        var one = RunWindowed(null, 1, 0.8e-3, 90);
        Assert.All(ThreadRanks.Run(2, r => RunWindowed(r, 1, 0.8e-3, 90, stepByStep: true)), rank =>
        {
            Assert.Equal(one.NoisySteps, rank.NoisySteps);
            Assert.Equal(one.NoisyIndices, rank.NoisyIndices);
            Assert.Equal(one.Rates, rank.Rates);
            Assert.Equal(5 + 90 + 18 + 5, rank.Collectives);
        });
    }

    private sealed record HeldOutcome(long[] Steps, int[] Indices, (int Start, int End) Held, (int Start, int End) Own, float[] V, float[] Kicks,
        float[] Tau, float[][] Middle, float[] Follower);

    private static HeldOutcome RunHeld(RankGroup? ranks, int threads)
    {
        using var net = new HeldNet(seed: 7, threads: threads, ranks: ranks);
        net.Run(2000);
        return new HeldOutcome(net.cells.SpikeMonitor.Steps.ToArray(), net.cells.SpikeMonitor.Indices.ToArray(),
            (net.cells.HeldStart, net.cells.HeldEnd), (net.cells.OwnStart, net.cells.OwnEnd), net.cells.v.ToArray(), net.cells.kicks.ToArray(),
            net.cells.tau.ToArray(), Samples(net.middle.vMonitor), net.follower.v.ToArray());
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    public void Kernels_that_index_a_rank_s_own_neurons_give_the_values_of_one_process(int size, int threads)
    {
        var one = RunHeld(null, 1);
        var ranks = ThreadRanks.Run(size, r => RunHeld(r, threads));

        Assert.True(one.Steps.Length > 3000, $"the network should be active: {one.Steps.Length} spikes");
        Assert.Equal((0, 3000), one.Held);
        Assert.Contains(ranks, r => r.Own.Start > 900 && r.Own.Start < 2100);
        foreach (var rank in ranks)
        {
            Assert.Equal(one.Steps, rank.Steps);
            Assert.Equal(one.Indices, rank.Indices);
            Assert.Equal(rank.Own, rank.Held);
            Assert.Equal(one.V[rank.Own.Start..rank.Own.End], rank.V);
            Assert.Equal(one.Kicks[rank.Own.Start..rank.Own.End], rank.Kicks);
            // Per-neuron parameters stay whole: connections read them as they are built.
            Assert.Equal(one.Tau, rank.Tau);
            Assert.Equal(one.Middle, rank.Middle);
            // Follower neuron i reads cells neuron i (a link), which the same rank holds.
            Assert.Equal(one.Follower[rank.Own.Start..rank.Own.End], rank.Follower);
        }
        Assert.Equal(200, one.Kicks.Skip(900).Take(1200).Distinct().Single());
        Assert.Equal(0, one.Kicks.Take(900).Concat(one.Kicks.Skip(2100)).Distinct().Single());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Populations_a_convolution_or_dense_connection_delivers_to_are_held_whole_and_spike_as_in_one_process(int size)
    {
        static (int[][] Spikes, bool Whole) Run(RankGroup? ranks)
        {
            using var net = new DeployConvolution(seed: 3, ranks: ranks);
            net.x.SetValues(Enumerable.Range(0, 64).Select(k => (float)(k * 37 % 17) / 4f).ToArray());
            var spikes = new System.Collections.Generic.List<int[]>();
            for (int step = 0; step < 10; step++)
            {
                net.Step();
                spikes.Add([.. net.c1.Spikes, -1, .. net.p1.Spikes, -1, .. net.c2.Spikes, -1, .. net.@out.Spikes]);
            }
            // One product over all targets on every rank: every rank holds every neuron of these populations.
            bool whole = (net.c1.HeldStart, net.c1.HeldEnd, net.@out.HeldStart, net.@out.HeldEnd) == (0, net.c1.Count, 0, net.@out.Count);
            return (spikes.ToArray(), whole);
        }

        var one = Run(null);
        Assert.True(one.Spikes.Sum(s => s.Length - 3) > 50, "the network should spike");
        Assert.All(ThreadRanks.Run(size, Run), rank =>
        {
            Assert.True(rank.Whole);
            Assert.Equal(one.Spikes, rank.Spikes);
        });
    }

    private static readonly string[] RefusedExamples =
    {
        "Examples.Brian2.BretteGuigon2003+Factory", "Examples.Brian2.Reliability+Factory", "Examples.Brian2.ClopathPairing+Factory",
        "Examples.Brian2.GapJunctionsExample+Factory", "Examples.SongMillerAbbott.SongMillerAbbott+Factory", "Examples.Brian2.StdpBrian2+Factory",
    };

    /// <summary>Every example network of the repository (namespace Examples.*) compiled into this assembly.</summary>
    public static TheoryData<string> ExampleNetworks()
    {
        var data = new TheoryData<string>();
        foreach (var name in typeof(DistributedTests).Assembly.GetCustomAttributes(typeof(SpikeLangNetworkAttribute), false)
            .Cast<SpikeLangNetworkAttribute>().Select(a => a.Factory.FullName!).Where(n => n.StartsWith("Examples.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            data.Add(name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ExampleNetworks))]
    public void Every_example_that_ranks_may_share_gives_on_2_ranks_the_spikes_and_values_of_one_process(string factoryName)
    {
        // 300 steps (30 ms at 0.1 ms): enough for most examples to spike, short enough for Brunel's 12 500 neurons.
        var factory = (INetworkFactory)Activator.CreateInstance(typeof(DistributedTests).Assembly.GetType(factoryName)!)!;
        var alone = RankComparison.Trace.Of(factory.Create(1), 300);
        string? difference = RankComparison.OnRanks(r => factory.Create(1, ranks: r), alone, 2, out bool refused);
        Assert.Null(difference);
        // The examples ranks cannot share say why by name (docs/distributed.md): synapse code that reads presynaptic
        // neurons' values (gap junctions, Clopath's rule), a link to the one neuron of another population (Reliability,
        // Brette-Guigon), or a monitor of synapse values (the STDP examples).
        Assert.Equal(RefusedExamples.Contains(factoryName), refused);
    }

    [Fact]
    public void Each_rank_checks_the_memory_of_its_share_and_all_refuse_together()
    {
        // 10⁸ neurons with 80 synapses each: the excitatory connection's half on each rank is still over one array's limit.
        var messages = ThreadRanks.Run(2, r =>
            Assert.Throws<ArgumentException>(() => new Cuba(seed: 1, n: 1e8, ranks: r)).Message);
        Assert.All(messages, m => Assert.Contains("connection P_to_P (Cuba.snn line 25) would have 3.2E+09 synapses on each of 2 ranks, more than one .NET array holds", m));
        Assert.All(messages, m => Assert.EndsWith("make it smaller or use more ranks.", m));
    }

    [Fact]
    public void A_delay_of_zero_steps_makes_the_ranks_exchange_within_every_step()
    {
        const int steps = 400;
        var one = RunWindowed(null, 1, 0, steps);
        Assert.All(ThreadRanks.Run(2, r => RunWindowed(r, 1, 0, steps)), rank =>
        {
            Assert.Equal(one.ShownSteps, rank.ShownSteps);
            Assert.Equal(one.ShownIndices, rank.ShownIndices);
            Assert.Equal(one.NoisyIndices, rank.NoisyIndices);
            // Both spiking populations join their spikes as each finds them; value recordings join at each sample.
            Assert.Equal(6 + 2 * steps + steps / 5 + steps / 20, rank.Collectives);
        });
    }

    [Fact]
    public void Same_step_connections_see_every_rank_s_spikes_of_the_step()
    {
        // The exchange happens as each population finds its spikes, before its same-step deliveries.
        static (long[], int[], long[], int[]) Run(RankGroup? ranks)
        {
            using var net = new global::Tests.SameStep.SameStepThreads(seed: 3, n: 6000, ranks: ranks);
            net.Run(400);
            return (net.x.SpikeMonitor.Steps.ToArray(), net.x.SpikeMonitor.Indices.ToArray(), net.y.SpikeMonitor.Steps.ToArray(), net.y.SpikeMonitor.Indices.ToArray());
        }

        var one = Run(null);
        Assert.True(one.Item3.Length > 100, $"the same-step target should be active: {one.Item3.Length} spikes");
        Assert.All(ThreadRanks.Run(3, Run), r =>
        {
            Assert.Equal(one.Item1, r.Item1);
            Assert.Equal(one.Item2, r.Item2);
            Assert.Equal(one.Item3, r.Item3);
            Assert.Equal(one.Item4, r.Item4);
        });
    }

    [Fact]
    public void A_network_whose_synapses_read_presynaptic_values_or_that_records_synapse_values_is_refused_on_several_ranks()
    {
        var error = Assert.Throws<AggregateException>(() => ThreadRanks.Run(2, r => new PresynapticRead(ranks: r)));
        var refusal = Assert.IsType<NotSupportedException>(error.InnerExceptions[0]);
        Assert.Contains("reads v_pre", refusal.Message);
        Assert.Contains("Distributed.snn line", refusal.Message);
        Assert.Contains("samples synapse values", refusal.Message);

        // One rank is one process: nothing to refuse.
        using var alone = ThreadRanks.Run(1, r => new PresynapticRead(ranks: r))[0];
        alone.Run(10);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Joined_descriptors_hold_every_rank_s_synapses_as_one_process_does(int size)
    {
        static NetworkDescriptor Describe(RankGroup? ranks)
        {
            using var net = new WindowedNet(seed: 5, ranks: ranks);
            net.Run(300);
            return ranks is null ? net.Describe() : SynapseJoin.Join(ranks, net.Describe());
        }

        var one = Describe(null);
        Assert.All(ThreadRanks.Run(size, Describe), joined =>
        {
            Assert.Equal(one.Connections.Count, joined.Connections.Count);
            foreach (var (expected, actual) in one.Connections.Zip(joined.Connections))
            {
                Assert.Equal(expected.Connectivity.RowStart, actual.Connectivity.RowStart);
                Assert.Equal(expected.Connectivity.Columns, actual.Connectivity.Columns);
                Assert.Equal(expected.SynapseState.Keys, actual.SynapseState.Keys);
                foreach (var (name, values) in expected.SynapseState)
                {
                    Assert.Equal(values, actual.SynapseState[name]);
                }
                Assert.Equal(expected.SynapseDelaySteps, actual.SynapseDelaySteps);
            }
        });
        // Per-synapse weights (RankStdp, learning while the network ran) travel with their synapses.
        Assert.Contains(one.Connections, c => c.SynapseState.TryGetValue("w", out var w) && w.Distinct().Count() > 100);
    }

    [Fact]
    public void Populations_send_their_spikes_to_the_window_in_the_order_the_step_finds_them()
    {
        static (long[], int[]) Run(RankGroup? ranks)
        {
            using var net = new MixedThresholds(seed: 2, ranks: ranks);
            net.Run(500);
            return (net.cells.SpikeMonitor.Steps.ToArray(), net.cells.SpikeMonitor.Indices.ToArray());
        }

        var one = Run(null);
        Assert.True(one.Item1.Length > 100, $"the cells should spike: {one.Item1.Length} spikes");
        Assert.All(ThreadRanks.Run(2, Run), rank => { Assert.Equal(one.Item1, rank.Item1); Assert.Equal(one.Item2, rank.Item2); });
    }

    [Fact]
    public void Every_rank_learns_of_state_that_another_rank_found_no_longer_finite()
    {
        static NonFiniteState? Run(RankGroup? ranks)
        {
            using var net = new DivergingTail(ranks: ranks);
            net.Run(100);
            return net.NonFinite;
        }

        var one = Run(null);
        Assert.NotNull(one);
        Assert.Equal(48, one!.Neuron);
        // Rank 0 owns neurons 0-31, which stay finite; rank 1 finds neuron 48, and rank 0 reports it as one process would.
        Assert.All(ThreadRanks.Run(2, Run), rank => Assert.Equal(one, rank));
    }

    [Fact]
    public void An_all_to_all_gives_each_rank_the_lists_sent_to_it_in_rank_order()
    {
        // Rank r sends rank d the list 100r + 10d + k for k < (r + 2d) mod 3: lengths 0, 1 and 2, some lists empty.
        static int[] ListFrom(int r, int d) => Enumerable.Range(0, (r + 2 * d) % 3).Select(k => 100 * r + 10 * d + k).ToArray();

        var received = ThreadRanks.Run(3, ranks =>
        {
            int[][] lists = Enumerable.Range(0, ranks.Size).Select(d => ListFrom(ranks.Rank, d)).ToArray();
            return ranks.AllToAll(lists.SelectMany(l => l).ToArray(), lists.Select(l => l.Length).ToArray()).ToArray();
        });

        // Each rank sends itself an empty list; what the others sent it comes in rank order.
        Assert.Equal([100, 200, 201], received[0]);
        Assert.Equal([10, 11, 210], received[1]);
        Assert.Equal([20, 120, 121], received[2]);
    }

    [Fact]
    public void Ranks_that_build_different_networks_are_told_so()
    {
        var error = Assert.Throws<AggregateException>(() => ThreadRanks.Run(2, r => new RankedNet(seed: (ulong)r.Rank, ranks: r)));
        Assert.All(error.InnerExceptions, e => Assert.Contains("network 'RankedNet' (its generated code, seed or parameters)", e.Message));
        error = Assert.Throws<AggregateException>(() => ThreadRanks.Run(2, r => new RankedNet(n: 3000 + r.Rank, ranks: r)));
        Assert.All(error.InnerExceptions, e => Assert.IsType<RankMismatchException>(e));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Per_synapse_weights_are_saved_and_loaded_on_several_ranks_as_one_process_saves_and_loads_them(int size)
    {
        // Saved after learning: every rank gets the whole set, in one process's synapse order.
        static WeightSet Learned(RankGroup? ranks)
        {
            using var net = new RankedNet(seed: 11, ranks: ranks);
            net.Run(600);
            return net.GetWeights();
        }
        WeightSet one = Learned(null);
        float[] learned = one.Find("stim_to_cells.w")!.Values;
        Assert.All(ThreadRanks.Run(size, Learned), set =>
        {
            Assert.Equal(one.Find("stim_to_cells.w")!.Shape, set.Find("stim_to_cells.w")!.Shape);
            Assert.Equal(learned, set.Find("stim_to_cells.w")!.Values);
        });

        // Loaded: each rank takes its own synapses' weights out of the set, and the run goes on as in one process.
        var changed = new WeightSet();
        changed.Add("stim_to_cells.w", [learned.Length], learned.Select((w, k) => k % 3 == 0 ? 0f : 2 * w).ToArray());
        static (long[] Steps, int[] Indices, float[] W) Loaded(RankGroup? ranks, WeightSet weights)
        {
            using var net = new RankedNet(seed: 11, ranks: ranks);
            net.SetWeights(weights);
            net.Run(600);
            return (net.shown.SpikeMonitor.Steps.ToArray(), net.shown.SpikeMonitor.Indices.ToArray(), net.GetWeights().Find("stim_to_cells.w")!.Values);
        }
        var alone = Loaded(null, changed);
        Assert.NotEqual(Learned(null).Find("stim_to_cells.w")!.Values, alone.W);
        Assert.All(ThreadRanks.Run(size, r => Loaded(r, changed)), rank =>
        {
            Assert.Equal(alone.Steps, rank.Steps);
            Assert.Equal(alone.Indices, rank.Indices);
            Assert.Equal(alone.W, rank.W);
        });
    }

    [Fact]
    public void Ranks_given_different_weights_refuse_them_together()
    {
        // As if one node had another file: rank 1's set differs in one weight, so no rank may take its share of either.
        var messages = ThreadRanks.Run(2, r =>
        {
            using var net = new RankedNet(seed: 11, ranks: r);
            WeightSet weights = net.GetWeights();
            float[] w = weights.Find("stim_to_cells.w")!.Values;
            if (r.Rank == 1)
            {
                w[^1] += 1e-3f;
            }
            var given = new WeightSet();
            given.Add("stim_to_cells.w", [w.Length], w);
            return Assert.Throws<WeightMismatchException>(() => net.SetWeights(given)).Message;
        });
        Assert.All(messages, m => Assert.Equal("The 2 ranks were given different weights for network 'RankedNet': give every rank the same file.", m));
    }

    [Fact]
    public void Ranks_own_contiguous_ranges_that_cover_each_population_once()
    {
        var ranges = ThreadRanks.Run(4, r =>
        {
            using var net = new RankedNet(ranks: r);
            return (Cells: (net.cells.OwnStart, net.cells.OwnEnd), Noisy: (net.noisy.OwnStart, net.noisy.OwnEnd));
        });
        Assert.Equal([(0, 736), (736, 1488), (1488, 2240), (2240, 3000)], ranges.Select(r => r.Cells));
        // 6000 noisy neurons are two blocks of random draws: ranks 0 and 2 take one each, 1 and 3 none.
        Assert.Equal([(0, 0), (0, 4096), (4096, 4096), (4096, 6000)], ranges.Select(r => r.Noisy));
    }
}
