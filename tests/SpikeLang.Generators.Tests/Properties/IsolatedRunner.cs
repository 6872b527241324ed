using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Threading;
using SpikeLang.Runtime;

namespace SpikeLang.Generators.Tests.Properties;

/// <summary>What became of one network: null <see cref="Kind"/> when it constructed and ran 10 steps, or was refused for memory.</summary>
/// <param name="Kind">The failure kind: an exception, a hang, or a crash of the process.</param>
/// <param name="NonFinite">The non-finite state value the network found in its 10 steps, if any.</param>
/// <param name="RefusedForMemory">
/// The message with which construction refused a network the process has too little memory for, before allocating it
/// (<c>ConstructionChecks.Memory</c>): what a network too big for the machine must do, not a failure.
/// </param>
internal sealed record NetworkResult(string Network, string? Kind, string? Detail, IReadOnlyList<string> NonFinite, string? RefusedForMemory = null);

/// <summary>
/// Constructs and runs generated networks in a child process, so that what no exception handler can survive (the
/// stack overflow of a network whose class is called RandomStream, a runaway allocation) fails one network instead
/// of ending the test run. The child is this test assembly run as a program (<see cref="NetworkRunnerProgram"/>): it
/// loads the compiled batch into a collectible load context and calls <see cref="GeneratedNetworks.RunTenSteps"/>
/// for each network, reporting one line per network. A network that does not finish within the timeout, or whose
/// process dies, is a failure; the child is then restarted for the networks after it. The child's GC heap is
/// limited, so a huge population fails with OutOfMemoryException rather than taking the machine's memory.
/// </summary>
internal static class IsolatedRunner
{
    public const string Command = "--run-networks";
    private const string HeapLimit = "0x80000000"; // 2 GiB

    public static IReadOnlyList<NetworkResult> Run(byte[] image, IReadOnlyList<string> networks, TimeSpan timeoutPerNetwork)
    {
        string directory = Path.Combine(Path.GetTempPath(), "spikelang-property-runs");
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, $"{Guid.NewGuid():N}.dll");
        File.WriteAllBytes(path, image);
        try
        {
            var results = new List<NetworkResult>();
            var remaining = new Queue<string>(networks);
            while (remaining.Count > 0)
            {
                RunChild(path, remaining, results, timeoutPerNetwork);
            }
            return results;
        }
        finally
        {
            try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Runs the queued networks in one child until they are done or one of them hangs or kills it.</summary>
    private static void RunChild(string assembly, Queue<string> remaining, List<NetworkResult> results, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(IsolatedRunner).Assembly.Location);
        start.ArgumentList.Add(Command);
        start.ArgumentList.Add(assembly);
        start.Environment["DOTNET_GCHeapHardLimit"] = HeapLimit;
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        // The test assembly turns tiering off for Roslyn's sake; most network code runs once, so tier 0 suits the child.
        start.Environment["DOTNET_TieredCompilation"] = "1";
        start.Environment["DOTNET_TieredPGO"] = "0";
        using var child = Process.Start(start)!;
        var stderr = new StringBuilder();
        child.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) if (stderr.Length < 20_000) stderr.AppendLine(e.Data); };
        child.BeginErrorReadLine();
        var lines = new System.Collections.Concurrent.BlockingCollection<string?>();
        var reader = new Thread(() =>
        {
            try
            {
                string? line;
                while ((line = child.StandardOutput.ReadLine()) is not null) lines.Add(line);
            }
            catch (IOException) { }
            lines.Add(null);
        }) { IsBackground = true };
        reader.Start();
        foreach (string network in remaining) child.StandardInput.WriteLine(network);
        child.StandardInput.Close();

        string? current = null;
        while (remaining.Count > 0)
        {
            if (!lines.TryTake(out string? line, current is null ? TimeSpan.FromSeconds(60) : timeout))
            {
                Kill(child);
                string hung = current ?? remaining.Peek();
                Finish(remaining, results, new NetworkResult(hung, $"hangs: no 10 steps within {timeout.TotalSeconds:0} s",
                    $"{hung} was still running after {timeout.TotalSeconds:0} s", Array.Empty<string>()));
                return;
            }
            if (line is null)
            {
                // The second wait, once exited, lets the asynchronous reader take the rest of standard error.
                if (child.WaitForExit(10_000)) child.WaitForExit();
                string dead = current ?? remaining.Peek();
                string text;
                lock (stderr) text = stderr.ToString();
                string first = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? $"exit code {SafeExitCode(child)}";
                Finish(remaining, results, new NetworkResult(dead, $"the process dies: {CheckCleanProgramsTests.Normalize(first)}",
                    $"{dead}: the child process ended (exit code {SafeExitCode(child)}):\n{Tail(text, 3000)}", Array.Empty<string>()));
                return;
            }
            var fields = line.Split('\t');
            switch (fields[0])
            {
                case "start":
                    current = fields[1];
                    break;
                case "ok":
                    Finish(remaining, results, new NetworkResult(fields[1], null, null,
                        fields.Length > 2 && fields[2].Length > 0 ? Unescape(fields[2]).Split('|') : Array.Empty<string>()));
                    current = null;
                    break;
                case "refused":
                    Finish(remaining, results, new NetworkResult(fields[1], null, null, Array.Empty<string>(), Unescape(fields[2])));
                    current = null;
                    break;
                case "error":
                    Finish(remaining, results, new NetworkResult(fields[1], Unescape(fields[2]), Unescape(fields[3]), Array.Empty<string>()));
                    current = null;
                    break;
            }
        }
        if (!child.WaitForExit(10_000)) Kill(child);
    }

    private static void Finish(Queue<string> remaining, List<NetworkResult> results, NetworkResult result)
    {
        // Results come in the order the networks were given.
        if (remaining.Count > 0 && remaining.Peek() == result.Network) remaining.Dequeue();
        results.Add(result);
    }

    private static int SafeExitCode(Process p)
    {
        try { return p.HasExited ? p.ExitCode : -1; } catch (InvalidOperationException) { return -1; }
    }

    private static void Kill(Process p)
    {
        try { p.Kill(entireProcessTree: true); p.WaitForExit(10_000); } catch (InvalidOperationException) { } catch (System.ComponentModel.Win32Exception) { }
    }

    private static string Tail(string s, int max) => s.Length <= max ? s : "[…]" + s.Substring(s.Length - max);

    private static string DotnetHost() =>
        Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? host : "dotnet";

    public static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\r", "").Replace("\n", "\\n");

    public static string Unescape(string s)
    {
        var text = new StringBuilder(s.Length);
        for (int k = 0; k < s.Length; k++)
        {
            if (s[k] == '\\' && k + 1 < s.Length)
            {
                char next = s[++k];
                text.Append(next switch { 'n' => '\n', 't' => '\t', _ => next });
            }
            else
            {
                text.Append(s[k]);
            }
        }
        return text.ToString();
    }
}

