#!/usr/bin/python3
"""Adaptive threshold: Brian2's examples/adaptive_threshold.py.

Original: /usr/share/doc/python-brian-doc/examples/adaptive_threshold.py. One LIF neuron
(tau = 10 ms) whose threshold vt relaxes to 10 mV (tau 15 ms) and jumps by 3 mV at each spike,
driven by one 500 Hz Poisson input (v += 3 mV per input spike), 2 s, dt = 0.1 ms.
Shortened: nothing.

Figures:
  rate_hz          output spikes / 2 s
  v_cross_mean_mV  mean of v recorded at the output spikes (SpikeMonitor(variables='v'),
                   i.e. v at threshold crossing, before the reset)
  input_spikes     spikes of the Poisson input in 2 s

Brian2 features: threshold on a state variable (v > vt), multi-line reset, PoissonGroup,
Synapses with a constant on_pre, SpikeMonitor recording a variable, method='exact'.
"""
from _common import main
from brian2 import *

NAME = 'adaptive_threshold'
SOURCE = 'examples/adaptive_threshold.py'
DETERMINISTIC = False
PROTOCOL = dict(duration_s=2.0, dt_ms=0.1, input_rate_hz=500, shortened='nothing')
FEATURES = ['threshold on a state variable (v > vt)', 'multi-line reset', 'PoissonGroup',
            'SpikeMonitor(variables=...)', 'method exact']
DEFINITIONS = dict(
    rate_hz='output spikes / 2 s',
    v_cross_mean_mV='mean over output spikes of v at the spike (SpikeMonitor variables=v, before reset), mV',
    input_spikes='PoissonGroup spikes in 2 s',
)
HEADLINE = ['rate_hz', 'v_cross_mean_mV']


def simulate(seed):
    eqs = '''
    dv/dt = -v/(10*ms) : volt
    dvt/dt = (10*mV-vt)/(15*ms) : volt
    '''
    reset = '''
    v = 0*mV
    vt += 3*mV
    '''
    IF = NeuronGroup(1, model=eqs, reset=reset, threshold='v>vt', method='exact')
    IF.vt = 10*mV
    PG = PoissonGroup(1, 500 * Hz)
    C = Synapses(PG, IF, on_pre='v += 3*mV')
    C.connect()
    M_crossings = SpikeMonitor(IF, variables='v')
    M_in = SpikeMonitor(PG)
    run(2*second)
    return dict(rate_hz=M_crossings.num_spikes / 2.0,
                v_cross_mean_mV=float(np.mean(M_crossings.v / mV)),
                input_spikes=M_in.num_spikes)


if __name__ == '__main__':
    main(globals())
