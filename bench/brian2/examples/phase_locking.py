#!/usr/bin/python3
"""Phase locking of IF neurons to a periodic input: Brian2's examples/phase_locking.py.

Original: /usr/share/doc/python-brian-doc/examples/phase_locking.py. 100 unconnected LIF units
dv/dt = (-v + a*sin(2*pi*10 Hz*t) + b)/tau (b = 1.2, tau = 20 ms), a = 0.05 + 0.7*i/100,
threshold 1, reset 0, v starting uniform in [0, 1] (the only random draw), Euler, dt = 0.1 ms,
1 s.
Shortened: nothing.

Figures:
  spikes         spikes of all 100 neurons in 1 s
  vs_mean        mean over neurons of the vector strength |<exp(2*pi*i*10 Hz*t)>| of their
                 spikes in [200, 1000) ms (neurons without spikes there count as 0)
  vs_low         the same mean over neurons 0..19 (weak modulation, a < 0.19)
  vs_high        the same mean over neurons 80..99 (strong modulation, a >= 0.61)
  n_mode_locked  neurons whose spike count is the same in each of the 8 drive cycles
                 (100 ms) of [200, 1000) ms (p:q mode locking)

Brian2 features: t and sin() in the equations (time-dependent drive), rand() in an initial
value, parameter from a string expression of i, method euler.
"""
from _common import main, vector_strength
from brian2 import *

NAME = 'phase_locking'
SOURCE = 'examples/phase_locking.py'
DETERMINISTIC = False
PROTOCOL = dict(n=100, b=1.2, freq_hz=10, duration_ms=1000, analysis_from_ms=200, dt_ms=0.1,
                shortened='nothing')
FEATURES = ['t and sin() in equations', 'rand() initial value', 'parameter from an expression of i', 'method euler']
DEFINITIONS = dict(
    spikes='spikes of all neurons in 1 s',
    vs_mean='mean over the 100 neurons of the vector strength at 10 Hz of spikes in [200, 1000) ms',
    vs_low='same over neurons 0..19',
    vs_high='same over neurons 80..99',
    n_mode_locked='neurons with the same spike count in each 100 ms cycle of [200, 1000) ms',
)
HEADLINE = ['spikes', 'vs_mean', 'n_mode_locked']


def simulate(seed):
    tau = 20*ms
    n = 100
    b = 1.2  # constant current mean, the modulation varies
    freq = 10*Hz
    eqs = '''
    dv/dt = (-v + a * sin(2 * pi * freq * t) + b) / tau : 1
    a : 1
    '''
    neurons = NeuronGroup(n, model=eqs, threshold='v > 1', reset='v = 0',
                          method='euler')
    neurons.v = 'rand()'
    neurons.a = '0.05 + 0.7*i/n'
    S = SpikeMonitor(neurons)
    run(1000*ms)
    trains = S.spike_trains()
    vs = []
    locked = 0
    for k in range(n):
        st = np.asarray(trains[k] / second)
        vs.append(vector_strength(st[st >= 0.2], 10.0))
        per_cycle = np.histogram(st, bins=np.linspace(0.2, 1.0, 9))[0]
        locked += int(np.all(per_cycle == per_cycle[0]))
    vs = np.array(vs)
    return dict(spikes=S.num_spikes, vs_mean=float(vs.mean()), vs_low=float(vs[:20].mean()),
                vs_high=float(vs[80:].mean()), n_mode_locked=locked)


if __name__ == '__main__':
    main(globals())