/// <summary>
/// The entry point of this test assembly when it runs as the child of <see cref="IsolatedRunner"/>:
/// <c>dotnet exec SpikeLang.Generators.Tests.dll --run-networks BATCH.dll</c>, network keys (<see cref="GeneratedNetworks.NetworkKey"/>) on standard input.
/// </summary>
public static class NetworkRunnerProgram
{
    public static int Main(string[] args)
    {
        if (args.Length != 2 || args[0] != IsolatedRunner.Command)
        {
            Console.Error.WriteLine($"usage: {IsolatedRunner.Command} BATCH.dll < network-types");
            return 2;
        }
        var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true };
        var context = new AssemblyLoadContext("spikelang property batch", isCollectible: true);
        Assembly batch;
        using (var stream = File.OpenRead(args[1])) batch = context.LoadFromStream(stream);
        var factories = GeneratedNetworks.Factories(batch);
        string? network;
        while ((network = Console.In.ReadLine()) is not null)
        {
            if (network.Length == 0) continue;
            output.WriteLine($"start\t{network}");
            if (!factories.TryGetValue(network, out var factory))
            {
                string known = string.Join(", ", factories.Keys.Where(k => k.StartsWith(network.Split('.')[0] + ".", StringComparison.Ordinal)));
                output.WriteLine($"error\t{network}\t{IsolatedRunner.Escape("no SpikeLangNetwork attribute names the network's factory")}\t{IsolatedRunner.Escape($"{network}: the batch's factories of its namespace are: {known}")}");
                continue;
            }
            RunOutcome outcome;
            try
            {
                outcome = GeneratedNetworks.RunTenSteps(factory);
            }
            catch (Exception e)
            {
                outcome = new RunOutcome(e, Array.Empty<string>());
            }
            if (outcome.Error is ArgumentException { TargetSite: { Name: nameof(ConstructionChecks.Memory) } site } refused && site.DeclaringType == typeof(ConstructionChecks))
            {
                output.WriteLine($"refused\t{network}\t{IsolatedRunner.Escape(refused.Message)}");
            }
            else if (outcome.Error is { } error)
            {
                string kind = $"constructing or running throws {error.GetType().Name}: {CheckCleanProgramsTests.Normalize(error.Message)}";
                output.WriteLine($"error\t{network}\t{IsolatedRunner.Escape(kind)}\t{IsolatedRunner.Escape($"{network}: {error}")}");
            }
            else
            {
                output.WriteLine($"ok\t{network}\t{IsolatedRunner.Escape(string.Join("|", outcome.NonFinite))}");
            }
        }
        context.Unload();
        return 0;
    }
}
