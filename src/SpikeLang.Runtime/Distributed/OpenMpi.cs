using System;
using System.Runtime.InteropServices;

namespace SpikeLang.Runtime;

/// <summary>
/// The few calls of Open MPI's C library a distributed simulation makes, bound at run time. Open MPI's handles
/// (MPI_COMM_WORLD, MPI_INT, MPI_MIN, …) are the addresses of exported objects (ompi_mpi_comm_world, …), not the
/// integer constants MPICH and Microsoft MPI use; that is why MPI.NET 1.4, written against Microsoft MPI's msmpi.dll
/// and its integer handles, cannot drive it (docs/distributed.md).
/// </summary>
internal sealed unsafe class OpenMpi
{
    /// <summary>The library names tried in turn: Debian's openmpi-bin installs the first, libopenmpi-dev adds the second.</summary>
    private static readonly string[] LibraryNames = ["libmpi.so.40", "libmpi.so"];

    private readonly delegate* unmanaged<int*, byte***, int> _init;
    private readonly delegate* unmanaged<int*, int> _initialized;
    private readonly delegate* unmanaged<int> _finalize;
    private readonly delegate* unmanaged<nint, int*, int> _commRank;
    private readonly delegate* unmanaged<nint, int*, int> _commSize;
    private readonly delegate* unmanaged<void*, int, nint, void*, int, nint, nint, int> _allgather;
    private readonly delegate* unmanaged<void*, int, nint, void*, int*, int*, nint, nint, int> _allgatherv;
    private readonly delegate* unmanaged<void*, void*, int, nint, nint, nint, int> _allreduce;
    private readonly delegate* unmanaged<void*, int, nint, void*, int, nint, nint, int> _alltoall;
    private readonly delegate* unmanaged<void*, int*, int*, nint, void*, int*, int*, nint, nint, int> _alltoallv;

    private OpenMpi(nint library)
    {
        _init = (delegate* unmanaged<int*, byte***, int>)NativeLibrary.GetExport(library, "MPI_Init");
        _initialized = (delegate* unmanaged<int*, int>)NativeLibrary.GetExport(library, "MPI_Initialized");
        _finalize = (delegate* unmanaged<int>)NativeLibrary.GetExport(library, "MPI_Finalize");
        _commRank = (delegate* unmanaged<nint, int*, int>)NativeLibrary.GetExport(library, "MPI_Comm_rank");
        _commSize = (delegate* unmanaged<nint, int*, int>)NativeLibrary.GetExport(library, "MPI_Comm_size");
        _allgather = (delegate* unmanaged<void*, int, nint, void*, int, nint, nint, int>)NativeLibrary.GetExport(library, "MPI_Allgather");
        _allgatherv = (delegate* unmanaged<void*, int, nint, void*, int*, int*, nint, nint, int>)NativeLibrary.GetExport(library, "MPI_Allgatherv");
        _allreduce = (delegate* unmanaged<void*, void*, int, nint, nint, nint, int>)NativeLibrary.GetExport(library, "MPI_Allreduce");
        _alltoall = (delegate* unmanaged<void*, int, nint, void*, int, nint, nint, int>)NativeLibrary.GetExport(library, "MPI_Alltoall");
        _alltoallv = (delegate* unmanaged<void*, int*, int*, nint, void*, int*, int*, nint, nint, int>)NativeLibrary.GetExport(library, "MPI_Alltoallv");
        CommWorld = Handle(library, "ompi_mpi_comm_world");
        Int = Handle(library, "ompi_mpi_int");
        UnsignedLongLong = Handle(library, "ompi_mpi_unsigned_long_long");
        Min = Handle(library, "ompi_mpi_op_min");
        Max = Handle(library, "ompi_mpi_op_max");
    }

    public nint CommWorld { get; }

    public nint Int { get; }

    public nint UnsignedLongLong { get; }

    public nint Min { get; }

    public nint Max { get; }

