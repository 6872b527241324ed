using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace SpikeLang.Compiler.Tests.Architecture;

/// <summary>Rules about how the code is written that a review would otherwise have to remember.</summary>
public class CodeShapeTests
{
    private const int MaxLines = 600;

    /// <summary>Files allowed past <see cref="MaxLines"/>, each with the reason it is one job.</summary>
    private static readonly Dictionary<string, string> LongFiles = new()
    {
        // Empty: every file outside tests is one job in at most 600 lines. Add a file here only with its reason.
    };

    [Fact]
    public void No_file_outside_the_tests_grows_past_600_lines_unless_listed()
    {
        var tooLong = new[] { "src", "generators", "examples", "bench" }
            .SelectMany(Repository.CSharpFiles)
            .Where(f => !f.EndsWith(".g.cs", System.StringComparison.Ordinal))
            .Select(f => (File: f, Lines: Repository.Read(f).Split('\n').Length))
            .Where(f => f.Lines > MaxLines && !LongFiles.ContainsKey(f.File))
            .Select(f => $"{f.File} ({f.Lines} lines)")
            .ToList();
        Assert.True(tooLong.Count == 0,
            $"Files past {MaxLines} lines usually do two jobs; split them into Type.Part.cs files, or list them in {nameof(LongFiles)} with the reason:\n" + string.Join("\n", tooLong));
    }

    /// <summary>
    /// Built-ins (t, dt, i, j, N, N_pre, N_post, input) are rendered by <c>BuiltinRenderer</c> alone: no other
    /// emitter switches on a <c>Builtin</c>, compares a variable's name with a literal, or spells a built-in.
    /// </summary>
    [Fact]
    public void Built_in_variables_are_rendered_only_by_the_renderer()
    {
        var builtinEnum = new Regex(@"\bBuiltin\.\w+");
        var nameComparison = new Regex(@"Symbol\.Name\s*(==|!=|is)\s*""|\{\s*(Kind:\s*VariableKind\.Implicit,\s*)?Name:\s*""");
        var builtinLiteral = new Regex(@"""(t|dt|N|N_pre|N_post)""");
        var offenders = new List<string>();
        foreach (var file in Repository.CSharpFiles("src/SpikeLang.Compiler/Emit").Where(f => !f.EndsWith("/BuiltinRenderer.cs", System.StringComparison.Ordinal)))
        {
            string text = Repository.Read(file);
            offenders.AddRange(new[] { builtinEnum, nameComparison, builtinLiteral }.Select(r => r.Match(text)).Where(m => m.Success).Select(m => $"{file}: {m.Value}"));
        }
        foreach (var file in Repository.CSharpFiles("src/SpikeLang.Compiler/Lowering"))
        {
            string text = Repository.Read(file);
            offenders.AddRange(new[] { nameComparison, builtinLiteral }.Select(r => r.Match(text)).Where(m => m.Success).Select(m => $"{file}: {m.Value}"));
        }
        Assert.True(offenders.Count == 0, "Built-ins rendered outside BuiltinRenderer:\n" + string.Join("\n", offenders));
    }

    /// <summary>The patterns of the rule above find what they are meant to find.</summary>
    [Theory]
    [InlineData("{ Kind: VariableKind.Implicit, Name: \"dt\" } => \"Dt\",")]
    [InlineData("case Builtin.TimeStep: return \"k_dt\";")]
    [InlineData("if (v.Symbol.Name == \"i\") return \"(Real)i\";")]
    [InlineData("{ Name: \"j\" } => \"j\",")]
    [InlineData("names.Contains(\"N\")")]
    public void The_rendering_rule_recognises_string_rendering(string line)
    {
        bool found = new[] { @"\bBuiltin\.\w+", @"Symbol\.Name\s*(==|!=|is)\s*""|\{\s*(Kind:\s*VariableKind\.Implicit,\s*)?Name:\s*""", @"""(t|dt|N|N_pre|N_post)""" }.Any(p => Regex.IsMatch(line, p));
        Assert.True(found, line);
    }
}
