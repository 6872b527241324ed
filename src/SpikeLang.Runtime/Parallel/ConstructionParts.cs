using System;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;

namespace SpikeLang.Runtime;

/// <summary>
/// Work done once while a network is built (drawing and sorting its synapses), split into parts that each write
/// their own elements. Unlike a step, construction may allocate, so the parts run on the thread pool; one part runs
/// on the calling thread.
/// </summary>
public static class ConstructionParts
{
    /// <summary>
    /// Runs <paramref name="body"/>(part) for part = 0 … <paramref name="parts"/> − 1, each on a thread of its own, and
    /// returns when all are done. If parts throw, the lowest part's exception is rethrown as it was thrown, which is the
    /// one the parts run in order on one thread would have met first (a value a rule refuses, with the message that
    /// names it): the error does not depend on the threads either.
    /// </summary>
    public static void Run(int parts, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (parts <= 1)
        {
            body(0);
            return;
        }
        var errors = new Exception?[parts];
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
        {
            try
            {
                body(part);
            }
            catch (Exception e)
            {
                errors[part] = e;
            }
        });
        foreach (var error in errors)
        {
            if (error is not null)
            {
                ExceptionDispatchInfo.Capture(error).Throw();
            }
        }
    }
}
