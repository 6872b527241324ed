using System;

namespace SpikeLang.Runtime.Tests;

/// <summary>Measures managed allocation of steady-state calls.</summary>
internal static class Allocation
{
    /// <summary>
    /// Bytes allocated on this thread by <paramref name="measuredCalls"/> calls, the least over a
    /// few windows. A hot path that allocates does so in every window; a single window can also
    /// be charged a few kilobytes by the runtime itself (seen about once in twenty runs while
    /// other tests allocate heavily on parallel threads), which the minimum filters out.
    /// </summary>
    public static long BytesAllocatedBy(Action action, int warmUpCalls = 3, int measuredCalls = 20, int windows = 5)
    {
        for (int i = 0; i < warmUpCalls; i++)
        {
            action();
        }

        long least = long.MaxValue;
        for (int window = 0; window < windows; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < measuredCalls; i++)
            {
                action();
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
