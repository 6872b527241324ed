using Xunit;

namespace SpikeLang.Compiler.Tests.Diagnostics;

/// <summary>The catalogue's cases for recordings: slices, sampling intervals, smoothing windows, recording twice.</summary>
public partial class BadInputCatalogueTests
{
    public static TheoryData<string, string, string, int, int, string> RecordingCases => new()
    {
        {
            "record: a slice beyond the population", Leaky + """
            network Net {
                population p = N[10]
                record state p[5:12].v
            }
            """, "SL0301", 11, 18, "[5:12]|10 neurons"
        },
        {
            "record: a slice of a subgroup counts in the subgroup", Leaky + """
            network Net {
                population p = N[10]
                subgroup e = p[0:4]
                record spikes e[2:6]
            }
            """, "SL0301", 12, 19, "[2:6]|'e' of 4 neurons"
        },
        {
            "record: an interval that is no whole number of steps", Leaky + """
            network Net {
                dt = 0.1 ms
                population p = N[10]
                record state p.v every 0.25 ms
            }
            """, "SL0319", 12, 28, "sampling interval|0.00025 s|0.0001 s|multiple of dt"
        },
        {
            "record: an interval that is no time", Leaky + """
            network Net {
                population p = N[10]
                record state p.v every 5 mV
            }
            """, "SL0205", 11, 28, "sampling interval|time (s)|voltage (V)"
        },
        {
            "record: every on spikes", Leaky + """
            network Net {
                population p = N[10]
                record spikes p every 1 ms
            }
            """, "SL0127", 11, 27, "'every'|record spikes|in the step they happen"
        },
        {
            "record: every on a rate", Leaky + """
            network Net {
                population p = N[10]
                record rate p every 1 ms
            }
            """, "SL0127", 11, 25, "'every'|record rate|window"
        },
        {
            "record: a smoothing window that is no time", Leaky + """
            network Net {
                population p = N[10]
                record rate p window 3
            }
            """, "SL0205", 11, 26, "smoothing window|time (s)|dimensionless"
        },
        {
            "record: one variable recorded twice in two ways", Leaky + """
            network Net {
                population p = N[10]
                record state p.v
                record state p[0:2].v every 1 ms
            }
            """, "SL0126", 12, 18, "'p.v'|line 11|keep one"
        },
        {
            "record: a rate of an unknown population", Leaky + """
            network Net {
                population p = N[10]
                record rate q
            }
            """, "SL0104", 11, 17, "'q'|declare it"
        },
    };
}
