using System;

namespace SpikeLang.Runtime;

/// <summary>
/// The ranks of an MPI job (MPI_COMM_WORLD through Open MPI): <c>mpirun -np 4 dotnet Net.dll</c> or
/// <c>mpirun -np 4 spikelang run net.snn</c>. Spikes are joined with MPI_Allgather (the counts) and
/// MPI_Allgatherv (the indices), from the thread that steps the network.
/// </summary>
public sealed class MpiRanks : RankGroup
{
    private readonly OpenMpi _mpi;
    private readonly int[] _counts;
    private readonly int[] _displacements;
    // This rank's spikes, copied out of the buffer Allgatherv writes every rank's into; grows, then allocates no more.
    private int[] _send = new int[256];
    private bool _disposed;

    private MpiRanks(OpenMpi mpi)
    {
        _mpi = mpi;
        mpi.Init();
        Rank = mpi.CommRank();
        Size = mpi.CommSize();
        _counts = new int[Size];
        _displacements = new int[Size];
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
    public override int AllGatherSpikes(int[] spikes, int count)
    {
        if (_send.Length < count)
        {
            Array.Resize(ref _send, Math.Max(count, _send.Length * 2));
        }
        Array.Copy(spikes, _send, count);
        _mpi.AllgatherInt(count, _counts);
        int total = 0;
        for (int r = 0; r < Size; r++)
        {
            _displacements[r] = total;
            total += _counts[r];
        }
        _mpi.AllgathervInt(_send.AsSpan(0, count), spikes, _counts, _displacements);
        return total;
    }

    /// <inheritdoc/>
    public override void EnsureSame(string what, ulong value)
    {
        ulong min = _mpi.AllreduceUInt64(value, _mpi.Min), max = _mpi.AllreduceUInt64(value, _mpi.Max);
        if (min != max)
        {
            throw new RankMismatchException($"The {Size} ranks disagree on {what}: every rank must run the same network file with the same seed, parameters and build.");
        }
    }

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
