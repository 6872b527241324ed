using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace SpikeLang.Cli.Simulation;

/// <summary>
/// Ctrl-C (SIGINT) during <c>spikelang run</c>: instead of killing the process, the first one asks the run to
/// stop after the step it is in, so the recordings are completed and the summary printed (exit code 130);
/// a second one also skips the plots. The process is never killed half-way through writing a file.
/// </summary>
internal sealed class Interruption : IDisposable
{
    /// <summary>The exit code of a run stopped by Ctrl-C: 128 + SIGINT, as shells report it.</summary>
    public const int ExitCode = 130;

    private readonly PosixSignalRegistration? _registration;
    private readonly CancellationTokenSource _stop = new();
    private int _count;

    public Interruption()
    {
        try
        {
            _registration = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
            {
                context.Cancel = true;
                Interlocked.Increment(ref _count);
                _stop.Cancel();
            });
        }
        catch (PlatformNotSupportedException)
        {
            // No signals here (a browser host): Ctrl-C keeps its default meaning.
        }
    }

    /// <summary>Cancelled at the first Ctrl-C.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>True after the first Ctrl-C.</summary>
    public bool Requested => _stop.IsCancellationRequested;

    /// <summary>True after a second Ctrl-C: finish only what must be finished.</summary>
    public bool Insisted => Volatile.Read(ref _count) >= 2;

    public void Dispose()
    {
        _registration?.Dispose();
        _stop.Dispose();
    }
}
