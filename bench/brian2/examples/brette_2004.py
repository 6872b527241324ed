#!/usr/bin/python3
"""Phase locking of a LIF driven by a sinusoidal current (Brette 2004, Fig. 2A): Brian2's examples/frompapers/Brette_2004.py.

Original: /usr/share/doc/python-brian-doc/examples/frompapers/Brette_2004.py. 2000 unconnected
units dv/dt = (-v + a + 2*sin(2*pi*t/tau))/tau (tau = 100 ms), a = linspace(2, 4, 2000),
threshold 1, reset 0, v from 0, Euler, dt = 0.1 ms; 5 s to converge, then 5 s with a
SpikeMonitor. Deterministic.
Shortened: nothing.

Figures (spikes in the recorded 5 s, i.e. t in [5, 10) s: 50 drive periods):
  spikes          spikes of all 2000 units
  count_at        spike counts of units 0, 400, 800, 1200, 1600, 1999 (a = 2, 2.4, 2.8, 3.2, 3.6, 4)
  n_distinct      number of distinct spike counts over the 2000 units (plateaus of the staircase)

Brian2 features: t and sin() in the equations, a parameter per unit from linspace (an
expression of i), two run() calls with the monitor created between them.
"""
from _common import main
from brian2 import *

NAME = 'brette_2004'
SOURCE = 'examples/frompapers/Brette_2004.py'
DETERMINISTIC = True
PROBE = [0, 400, 800, 1200, 1600, 1999]
PROTOCOL = dict(N=2000, tau_ms=100, settle_s=5, recorded_s=5, dt_ms=0.1, probe_indices=PROBE,
                shortened='nothing')
FEATURES = ['t and sin() in equations', 'parameter from linspace', 'monitor started after 5 s']
DEFINITIONS = dict(
    spikes='spikes of all 2000 units in [5, 10) s',
    count_at='spike counts in [5, 10) s of units 0, 400, 800, 1200, 1600, 1999',
    n_distinct='number of distinct spike counts in [5, 10) s over the 2000 units',
)
HEADLINE = ['spikes', 'count_at', 'n_distinct']


def simulate(seed):
    N = 2000
    tau = 100*ms
    eqs = '''
    dv/dt = (-v + a + 2*sin(2*pi*t/tau))/tau : 1
    a : 1
    '''
    neurons = NeuronGroup(N, eqs, threshold='v>1', reset='v=0', method='euler')
    neurons.a = linspace(2, 4, N)
    run(5*second)  # discard the first spikes (wait for convergence)
    S = SpikeMonitor(neurons)
    run(5*second)
    count = np.asarray(S.count)
    return dict(spikes=int(count.sum()), count_at=[int(count[k]) for k in PROBE],
                n_distinct=len(set(count.tolist())))


if __name__ == '__main__':
    main(globals())
