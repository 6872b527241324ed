using System;

namespace SpikeLang.Runtime.Tests;

/// <summary>Measures managed allocation of steady-state calls.</summary>
internal static class Allocation
{
    // Warm-up calls first: they let tiered JIT and any lazy one-time setup happen outside the window.
    public static long BytesAllocatedBy(Action action, int warmUpCalls = 3, int measuredCalls = 20)
    {
        for (int i = 0; i < warmUpCalls; i++)
        {
            action();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < measuredCalls; i++)
        {
            action();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
