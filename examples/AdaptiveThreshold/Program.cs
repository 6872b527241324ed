using System;
using System.Globalization;
using Examples.AdaptiveThreshold;

// The seed's 2D LIF driven by a 500 Hz Poisson train: every spike raises the threshold vt by dvt,
// which then decays back to vt_rest, so the firing rate adapts.
double duration = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 1.0;
ulong seed = args.Length > 1 ? ulong.Parse(args[1], CultureInfo.InvariantCulture) : 1;
var net = new AdaptiveThreshold(seed);
Simulate(net, duration);

var monitor = net.n.SpikeMonitor;
var steps = monitor.Steps;
Console.WriteLine(FormattableString.Invariant($"spikes={monitor.Count}"));
Console.WriteLine(FormattableString.Invariant($"rate_hz={monitor.Count / duration:F2}"));
Console.WriteLine(FormattableString.Invariant($"input_spikes={net.drive.SpikeCount}"));
if (monitor.Count >= 4)
{
    double firstIsi = (steps[1] - steps[0]) * AdaptiveThreshold.Dt * 1000;
    double lastIsi = (steps[monitor.Count - 1] - steps[monitor.Count - 2]) * AdaptiveThreshold.Dt * 1000;
    Console.WriteLine(FormattableString.Invariant($"first_isi_ms={firstIsi:F1} last_isi_ms={lastIsi:F1}"));
}
var thresholds = net.n.vtMonitor;
double peak = 0;
for (int k = 0; k < thresholds.Samples; k++)
{
    peak = Math.Max(peak, thresholds.At(k, 0));
}
Console.WriteLine(FormattableString.Invariant($"vt_rest_mV={net.n.vt_rest * 1000:F1} vt_peak_mV={peak * 1000:F2}"));

static void Simulate(AdaptiveThreshold net, double seconds) => net.Run(TimeSpan.FromSeconds(seconds));
