using System;
using System.Threading;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Runtime.Tests.Parallel;

public class ConstructionPartsTests
{
    [Fact]
    public void Every_part_runs_once()
    {
        var runs = new int[7];
        ConstructionParts.Run(7, part => Interlocked.Increment(ref runs[part]));
        Assert.All(runs, count => Assert.Equal(1, count));
    }

    [Fact]
    public void The_lowest_failing_part_s_exception_surfaces_unwrapped_whichever_fails_first()
    {
        // Part 4 fails at once, part 1 only after part 4 has: one thread running the parts in order would meet part 1's.
        using var fourFailed = new ManualResetEventSlim();
        var error = Assert.Throws<ArgumentException>(() => ConstructionParts.Run(6, part =>
        {
            if (part == 4)
            {
                fourFailed.Set();
                throw new ArgumentException("part 4");
            }
            if (part == 1)
            {
                fourFailed.Wait(TimeSpan.FromSeconds(10));
                throw new ArgumentException("part 1");
            }
        }));
        Assert.Equal("part 1", error.Message);
    }
}
