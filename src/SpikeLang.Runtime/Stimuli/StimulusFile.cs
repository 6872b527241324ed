using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace SpikeLang.Runtime;

/// <summary>What a stimulus file holds: spike times or values.</summary>
public enum StimulusKind
{
    /// <summary>(time, index) pairs: the source spikes in the step the time falls in.</summary>
    Spikes,

    /// <summary>(time, index, value): the source holds the value from that step on.</summary>
    Values,
}

/// <summary>A checked stimulus file: its kind, its extent, and the stimulus that plays it.</summary>
/// <param name="Kind">Spikes or values.</param>
/// <param name="Events">Spikes, or value changes (one per source and row).</param>
/// <param name="LastStep">The step of the last event, or −1 when there is none.</param>
/// <param name="Stimulus">Plays the file to an input population; read again, lazily, as the run goes.</param>
public sealed record LoadedStimulus(StimulusKind Kind, long Events, long LastStep, IStimulus Stimulus);

/// <summary>
/// Reads the stimulus files of <c>spikelang run --input NAME=FILE</c> (docs/stimuli.md), the same files a
/// recording writes, so a recorded run can drive another:
/// <list type="bullet">
/// <item>spike times: CSV with the columns <c>time_s,index</c>, or NPY records with fields <c>t</c> and <c>i</c> (as <c>spikes_P.*</c>);</item>
/// <item>values: CSV with the columns <c>time_s,index,NAME</c>, or NPY records with a field <c>t</c> and one field of
/// one value per source (as <c>state_P_v.*</c>): each source holds its value from that time on.</item>
/// </list>
/// Times are seconds, in non-decreasing order; a time falls in the step Brian2's <c>SpikeGeneratorGroup</c>
/// puts it in (<see cref="SpikeStimulus.StepOf"/>). Values are in SI units.
/// </summary>
public static class StimulusFile
{
    /// <summary>Reads the whole file once to check it, then returns a stimulus that reads it again as the run goes.</summary>
    /// <param name="path">A .csv or .npy file.</param>
    /// <param name="dt">The network's time step, in seconds.</param>
    /// <param name="sources">Sources of the input population it drives.</param>
    /// <exception cref="InvalidDataException">The file is not a stimulus for this input; the message names the line or row and says what is wrong.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static LoadedStimulus Load(string path, double dt, int sources)
    {
        StimulusKind kind = KindOf(path, sources);
        long events = 0, lastStep = -1, stepOfSeen = -1;
        var seen = new HashSet<int>();
        foreach (var e in Read(path))
        {
            string where = path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) ? $"{path} row {e.Row}" : $"{path} line {e.Row}";
            if (!double.IsFinite(e.Time) || e.Time < 0)
            {
                throw new InvalidDataException($"{where}: time {Text(e.Time)} s is not a time of the run (0 or later, in seconds)");
            }
            if ((uint)e.Index >= (uint)sources)
            {
                throw new InvalidDataException($"{where}: index {e.Index} is not a source of this input, which has {sources} (0 to {sources - 1})");
            }
            if (!double.IsFinite(e.Value))
            {
                throw new InvalidDataException($"{where}: the value {Text(e.Value)} is not a finite number");
            }
            long step = SpikeStimulus.StepOf(e.Time, dt);
            if (step < lastStep)
            {
                throw new InvalidDataException($"{where}: time {Text(e.Time)} s comes after a later one; sort the file by time");
            }
            if (step != stepOfSeen)
            {
                seen.Clear();
                stepOfSeen = step;
            }
            if (kind == StimulusKind.Spikes && !seen.Add(e.Index))
            {
                throw new InvalidDataException($"{where}: source {e.Index} spikes twice in the step of {Text(e.Time)} s (dt = {Text(dt)} s); a source spikes at most once per step");
            }
            lastStep = step;
            events++;
        }

        IStimulus stimulus = kind == StimulusKind.Spikes
            ? new SpikeStimulus(Read(path).Select(e => (SpikeStimulus.StepOf(e.Time, dt), e.Index)))
            : new ValueStimulus(sources, Read(path).Select(e => (SpikeStimulus.StepOf(e.Time, dt), e.Index, e.Value)));
        return new LoadedStimulus(kind, events, lastStep, stimulus);
    }

    private readonly record struct Event(long Row, double Time, int Index, double Value);

    private static StimulusKind KindOf(string path, int sources)
    {
        if (path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
        {
            using var reader = NpyReader.Open(path);
            return NpyLayout(reader, sources).Values is null ? StimulusKind.Spikes : StimulusKind.Values;
        }
        using var text = new StreamReader(path);
        return CsvColumns(text.ReadLine(), path).Value < 0 ? StimulusKind.Spikes : StimulusKind.Values;
    }

    private static IEnumerable<Event> Read(string path) =>
        path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) ? ReadNpy(path) : ReadCsv(path);

    private static IEnumerable<Event> ReadCsv(string path)
    {
        using var reader = new StreamReader(path);
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
            yield return new Event(line, Number(cells[time], path, line),
                int.TryParse(cells[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out int i)
                    ? i
                    : throw new InvalidDataException($"{path} line {line}: index '{cells[index]}' is not a whole number"),
                value < 0 ? 0 : Number(cells[value], path, line));
        }
    }

    private static IEnumerable<Event> ReadNpy(string path)
    {
        using var reader = NpyReader.Open(path);
        var (t, i, values) = NpyLayout(reader, int.MaxValue);
        var row = new byte[reader.RowBytes];
        for (long r = 0; reader.ReadRows(row, 1) == 1; r++)
        {
            double time = reader.Value(row, t);
            if (values is null)
            {
                double index = reader.Value(row, i!);
                yield return new Event(r, time, index == Math.Floor(index) && Math.Abs(index) < int.MaxValue ? (int)index : -1, 0);
                continue;
            }
            for (int k = 0; k < values.Count; k++)
            {
                yield return new Event(r, time, k, reader.Value(row, values, k));
            }
        }
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

    /// <summary>The fields of spike records (t, i) or value records (t, one value per source).</summary>
    private static (NpyField Time, NpyField? Index, NpyField? Values) NpyLayout(NpyReader reader, int sources)
    {
        var time = reader.Field("t");
        var others = reader.Fields.Where(f => f.Name != "t").ToList();
        if (time is { Count: 1 } && reader.Field("i") is { Count: 1 } index && others.Count == 1)
        {
            return (time, index, null);
        }
        if (time is { Count: 1 } && others.Count == 1 && (others[0].Count == sources || sources == int.MaxValue))
        {
            return (time, null, others[0]);
        }
        throw new InvalidDataException(
            $"{reader.Path}: expected records with fields 't' and 'i' (spike times) or 't' and one field of {sources} values per row, but it has "
            + string.Join(", ", reader.Fields.Select(f => f.Count == 1 ? $"'{f.Name}'" : $"'{f.Name}' ({f.Count} values)")));
    }

    private static double Number(string text, string path, long line) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new InvalidDataException($"{path} line {line}: '{text}' is not a number");

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
