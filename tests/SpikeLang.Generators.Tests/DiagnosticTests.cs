using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace SpikeLang.Generators.Tests;

public class DiagnosticTests
{
    private const string UnknownModel =
        "namespace Bad\n" +
        "\n" +
        "network N {\n" +
        "    dt = 0.1 ms\n" +
        "    population P = Nope[10]\n" +
        "}\n";

    [Fact]
    public async Task An_invalid_snn_file_reports_its_diagnostic_located_in_the_snn_file()
    {
        var test = new SnnGeneratorTest
        {
            TestState =
            {
                Sources = { "public static class Host { }" },
                AdditionalFiles = { ("/project/Bad.snn", UnknownModel) },
                // No C# is generated when the .snn has errors.
                ExpectedDiagnostics =
                {
                    // 'Nope' on line 5 (1-based), columns 20..24.
                    new DiagnosticResult("SL0102", DiagnosticSeverity.Error).WithSpan("/project/Bad.snn", 5, 20, 5, 24),
                },
            },
        };
        await test.RunAsync();
    }

    [Fact]
    public void Roslyn_diagnostics_keep_the_compilers_id_title_message_and_location()
    {
        var driver = TestHelpers.CreateDriver(new[] { new InMemoryAdditionalText("/project/Bad.snn", UnknownModel) })
            .RunGenerators(TestHelpers.CreateCompilation("public static class Host { }"));
        var result = driver.GetRunResult();

        var expected = SpikeLang.Compiler.SnnCompiler
            .Generate(new[] { new SpikeLang.Compiler.Text.SourceText("/project/Bad.snn", UnknownModel) })
            .Diagnostics.Single(d => d.Id == "SL0102");
        var diagnostic = result.Diagnostics.Single(d => d.Id == "SL0102");
        Assert.Equal(expected.Message, diagnostic.GetMessage());
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Unknown neuron model", diagnostic.Descriptor.Title.ToString());
        Assert.Equal("SpikeLang", diagnostic.Descriptor.Category);
        Assert.Equal(expected.Span.Start, diagnostic.Location.SourceSpan.Start);
        Assert.Equal(expected.Span.Length, diagnostic.Location.SourceSpan.Length);

        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal("/project/Bad.snn", span.Path);
        Assert.Equal((4, 19), (span.StartLinePosition.Line, span.StartLinePosition.Character));
        // The MSBuild form a build prints: path(line,col): error SL0102: message
        Assert.StartsWith("/project/Bad.snn(5,20): error SL0102: ", diagnostic.ToString());
        Assert.Empty(result.GeneratedTrees);
    }

    [Fact]
    public void Every_compiler_descriptor_maps_to_a_roslyn_descriptor_with_the_same_id_title_and_severity()
    {
        foreach (var descriptor in SpikeLang.Compiler.Diagnostics.DiagnosticDescriptors.All)
        {
            var lineSpan = new SpikeLang.Compiler.Text.LinePositionSpan(new(1, 2), new(1, 5));
            var diagnostic = DiagnosticMapping.ToRoslyn(new SpikeLang.Compiler.Diagnostics.Diagnostic(
                descriptor.Id, descriptor.Severity, "the message {0}", "a/b.snn", new SpikeLang.Compiler.Text.TextSpan(7, 3), lineSpan));
            Assert.Equal(descriptor.Id, diagnostic.Id);
            Assert.Equal(descriptor.Title, diagnostic.Descriptor.Title.ToString());
            Assert.Equal(descriptor.Severity.ToString(), diagnostic.Severity.ToString());
            Assert.Equal(descriptor.Severity.ToString(), diagnostic.Descriptor.DefaultSeverity.ToString());
            // Already formatted by the compiler: braces in it are not format items.
            Assert.Equal("the message {0}", diagnostic.GetMessage());
            Assert.Equal($"a/b.snn(2,3): {descriptor.Severity.ToString().ToLowerInvariant()} {descriptor.Id}: the message {{0}}", diagnostic.ToString());
        }
    }

    private sealed class SnnGeneratorTest : CSharpSourceGeneratorTest<SnnGenerator, DefaultVerifier>
    {
        public SnnGeneratorTest()
        {
            // No reference-assembly package (it would be downloaded): compile against the running runtime.
            ReferenceAssemblies = new ReferenceAssemblies("net10.0");
            TestState.AdditionalReferences.AddRange(TestHelpers.References);
        }
    }
}
