#!/usr/bin/python3
"""Wang-Buzsaki interneuron (1996): Brian2's examples/frompapers/Wang_Buszaki_1996.py.

Original: /usr/share/doc/python-brian-doc/examples/frompapers/Wang_Buszaki_1996.py. One
Wang-Buzsaki model neuron (instantaneous m, gating h and n with factor 5) with Iapp = 2 uA
(per cm^2), v starting at -70 mV and h at 1 (n at 0), exponential Euler, dt = 0.01 ms,
100 ms. No threshold. Deterministic.
Shortened: nothing.

Figures:
  spikes          upward crossings of v = -20 mV in 100 ms
  first_spike_ms  time of the first crossing (ms)
  isi_ms          mean interval between successive crossings after the first (ms)
  v_peak_mV       max of v over the run (mV)
  v_min_mV        min of v after the first spike (mV, the afterhyperpolarisation)

Brian2 features: method='exponential_euler', exprel(), subexpressions (m, alpha/beta rates),
dt = 0.01 ms, no threshold (trace analysis).
"""
from _common import main, upward_crossings
from brian2 import *

NAME = 'wang_buzsaki_1996'
SOURCE = 'examples/frompapers/Wang_Buszaki_1996.py'
DETERMINISTIC = True
PROTOCOL = dict(duration_ms=100, dt_ms=0.01, Iapp_uA=2, spike_level_mV=-20.0, shortened='nothing')
FEATURES = ['method exponential_euler', 'exprel()', 'subexpressions', 'dt = 0.01 ms', 'no threshold (trace analysis)']
DEFINITIONS = dict(
    spikes='upward crossings of v = -20 mV in 100 ms',
    first_spike_ms='time of the first crossing, ms',
    isi_ms='mean interval between successive crossings, ms',
    v_peak_mV='max v over the run, mV',
    v_min_mV='min v after the first crossing, mV',
)
HEADLINE = ['spikes', 'isi_ms']


def simulate(seed):
    defaultclock.dt = 0.01*ms
    Cm = 1*uF  # /cm**2
    Iapp = 2*uA
    gL = 0.1*msiemens
    EL = -65*mV
    ENa = 55*mV
    EK = -90*mV
    gNa = 35*msiemens
    gK = 9*msiemens
    eqs = '''
    dv/dt = (-gNa*m**3*h*(v-ENa)-gK*n**4*(v-EK)-gL*(v-EL)+Iapp)/Cm : volt
    m = alpha_m/(alpha_m+beta_m) : 1
    alpha_m = 0.1/mV*10*mV/exprel(-(v+35*mV)/(10*mV))/ms : Hz
    beta_m = 4*exp(-(v+60*mV)/(18*mV))/ms : Hz
    dh/dt = 5*(alpha_h*(1-h)-beta_h*h) : 1
    alpha_h = 0.07*exp(-(v+58*mV)/(20*mV))/ms : Hz
    beta_h = 1./(exp(-0.1/mV*(v+28*mV))+1)/ms : Hz
    dn/dt = 5*(alpha_n*(1-n)-beta_n*n) : 1
    alpha_n = 0.01/mV*10*mV/exprel(-(v+34*mV)/(10*mV))/ms : Hz
    beta_n = 0.125*exp(-(v+44*mV)/(80*mV))/ms : Hz
    '''
    neuron = NeuronGroup(1, eqs, method='exponential_euler')
    neuron.v = -70*mV
    neuron.h = 1
    M = StateMonitor(neuron, 'v', record=0)
    run(100*ms)

    tt = np.asarray(M.t / ms)
    vv = np.asarray(M[0].v / mV)
    k = upward_crossings(vv, -20.0)
    st = tt[k]
    return dict(spikes=len(st), first_spike_ms=float(st[0]),
                isi_ms=float(np.mean(np.diff(st))) if len(st) > 1 else -1.0,
                v_peak_mV=float(vv.max()), v_min_mV=float(vv[k[0]:].min()))


if __name__ == '__main__':
    main(globals())
