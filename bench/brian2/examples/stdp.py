#!/usr/bin/python3
"""Spike-timing-dependent plasticity (Song, Miller & Abbott 2000): Brian2's examples/synapses/STDP.py.

Original: /usr/share/doc/python-brian-doc/examples/synapses/STDP.py. 1000 Poisson inputs at
15 Hz (PoissonGroup) drive one conductance-based LIF neuron through plastic synapses with
additive all-to-all pair STDP (event-driven Apre/Apost, dApost = -1.05*dApre, hard bounds
[0, gmax]), weights starting uniform in [0, gmax]; Euler, dt = 0.1 ms, 100 s.
Shortened: 50 s instead of 100 s (the weights are on their way to the bimodal distribution:
the two outer tenths already hold ~40 % of the weights; 100 s costs 25 s of CPU per seed here).

Figures (w / gmax at t = 50 s):
  w_mean        mean of w/gmax over the 1000 synapses
  w_sd          sd (ddof=0) of w/gmax (0.289 for the uniform start)
  frac_low      fraction of w/gmax < 0.1
  frac_high     fraction of w/gmax >= 0.9
  out_rate_hz   output spikes / 50 s
  out_rate_last_10s_hz  output spikes in [40, 50) s / 10 s

Brian2 features: PoissonGroup, event-driven synaptic traces, on_pre and on_post with clip(),
rand() in a synaptic initial value, method euler, a long run.
"""
from _common import main
from brian2 import *

NAME = 'stdp'
SOURCE = 'examples/synapses/STDP.py'
DETERMINISTIC = False
DURATION_S = 50.0
PROTOCOL = dict(N=1000, F_hz=15, duration_s=DURATION_S, dt_ms=0.1, shortened='50 s instead of 100 s')
FEATURES = ['PoissonGroup', 'event-driven traces', 'on_pre/on_post with clip()', 'rand() in a synaptic initial value',
            'method euler']
DEFINITIONS = dict(
    w_mean='mean of w/gmax at 50 s',
    w_sd='sd (ddof=0) of w/gmax at 50 s',
    frac_low='fraction of synapses with w/gmax < 0.1',
    frac_high='fraction of synapses with w/gmax >= 0.9',
    out_rate_hz='output spikes / 50 s',
    out_rate_last_10s_hz='output spikes in [40, 50) s / 10 s',
)
HEADLINE = ['w_sd', 'frac_low', 'frac_high', 'out_rate_hz']


def simulate(seed):
    N = 1000
    taum = 10*ms
    taupre = 20*ms
    taupost = taupre
    Ee = 0*mV
    vt = -54*mV
    vr = -60*mV
    El = -74*mV
    taue = 5*ms
    F = 15*Hz
    gmax = .01
    dApre = .01
    dApost = -dApre * taupre / taupost * 1.05
    dApost *= gmax
    dApre *= gmax
    eqs_neurons = '''
    dv/dt = (ge * (Ee-v) + El - v) / taum : volt
    dge/dt = -ge / taue : 1
    '''
    poisson_input = PoissonGroup(N, rates=F)
    neurons = NeuronGroup(1, eqs_neurons, threshold='v>vt', reset='v = vr',
                          method='euler')
    S = Synapses(poisson_input, neurons,
                 '''w : 1
                    dApre/dt = -Apre / taupre : 1 (event-driven)
                    dApost/dt = -Apost / taupost : 1 (event-driven)''',
                 on_pre='''ge += w
                        Apre += dApre
                        w = clip(w + Apost, 0, gmax)''',
                 on_post='''Apost += dApost
                         w = clip(w + Apre, 0, gmax)''',
                 )
    S.connect()
    S.w = 'rand() * gmax'
    out_mon = SpikeMonitor(neurons)
    run(DURATION_S*second)

    wn = np.asarray(S.w[:]) / gmax
    ts = np.asarray(out_mon.t / second)
    return dict(w_mean=float(wn.mean()), w_sd=float(wn.std()),
                frac_low=float(np.mean(wn < 0.1)), frac_high=float(np.mean(wn >= 0.9)),
                out_rate_hz=len(ts) / DURATION_S,
                out_rate_last_10s_hz=float(np.sum(ts >= DURATION_S - 10)) / 10)


if __name__ == '__main__':
    main(globals())
