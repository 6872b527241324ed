#!/usr/bin/python3
"""Neurons with gap junctions: Brian2's examples/synapses/gapjunctions.py.

Original: /usr/share/doc/python-brian-doc/examples/synapses/gapjunctions.py. 10 LIF-like units
(dv/dt = (v0 - v + Igap)/tau, v0 = 1.05, tau = 10 ms, threshold 1, reset 0), v starting at
i/9, all-to-all gap junctions (self included) of conductance w = 0.02:
Igap_post = w * (v_pre - v_post) (summed). 500 ms, exact, dt = 0.1 ms. Deterministic.
Shortened: nothing.

Figures:
  counts            spike count of each of the 10 neurons in 500 ms
  first_spike_ms    first spike time of neurons 0 and 5 (ms)
  last_spread_ms    max - min over neurons of the last spike time (ms): the coupling
                    synchronises the units, so this is small at the end

Brian2 features: (summed) variable written by Synapses from pre and post state
(v_pre - v_post), all-to-all connect() including self, method='exact' on a linear equation
with a summed input.
"""
from _common import main
from brian2 import *

NAME = 'gapjunctions'
SOURCE = 'examples/synapses/gapjunctions.py'
DETERMINISTIC = True
PROTOCOL = dict(n=10, duration_ms=500, dt_ms=0.1, w=0.02, shortened='nothing')
FEATURES = ['(summed) variable (gap junction current)', 'connect() all-to-all incl. self',
            'method exact', 'v_pre / v_post in a synaptic expression']
DEFINITIONS = dict(
    counts='spike count per neuron (10 values) in 500 ms',
    first_spike_ms='first spike time of neuron 0 and of neuron 5, ms',
    last_spread_ms='max - min of the last spike time over the 10 neurons, ms',
)
HEADLINE = ['counts', 'last_spread_ms']


def simulate(seed):
    n = 10
    v0 = 1.05
    tau = 10*ms
    eqs = '''
    dv/dt = (v0 - v + Igap) / tau : 1
    Igap : 1 # gap junction current
    '''
    neurons = NeuronGroup(n, eqs, threshold='v > 1', reset='v = 0', method='exact')
    neurons.v = 'i * 1.0 / (n-1)'
    S = Synapses(neurons, neurons, '''
                 w : 1 # gap junction conductance
                 Igap_post = w * (v_pre - v_post) : 1 (summed)
                 ''')
    S.connect()
    S.w = .02
    sm = SpikeMonitor(neurons)
    run(500*ms)
    trains = sm.spike_trains()
    last = [float(trains[k][-1] / ms) for k in range(n)]
    return dict(counts=[int(c) for c in sm.count],
                first_spike_ms=[float(trains[0][0] / ms), float(trains[5][0] / ms)],
                last_spread_ms=max(last) - min(last))


if __name__ == '__main__':
    main(globals())
