using System.Linq;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;
using Xunit;
using Xunit.Abstractions;

namespace SpikeLang.Compiler.Tests.Syntax;

public class ScratchTests(ITestOutputHelper output)
{
    [Fact]
    public void Scratch()
    {
        string text = """
neuron A {
    parameters { tau = 20 ms; x = ; y = 3 +
       4 mV }
    state { v = 0 mV }
    equations {
        dv/dt = -v / tau unless refractory
        dq/dt = ) 
    }
    threshold v >
    reset { v = 0 mV, }
    bogus thing
}
network N {
    population P = A[10
    connect P[0:5] -> P probability 0.1 if i != j delay 1 ms on pre { v += 1 mV }
    record spikes P; record state P.v
}
garbage here
neuron B { threshold (((1 }
""";
        var source = new SourceText("t.snn", text);
        var bag = new DiagnosticBag(source);
        var unit = SnnParser.Parse(source, bag);
        foreach (var d in bag.Items) output.WriteLine(d.ToString());
        output.WriteLine(string.Join(",", unit.Declarations.Select(d => d.Name.Name)));
        Assert.Fail("show");
    }
}
