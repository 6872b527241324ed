using System;

namespace SpikeLang.Runtime;

/// <summary>
/// The processes one simulation runs on (MPI's ranks). Each rank owns a contiguous range of every neuron
/// population, cut where the <see cref="Partition"/> a thread count cuts, and updates, thresholds, delivers to
/// and checks only its own neurons; the ranks' spike lists are joined in rank order, which is ascending neuron
/// order, so every rank delivers every spike in the order one process would: the spikes are the same for any
/// number of ranks and threads. They are joined after each population finds its spikes
/// (<see cref="AllGatherSpikes"/>), or once per window of steps no spike can cross (<see cref="SpikeWindow"/>).
/// </summary>
/// <remarks>
/// Every rank builds the whole network from the seed (the same draws as one process), so nothing but spikes
/// crosses between ranks while running; a rank's values of neurons it does not own are not kept up to date.
/// </remarks>
public abstract class RankGroup : IDisposable
{
    /// <summary>This process's rank, from 0.</summary>
    public abstract int Rank { get; }

    /// <summary>The number of ranks.</summary>
    public abstract int Size { get; }

    /// <summary>
    /// The neurons of a population of <paramref name="count"/> this rank owns. <paramref name="randomBlocks"/>: the
    /// population draws random numbers per block of <see cref="Partition.RandomBlock"/> neurons, so ranges start at
    /// block boundaries and each block's stream is drawn by one rank in neuron order.
    /// </summary>
    public (int Start, int End) Owned(int count, bool randomBlocks) => randomBlocks
        ? (Partition.BlockStart(count, Size, Rank), Partition.BlockStart(count, Size, Rank + 1))
        : (Partition.Start(count, Size, Rank), Partition.Start(count, Size, Rank + 1));

    /// <summary>
    /// Joins every rank's spikes of one population: on entry <paramref name="spikes"/>[0, <paramref name="count"/>)
    /// holds this rank's, ascending; on return it holds all ranks' in rank order, and the result is their number.
    /// Called by every rank for the same population in the same step, from the thread that steps the network.
    /// </summary>
    public int AllGatherSpikes(int[] spikes, int count)
    {
        ArgumentNullException.ThrowIfNull(spikes);
        ReadOnlySpan<int> all = AllGather(spikes.AsSpan(0, count));
        all.CopyTo(spikes);
        return all.Length;
    }

    /// <summary>
    /// Every rank's <paramref name="message"/>, concatenated in rank order, in a buffer of the group's that the next
    /// call overwrites. Called by every rank at the same point of the run, from the thread that steps the network.
    /// </summary>
    public abstract ReadOnlySpan<int> AllGather(ReadOnlySpan<int> message);

    /// <summary>
    /// Sends each rank its own list (MPI_Alltoall of the lengths, then MPI_Alltoallv): <paramref name="message"/>
    /// holds the lists for ranks 0, 1, …, <see cref="Size"/> − 1 one after another, <paramref name="counts"/>[r]
    /// the length of rank r's. Returns what every rank sent to this one, concatenated in rank order, in a buffer of
    /// the group's that the next call overwrites. Called by every rank at the same point of the run, from the thread
    /// that steps the network. The simulators join spikes with <see cref="AllGather"/>; bench/mpi/ExchangeBench
    /// measures the two against each other (docs/distributed.md).
    /// </summary>
    public abstract ReadOnlySpan<int> AllToAll(ReadOnlySpan<int> message, ReadOnlySpan<int> counts);

    /// <summary>The sum of every rank's <paramref name="value"/>, on every rank.</summary>
    public long AllSum(int value)
    {
        long sum = 0;
        foreach (int each in AllGather([value]))
        {
            sum += each;
        }
        return sum;
    }

    /// <summary>The smallest of every rank's <paramref name="value"/>, on every rank (MPI_Allreduce with MPI_MIN).</summary>
    public abstract ulong AllMin(ulong value);

    /// <summary>The largest of every rank's <paramref name="value"/>, on every rank (MPI_Allreduce with MPI_MAX).</summary>
    public abstract ulong AllMax(ulong value);

    /// <summary>True on every rank when all ranks pass the same <paramref name="value"/> (a hash of what they must agree on).</summary>
    public bool AllSame(ulong value) => AllMin(value) == AllMax(value);

    /// <summary>
    /// Throws <see cref="RankMismatchException"/> on every rank unless all ranks pass the same <paramref name="value"/>:
    /// ranks that built different networks (another file, seed, parameter or build) would exchange meaningless spikes.
    /// </summary>
    public void EnsureSame(string what, ulong value)
    {
        if (!AllSame(value))
        {
            throw new RankMismatchException($"The {Size} ranks disagree on {what}: every rank must run the same network file with the same seed, parameters and build.");
        }
    }

    /// <summary>
    /// Throws <see cref="RankMismatchException"/> unless every rank builds network <paramref name="name"/> from the same
    /// generated code (its hash), seed and network parameters.
    /// </summary>
    public void EnsureSameNetwork(string name, ulong codeHash, ulong seed, double[] parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ulong hash = Mix(Mix(14695981039346656037ul, codeHash), seed);
        foreach (double parameter in parameters)
        {
            hash = Mix(hash, (ulong)BitConverter.DoubleToInt64Bits(parameter));
        }
        EnsureSame($"network '{name}' (its generated code, seed or parameters)", hash);
    }

    private static ulong Mix(ulong hash, ulong value)
    {
        for (int b = 0; b < 8; b++)
        {
            hash = (hash ^ ((value >> (8 * b)) & 0xFF)) * 1099511628211ul;
        }
        return hash;
    }

    /// <summary>
    /// The earliest non-finite state any rank found (<paramref name="own"/>: this rank's, each rank checks only its own
    /// neurons), on every rank, so that no rank reports a diverged run as a clean one. Ties go to the lowest rank.
    /// </summary>
    public NonFiniteState? FirstNonFinite(NonFiniteState? own)
    {
        var message = new System.Collections.Generic.List<int> { own is null ? 0 : 1 };
        if (own is not null)
        {
            long value = BitConverter.DoubleToInt64Bits(own.Value);
            message.AddRange([(int)own.Step, (int)(own.Step >> 32), own.Neuron, (int)value, (int)(value >> 32)]);
            foreach (string text in new[] { own.Population, own.Variable })
            {
                message.Add(text.Length);
                foreach (char c in text)
                {
                    message.Add(c);
                }
            }
        }
        ReadOnlySpan<int> all = AllGather(message.ToArray());
        NonFiniteState? first = null;
        for (int at = 0; at < all.Length;)
        {
            if (all[at++] == 0)
            {
                continue;
            }
            long step = (uint)all[at] | ((long)all[at + 1] << 32);
            int neuron = all[at + 2];
            double value = BitConverter.Int64BitsToDouble((uint)all[at + 3] | ((long)all[at + 4] << 32));
            at += 5;
            string population = Text(all, ref at), variable = Text(all, ref at);
            if (first is null || step < first.Step)
            {
                first = new NonFiniteState(population, variable, neuron, value, step);
            }
        }
        return first;

        static string Text(ReadOnlySpan<int> all, ref int at)
        {
            var chars = new char[all[at]];
            for (int k = 0; k < chars.Length; k++)
            {
                chars[k] = (char)all[at + 1 + k];
            }
            at += 1 + chars.Length;
            return new string(chars);
        }
    }

    /// <summary>Ends the group (MPI_Finalize for MPI): after this no rank may exchange.</summary>
    public abstract void Dispose();
}

/// <summary>The ranks of one simulation built different networks, or were given different settings.</summary>
public sealed class RankMismatchException(string message) : Exception(message);
