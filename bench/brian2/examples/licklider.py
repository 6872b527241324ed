#!/usr/bin/python3
"""Licklider's pitch model with delay lines: Brian2's examples/synapses/licklider.py.

Original: /usr/share/doc/python-brian-doc/examples/synapses/licklider.py. Two noisy receptors
(tau_ear = 1 ms, noise 0.1, refractory 2 ms) phase-lock to a distorted tone
sound = 5*sin(2*pi*frequency*t)**3 whose frequency rises from 200 Hz (t = 0) to 300 Hz
(t = 0.5 s); 300 noisy coincidence detectors (tau = 1 ms, sigma = 0.1) receive both receptors
with v += 0.5, receptor 0 without delay and receptor 1 with the delay 1/f_j, f_j spaced
logarithmically from 50 Hz (j = 0) to 1000 Hz (j = 299). Euler, dt = 0.02 ms, 500 ms.
Shortened: nothing.

Figures:
  spikes            spikes of the 300 coincidence detectors in 500 ms
  receptor_rate_hz  mean rate of the two receptors
  mean_index_early  mean neuron index of the detectors' spikes in [0, 100) ms (tone 200-240 Hz)
  mean_index_late   mean neuron index of the detectors' spikes in [400, 500) ms (tone 280-300 Hz)

Brian2 features: t in a subexpression (time-varying tone), sin()**3, xi noise, (unless
refractory), synaptic delays from an expression of i and j with exp() and log(), dt = 0.02 ms.
"""
from _common import main
from brian2 import *

NAME = 'licklider'
SOURCE = 'examples/synapses/licklider.py'
DETERMINISTIC = False
PROTOCOL = dict(num_neurons=300, duration_ms=500, dt_ms=0.02, windows_ms=[[0, 100], [400, 500]],
                shortened='nothing')
FEATURES = ['t in a subexpression', 'xi noise', '(unless refractory)',
            'delays from an expression of i and j', 'dt = 0.02 ms']
DEFINITIONS = dict(
    spikes='spikes of the 300 coincidence detectors in 500 ms',
    receptor_rate_hz='mean rate of the 2 receptors',
    mean_index_early='mean detector index of the spikes in [0, 100) ms',
    mean_index_late='mean detector index of the spikes in [400, 500) ms',
)
HEADLINE = ['spikes', 'mean_index_early', 'mean_index_late']


def simulate(seed):
    defaultclock.dt = .02 * ms
    tau_ear = 1*ms
    eqs_ear = '''
    dx/dt = (sound-x)/tau_ear+0.1*(2./tau_ear)**.5*xi : 1 (unless refractory)
    sound = 5*sin(2*pi*frequency*t)**3 : 1 # nonlinear distortion
    frequency = (200+200*t*Hz)*Hz : Hz # increasing pitch
    '''
    receptors = NeuronGroup(2, eqs_ear, threshold='x>1', reset='x=0',
                            refractory=2*ms, method='euler')
    min_freq = 50*Hz
    max_freq = 1000*Hz
    num_neurons = 300
    tau = 1*ms
    sigma = .1
    eqs_neurons = '''
    dv/dt = -v/tau+sigma*(2./tau)**.5*xi : 1
    '''
    neurons = NeuronGroup(num_neurons, eqs_neurons, threshold='v>1', reset='v=0',
                          method='euler')
    synapses = Synapses(receptors, neurons, on_pre='v += 0.5')
    synapses.connect()
    synapses.delay = 'i*1.0/exp(log(min_freq/Hz)+(j*1.0/(num_neurons-1))*log(max_freq/min_freq))*second'
    spikes = SpikeMonitor(neurons)
    rec = SpikeMonitor(receptors)
    run(500*ms)
    ts = np.asarray(spikes.t / ms)
    idx = np.asarray(spikes.i, dtype=float)
    early = idx[ts < 100]
    late = idx[ts >= 400]
    return dict(spikes=len(ts), receptor_rate_hz=rec.num_spikes / 2 / 0.5,
                mean_index_early=float(early.mean()), mean_index_late=float(late.mean()))


if __name__ == '__main__':
    main(globals())
