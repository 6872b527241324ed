#!/usr/bin/python3
"""Reliability of spike timing with a common noisy input: Brian2's examples/reliability.py.

Original: /usr/share/doc/python-brian-doc/examples/reliability.py. One Ornstein-Uhlenbeck
input x (tau_input = 5 ms, unit variance) is fed continuously into 25 noisy LIF units
(dx/dt = (0.9 + 0.5*I - x)/tau + sigma*sqrt(2/tau)*xi, tau = 10 ms, sigma = 0.015, threshold 1,
reset 0, refractory 5 ms, x starting uniform in [0, 1]) through a linked variable
I = linked_var(input, 'x'). Euler(-Maruyama), dt = 0.1 ms, 500 ms.
Shortened: nothing.

Figures:
  rate_hz       spikes of the 25 units / 25 / 0.5 s
  coincidence   mean over ordered pairs (a, b), a != b, of the fraction of a's spikes in
                [100, 500) ms that have a spike of b within +-1 ms (the units fire together:
                reliable timing; compare non_reliability)
  input_sd      sd (ddof=0) of the common input x over the run (1 for the exact process)

Brian2 features: linked_var (a neuron reads another group's state continuously), xi white
noise (Euler-Maruyama) in two groups, refractory (here without unless refractory: x keeps
integrating during the refractory period), rand() initial value, the default method for a
stochastic equation in the input group.
"""
from _common import main
from brian2 import *

NAME = 'reliability'
SOURCE = 'examples/reliability.py'
DETERMINISTIC = False
PROTOCOL = dict(N=25, tau_input_ms=5, tau_ms=10, sigma=0.015, duration_ms=500, dt_ms=0.1,
                coincidence_window_ms=1.0, analysis_from_ms=100, shortened='nothing')
FEATURES = ['linked_var', 'xi white noise (Euler-Maruyama)', 'refractory without (unless refractory)',
            'rand() initial value', 'StateMonitor']
DEFINITIONS = dict(
    rate_hz='spikes / 25 / 0.5 s',
    coincidence='mean over ordered pairs a != b of the fraction of a spikes in [100, 500) ms with a b spike within +-1 ms',
    input_sd='sd (ddof=0) of the common input x over all steps',
)
HEADLINE = ['rate_hz', 'coincidence']


def coincidence(trains, n, t_from_s, window_s):
    trains = [np.sort(np.asarray(trains[k])) for k in range(n)]
    fr = []
    for a in range(n):
        ta = trains[a][trains[a] >= t_from_s]
        if len(ta) == 0:
            continue
        for b in range(n):
            if a == b:
                continue
            tb = trains[b]
            if len(tb) == 0:
                fr.append(0.0)
                continue
            pos = np.searchsorted(tb, ta)
            left = np.abs(ta - tb[np.clip(pos - 1, 0, len(tb) - 1)])
            right = np.abs(tb[np.clip(pos, 0, len(tb) - 1)] - ta)
            fr.append(float(np.mean(np.minimum(left, right) <= window_s + 1e-9)))
    return float(np.mean(fr)) if fr else 0.0


def simulate(seed):
    N = 25
    tau_input = 5*ms
    neuron_input = NeuronGroup(1, 'dx/dt = -x / tau_input + (2 /tau_input)**.5 * xi : 1')
    tau = 10*ms
    sigma = .015
    eqs_neurons = '''
    dx/dt = (0.9 + .5 * I - x) / tau + sigma * (2 / tau)**.5 * xi : 1
    I : 1 (linked)
    '''
    neurons = NeuronGroup(N, model=eqs_neurons, threshold='x > 1',
                          reset='x = 0', refractory=5*ms, method='euler')
    neurons.x = 'rand()'
    neurons.I = linked_var(neuron_input, 'x')
    spikes = SpikeMonitor(neurons)
    inmon = StateMonitor(neuron_input, 'x', record=0)
    run(500*ms)
    trains = {k: v / second for k, v in spikes.spike_trains().items()}
    return dict(rate_hz=spikes.num_spikes / N / 0.5,
                coincidence=coincidence(trains, N, 0.1, 1e-3),
                input_sd=float(np.std(inmon.x[0])))


if __name__ == '__main__':
    main(globals())
