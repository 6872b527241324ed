#!/usr/bin/python3
"""AdEx firing patterns (Naud et al. 2008): Brian2's examples/frompapers/Naud_et_al_2008_adex_firing_patterns.py.

Original: /usr/share/doc/python-brian-doc/examples/frompapers/Naud_et_al_2008_adex_firing_patterns.py.
One AdEx neuron per pattern (8 parameter sets: tonic spiking, adaptation, initial burst,
regular bursting, delayed accelerating, delayed regular bursting, transient spiking, irregular
spiking), constant step current from t = 0, threshold vm > 0 mV, reset vm = v_r; w += b,
Euler, dt = 0.1 ms, 0.6 s each, vm starts at e_l, w at 0. Deterministic.
Shortened: nothing.

Figures (lists in the order of PATTERNS):
  spikes        spike count in 0.6 s for each pattern
  first_isi_ms  first interspike interval (ms; -1 if fewer than 2 spikes)
  last_isi_ms   last interspike interval (ms; -1 if fewer than 2 spikes)
  min_isi_ms    shortest interspike interval (ms): bursts show a short one
  n_patterns_distinct  number of distinct (spike count, first ISI rounded to 1 ms) pairs

The irregular-spiking set is chaotic: its late spike times depend on rounding, so a port must
expect its count and last ISI to differ a little even with the same equations.

Brian2 features: namespace= per NeuronGroup (parameters passed as a dict), exp() (AdEx),
two-statement reset, method='euler', threshold on a constant (vm > 0 mV).
"""
from _common import main
from brian2 import *

NAME = 'naud_2008'
SOURCE = 'examples/frompapers/Naud_et_al_2008_adex_firing_patterns.py'
DETERMINISTIC = True

patterns = {
    "tonic spiking": {"c_m": 200 * pF, "g_l": 10 * nS, "e_l": -70.0 * mV, "v_t": -50.0 * mV, "d_t": 2.0 * mV,
                      "a": 2.0 * nS, "tau_w": 30.0 * ms, "b": 0.0 * pA, "v_r": -58.0 * mV, "i_stim": 500 * pA},
    "adaptation": {"c_m": 200 * pF, "g_l": 12 * nS, "e_l": -70.0 * mV, "v_t": -50.0 * mV, "d_t": 2.0 * mV,
                   "a": 2.0 * nS, "tau_w": 300.0 * ms, "b": 60.0 * pA, "v_r": -58.0 * mV, "i_stim": 500 * pA},
    "initial burst": {"c_m": 130 * pF, "g_l": 18 * nS, "e_l": -58.0 * mV, "v_t": -50.0 * mV, "d_t": 2.0 * mV,
                      "a": 4.0 * nS, "tau_w": 150.0 * ms, "b": 120.0 * pA, "v_r": -50.0 * mV, "i_stim": 400 * pA},
    "regular bursting": {"c_m": 200 * pF, "g_l": 10 * nS, "e_l": -58.0 * mV, "v_t": -50.0 * mV, "d_t": 2.0 * mV,
                         "a": 2.0 * nS, "tau_w": 120.0 * ms, "b": 100.0 * pA, "v_r": -46.0 * mV, "i_stim": 210 * pA},
    "delayed accelerating": {"c_m": 200 * pF, "g_l": 12 * nS, "e_l": -70.0 * mV, "v_t": -50.0 * mV,
                             "d_t": 2.0 * mV, "a": -10.0 * nS, "tau_w": 300.0 * ms, "b": 0.0 * pA,
                             "v_r": -58.0 * mV, "i_stim": 300 * pA},
    "delayed regular bursting": {"c_m": 100 * pF, "g_l": 10 * nS, "e_l": -65.0 * mV, "v_t": -50.0 * mV,
                                 "d_t": 2.0 * mV, "a": -10.0 * nS, "tau_w": 90.0 * ms, "b": 30.0 * pA,
                                 "v_r": -47.0 * mV, "i_stim": 110 * pA},
    "transient spiking": {"c_m": 100 * pF, "g_l": 10 * nS, "e_l": -65.0 * mV, "v_t": -50.0 * mV, "d_t": 2.0 * mV,
                          "a": 10.0 * nS, "tau_w": 90.0 * ms, "b": 100.0 * pA, "v_r": -47.0 * mV,
                          "i_stim": 180 * pA},
    "irregular spiking": {"c_m": 100 * pF, "g_l": 12 * nS, "e_l": -60.0 * mV, "v_t": -50.0 * mV, "d_t": 2.0 * mV,
                          "a": -11.0 * nS, "tau_w": 130.0 * ms, "b": 30.0 * pA, "v_r": -48.0 * mV,
                          "i_stim": 160 * pA},
}
PATTERNS = list(patterns)
PROTOCOL = dict(patterns=PATTERNS, parameters={k: {p: str(v) for p, v in d.items()} for k, d in patterns.items()},
                duration_s=0.6, dt_ms=0.1, shortened='nothing')
FEATURES = ['namespace= dict per NeuronGroup', 'exp() (AdEx)', 'two-statement reset', 'method euler']
DEFINITIONS = dict(
    spikes='spike count in 0.6 s, one per pattern (order: protocol.patterns)',
    first_isi_ms='first ISI per pattern, ms (-1: fewer than 2 spikes)',
    last_isi_ms='last ISI per pattern, ms (-1: fewer than 2 spikes)',
    min_isi_ms='shortest ISI per pattern, ms (-1: fewer than 2 spikes)',
    n_patterns_distinct='number of distinct (spike count, round(first ISI in ms)) pairs over the 8 patterns',
)
HEADLINE = ['spikes', 'n_patterns_distinct']


def sim(parameters):
    eqs = """
    dvm/dt = (g_l*(e_l - vm) + g_l*d_t*exp((vm-v_t)/d_t) + i_stim - w)/c_m : volt
    dw/dt  = (a*(vm - e_l) - w)/tau_w : amp
    """
    neuron = NeuronGroup(1, model=eqs, threshold="vm > 0*mV", reset="vm = v_r; w += b",
                         method="euler", namespace=parameters)
    neuron.vm = parameters["e_l"]
    neuron.w = 0
    sm = SpikeMonitor(neuron)
    defaultclock.dt = 0.1 * ms
    net = Network(neuron, sm)
    net.run(0.6 * second)
    return np.asarray(sm.t / ms)


def simulate(seed):
    counts, first, last, shortest = [], [], [], []
    for name in PATTERNS:
        st = sim(patterns[name])
        isi = np.diff(st)
        counts.append(len(st))
        first.append(float(isi[0]) if len(isi) else -1.0)
        last.append(float(isi[-1]) if len(isi) else -1.0)
        shortest.append(float(isi.min()) if len(isi) else -1.0)
    distinct = len(set((c, round(f)) for c, f in zip(counts, first)))
    return dict(spikes=counts, first_isi_ms=first, last_isi_ms=last, min_isi_ms=shortest,
                n_patterns_distinct=distinct)


if __name__ == '__main__':
    main(globals())
