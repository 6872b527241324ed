#!/usr/bin/python3
"""CUBA: Brette et al. (2007) benchmark 2, Brian2's examples/CUBA.py.

Original: /usr/share/doc/python-brian-doc/examples/CUBA.py (4000 current-based LIF neurons,
exponential synaptic currents, random connectivity p = 0.02, exact integration, 1 s).
Shortened: nothing (the full 1 s, all 4000 neurons; default dt = 0.1 ms).

Figures:
  rate_hz      spikes of all 4000 neurons / 4000 / 1 s
  rate_e_hz    same, neurons 0..3199;  rate_i_hz: neurons 3200..3999
  silent_frac  fraction of neurons that never fire in the 1 s

Brian2 features: method='exact', (unless refractory), refractory=5*ms, initial values by a
string expression with rand(), Synapses with connect('i<3200', p=0.02) (a condition on i and a
probability, self-connections allowed), SpikeMonitor.
"""
from _common import main
from brian2 import *

NAME = 'cuba'
SOURCE = 'examples/CUBA.py'
DETERMINISTIC = False
PROTOCOL = dict(N=4000, N_E=3200, p=0.02, duration_s=1.0, dt_ms=0.1, shortened='nothing')
FEATURES = ['method exact', '(unless refractory)', 'refractory', "rand() in initial values",
            "connect(condition on i, p=...)", 'SpikeMonitor']
DEFINITIONS = dict(
    rate_hz='total spikes / 4000 / 1 s',
    rate_e_hz='spikes of neurons 0..3199 / 3200 / 1 s',
    rate_i_hz='spikes of neurons 3200..3999 / 800 / 1 s',
    silent_frac='fraction of the 4000 neurons with no spike in 1 s',
)
HEADLINE = ['rate_hz']


def simulate(seed):
    taum = 20*ms
    taue = 5*ms
    taui = 10*ms
    Vt = -50*mV
    Vr = -60*mV
    El = -49*mV

    eqs = '''
    dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
    dge/dt = -ge/taue : volt
    dgi/dt = -gi/taui : volt
    '''

    P = NeuronGroup(4000, eqs, threshold='v>Vt', reset='v = Vr', refractory=5*ms,
                    method='exact')
    P.v = 'Vr + rand() * (Vt - Vr)'
    P.ge = 0*mV
    P.gi = 0*mV

    we = (60*0.27/10)*mV  # excitatory synaptic weight (voltage)
    wi = (-20*4.5/10)*mV  # inhibitory synaptic weight
    Ce = Synapses(P, P, on_pre='ge += we')
    Ci = Synapses(P, P, on_pre='gi += wi')
    Ce.connect('i<3200', p=0.02)
    Ci.connect('i>=3200', p=0.02)

    s_mon = SpikeMonitor(P)
    duration = 1*second
    run(duration)

    count = np.asarray(s_mon.count)
    return dict(rate_hz=count.sum() / 4000 / float(duration),
                rate_e_hz=count[:3200].sum() / 3200 / float(duration),
                rate_i_hz=count[3200:].sum() / 800 / float(duration),
                silent_frac=float(np.mean(count == 0)))


if __name__ == '__main__':
    main(globals())
