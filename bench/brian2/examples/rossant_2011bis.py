#!/usr/bin/python3
"""Distributed synchrony (Rossant et al. 2011, Fig. 14): Brian2's examples/frompapers/Rossant_et_al_2011bis.py.

Original: /usr/share/doc/python-brian-doc/examples/frompapers/Rossant_et_al_2011bis.py. Two
current-based LIF neurons (taum = 5 ms, taue = 3 ms, taui = 10 ms, threshold -55 mV, reset
El = -65 mV, refractory 5 ms, exact) each receive 4000 excitatory and 1000 inhibitory
independent Poisson inputs at 1 Hz (PoissonInput); for neuron 1, 15 excitatory inputs' worth
of rate (p/ne*lambdac) is moved into synchronous events at 40 Hz (one PoissonInput with N = 1
and weight 15*we). dt = 0.1 ms, 1 s.
Shortened: nothing.

Figures:
  rate_uncorr_hz   spikes of neuron 0 / 1 s (independent inputs)
  rate_corr_hz     spikes of neuron 1 / 1 s (with synchronous events): markedly higher

Brian2 features: PoissonInput (binomial per step, N = 4000 / 1000 / 1) on single-neuron
subgroups, method exact, refractory (not unless refractory: the inputs keep arriving).
"""
from _common import main
from brian2 import *

NAME = 'rossant_2011bis'
SOURCE = 'examples/frompapers/Rossant_et_al_2011bis.py'
DETERMINISTIC = False
PROTOCOL = dict(ne=4000, ni=1000, p=15, lambdac_hz=40, lambdae_hz=1, lambdai_hz=1, duration_s=1.0,
                dt_ms=0.1, shortened='nothing')
FEATURES = ['PoissonInput on subgroups', 'method exact', 'refractory']
DEFINITIONS = dict(
    rate_uncorr_hz='spikes of neuron 0 (independent E/I Poisson inputs) / 1 s',
    rate_corr_hz='spikes of neuron 1 (same + synchronous events) / 1 s',
)
HEADLINE = ['rate_uncorr_hz', 'rate_corr_hz']


def simulate(seed):
    theta = -55*mV
    El = -65*mV
    vmean = -65*mV
    taum = 5*ms
    taue = 3*ms
    taui = 10*ms
    eqs = Equations("""
                    dv/dt  = (ge+gi-(v-El))/taum : volt
                    dge/dt = -ge/taue : volt
                    dgi/dt = -gi/taui : volt
                    """)
    p = 15
    ne = 4000
    ni = 1000
    lambdac = 40*Hz
    lambdae = lambdai = 1*Hz
    we = .5*mV/(taum/taue)**(taum/(taue-taum))
    wi = (vmean-El-lambdae*ne*we*taue)/(lambdae*ni*taui)
    group = NeuronGroup(N=2, model=eqs, reset='v = El',
                        threshold='v>theta',
                        refractory=5*ms, method='exact')
    group.v = El
    group.ge = group.gi = 0
    p1 = PoissonInput(group[0:1], 'ge', N=ne, rate=lambdae, weight=we)
    p2 = PoissonInput(group[0:1], 'gi', N=ni, rate=lambdai, weight=wi)
    p3 = PoissonInput(group[1:], 'ge', N=ne, rate=lambdae-(p*1.0/ne)*lambdac, weight=we)
    p4 = PoissonInput(group[1:], 'gi', N=ni, rate=lambdai, weight=wi)
    p5 = PoissonInput(group[1:], 'ge', N=1, rate=lambdac, weight=p*we)
    M = SpikeMonitor(group)
    run(1*second)
    return dict(rate_uncorr_hz=float(M.count[0]), rate_corr_hz=float(M.count[1]))


if __name__ == '__main__':
    main(globals())
