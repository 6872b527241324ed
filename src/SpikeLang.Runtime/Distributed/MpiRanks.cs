using System;

namespace SpikeLang.Runtime;

/// <summary>
/// The ranks of an MPI job (MPI_COMM_WORLD through Open MPI): <c>mpirun -np 4 dotnet Net.dll</c> or
/// <c>mpirun -np 4 spikelang run net.snn</c>. Messages (spike lists) are joined with MPI_Allgather (their
/// lengths) and MPI_Allgatherv (their contents), or sent rank by rank with MPI_Alltoall and MPI_Alltoallv, from the
/// thread that steps the network.
/// </summary>
public sealed class MpiRanks : RankGroup
{
    private readonly OpenMpi _mpi;
    private readonly int[] _counts;
    private readonly int[] _displacements;
    private readonly int[] _sendDisplacements;
    // Where Allgatherv and Alltoallv write what the ranks sent this one; grows, then allocates no more.
    private int[] _receive = new int[256];
    private bool _disposed;

    private MpiRanks(OpenMpi mpi)
    {
        _mpi = mpi;
        mpi.Init();
        Rank = mpi.CommRank();
        Size = mpi.CommSize();
        _counts = new int[Size];
        _displacements = new int[Size];
        _sendDisplacements = new int[Size];
    }

    /// <inheritdoc/>
    public override int Rank { get; }

    /// <inheritdoc/>
    public override int Size { get; }

    /// <summary>
    /// Threads for each rank when none were asked for: the cores shared among the ranks that mpirun started on this
    /// machine (OMPI_COMM_WORLD_LOCAL_SIZE), so that they do not oversubscribe it.
    /// </summary>
    public int ThreadsPerRank => Math.Max(1, Environment.ProcessorCount
        / Math.Max(1, int.TryParse(Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_LOCAL_SIZE"), out int local) ? local : 1));

    /// <summary>The threads for each rank when <paramref name="requested"/> were asked for: <see cref="ThreadsPerRank"/> for 0 (one per core), else as asked.</summary>
    public int Threads(int requested) => requested == 0 ? ThreadsPerRank : requested;

    /// <summary>
    /// The job this process was started in by Open MPI's mpirun (MPI_Init is called here), or null when it was not
    /// started by mpirun (no OMPI_COMM_WORLD_SIZE in the environment): then the simulation runs in this process alone.
    /// </summary>
    /// <exception cref="MpiUnavailableException">Started by mpirun, but Open MPI's library cannot be loaded.</exception>
    public static MpiRanks? FromEnvironment() =>
        Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_SIZE") is null ? null : new MpiRanks(OpenMpi.Load());

    /// <inheritdoc/>
    public override ReadOnlySpan<int> AllGather(ReadOnlySpan<int> message)
    {
        _mpi.AllgatherInt(message.Length, _counts);
        int total = ReceiveInRankOrder();
        _mpi.AllgathervInt(message, _receive, _counts, _displacements);
        return _receive.AsSpan(0, total);
    }

    /// <inheritdoc/>
    public override ReadOnlySpan<int> AllToAll(ReadOnlySpan<int> message, ReadOnlySpan<int> counts)
    {
        if (counts.Length != Size)
        {
            throw new ArgumentException($"{counts.Length} counts for {Size} ranks.", nameof(counts));
        }
        int sent = 0;
        for (int r = 0; r < Size; r++)
        {
            _sendDisplacements[r] = sent;
            sent += counts[r];
        }
        if (sent != message.Length)
        {
            throw new ArgumentException($"The counts add up to {sent}, the message holds {message.Length}.", nameof(counts));
        }
        _mpi.AlltoallInt(counts, _counts);
        int total = ReceiveInRankOrder();
        _mpi.AlltoallvInt(message, counts, _sendDisplacements, _receive, _counts, _displacements);
        return _receive.AsSpan(0, total);
    }

    /// <summary>Places what each rank sends (<see cref="_counts"/>) one after another in <see cref="_receive"/>, grown to hold it all; returns the total.</summary>
    private int ReceiveInRankOrder()
    {
        int total = 0;
        for (int r = 0; r < Size; r++)
        {
            _displacements[r] = total;
            total += _counts[r];
        }
        if (_receive.Length < total)
        {
            _receive = new int[Math.Max(total, _receive.Length * 2)];
        }
        return total;
    }

    /// <inheritdoc/>
    public override ulong AllMin(ulong value) => _mpi.AllreduceUInt64(value, _mpi.Min);

    /// <inheritdoc/>
    public override ulong AllMax(ulong value) => _mpi.AllreduceUInt64(value, _mpi.Max);

    /// <inheritdoc/>
    public override void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _mpi.Shutdown();
        }
    }
}
