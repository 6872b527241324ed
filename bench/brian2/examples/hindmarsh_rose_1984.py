#!/usr/bin/python3
"""Hindmarsh-Rose bursting (1984, Fig. 6): Brian2's examples/frompapers/Hindmarsh_Rose_1984.py.

Original: /usr/share/doc/python-brian-doc/examples/frompapers/Hindmarsh_Rose_1984.py. Three
Hindmarsh-Rose units (x, y, z in arbitrary units, time unit 1 ms) with constant currents
I = 0.4, 2, 4, started at the equilibrium of the model without adaptation (x = -1.6), RK4,
dt = 0.1 time units, 2100 time units. No threshold: spikes are read from the x trace.
Deterministic.
Shortened: nothing.

Figures (one value per current I = 0.4, 2, 4):
  spikes      number of upward crossings of x = 1 (StateMonitor every step)
  bursts      number of bursts: groups of spikes separated by more than 100 time units
  max_burst   largest number of spikes in one burst
  last_burst  number of spikes in the last burst
  last_isi    last interspike interval (time units; -1 if fewer than 2 spikes)

Brian2 features: method='rk4', dimensionless equations scaled by a time unit, (constant) flag,
initial values by string expressions of other variables (y = 'c - d*x**2'), dt = 0.1 ms,
no threshold (analysis of a StateMonitor trace).
"""
from _common import main, upward_crossings
from brian2 import *

NAME = 'hindmarsh_rose_1984'
SOURCE = 'examples/frompapers/Hindmarsh_Rose_1984.py'
DETERMINISTIC = True
GAP = 100.0
PROTOCOL = dict(I=[0.4, 2, 4], duration_time_units=2100, dt_time_units=0.1, spike_level_x=1.0,
                burst_gap_time_units=GAP, shortened='nothing')
FEATURES = ['method rk4', '(constant) flag', 'initial values from expressions of other variables',
            'no threshold (trace analysis)']
DEFINITIONS = dict(
    spikes='upward crossings of x = 1.0 per neuron (I = 0.4, 2, 4)',
    bursts='groups of spikes with gaps > 100 time units between groups',
    last_burst='spike count of the last burst',
    max_burst='largest spike count in one burst',
    last_isi='last interspike interval, time units (-1 if < 2 spikes)',
)
HEADLINE = ['spikes', 'bursts', 'last_burst']


def simulate(seed):
    time_unit = 1*ms
    defaultclock.dt = time_unit/10
    x_1 = -1.6
    a = 1; b = 3; c = 1; d = 5
    r = 0.001; s = 4
    eqs = '''
    dx/dt = (y - a*x**3 + b*x**2 + I - z)/time_unit : 1
    dy/dt = (c - d*x**2 - y)/time_unit : 1
    dz/dt = r*(s*(x - x_1) - z)/time_unit : 1
    I : 1 (constant)
    '''
    neuron = NeuronGroup(3, eqs, method='rk4')
    neuron.x = x_1
    neuron.y = 'c - d*x**2'
    neuron.z = 'r*(s*(x - x_1))'
    neuron.I = [0.4, 2, 4]
    mon = StateMonitor(neuron, 'x', record=True)
    run(2100*time_unit)

    tt = np.asarray(mon.t / time_unit)
    spikes, bursts, max_burst, last_burst, last_isi = [], [], [], [], []
    for k in range(3):
        st = tt[upward_crossings(mon.x[k], 1.0)]
        spikes.append(len(st))
        if len(st) == 0:
            bursts.append(0); max_burst.append(0); last_burst.append(0); last_isi.append(-1.0)
            continue
        breaks = np.nonzero(np.diff(st) > GAP)[0]
        sizes = np.diff(np.concatenate([[0], breaks + 1, [len(st)]]))
        bursts.append(len(sizes))
        max_burst.append(int(sizes.max()))
        last_burst.append(int(sizes[-1]))
        last_isi.append(float(st[-1] - st[-2]) if len(st) > 1 else -1.0)
    return dict(spikes=spikes, bursts=bursts, max_burst=max_burst, last_burst=last_burst, last_isi=last_isi)


if __name__ == '__main__':
    main(globals())
