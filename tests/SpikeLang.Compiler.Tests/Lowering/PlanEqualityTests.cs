using System.IO;
using System.Linq;
using SpikeLang.Compiler.Text;
using Xunit;

namespace SpikeLang.Compiler.Tests.Lowering;

/// <summary>
/// Plans compare by value: the incremental generator re-emits a network only when its plan changes,
/// which works only if compiling the same text twice gives equal plans and any change of meaning does not.
/// </summary>
public class PlanEqualityTests
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(System.AppContext.BaseDirectory, "examples"), "*.snn", SearchOption.AllDirectories).OrderBy(f => f))
        {
            data.Add(Path.GetRelativePath(System.AppContext.BaseDirectory, file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void The_same_text_gives_equal_plans_with_equal_hashes(string example)
    {
        string path = Path.Combine(System.AppContext.BaseDirectory, example);
        string text = File.ReadAllText(path);

        var first = SnnCompiler.Compile(new SourceText(path, text));
        var second = SnnCompiler.Compile(new SourceText(path, text));

        Assert.False(first.HasErrors, string.Join("\n", first.Diagnostics));
        Assert.NotEmpty(first.Networks);
        Assert.Equal(first.Networks, second.Networks);
        Assert.Equal(first.Networks.GetHashCode(), second.Networks.GetHashCode());
        Assert.Equal(SnnCompiler.Emit(first.Networks[0]), SnnCompiler.Emit(second.Networks[0]));
    }

    [Theory]
    [InlineData("tau_m = 20 ms", "tau_m = 21 ms")]
    [InlineData("P = CubaLif[n]", "P = CubaLif(v = v_reset)[n]")]
    [InlineData("on pre { ge += 1.62 mV }", "on pre { ge += 1.63 mV }")]
    [InlineData("record spikes P", "record state P.v")]
    public void A_change_of_meaning_changes_the_plan(string before, string after)
    {
        string path = Path.Combine(System.AppContext.BaseDirectory, "examples", "Cuba", "Cuba.snn");
        string text = File.ReadAllText(path);
        Assert.Contains(before, text);

        var original = SnnCompiler.Compile(new SourceText("Cuba.snn", text)).Networks.Single();
        var changed = SnnCompiler.Compile(new SourceText("Cuba.snn", text.Replace(before, after))).Networks.Single();

        Assert.NotEqual(original, changed);
    }
}
