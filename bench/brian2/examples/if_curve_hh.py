#!/usr/bin/python3
"""Input-frequency curve of a Hodgkin-Huxley model: Brian2's examples/IF_curve_Hodgkin_Huxley.py.

Original: /usr/share/doc/python-brian-doc/examples/IF_curve_Hodgkin_Huxley.py. 100 unconnected
HH (Traub-Miles) neurons, neuron i receives I = 0.7 nA * i / 100, v starts at El (m, n, h at
0), exponential Euler, threshold v > -40 mV with refractory='v > -40*mV' (a condition: a spike
is counted once per excursion above -40 mV), dt = 0.1 ms, 2 s. Deterministic.
Shortened: nothing.

Figures:
  total_spikes        spikes of all 100 neurons in 2 s
  first_firing_index  smallest i with at least one spike
  first_tonic_index   smallest i with at least 10 spikes (repetitive firing)
  rate_at             rate (spikes / 2 s) of neurons 20, 40, 60, 80, 99 (I = 0.14 ... 0.693 nA)

Brian2 features: method='exponential_euler', exprel(), refractory given as a condition
(refractory='v > -40*mV'), parameter from a string expression of i.
"""
from _common import main
from brian2 import *

NAME = 'if_curve_hh'
SOURCE = 'examples/IF_curve_Hodgkin_Huxley.py'
DETERMINISTIC = True
PROBE = [20, 40, 60, 80, 99]
PROTOCOL = dict(num_neurons=100, duration_s=2.0, dt_ms=0.1, probe_indices=PROBE, shortened='nothing')
FEATURES = ['method exponential_euler', 'exprel()', "refractory as a condition ('v > -40*mV')",
            'parameter from a string expression of i']
DEFINITIONS = dict(
    total_spikes='spikes of all 100 neurons in 2 s',
    first_firing_index='smallest i with >= 1 spike (I = 0.7 nA * i / 100)',
    first_tonic_index='smallest i with >= 10 spikes',
    rate_at='spikes / 2 s of neurons 20, 40, 60, 80, 99',
)
HEADLINE = ['total_spikes', 'first_tonic_index', 'rate_at']


def simulate(seed):
    num_neurons = 100
    duration = 2*second
    area = 20000*umetre**2
    Cm = 1*ufarad*cm**-2 * area
    gl = 5e-5*siemens*cm**-2 * area
    El = -65*mV
    EK = -90*mV
    ENa = 50*mV
    g_na = 100*msiemens*cm**-2 * area
    g_kd = 30*msiemens*cm**-2 * area
    VT = -63*mV
    eqs = Equations('''
    dv/dt = (gl*(El-v) - g_na*(m*m*m)*h*(v-ENa) - g_kd*(n*n*n*n)*(v-EK) + I)/Cm : volt
    dm/dt = 0.32*(mV**-1)*4*mV/exprel((13.*mV-v+VT)/(4*mV))/ms*(1-m)-0.28*(mV**-1)*5*mV/exprel((v-VT-40.*mV)/(5*mV))/ms*m : 1
    dn/dt = 0.032*(mV**-1)*5*mV/exprel((15.*mV-v+VT)/(5*mV))/ms*(1.-n)-.5*exp((10.*mV-v+VT)/(40.*mV))/ms*n : 1
    dh/dt = 0.128*exp((17.*mV-v+VT)/(18.*mV))/ms*(1.-h)-4./(1+exp((40.*mV-v+VT)/(5.*mV)))/ms*h : 1
    I : amp
    ''')
    group = NeuronGroup(num_neurons, eqs,
                        threshold='v > -40*mV',
                        refractory='v > -40*mV',
                        method='exponential_euler')
    group.v = El
    group.I = '0.7*nA * i / num_neurons'
    monitor = SpikeMonitor(group)
    run(duration)
    count = np.asarray(monitor.count)
    firing = np.nonzero(count > 0)[0]
    tonic = np.nonzero(count >= 10)[0]
    return dict(total_spikes=int(count.sum()),
                first_firing_index=int(firing[0]) if len(firing) else -1,
                first_tonic_index=int(tonic[0]) if len(tonic) else -1,
                rate_at=[count[k] / 2.0 for k in PROBE])


if __name__ == '__main__':
    main(globals())
