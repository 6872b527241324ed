using Xunit;

namespace SpikeLang.Compiler.Tests.Diagnostics;

/// <summary>
/// The catalogue's cases for data files: text in quotes, <c>file("...")</c> in a timed array and
/// <c>spikes(file = "...")</c>. Files that exist but break a rule are in Binding/DataFileTests, which writes them.
/// </summary>
public partial class BadInputCatalogueTests
{
    public static TheoryData<string, string, string, int, int, string> DataFileCases => new()
    {
        {
            "data file: a timed array file that does not exist", """
            timed_array a = file("no_such_stimulus.csv") * nA every 1 ms
            """, "SL0331", 1, 22, "Timed array 'a'|'no_such_stimulus.csv'|does not exist"
        },
        {
            "data file: a spike file that does not exist", """
            network A {
                population S = spikes(file = "no_such_spikes.csv")[2]
            }
            """, "SL0331", 2, 34, "Spike generator 'S'|'no_such_spikes.csv'"
        },
        {
            "data file: an NPY file", """
            timed_array b = file("currents.npy") * nA every 1 ms
            """, "SL0332", 1, 22, "as CSV|spikelang run --input"
        },
        {
            "data file: a name holding NUL", "timed_array n = file(\"in\0put.csv\") * nA every 1 ms",
            "SL0332", 1, 22, "in\\u0000put.csv|no file name may hold"
        },
        {
            "data file: a file and a list of times", """
            network A {
                population S = spikes(file = "in.csv", times = [1] * ms)[2]
            }
            """, "SL0335", 2, 44, "a file or from indices and times"
        },
        {
            "data file: a generator's file not in quotes", """
            network A {
                population S = spikes(file = 3)[2]
            }
            """, "SL0334", 2, 34, "in quotes|spikes(file = \"in.csv\")"
        },
        {
            "data file: file() without a name", """
            timed_array c = file() * nA every 1 ms
            """, "SL0334", 1, 17, "in quotes|file(\"I.csv\") * nA"
        },
        {
            "text: a file name as a parameter value", """
            network A {
                population P = Lif(tau = "10 ms")[2]
            }
            """, "SL0330", 2, 30, "names a data file|spikes(file"
        },
        {
            "text: not closed on its line", """
            timed_array d = file("I.csv) * nA every 1 ms
            """, "SL0008", 1, 22, "not closed|'\"'"
        },
    };
}
