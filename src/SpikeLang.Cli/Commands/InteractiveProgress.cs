using System;
using System.IO;
using Spectre.Console;
using SpikeLang.Cli.Simulation;

namespace SpikeLang.Cli.Commands;

/// <summary>The live progress bar of <c>spikelang run</c> on a terminal (Spectre.Console).</summary>
internal static class InteractiveProgress
{
    public static T Run<T>(TextWriter stdout, string network, long steps, double totalSeconds, double dt, Func<Action<long, double, long>, T> loop)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
        });

        T result = default!;
        console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask(Markup.Escape(network), maxValue: steps);
                result = loop((done, wall, spikes) =>
                {
                    task.Value = done;
                    task.Description = Markup.Escape(FormattableString.Invariant(
                        $"{network}  {done * dt:0.000} s / {Durations.Format(totalSeconds)} simulated  wall {wall:0.0} s  {SimulationLoop.Left(done, steps, wall)}  {Output.RunSummary.SpikesPerSecond(spikes, wall)}"));
                    context.Refresh();
                });
            });
        return result;
    }
}
