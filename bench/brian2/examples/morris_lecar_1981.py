#!/usr/bin/python3
"""Morris-Lecar (1981, Fig. 9): Brian2's examples/frompapers/Morris_Lecar_1981.py.

Original: /usr/share/doc/python-brian-doc/examples/frompapers/Morris_Lecar_1981.py (which uses
set_device('cpp_standalone'); here Brian2's runtime device, same equations). 17 uncoupled
V,N-reduced Morris-Lecar units with I = 100, 125, ..., 500 uA, V starting at V_L and n at
n_inf(V_L), exponential Euler, dt = 0.01 ms, 220 ms. No threshold. Deterministic.
Shortened: nothing (runtime device instead of C++ standalone).

Figures (lists over the 17 currents):
  spikes        upward crossings of V = 0 mV in 220 ms
  period_ms     mean interval between the last 3 crossings (ms; -1 if fewer than 3)
  V_end_mV      V at the last sample (t = 219.99 ms)
  n_oscillating number of units with at least 3 crossings

Brian2 features: method='exponential_euler' (tanh/cosh gating), subexpressions (m_inf, n_inf,
lambda_n), initial value by a subexpression name (n = 'n_inf'), dt = 0.01 ms, no threshold.
"""
from _common import main, upward_crossings
from brian2 import *

NAME = 'morris_lecar_1981'
SOURCE = 'examples/frompapers/Morris_Lecar_1981.py'
DETERMINISTIC = True
PROTOCOL = dict(I_uA=[100 + 25 * k for k in range(17)], duration_ms=220, dt_ms=0.01, spike_level_mV=0.0,
                shortened='nothing (runtime device instead of cpp_standalone)')
FEATURES = ['method exponential_euler', 'tanh/cosh', 'subexpressions', "initial value = subexpression ('n_inf')",
            'dt = 0.01 ms', 'no threshold (trace analysis)']
DEFINITIONS = dict(
    spikes='upward crossings of V = 0 mV per unit in 220 ms',
    period_ms='mean interval of the last 3 crossings, ms (-1 if < 3 crossings)',
    V_end_mV='V at the last sample, mV',
    n_oscillating='units with >= 3 crossings',
)
HEADLINE = ['spikes', 'n_oscillating']


def simulate(seed):
    defaultclock.dt = 0.01*ms
    g_L = 2*mS
    g_Ca = 4*mS
    g_K = 8*mS
    V_L = -50*mV
    V_Ca = 100*mV
    V_K = -70*mV
    lambda_n__max = 1.0/(15*ms)
    V_1 = 10*mV
    V_2 = 15*mV  # Note that Figure caption says -15 which seems to be a typo
    V_3 = -1*mV
    V_4 = 14.5*mV
    C = 20*uF
    eqs = '''
    dV/dt = (-g_L*(V - V_L) - g_Ca*m_inf*(V - V_Ca) - g_K*n*(V - V_K) + I)/C : volt
    dn/dt = lambda_n*(n_inf - n) : 1
    m_inf = 0.5*(1 + tanh((V - V_1)/V_2)) : 1
    n_inf = 0.5*(1 + tanh((V - V_3)/V_4)) : 1
    lambda_n = lambda_n__max*cosh((V - V_3)/(2*V_4)) : Hz
    I : amp
    '''
    neuron = NeuronGroup(17, eqs, method='exponential_euler')
    neuron.I = (np.arange(17)*25+100)*uA
    neuron.V = V_L
    neuron.n = 'n_inf'
    mon = StateMonitor(neuron, ['V'], record=True)
    run(220*ms)

    tt = np.asarray(mon.t / ms)
    spikes, period, vend = [], [], []
    for k in range(17):
        st = tt[upward_crossings(mon.V[k] / mV, 0.0)]
        spikes.append(len(st))
        period.append(float(np.mean(np.diff(st[-3:]))) if len(st) >= 3 else -1.0)
        vend.append(float(mon.V[k][-1] / mV))
    return dict(spikes=spikes, period_ms=period, V_end_mV=vend,
                n_oscillating=int(sum(1 for s in spikes if s >= 3)))


if __name__ == '__main__':
    main(globals())
