using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace SpikeLang.Runtime;

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
        bool npy = path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase);
        var (events, lastStep) = StimulusRows.Check(Read(path), kind, dt, sources, row => npy ? $"{path} row {row}" : $"{path} line {row}");

        IStimulus stimulus = kind == StimulusKind.Spikes
            ? new SpikeStimulus(Read(path).Select(e => (StimulusRows.StepOf(e.Time, dt), e.Index)))
            : new ValueStimulus(sources, Read(path).Select(e => (StimulusRows.StepOf(e.Time, dt), e.Index, e.Value)));
        return new LoadedStimulus(kind, events, lastStep, stimulus);
    }

    private static StimulusKind KindOf(string path, int sources)
    {
        if (path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
        {
            using var reader = NpyReader.Open(path);
            return NpyLayout(reader, sources).Values is null ? StimulusKind.Spikes : StimulusKind.Values;
        }
        using var text = new StreamReader(path);
        return StimulusRows.CsvKind(text.ReadLine(), path);
    }

    private static IEnumerable<StimulusEvent> Read(string path) =>
        path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) ? ReadNpy(path) : ReadCsv(path);

    private static IEnumerable<StimulusEvent> ReadCsv(string path)
    {
        using var reader = new StreamReader(path);
        foreach (var e in StimulusRows.ReadCsv(reader, path))
        {
            yield return e;
        }
    }

    private static IEnumerable<StimulusEvent> ReadNpy(string path)
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
                yield return new StimulusEvent(r, time, index == Math.Floor(index) && Math.Abs(index) < int.MaxValue ? (int)index : -1, 0);
                continue;
            }
            for (int k = 0; k < values.Count; k++)
            {
                yield return new StimulusEvent(r, time, k, reader.Value(row, values, k));
            }
        }
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
}