    /// <summary>Loads Open MPI's library.</summary>
    /// <exception cref="MpiUnavailableException">No library of that name, or one that is not Open MPI.</exception>
    public static OpenMpi Load()
    {
        foreach (string name in LibraryNames)
        {
            if (!NativeLibrary.TryLoad(name, out nint library))
            {
                continue;
            }
            if (!NativeLibrary.TryGetExport(library, "ompi_mpi_comm_world", out _))
            {
                throw new MpiUnavailableException($"{name} is not Open MPI's library (it has no ompi_mpi_comm_world): SpikeLang binds Open MPI's C interface; install openmpi-bin and run with Open MPI's mpirun.");
            }
            return new OpenMpi(library);
        }
        throw new MpiUnavailableException($"Open MPI's library ({string.Join(" or ", LibraryNames)}) was not found: install Open MPI (on Debian and Ubuntu: apt-get install openmpi-bin).");
    }

    public void Init()
    {
        int initialized;
        Check(_initialized(&initialized), "MPI_Initialized");
        if (initialized == 0)
        {
            Check(_init(null, null), "MPI_Init");
        }
    }

    public void Shutdown() => Check(_finalize(), "MPI_Finalize");

    public int CommRank()
    {
        int rank;
        Check(_commRank(CommWorld, &rank), "MPI_Comm_rank");
        return rank;
    }

    public int CommSize()
    {
        int size;
        Check(_commSize(CommWorld, &size), "MPI_Comm_size");
        return size;
    }

    public void AllgatherInt(int value, int[] all)
    {
        fixed (int* r = all)
        {
            Check(_allgather(&value, 1, Int, r, 1, Int, CommWorld), "MPI_Allgather");
        }
    }

    public void AllgathervInt(ReadOnlySpan<int> send, int[] receive, int[] counts, int[] displacements)
    {
        fixed (int* s = send)
        fixed (int* r = receive)
        fixed (int* c = counts)
        fixed (int* d = displacements)
        {
            Check(_allgatherv(s, send.Length, Int, r, c, d, Int, CommWorld), "MPI_Allgatherv");
        }
    }

    /// <summary>Sends <paramref name="send"/>[r] to rank r and receives rank r's into <paramref name="receive"/>[r] (one int per rank).</summary>
    public void AlltoallInt(ReadOnlySpan<int> send, int[] receive)
    {
        fixed (int* s = send)
        fixed (int* r = receive)
        {
            Check(_alltoall(s, 1, Int, r, 1, Int, CommWorld), "MPI_Alltoall");
        }
    }

    public void AlltoallvInt(ReadOnlySpan<int> send, ReadOnlySpan<int> sendCounts, int[] sendDisplacements, int[] receive, int[] receiveCounts, int[] receiveDisplacements)
    {
        fixed (int* s = send)
        fixed (int* sc = sendCounts)
        fixed (int* sd = sendDisplacements)
        fixed (int* r = receive)
        fixed (int* rc = receiveCounts)
        fixed (int* rd = receiveDisplacements)
        {
            Check(_alltoallv(s, sc, sd, Int, r, rc, rd, Int, CommWorld), "MPI_Alltoallv");
        }
    }

    public ulong AllreduceUInt64(ulong value, nint operation)
    {
        ulong result;
        Check(_allreduce(&value, &result, 1, UnsignedLongLong, operation, CommWorld), "MPI_Allreduce");
        return result;
    }

    private static nint Handle(nint library, string symbol) => NativeLibrary.GetExport(library, symbol);

    /// <summary>MPI's default error handler aborts the job on an error; a non-zero code reaching here means another handler was set.</summary>
    private static void Check(int code, string call)
    {
        if (code != 0)
        {
            throw new InvalidOperationException($"{call} failed with MPI error code {code}.");
        }
    }
}

/// <summary>A simulation was started under mpirun, but Open MPI's library cannot be used.</summary>
public sealed class MpiUnavailableException(string message) : Exception(message);
