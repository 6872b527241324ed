#!/usr/bin/python3
"""NMDA-like nonlinear synapses: Brian2's examples/synapses/nonlinear.py.

Original: /usr/share/doc/python-brian-doc/examples/synapses/nonlinear.py. Two regularly firing
input units (dv/dt = 1/(10 ms), threshold 1, reset 0, started at v = 0 and 0.5) drive one unit
through synapses with clock-driven nonlinear kinetics dg_syn/dt = -a*g_syn + b*x*(1 - g_syn),
dx/dt = -c*x (x += w at each presynaptic spike, w = 1 and 10), summed into the neuron's g
(g_post = g_syn (summed)); the neuron integrates dv/dt = (g - v)/(10 ms). Euler for the
inputs, Brian2's default choice for the synapses, exact for the neuron, dt = 0.1 ms, 1 s.
Deterministic.
Shortened: nothing.

Figures:
  g_syn_max     max over the run of g_syn of synapse 0 (w = 1) and synapse 1 (w = 10)
  g_max         max over the run of the neuron's g (the sum)
  g_end         the neuron's g at the last sample (t = 999.9 ms)
  v_end         the neuron's v at t = 1 s

Brian2 features: clock-driven nonlinear synaptic ODEs (default method choice), (summed)
variable, x += w on_pre, method euler / exact, StateMonitor on Synapses.
"""
from _common import main
from brian2 import *

NAME = 'nonlinear'
SOURCE = 'examples/synapses/nonlinear.py'
DETERMINISTIC = True
PROTOCOL = dict(duration_ms=1000, dt_ms=0.1, w=[1, 10], shortened='nothing')
FEATURES = ['clock-driven nonlinear synaptic ODEs', '(summed) variable', 'StateMonitor on Synapses',
            'method euler / exact / default']
DEFINITIONS = dict(
    g_syn_max='max over all steps of g_syn, synapse 0 (w=1) and synapse 1 (w=10)',
    g_max='max over all steps of the neuron g',
    g_end='neuron g at the last sample (999.9 ms)',
    v_end='neuron v at 1 s',
)
HEADLINE = ['g_syn_max', 'g_max']


def simulate(seed):
    a = 1 / (10*ms)
    b = 1 / (10*ms)
    c = 1 / (10*ms)
    neuron_input = NeuronGroup(2, 'dv/dt = 1/(10*ms) : 1', threshold='v>1', reset='v = 0',
                               method='euler')
    neurons = NeuronGroup(1, """dv/dt = (g-v)/(10*ms) : 1
                                g : 1""", method='exact')
    S = Synapses(neuron_input, neurons, '''
                    dg_syn/dt = -a*g_syn+b*x*(1-g_syn) : 1 (clock-driven)
                    g_post = g_syn : 1 (summed)
                    dx/dt=-c*x : 1 (clock-driven)
                    w : 1 # synaptic weight
                 ''', on_pre='x += w')  # NMDA synapses
    S.connect()
    S.w = [1., 10.]
    neuron_input.v = [0., 0.5]
    M = StateMonitor(S, 'g_syn', record=np.arange(2))
    Mn = StateMonitor(neurons, 'g', record=0)
    run(1000*ms)
    return dict(g_syn_max=[float(np.max(M.g_syn[0])), float(np.max(M.g_syn[1]))],
                g_max=float(np.max(Mn.g[0])), g_end=float(Mn.g[0][-1]), v_end=float(neurons.v[0]))


if __name__ == '__main__':
    main(globals())
