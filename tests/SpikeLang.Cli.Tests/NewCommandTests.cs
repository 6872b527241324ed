using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using Xunit;

namespace SpikeLang.Cli.Tests;

public class NewCommandTests
{
    /// <summary>The checkout these tests were compiled from (tests/SpikeLang.Cli.Tests/ is two levels down).</summary>
    private static string Repository([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));

    [Fact]
    public void Creates_project_snn_and_program_with_project_references_in_a_checkout()
    {
        using var dir = new TempDirectory();

        var outcome = CliRunner.Run("new", "Hello", "--output", dir.Path, "--repo", Repository());

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        string project = Path.Combine(dir.Path, "Hello");
        Assert.Equal(["Hello.csproj", "Hello.snn", "Program.cs"], Directory.GetFiles(project).Select(Path.GetFileName).Order());

        var csproj = XDocument.Load(Path.Combine(project, "Hello.csproj"));
        Assert.Equal("Exe", csproj.Descendants("OutputType").Single().Value);
        Assert.Equal("net10.0", csproj.Descendants("TargetFramework").Single().Value);
        var references = csproj.Descendants("ProjectReference").ToList();
        var generator = references.Single(r => r.Attribute("Include")!.Value.EndsWith("SpikeLang.Generators.csproj"));
        Assert.Equal("Analyzer", generator.Attribute("OutputItemType")?.Value);
        Assert.Equal("false", generator.Attribute("ReferenceOutputAssembly")?.Value);
        Assert.Contains(references, r => r.Attribute("Include")!.Value.EndsWith("SpikeLang.Runtime.csproj"));
        string import = csproj.Descendants("Import").Single().Attribute("Project")!.Value;
        Assert.EndsWith("buildTransitive/SpikeLang.Generators.props", import);
        // Every path is relative to the project and points at the checkout's files.
        foreach (string path in references.Select(r => r.Attribute("Include")!.Value).Append(import))
        {
            Assert.True(File.Exists(Path.Combine(project, path)), path);
        }

        Assert.Contains("network Hello {", File.ReadAllText(Path.Combine(project, "Hello.snn")));
        Assert.Contains("record spikes cells", File.ReadAllText(Path.Combine(project, "Hello.snn")));
        string program = File.ReadAllText(Path.Combine(project, "Program.cs"));
        Assert.Contains("new Hello(seed)", program);
        Assert.Contains("network.Run(TimeSpan.FromSeconds(1));", program);
        Assert.Contains("SpikeCount", program);
    }

    [Fact]
    public void The_new_network_checks_clean_and_runs()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, CliRunner.Run("new", "Sketch", "--output", dir.Path, "--packages").ExitCode);
        string snn = Path.Combine(dir.Path, "Sketch", "Sketch.snn");

        Assert.Equal(0, CliRunner.Run("check", snn).ExitCode);
        var run = CliRunner.Run("run", snn, "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("\"name\":\"cells\"", run.Stdout);
    }

    [Fact]
    public void Packages_mode_references_the_packages_at_the_tools_version()
    {
        using var dir = new TempDirectory();

        var outcome = CliRunner.Run("new", "Hello", "--output", dir.Path, "--packages");

        Assert.Equal(0, outcome.ExitCode);
        var csproj = XDocument.Load(Path.Combine(dir.Path, "Hello", "Hello.csproj"));
        var packages = csproj.Descendants("PackageReference").ToDictionary(p => p.Attribute("Include")!.Value, p => p.Attribute("Version")!.Value);
        Assert.Equal(["SpikeLang.Generators", "SpikeLang.Runtime"], packages.Keys.Order());
        Assert.All(packages.Values, v => Assert.Matches(@"^\d+\.\d+\.\d+", v));
        Assert.Empty(csproj.Descendants("ProjectReference"));
        Assert.Contains("must be on a NuGet feed", outcome.Stdout);
    }

    [Fact]
    public void Refuses_a_non_empty_folder()
    {
        using var dir = new TempDirectory();
        dir.Write("Hello/notes.txt", "mine");

        var outcome = CliRunner.Run("new", "Hello", "--output", dir.Path, "--packages");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("exists and is not empty", outcome.Stderr);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(dir.Path, "Hello", "notes.txt")));
        Assert.Single(Directory.GetFiles(Path.Combine(dir.Path, "Hello")));
    }

    [Fact]
    public void Accepts_an_empty_existing_folder()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "Hello"));

        Assert.Equal(0, CliRunner.Run("new", "Hello", "--output", dir.Path, "--packages").ExitCode);
    }

    [Theory]
    [InlineData("class")]
    [InlineData("my-net")]
    [InlineData("1net")]
    [InlineData("Program")]
    public void Rejects_names_that_cannot_name_the_class(string name)
    {
        using var dir = new TempDirectory();

        var outcome = CliRunner.Run("new", name, "--output", dir.Path);

        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("spikelang: error: ", outcome.Stderr);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Repo_that_is_not_a_checkout_is_a_usage_error()
    {
        using var dir = new TempDirectory();

        var outcome = CliRunner.Run("new", "Hello", "--output", dir.Path, "--repo", dir.Path);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("is not a SpikeLang checkout", outcome.Stderr);
    }
}
