#!/usr/bin/python3
"""Reliability across a parameter: Brian2's examples/frompapers/Brette_Guigon_2003.py.

Original: /usr/share/doc/python-brian-doc/examples/frompapers/Brette_Guigon_2003.py (Fig. 10D,E of
Brette & Guigon 2003). One Ornstein-Uhlenbeck input x (taux = 20 ms, unit variance) is linked into
500 noisy non-leaky units dv/dt = (v*I + 1)/tau + sigma*sqrt(2/tau)*xi (tau = 33 ms, sigma = 0.02,
threshold 1, reset 0, v starting uniform in [0, 1]) with I = 0.5 + 3*p*B, B = 2/(1 + exp(-2x)) - 1
a shared alias of the linked x, and p = i/N varying across the units. Euler(-Maruyama),
dt = 0.1 ms, 1000 ms. Shortened: nothing.

Figures:
  rate_hz           spikes of the 500 units / 500 / 1 s
  rate_low_p        the same for the units with p < 0.5 (i < 250)
  rate_high_p       the same for the units with p >= 0.5 (i >= 250)
  coincidence_low_p mean over units k in [50, 250) of the fraction of k's spikes in [200, 1000) ms
                    that have a spike of unit k+1 (the next p) within +-1 ms
  coincidence_high_p the same over k in [250, 499)
  b_sd              sd (ddof=0) of the shared B over all steps (recorded on unit 0)

Brian2 features: linked_var from a group of size 1, a (shared) alias of the linked variable,
xi white noise (Euler-Maruyama) in two groups, per-neuron parameter set from i and N, rand()
initial value.
"""
from _common import main
from brian2 import *

NAME = 'brette_guigon_2003'
SOURCE = 'examples/frompapers/Brette_Guigon_2003.py'
DETERMINISTIC = False
PROTOCOL = dict(N=500, tau_ms=33, taux_ms=20, sigma=0.02, duration_ms=1000, dt_ms=0.1,
                coincidence_window_ms=1.0, analysis_from_ms=200, shortened='nothing')
FEATURES = ['linked_var', '(shared) alias', 'xi white noise (Euler-Maruyama)', 'rand() initial value',
            'StateMonitor']
DEFINITIONS = dict(
    rate_hz='spikes / 500 / 1 s',
    rate_low_p='spikes of units i < 250 / 250 / 1 s',
    rate_high_p='spikes of units i >= 250 / 250 / 1 s',
    coincidence_low_p='mean over k in [50, 250) of the fraction of k spikes in [200, 1000) ms with a k+1 spike within +-1 ms',
    coincidence_high_p='mean over k in [250, 499) of the fraction of k spikes in [200, 1000) ms with a k+1 spike within +-1 ms',
    b_sd='sd (ddof=0) of the shared B over all steps',
)
HEADLINE = ['rate_hz', 'coincidence_low_p', 'coincidence_high_p']


def neighbour_coincidence(trains, first, last, t_from_s, window_s):
    """Mean over k in [first, last) of the fraction of k's spikes after t_from_s with a k+1 spike within window_s."""
    fr = []
    for k in range(first, last):
        ta = np.sort(np.asarray(trains[k]))
        ta = ta[ta >= t_from_s]
        if len(ta) == 0:
            continue
        tb = np.sort(np.asarray(trains[k + 1]))
        if len(tb) == 0:
            fr.append(0.0)
            continue
        pos = np.searchsorted(tb, ta)
        left = np.abs(ta - tb[np.clip(pos - 1, 0, len(tb) - 1)])
        right = np.abs(tb[np.clip(pos, 0, len(tb) - 1)] - ta)
        fr.append(float(np.mean(np.minimum(left, right) <= window_s + 1e-9)))
    return float(np.mean(fr)) if fr else 0.0


def simulate(seed):
    N = 500
    tau = 33*ms
    taux = 20*ms
    sigma = 0.02
    eqs_input = '''
    dx/dt = -x/taux + (2/taux)**.5*xi : 1
    '''
    eqs = '''
    dv/dt = (v*I + 1)/tau + sigma*(2/tau)**.5*xi : 1
    I = 0.5 + 3*p*B : 1
    B = 2./(1 + exp(-2*x)) - 1 : 1 (shared)
    p : 1
    x : 1 (linked)
    '''
    input = NeuronGroup(1, eqs_input, method='euler')
    neurons = NeuronGroup(N, eqs, threshold='v>1', reset='v=0', method='euler')
    neurons.p = '1.0*i/N'
    neurons.v = 'rand()'
    neurons.x = linked_var(input, 'x')
    M = StateMonitor(neurons, 'B', record=0)
    S = SpikeMonitor(neurons)
    run(1000*ms)
    trains = {k: v / second for k, v in S.spike_trains().items()}
    counts = np.asarray(S.count)
    return dict(rate_hz=S.num_spikes / N / 1.0,
                rate_low_p=float(counts[:250].sum()) / 250 / 1.0,
                rate_high_p=float(counts[250:].sum()) / 250 / 1.0,
                coincidence_low_p=neighbour_coincidence(trains, 50, 250, 0.2, 1e-3),
                coincidence_high_p=neighbour_coincidence(trains, 250, 499, 0.2, 1e-3),
                b_sd=float(np.std(M.B[0])))


if __name__ == '__main__':
    main(globals())
