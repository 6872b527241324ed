#!/usr/bin/python3
"""Input-frequency curve of a LIF model: Brian2's examples/IF_curve_LIF.py.

Original: /usr/share/doc/python-brian-doc/examples/IF_curve_LIF.py. 1000 unconnected LIF
neurons (tau = 10 ms, threshold 10 mV, reset 0 mV, refractory 5 ms), neuron i has the constant
input v0 = 20 mV * i / 999, 1 s, exact integration, dt = 0.1 ms. Deterministic.
Shortened: nothing.

Figures:
  total_spikes       spikes of all 1000 neurons in 1 s
  first_firing_index smallest i with at least one spike (its v0 is the rheobase, 10 mV)
  count_at           spike counts of neurons i = 500, 600, 700, 800, 900, 999 (v0 = 10.01,
                     12.01, 14.01, 16.02, 18.02, 20 mV); rate in Hz = count / 1 s

Brian2 features: method='exact', (unless refractory), a per-neuron parameter set by a string
expression of i and of a script constant (n), SpikeMonitor.count.
"""
from _common import main
from brian2 import *

NAME = 'if_curve_lif'
SOURCE = 'examples/IF_curve_LIF.py'
DETERMINISTIC = True
PROBE = [500, 600, 700, 800, 900, 999]
PROTOCOL = dict(n=1000, duration_s=1.0, dt_ms=0.1, probe_indices=PROBE, shortened='nothing')
FEATURES = ['method exact', '(unless refractory)', 'parameter from a string expression of i',
            'SpikeMonitor.count']
DEFINITIONS = dict(
    total_spikes='spikes of all 1000 neurons in 1 s',
    first_firing_index='smallest neuron index with >= 1 spike (v0 = 20 mV * i / 999)',
    count_at='spike counts (1 s) of neurons 500, 600, 700, 800, 900, 999',
)
HEADLINE = ['total_spikes', 'first_firing_index', 'count_at']


def simulate(seed):
    n = 1000
    duration = 1*second
    tau = 10*ms
    eqs = '''
    dv/dt = (v0 - v) / tau : volt (unless refractory)
    v0 : volt
    '''
    group = NeuronGroup(n, eqs, threshold='v > 10*mV', reset='v = 0*mV',
                        refractory=5*ms, method='exact')
    group.v = 0*mV
    group.v0 = '20*mV * i / (n-1)'
    monitor = SpikeMonitor(group)
    run(duration)
    count = np.asarray(monitor.count)
    return dict(total_spikes=int(count.sum()),
                first_firing_index=int(np.nonzero(count > 0)[0][0]),
                count_at=[int(count[k]) for k in PROBE])


if __name__ == '__main__':
    main(globals())
