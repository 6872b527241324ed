using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using CsCheck;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace SpikeLang.Generators.Tests.Properties;

/// <summary>
/// The property "what <c>spikelang check</c> accepts builds and runs": random programs from
/// <see cref="ProgramGenerator"/> are checked with <c>SnnCompiler.Compile</c>; every one without errors must
/// generate C# without an exception (<c>SnnCompiler.Emit</c> of each plan), that C# must compile against SpikeLang.Runtime, and each
/// network must construct (seed 1, default parameters) and run 10 steps without an exception. Errors of refused
/// programs must point inside the program. At least 30 % of what is drawn must check clean and at least 2 000
/// check-clean programs are tested per run. Non-finite state after the 10 steps is reported, not yet failed.
/// <para>
/// Generated C# is compiled in batches of <see cref="BatchSize"/> programs per in-memory Roslyn compilation (each
/// program in its own namespace P{n}; a program whose C# fails is reported and the batch compiled again without it).
/// A child process (<see cref="IsolatedRunner"/>) loads each batch into a collectible load context and constructs and
/// runs its networks through <see cref="GeneratedNetworks.RunTenSteps"/>: the test found generated networks that die
/// of a stack overflow, which no handler in this process could survive. Drawing, compiling and running overlap on
/// three threads; on this 2-core machine a run takes about two minutes (see the time line of the report).
/// </para>
/// <para>
/// Reproducing: the run's seed is <see cref="DefaultSeed"/> unless the environment variable
/// <c>SPIKELANG_PROPERTY_SEED</c> holds another CsCheck seed. Every failure is reported with the seed of its own example;
/// <c>SPIKELANG_PROPERTY_REPLAY=&lt;that seed&gt;</c> runs that one program only (the same string works as the seed
/// of <c>ProgramGenerator.Program.Sample(..., seed: ...)</c>). <c>SPIKELANG_PROPERTY_PROGRAMS=N</c> changes how many
/// check-clean programs are tested (default 2 000). A failure's message shows the .snn text shrunk by
/// <see cref="ProgramShrinker"/> (dropping parts while it fails the same way), the original text and the error.
/// </para>
/// </summary>
[Collection(TimedTests.Name)]
public class CheckCleanProgramsTests
{
    /// <summary>The fixed seed of CI runs (a CsCheck PCG seed string).</summary>
    public const string DefaultSeed = "0000001dfTU1";

    public const int DefaultCleanPrograms = 2000;

    private const int BatchSize = 200;
    private const int MaxDrawn = 20_000;
    private static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ShrinkBudget = TimeSpan.FromSeconds(12);

    private readonly ITestOutputHelper _output;

    public CheckCleanProgramsTests(ITestOutputHelper output) => _output = output;

    /// <summary>One drawn program and what became of it.</summary>
    private sealed record Drawn(int Id, string Seed, SnnProgram Program, string Text, Dictionary<string, int> Constructs);

    private sealed record Failure(string Kind, Drawn Program, string Detail);

    /// <summary>Everything a run counts.</summary>
    private sealed class Tally
    {
        public int Drawn, Clean, Generated, Compiled, Ran, Mistakes, MistakesRefused, Probes;
        public readonly Dictionary<string, int> DrawnConstructs = new(StringComparer.Ordinal);
        public readonly Dictionary<string, int> CleanConstructs = new(StringComparer.Ordinal);
        public readonly Dictionary<string, int> RanConstructs = new(StringComparer.Ordinal);
        public readonly List<Failure> Failures = new();
        public readonly List<(Drawn Program, string Network, IReadOnlyList<string> NonFinite)> NonFinite = new();
        public readonly List<Drawn> MistakesAccepted = new();
        public readonly List<(Drawn Program, string Network, string Message)> RefusedForMemory = new();
        public readonly Stopwatch Front = new(), Roslyn = new(), Running = new(), Shrinking = new();

