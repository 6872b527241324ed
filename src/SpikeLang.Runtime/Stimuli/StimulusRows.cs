using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace SpikeLang.Runtime;

/// <summary>What a stimulus file holds: spike times or values.</summary>
#if SPIKELANG_COMPILER
internal
#else
public
#endif
enum StimulusKind
{
    /// <summary>(time, index) pairs: the source spikes in the step the time falls in.</summary>
    Spikes,

    /// <summary>(time, index, value): the source holds the value from that step on.</summary>
    Values,
}

/// <summary>One row of a stimulus file: a spike of <paramref name="Index"/>, or the value it holds from <paramref name="Time"/> on.</summary>
/// <param name="Row">The CSV line (from 1, the header) or NPY row (from 0) it was read from, for messages.</param>
/// <param name="Time">Seconds.</param>
/// <param name="Index">The source, or −1 for an index that is no whole number.</param>
/// <param name="Value">The value (SI units as a stimulus, the written unit for a timed array); 0 for a spike.</param>
#if SPIKELANG_COMPILER
internal
#else
public
#endif
readonly record struct StimulusEvent(long Row, double Time, int Index, double Value);

/// <summary>
/// The stimulus file rules that do not depend on how the file is stored: the CSV layout, and the checks every
/// file passes (docs/stimuli.md). The compiler links this file, because spike generators and timed arrays read
/// the same files when a network is built, so a file is accepted or refused with the same words by
/// <c>spikelang run --input</c> and by <c>spikes(file = ...)</c> / <c>file(...)</c> in .snn code.
/// </summary>
#if SPIKELANG_COMPILER
internal
#else
public
#endif
static class StimulusRows
{
    /// <summary>
    /// The step a time falls in, as Brian2's <c>SpikeGeneratorGroup</c> bins it: int((t + 10⁻³·dt) / dt), so
    /// a time written as step × dt (a recorded spike) comes back to its step despite rounding.
    /// </summary>
    public static long StepOf(double seconds, double dt) => (long)SnnMath.Timestep(seconds, dt);

    /// <summary>The kind of a CSV stimulus file, from its header line.</summary>
    /// <exception cref="InvalidDataException">The header is not <c>time_s,index</c> or <c>time_s,index,NAME</c>.</exception>
    public static StimulusKind CsvKind(string? header, string path) =>
        CsvColumns(header, path).Value < 0 ? StimulusKind.Spikes : StimulusKind.Values;

    /// <summary>The rows of a CSV stimulus file after its header, as they are read.</summary>
    /// <exception cref="InvalidDataException">A row that is not numbers in the header's columns (the message names the line).</exception>
    public static IEnumerable<StimulusEvent> ReadCsv(TextReader reader, string path)
    {
        var (time, index, value) = CsvColumns(reader.ReadLine(), path);
        int columns = Math.Max(Math.Max(time, index), value) + 1;
        long line = 1;
        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }
            string[] cells = text.Split(',');
            if (cells.Length < columns)
            {
                throw new InvalidDataException($"{path} line {line}: {cells.Length} column(s), but the header names {columns}");
            }
            yield return new StimulusEvent(line, Number(cells[time], path, line),
                int.TryParse(cells[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out int i)
                    ? i
                    : throw new InvalidDataException($"{path} line {line}: index '{cells[index]}' is not a whole number"),
                value < 0 ? 0 : Number(cells[value], path, line));
        }
    }

    /// <summary>
    /// Checks every event against the rules of a stimulus for <paramref name="sources"/> sources at time step
    /// <paramref name="dt"/>: times finite, 0 or later and in order, indices of sources, values finite, a source
    /// spiking at most once per step.
    /// </summary>
    /// <param name="events">The rows, in file order.</param>
    /// <param name="kind">Spike times (a source at most once per step) or values.</param>
    /// <param name="dt">The width of a step (or of a timed array's bin), in seconds.</param>
    /// <param name="sources">Sources of the input, or <see cref="int.MaxValue"/> for any index 0 or more (the columns of a timed array).</param>
    /// <param name="where">Names an event's row for messages: "in.csv line 3", "in.npy row 2".</param>
    /// <returns>The number of events and the step of the last one (−1 when there is none).</returns>
    /// <exception cref="InvalidDataException">The first event that breaks a rule, with its row and what to do.</exception>
    public static (long Events, long LastStep) Check(IEnumerable<StimulusEvent> events, StimulusKind kind, double dt, int sources, Func<long, string> where)
    {
        long count = 0, lastStep = -1, stepOfSeen = -1;
        var seen = new HashSet<int>();
        foreach (var e in events)
        {
            if (!Finite(e.Time) || e.Time < 0)
            {
                throw new InvalidDataException($"{where(e.Row)}: time {Text(e.Time)} s is not a time of the run (0 or later, in seconds)");
            }
            if ((uint)e.Index >= (uint)sources)
            {
                throw new InvalidDataException(sources == int.MaxValue
                    ? $"{where(e.Row)}: index {e.Index} is not a whole number 0 or more"
                    : $"{where(e.Row)}: index {e.Index} is not a source of this input, which has {sources} (0 to {sources - 1})");
            }
            if (!Finite(e.Value))
            {
                throw new InvalidDataException($"{where(e.Row)}: the value {Text(e.Value)} is not a finite number");
            }
            long step = StepOf(e.Time, dt);
            if (step < lastStep)
            {
                throw new InvalidDataException($"{where(e.Row)}: time {Text(e.Time)} s comes after a later one; sort the file by time");
            }
            if (step != stepOfSeen)
            {
                seen.Clear();
                stepOfSeen = step;
            }
            if (kind == StimulusKind.Spikes && !seen.Add(e.Index))
            {
                throw new InvalidDataException($"{where(e.Row)}: source {e.Index} spikes twice in the step of {Text(e.Time)} s (dt = {Text(dt)} s); a source spikes at most once per step");
            }
            lastStep = step;
            count++;
        }
        return (count, lastStep);
    }

    /// <summary>The columns of <c>time_s,index</c> (value −1) or <c>time_s,index,NAME</c>.</summary>
    private static (int Time, int Index, int Value) CsvColumns(string? header, string path)
    {
        string[] names = (header ?? "").Split(',').Select(n => n.Trim()).ToArray();
        int time = Array.FindIndex(names, n => n is "time_s" or "t");
        int index = Array.FindIndex(names, n => n is "index" or "i");
        if (time < 0 || index < 0 || names.Length > 3)
        {
            throw new InvalidDataException(
                $"{path}: the first line must name the columns, 'time_s,index' for spike times or 'time_s,index,VALUE' for values, but it is '{header}'");
        }
        return (time, index, names.Length == 3 ? Enumerable.Range(0, 3).First(k => k != time && k != index) : -1);
    }

    private static bool Finite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);

    private static double Number(string text, string path, long line) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new InvalidDataException($"{path} line {line}: '{text}' is not a number");

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
