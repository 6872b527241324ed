using System;
using System.Globalization;
using Examples.IfCurve;

// The f-I curve of the standard Lif neuron, simulated and against the analytic rate
// f = 1 / (t_ref + tau * ln(R·I / (R·I - theta))) for R·I > theta, where theta = v_th - v_reset.
double duration = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 5.0;
var net = new IfCurve(seed: 1);
Simulate(net, duration);

var counts = net.lif.SpikeMonitor.CountPerNeuron;
double tau = net.lif.tau_m, r = net.lif.r_m, theta = net.lif.v_th - net.lif.v_reset, tRef = net.lif.t_ref;
double worst = 0;
Console.WriteLine("current_nA  simulated_hz  analytic_hz  relative_error");
for (int i = 0; i < net.lif.Count; i++)
{
    double current = net.lif.i_ext[i];
    double simulated = counts[i] / duration;
    double drive = r * current;
    double analytic = drive > theta ? 1.0 / (tRef + tau * Math.Log(drive / (drive - theta))) : 0.0;
    double error = analytic > 0 ? Math.Abs(simulated - analytic) / analytic : (simulated == 0 ? 0 : double.PositiveInfinity);
    if (analytic >= 5)
    {
        worst = Math.Max(worst, error);
    }
    Console.WriteLine(FormattableString.Invariant($"{current * 1e9,10:F3}  {simulated,12:F2}  {analytic,11:F2}  {error,14:P2}"));
}
Console.WriteLine(FormattableString.Invariant($"max_relative_error={worst:F4} (neurons firing at 5 Hz or more)"));
return worst <= 0.02 ? 0 : 1;

// Hot loops belong in their own method: top-level statements run before full JIT optimisation.
static void Simulate(IfCurve net, double seconds) => net.Run(TimeSpan.FromSeconds(seconds));
