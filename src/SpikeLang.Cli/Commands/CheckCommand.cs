using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using SpikeLang.Compiler;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Cli.Commands;

/// <summary><c>spikelang check FILE|DIR...</c>: compile .snn files and report their diagnostics.</summary>
public static class CheckCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = ".snn files, or directories to search for *.snn files (recursively).",
            Arity = ArgumentArity.OneOrMore,
        };
        var quiet = new Option<bool>("--quiet", "-q")
        {
            Description = "Print only the summary line.",
        };

        var command = new Command("check", "Parse and type-check .snn files without generating code.")
        {
            paths,
            quiet,
        };
        command.SetAction(parseResult => Execute(
            parseResult.GetValue(paths) ?? Array.Empty<string>(),
            parseResult.GetValue(quiet),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return command;
    }

    public static int Execute(IReadOnlyList<string> paths, bool quiet, TextWriter stdout, TextWriter stderr)
    {
        var problems = new List<string>();
        var files = ResolveFiles(paths, problems);
        var sources = new List<SourceText>(files.Count);
        foreach (var file in files)
        {
            if (SnnSources.TryRead(file, problems) is { } content)
            {
                sources.Add(new SourceText(file, content));
            }
        }

        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                stderr.WriteLine($"spikelang: error: {problem}");
            }
            return CliApp.UsageError;
        }

        // One compilation for all files: a network in one file may use a model from another.
        var result = SnnCompiler.Compile(sources);
        var reported = SnnSources.Reportable(result.Diagnostics);

        if (!quiet)
        {
            foreach (var diagnostic in reported)
            {
                stdout.WriteLine(diagnostic.ToString());
            }
        }

        int errors = reported.Count(d => d.IsError);
        int warnings = reported.Count - errors;
        stdout.WriteLine($"{Count(sources.Count, "file")} checked: {Summary(errors, warnings)}");
        return errors > 0 ? 1 : 0;
    }

    /// <summary>Expands directories to their *.snn files; keeps the user's spelling of each path
    /// because diagnostics are reported under it.</summary>
    private static List<string> ResolveFiles(IReadOnlyList<string> paths, List<string> problems)
    {
        var files = new List<string>();
        // A file named directly and again through its directory must be compiled once, or every
        // declaration in it would be reported as a duplicate.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = FindSnnFiles(path, problems);
                if (found is null)
                {
                    continue;
                }
                if (found.Count == 0)
                {
                    problems.Add($"directory '{path}' contains no .snn files");
                }
                files.AddRange(found.Where(f => seen.Add(Path.GetFullPath(f))));
            }
            else if (File.Exists(path))
            {
                if (seen.Add(Path.GetFullPath(path)))
                {
                    files.Add(path);
                }
            }
            else
            {
                problems.Add($"file '{path}' does not exist");
            }
        }
        return files;
    }

    private static List<string>? FindSnnFiles(string directory, List<string> problems)
    {
        try
        {
            var found = Directory.EnumerateFiles(directory, "*.snn", SearchOption.AllDirectories).ToList();
            // Sorted so output and compilation order do not depend on the file system.
            found.Sort(StringComparer.Ordinal);
            return found;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add($"cannot read directory '{directory}': {ex.Message}");
            return null;
        }
    }

    private static string Summary(int errors, int warnings) => (errors, warnings) switch
    {
        (0, 0) => "no problems",
        (_, 0) => Count(errors, "error"),
        (0, _) => Count(warnings, "warning"),
        _ => $"{Count(errors, "error")}, {Count(warnings, "warning")}",
    };

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
