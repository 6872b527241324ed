#!/usr/bin/python3
"""Sparse inhibitory network with fast oscillations (Brunel & Hakim 1999):
Brian2's examples/frompapers/Brunel_Hakim_1999.py.

Original: /usr/share/doc/python-brian-doc/examples/frompapers/Brunel_Hakim_1999.py. 5000
current-based LIF neurons (tau = 20 ms, threshold 20 mV, reset 10 mV, refractory 2 ms) with a
white-noise drive dV/dt = (-V + muext + sigmaext*sqrt(tau)*xi)/tau (muext = 25 mV,
sigmaext = 1 mV), random inhibitory connections p = C/N = 0.2 (C = 1000, self-connections
allowed), V += -J (J = 0.1 mV) after a delay of 2 ms, V starts at Vr, Euler(-Maruyama),
dt = 0.1 ms, 100 ms.
Shortened: nothing.

Figures:
  rate_hz        spikes of all neurons in [20, 100) ms / 5000 / 0.08 s
  osc_freq_hz    1 / lag of the first local maximum (lag 2..20 ms) of the autocorrelation of
                 the population spike count in 0.5 ms bins over [20, 100) ms (mean removed),
                 the lag refined by a parabola through the maximum and its two neighbours
  acf_peak       value of the autocorrelation (normalised to 1 at lag 0) at that maximum:
                 how strong the global oscillation is
  cv_pop         sd / mean of the population spike count in 0.5 ms bins over [20, 100) ms

Brian2 features: xi white noise on the membrane (Euler-Maruyama), sqrt(tau) units, refractory,
synaptic delay (2 ms, one value for all), connect(p=0.2) with 5 million synapses,
PopulationRateMonitor (here: the SpikeMonitor binned).
"""
from _common import main
from brian2 import *

NAME = 'brunel_hakim_1999'
SOURCE = 'examples/frompapers/Brunel_Hakim_1999.py'
DETERMINISTIC = False
PROTOCOL = dict(N=5000, C=1000, p=0.2, J_mV=0.1, delay_ms=2, muext_mV=25, sigmaext_mV=1,
                duration_ms=100, analysis_window_ms=[20, 100], bin_ms=0.5, dt_ms=0.1,
                shortened='nothing')
FEATURES = ['xi white noise (Euler-Maruyama)', 'sqrt(tau) units', 'refractory', 'synaptic delay',
            'connect(p=0.2), 5e6 synapses', 'population rate']
DEFINITIONS = dict(
    rate_hz='spikes in [20, 100) ms / 5000 / 0.08 s',
    osc_freq_hz='1/lag of the first local max (lag 2..20 ms) of the autocorrelation of the 0.5-ms-binned population count over [20, 100) ms, lag refined by a parabola through the max and its 2 neighbours',
    acf_peak='normalised autocorrelation at that lag',
    cv_pop='sd/mean of the 0.5-ms-binned population count over [20, 100) ms',
)
HEADLINE = ['rate_hz', 'osc_freq_hz', 'acf_peak']


def simulate(seed):
    N = 5000
    Vr = 10*mV
    theta = 20*mV
    tau = 20*ms
    delta = 2*ms
    taurefr = 2*ms
    duration = .1*second
    C = 1000
    sparseness = float(C)/N
    J = .1*mV
    muext = 25*mV
    sigmaext = 1*mV
    eqs = """
    dV/dt = (-V+muext + sigmaext * sqrt(tau) * xi)/tau : volt
    """
    group = NeuronGroup(N, eqs, threshold='V>theta',
                        reset='V=Vr', refractory=taurefr, method='euler')
    group.V = Vr
    conn = Synapses(group, group, on_pre='V += -J', delay=delta)
    conn.connect(p=sparseness)
    M = SpikeMonitor(group)
    run(duration)
    return analyse(np.asarray(M.t / ms))


def analyse(times_ms):
    sel = times_ms[(times_ms >= 20) & (times_ms < 100)]
    counts = np.histogram(sel, bins=np.arange(20, 100.0001, 0.5))[0].astype(float)
    x = counts - counts.mean()
    acf = np.correlate(x, x, mode='full')[len(x) - 1:]
    acf = acf / acf[0]
    lags = np.arange(len(acf)) * 0.5
    freq, peak = float('nan'), float('nan')
    for k in range(1, len(acf) - 1):
        if 2 <= lags[k] <= 20 and acf[k] >= acf[k - 1] and acf[k] > acf[k + 1]:
            # parabolic interpolation of the peak between the 0.5 ms lags
            den = acf[k - 1] - 2 * acf[k] + acf[k + 1]
            off = 0.5 * (acf[k - 1] - acf[k + 1]) / den if den != 0 else 0.0
            freq, peak = 1000.0 / (lags[k] + off * 0.5), float(acf[k])
            break
    return dict(rate_hz=len(sel) / 5000 / 0.08, osc_freq_hz=freq, acf_peak=peak,
                cv_pop=float(counts.std() / counts.mean()))


if __name__ == '__main__':
    main(globals())