        /// <summary>Failures come from two threads (check and generate; compile and run).</summary>
        public void Fail(Failure failure)
        {
            lock (Failures) Failures.Add(failure);
        }
    }

    [Fact]
    public async Task Check_clean_programs_generate_compile_and_run_ten_steps()
    {
        var total = Stopwatch.StartNew();
        string seed = Environment.GetEnvironmentVariable("SPIKELANG_PROPERTY_SEED") is { Length: > 0 } s ? s : DefaultSeed;
        string? replay = Environment.GetEnvironmentVariable("SPIKELANG_PROPERTY_REPLAY") is { Length: > 0 } r ? r : null;
        int target = replay is not null ? 1
            : int.TryParse(Environment.GetEnvironmentVariable("SPIKELANG_PROPERTY_PROGRAMS"), out int n) && n > 0 ? n : DefaultCleanPrograms;

        // Three stages overlap: this thread constructs and runs the networks of one batch while a second compiles the
        // next and a third draws, checks and generates the one after.
        var tally = new Tally();
        using var cancel = new CancellationTokenSource();
        var toCompile = new BlockingCollection<List<(Drawn Program, GeneratedProgram Generated)>>(boundedCapacity: 2);
        var toRun = new BlockingCollection<(List<(Drawn Program, GeneratedProgram Generated)> Programs, CompiledBatch Batch)>(boundedCapacity: 1);
        var front = Task.Run(() =>
        {
            try
            {
                var pending = new List<(Drawn Program, GeneratedProgram Generated)>();
                var pcg = PCG.Parse(replay ?? seed);
                while (tally.Clean < target && tally.Drawn < (replay is null ? MaxDrawn : 1))
                {
                    tally.Front.Start();
                    ulong state = pcg.State;
                    var program = ProgramGenerator.Program.Generate(pcg, null, out _);
                    var drawn = Draw(tally.Drawn, pcg.ToString(state), program);
                    tally.Drawn++;
                    Add(tally.DrawnConstructs, drawn.Constructs);
                    var generated = CheckAndGenerate(drawn, tally);
                    tally.Front.Stop();
                    if (generated is not null)
                    {
                        pending.Add((drawn, generated));
                        if (pending.Count == BatchSize)
                        {
                            toCompile.Add(pending, cancel.Token);
                            pending = new List<(Drawn Program, GeneratedProgram Generated)>();
                        }
                    }
                }
                if (pending.Count > 0) toCompile.Add(pending, cancel.Token);
            }
            finally
            {
                toCompile.CompleteAdding();
            }
        });
        var roslyn = Task.Run(() =>
        {
            try
            {
                foreach (var programs in toCompile.GetConsumingEnumerable(cancel.Token))
                {
                    tally.Roslyn.Start();
                    var batch = GeneratedNetworks.CompileBatch(programs.Select(p => p.Generated).ToList());
                    tally.Roslyn.Stop();
                    toRun.Add((programs, batch), cancel.Token);
                }
            }
            finally
            {
                toRun.CompleteAdding();
            }
        });
        var runner = Task.Run(() =>
        {
            foreach (var (programs, batch) in toRun.GetConsumingEnumerable(cancel.Token))
            {
                RunBatch(programs, batch, tally);
            }
        });
        foreach (var stage in new[] { front, roslyn, runner })
        {
            // A stage that fails stops the others, which may be waiting for it.
            _ = stage.ContinueWith(_ => cancel.Cancel(), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
        try
        {
            await Task.WhenAll(front, roslyn, runner);
        }
        finally
        {
            cancel.Cancel();
        }

        var shrunk = ShrinkFailures(tally);
        total.Stop();
        string report = Report(seed, tally, shrunk, total.Elapsed);
        _output.WriteLine(report);

        var problems = new List<string>();
        double ratio = tally.Drawn == 0 ? 0 : (double)tally.Clean / tally.Drawn;
        if (replay is null && ratio < 0.30) problems.Add($"only {ratio:P1} of the drawn programs check clean (at least 30 % required)");
        if (replay is null && tally.Clean < target) problems.Add($"only {tally.Clean} check-clean programs after drawing {tally.Drawn} (at least {target} required)");
        if (tally.Failures.Count > 0) problems.Add($"{tally.Failures.Count} check-clean programs fail, in {shrunk.Count} kinds:\n\n{FailureReport(shrunk)}");
        if (problems.Count > 0)
        {
            throw new XunitException($"The property 'what check accepts builds and runs' does not hold ({(replay is null ? "seed " + seed : "replaying " + replay)}):\n- {string.Join("\n- ", problems)}\n\n{Summary(tally, total.Elapsed)}");
        }
    }

    private static Drawn Draw(int id, string seed, SnnProgram program)
    {
        string text = program.ToSnn($"P{id}");
        return new Drawn(id, seed, program, text, ConstructCounter.Count(program, text));
    }

    private static void Add(Dictionary<string, int> into, Dictionary<string, int> counts)
    {
        foreach (var (key, value) in counts) into[key] = into.GetValueOrDefault(key) + value;
    }

    /// <summary>Check and generate; failures of these stages are recorded. Returns the program to compile, if any.</summary>
    private static GeneratedProgram? CheckAndGenerate(Drawn drawn, Tally tally)
    {
        bool mistake = drawn.Program.Tags.Any(t => t.StartsWith("mistake:", StringComparison.Ordinal));
        tally.Mistakes += mistake ? 1 : 0;
        tally.Probes += drawn.Program.Tags.Any(t => t.StartsWith("probe:", StringComparison.Ordinal)) ? 1 : 0;
        var outcome = GeneratedNetworks.CheckAndGenerate(drawn.Text, drawn.Id);
        if (!outcome.ChecksClean)
        {
            tally.MistakesRefused += mistake ? 1 : 0;
            if (outcome.Crash is { } crash)
            {
                tally.Fail(new Failure($"check throws {crash.Exception.GetType().Name}: {Normalize(crash.Exception.Message)}", drawn, crash.Exception.ToString()));
            }
            else if (outcome.CheckErrors.FirstOrDefault(d => !IsInside(d, drawn.Text)) is { } outside)
            {
                tally.Fail(new Failure($"check reports {outside.Id} outside the program ({outside.FilePath})", drawn, outside.ToString()));
            }
            return null;
        }
        tally.Clean++;
        Add(tally.CleanConstructs, drawn.Constructs);
        if (mistake) tally.MistakesAccepted.Add(drawn);
        string? kind = GenerateFailure(outcome);
        if (kind is not null)
        {
            tally.Fail(new Failure(kind, drawn, outcome.Crash!.Value.Exception.ToString()));
            return null;
        }
        tally.Generated++;
        return outcome.Program;
    }

    private static bool IsInside(Compiler.Diagnostics.Diagnostic d, string text) =>
        d.FilePath == GeneratedNetworks.SnnPath && d.Span.Start >= 0 && d.Span.End <= text.Length;

    private static string? GenerateFailure(SnnOutcome outcome) =>
        outcome.Crash is { Stage: "generate" } crash ? $"Generate throws {crash.Exception.GetType().Name}: {Normalize(crash.Exception.Message)}" : null;

    /// <summary>Constructs and runs every network of the programs of a compiled batch; C# errors are failures of their programs.</summary>
    private static void RunBatch(List<(Drawn Program, GeneratedProgram Generated)> programs, CompiledBatch batch, Tally tally)
    {
        tally.Running.Start();
        var compiled = new List<(Drawn Program, GeneratedProgram Generated)>();
        foreach (var (drawn, generated) in programs)
        {
            if (batch.Errors.TryGetValue(generated.Id, out var errors))
            {
                tally.Fail(new Failure(CSharpKind(errors, drawn.Text), drawn, string.Join("\n", errors.Take(8))));
                continue;
            }
            tally.Compiled++;
            compiled.Add((drawn, generated));
        }
        var results = Run(batch, compiled.SelectMany(p => p.Generated.Networks).ToList());
        foreach (var (drawn, generated) in compiled)
        {
            var failure = generated.Networks.Select(n => results[n]).FirstOrDefault(r => r.Kind is not null);
            if (failure is not null)
            {
                tally.Fail(new Failure(failure.Kind!, drawn, failure.Detail!));
                continue;
            }
            foreach (var r in generated.Networks.Select(n => results[n]).Where(r => r.NonFinite.Count > 0))
            {
                tally.NonFinite.Add((drawn, r.Network, r.NonFinite));
            }
            if (generated.Networks.Select(n => results[n]).FirstOrDefault(r => r.RefusedForMemory is not null) is { } refused)
            {
                lock (tally.RefusedForMemory) tally.RefusedForMemory.Add((drawn, refused.Network, refused.RefusedForMemory!));
                continue;
            }
            tally.Ran++;
            Add(tally.RanConstructs, drawn.Constructs);
        }
        tally.Running.Stop();
    }

    /// <summary>Constructs and runs networks of a compiled batch in a child process (<see cref="IsolatedRunner"/>), by <see cref="GeneratedNetworks.NetworkKey"/>.</summary>
    private static Dictionary<string, NetworkResult> Run(CompiledBatch batch, IReadOnlyList<string> networks) =>
        batch.Image is null || networks.Count == 0
            ? new Dictionary<string, NetworkResult>()
            : IsolatedRunner.Run(batch.Image, networks, NetworkTimeout).ToDictionary(r => r.Network, StringComparer.Ordinal);

    private static readonly Regex CSharpError = new(@"error (CS\d+): (.*)$", RegexOptions.CultureInvariant);

    private static string CSharpKind(IReadOnlyList<string> errors, string snn)
    {
        var m = CSharpError.Match(errors[0]);
        return m.Success ? $"C# does not compile: {m.Groups[1].Value} {Normalize(m.Groups[2].Value, snn)}" : "C# does not compile: " + Normalize(errors[0], snn);
    }

    /// <summary>
    /// A message without the names and numbers of one program, so equal failures get one kind. With the program's
    /// text, only the program's names inside a quoted name are replaced, so the emitter's own parts stay:
    /// 'p_vt_rest' becomes 'p_…', 'x_input' 'x_…', and 'Infinityf' stays.
    /// </summary>
    public static string Normalize(string message, string? snn = null)
    {
        var names = snn is null ? null : Regex.Matches(snn, @"[\p{L}_][\p{L}\p{Nd}_]*").Select(m => m.Value).Distinct().OrderByDescending(n => n.Length).ToList();
        string text = Regex.Replace(message, @"'([^'\n]*)'", m =>
        {
            if (names is null) return "'…'";
            string quoted = m.Groups[1].Value;
            foreach (string name in names)
            {
                quoted = Regex.Replace(quoted, $@"(?<=^|[_.]){Regex.Escape(name)}(?=$|[_.])", "…");
            }
            return "'" + quoted + "'";
        });
        text = Regex.Replace(text, @"\b\d+(\.\d+)?([eE][+-]?\d+)?\b", "#");
        return text.Length > 160 ? text.Substring(0, 160) + "…" : text;
    }

    // ---- shrinking ---------------------------------------------------------------------------

    private sealed record Shrunk(string Kind, int Count, Drawn Example, string Text, string Detail);

    /// <summary>For each failure kind, its shortest example, shrunk within the time budget (hangs are not shrunk).</summary>
    private List<Shrunk> ShrinkFailures(Tally tally)
    {
        tally.Shrinking.Start();
        var deadline = DateTime.UtcNow + ShrinkBudget;
        var result = new List<Shrunk>();
        var kinds = tally.Failures.GroupBy(f => f.Kind).OrderByDescending(g => g.Count()).ToList();
        int round = 0;
        foreach (var group in kinds)
        {
            var example = group.OrderBy(f => f.Program.Text.Length).First();
            var text = example.Program.Text;
            var detail = example.Detail;
            if (!group.Key.StartsWith("hangs", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                var perKind = DateTime.UtcNow + TimeSpan.FromTicks(Math.Max(ShrinkBudget.Ticks / 8, (deadline - DateTime.UtcNow).Ticks / Math.Max(1, kinds.Count)));
                var stage = StageOf(group.Key);
                var shrunk = ProgramShrinker.Shrink(example.Program.Program, candidates =>
                {
                    var found = FailureKinds(candidates, 1_000_000 + 1000 * round++, stage);
                    return found.Select(k => k.Kind == group.Key).ToArray();
                }, perKind < deadline ? perKind : deadline);
                text = shrunk.ToSnn("P0");
                var again = FailureKinds(new[] { shrunk }, 2_000_000 + round++, stage)[0];
                if (again.Kind == group.Key) detail = again.Detail!;
                else text = example.Program.Text;
            }
            result.Add(new Shrunk(group.Key, group.Count(), example.Program, text, detail));
        }
        tally.Shrinking.Stop();
        return result;
    }

    private enum Stage { Check, Generate, Compile, Run }

    private static Stage StageOf(string kind) =>
        kind.StartsWith("check", StringComparison.Ordinal) ? Stage.Check
        : kind.StartsWith("Generate", StringComparison.Ordinal) ? Stage.Generate
        : kind.StartsWith("C#", StringComparison.Ordinal) ? Stage.Compile
        : Stage.Run;

    /// <summary>
    /// The failure kind of each program (null when it checks, generates, compiles and runs, or is refused by check),
    /// looking no further than <paramref name="last"/>: shrinking a Generate failure needs no Roslyn.
    /// </summary>
    private static (string? Kind, string? Detail)[] FailureKinds(IReadOnlyList<SnnProgram> programs, int firstId, Stage last = Stage.Run)
    {
        var result = new (string?, string?)[programs.Count];
        var generated = new List<(int Index, GeneratedProgram Program)>();
        for (int k = 0; k < programs.Count; k++)
        {
            string text = programs[k].ToSnn($"P{firstId + k}");
            var outcome = GeneratedNetworks.CheckAndGenerate(text, firstId + k);
            if (outcome.Crash is { Stage: "check" } crash) result[k] = ($"check throws {crash.Exception.GetType().Name}: {Normalize(crash.Exception.Message)}", crash.Exception.ToString());
            else if (!outcome.ChecksClean)
            {
                var outside = outcome.CheckErrors.FirstOrDefault(d => !IsInside(d, text));
                result[k] = outside is null ? (null, null) : ($"check reports {outside.Id} outside the program ({outside.FilePath})", outside.ToString());
            }
            else if (GenerateFailure(outcome) is { } kind) result[k] = (kind, outcome.Crash!.Value.Exception.ToString());
            else generated.Add((k, outcome.Program!));
        }
        if (generated.Count == 0 || last < Stage.Compile) return result;
        var batch = GeneratedNetworks.CompileBatch(generated.Select(g => g.Program).ToList());
        var results = last < Stage.Run ? new Dictionary<string, NetworkResult>()
            : Run(batch, generated.Where(g => !batch.Errors.ContainsKey(g.Program.Id)).SelectMany(g => g.Program.Networks).ToList());
        foreach (var (index, program) in generated)
        {
            if (batch.Errors.TryGetValue(program.Id, out var errors))
            {
                result[index] = (CSharpKind(errors, program.Snn), string.Join("\n", errors.Take(8)));
                continue;
            }
            var failure = program.Networks.Where(results.ContainsKey).Select(n => results[n]).FirstOrDefault(r => r.Kind is not null);
            if (failure is not null) result[index] = (failure.Kind, failure.Detail);
        }
        return result;
    }

    // ---- reporting -----------------------------------------------------------------------------

    private static string Summary(Tally t, TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Drawn {t.Drawn}, check-clean {t.Clean} ({(t.Drawn == 0 ? 0 : 100.0 * t.Clean / t.Drawn):F1} %), generated {t.Generated}, compiled {t.Compiled}, ran 10 steps {t.Ran}, refused for memory {t.RefusedForMemory.Count}. " +
            $"Time {elapsed.TotalSeconds:F1} s (check + generate {t.Front.Elapsed.TotalSeconds:F1} s, Roslyn {t.Roslyn.Elapsed.TotalSeconds:F1} s, " +
            $"construct + run {t.Running.Elapsed.TotalSeconds:F1} s, shrinking {t.Shrinking.Elapsed.TotalSeconds:F1} s).");

    private static string FailureReport(IEnumerable<Shrunk> kinds)
    {
        var text = new StringBuilder();
        foreach (var k in kinds)
        {
            text.Append("== ").Append(k.Kind).Append($"  ({k.Count} programs; example seed {k.Example.Seed}, tags [{string.Join(", ", k.Example.Program.Tags)}])\n");
            text.Append("-- shrunk .snn:\n").Append(k.Text.TrimEnd()).Append('\n');
            text.Append("-- error:\n").Append(Truncate(k.Detail, 1500)).Append('\n');
            if (k.Text != k.Example.Text)
            {
                text.Append($"-- as drawn ({k.Example.Text.Length} chars):\n").Append(Truncate(k.Example.Text.TrimEnd(), 3000)).Append('\n');
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s.Substring(0, max) + "\n[…]";

    private static string Report(string seed, Tally t, List<Shrunk> shrunk, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.Append($"Seed {seed} (SPIKELANG_PROPERTY_SEED replays a run, SPIKELANG_PROPERTY_REPLAY one example)\n");
        text.Append(Summary(t, elapsed)).Append('\n');
        text.Append($"Deliberate mistakes drawn {t.Mistakes}, refused by check {t.MistakesRefused}; probes of known weak spots {t.Probes}.\n");
        foreach (var accepted in t.MistakesAccepted.Take(5))
        {
            text.Append($"  mistake accepted by check [{string.Join(", ", accepted.Program.Tags)}], seed {accepted.Seed}\n");
        }
        text.Append($"Failures: {t.Failures.Count} programs in {shrunk.Count} kinds\n");
        foreach (var k in shrunk) text.Append($"  {k.Count,5}  {k.Kind}\n");
        text.Append($"Refused at construction for want of memory (the child's heap is limited): {t.RefusedForMemory.Count} programs\n");
        foreach (var example in t.RefusedForMemory.Take(3))
        {
            text.Append($"  seed {example.Program.Seed}, {example.Network}: {Truncate(example.Message, 300)}\n");
        }
        text.Append($"Non-finite state after 10 steps (reported, not failed yet): {t.NonFinite.Count} networks\n");
        foreach (var example in t.NonFinite.OrderBy(x => x.Program.Text.Length).Take(5))
        {
            text.Append($"  seed {example.Program.Seed}, {example.Network}: {string.Join(", ", example.NonFinite)}\n");
        }
        text.Append("\nConstructs (occurrences): drawn / in check-clean programs / in programs that ran 10 steps\n");
        foreach (var key in t.DrawnConstructs.Keys.OrderBy(k => k, StringComparer.Ordinal))
        {
            text.Append($"  {key,-48} {t.DrawnConstructs[key],7} {t.CleanConstructs.GetValueOrDefault(key),7} {t.RanConstructs.GetValueOrDefault(key),7}\n");
        }
        if (shrunk.Count > 0) text.Append('\n').Append(FailureReport(shrunk));
        return text.ToString();
    }
}

/// <summary>
/// Tests whose running time is part of what they check run alone, after the others, so that the rest of the suite
/// does not compete with them for the two cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimedTests
{
    public const string Name = "Timed tests, run alone";
}
