#!/usr/bin/python3
"""Unreliable spike timing with a constant input: Brian2's examples/non_reliability.py.

Original: /usr/share/doc/python-brian-doc/examples/non_reliability.py. 25 noisy LIF units
(dx/dt = (1.1 - x)/tau + sigma*sqrt(2/tau)*xi (unless refractory), tau = 20 ms, sigma = 0.015,
threshold 1, reset 0, refractory 5 ms, x starting at 0) with the same constant drive: the
noise makes the spike times drift apart. Euler(-Maruyama), dt = 0.1 ms, 500 ms.
Shortened: nothing.

Figures:
  rate_hz       spikes / 25 / 0.5 s
  coincidence   mean over ordered pairs (a, b), a != b, of the fraction of a's spikes in
                [100, 500) ms that have a spike of b within +-1 ms (same measure as reliability)
  isi_cv        coefficient of variation of all interspike intervals (pooled over units)

Brian2 features: xi white noise (Euler-Maruyama) with (unless refractory), refractory.
"""
from _common import main
from reliability import coincidence
from brian2 import *

NAME = 'non_reliability'
SOURCE = 'examples/non_reliability.py'
DETERMINISTIC = False
PROTOCOL = dict(N=25, tau_ms=20, sigma=0.015, duration_ms=500, dt_ms=0.1, coincidence_window_ms=1.0,
                analysis_from_ms=100, shortened='nothing')
FEATURES = ['xi white noise (Euler-Maruyama)', '(unless refractory)', 'refractory']
DEFINITIONS = dict(
    rate_hz='spikes / 25 / 0.5 s',
    coincidence='mean over ordered pairs a != b of the fraction of a spikes in [100, 500) ms with a b spike within +-1 ms',
    isi_cv='sd/mean of all ISIs pooled over the 25 units',
)
HEADLINE = ['rate_hz', 'coincidence']


def simulate(seed):
    N = 25
    tau = 20*ms
    sigma = .015
    eqs_neurons = '''
    dx/dt = (1.1 - x) / tau + sigma * (2 / tau)**.5 * xi : 1 (unless refractory)
    '''
    neurons = NeuronGroup(N, model=eqs_neurons, threshold='x > 1', reset='x = 0',
                          refractory=5*ms, method='euler')
    spikes = SpikeMonitor(neurons)
    run(500*ms)
    trains = {k: v / second for k, v in spikes.spike_trains().items()}
    isis = np.concatenate([np.diff(np.asarray(trains[k])) for k in range(N)])
    return dict(rate_hz=spikes.num_spikes / N / 0.5,
                coincidence=coincidence(trains, N, 0.1, 1e-3),
                isi_cv=float(isis.std() / isis.mean()))


if __name__ == '__main__':
    main(globals())
