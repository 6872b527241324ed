#!/usr/bin/python3
"""Inhibitory plasticity in a recurrent network (Vogels et al. 2011): Brian2's
examples/frompapers/Vogels_et_al_2011.py.

Original: /usr/share/doc/python-brian-doc/examples/frompapers/Vogels_et_al_2011.py. 8000
excitatory + 2000 inhibitory conductance-based LIF neurons (bgcurrent 200 pA, refractory 5 ms,
Euler), E -> all and I -> I static synapses (p = 0.02), I -> E synapses (p = 0.02) with the
symmetric inhibitory STDP rule (Apre/Apost event-driven, tau_stdp = 20 ms, target rate via
alpha = 3 Hz * tau_stdp * 2, clip to [0, gmax = 100]), w starting at 1e-10; first 1 s without
plasticity (eta = 0), then 9 s with eta = 1e-2 (eta is a script constant changed between two
run() calls). dt = 0.1 ms.
Shortened: 0.5 s without plasticity + 1.5 s with plasticity, instead of 1 s + 9 s (10 s costs
about 80 s of CPU per seed here). The size is unchanged. The excitatory rate, ~160 Hz without
plasticity, is falling towards the 3 Hz target at the end of the shortened run.

Figures:
  rate_before_hz  excitatory spikes in [0.3, 0.5) s / 8000 / 0.2 s (no plasticity)
  rate_after_hz   excitatory spikes in [1.8, 2.0) s / 8000 / 0.2 s (after 1.5 s of plasticity)
  w_mean          mean I -> E weight w (in nS units of g_gaba) at t = 2 s
  w_frac_zero     fraction of I -> E weights equal to 0 at t = 2 s

Brian2 features: subgroups as Synapses sources and targets, (unless refractory), event-driven
traces with a rule that reads a script constant (eta, alpha) changed between two run() calls
(the external namespace is re-read at each run), clip(), method euler, connect(p=...).
"""
from _common import main
from brian2 import *

NAME = 'vogels_2011'
SOURCE = 'examples/frompapers/Vogels_et_al_2011.py'
DETERMINISTIC = False
T_STATIC_S = 0.5
T_PLASTIC_S = 1.5
PROTOCOL = dict(NE=8000, NI=2000, epsilon=0.02, static_s=T_STATIC_S, plastic_s=T_PLASTIC_S, eta=1e-2,
                dt_ms=0.1, shortened='0.5 s static + 1.5 s plastic instead of 1 s + 9 s')
FEATURES = ['subgroups as Synapses source/target', '(unless refractory)', 'event-driven traces',
            'script constant (eta) changed between run() calls', 'clip()', 'method euler', 'connect(p=...)']
DEFINITIONS = dict(
    rate_before_hz='excitatory spikes in [0.3, 0.5) s / 8000 / 0.2 s',
    rate_after_hz='excitatory spikes in [1.8, 2.0) s / 8000 / 0.2 s',
    w_mean='mean I->E weight w at 2 s',
    w_frac_zero='fraction of I->E weights == 0 at 2 s',
)
HEADLINE = ['rate_before_hz', 'rate_after_hz', 'w_mean']


def simulate(seed):
    NE = 8000
    NI = NE/4
    tau_ampa = 5.0*ms
    tau_gaba = 10.0*ms
    epsilon = 0.02
    tau_stdp = 20*ms
    gl = 10.0*nsiemens
    el = -60*mV
    er = -80*mV
    vt = -50.*mV
    memc = 200.0*pfarad
    bgcurrent = 200*pA
    eqs_neurons = '''
    dv/dt=(-gl*(v-el)-(g_ampa*v+g_gaba*(v-er))+bgcurrent)/memc : volt (unless refractory)
    dg_ampa/dt = -g_ampa/tau_ampa : siemens
    dg_gaba/dt = -g_gaba/tau_gaba : siemens
    '''
    neurons = NeuronGroup(NE+NI, model=eqs_neurons, threshold='v > vt',
                          reset='v=el', refractory=5*ms, method='euler')
    Pe = neurons[:NE]
    Pi = neurons[NE:]
    con_e = Synapses(Pe, neurons, on_pre='g_ampa += 0.3*nS')
    con_e.connect(p=epsilon)
    con_ii = Synapses(Pi, Pi, on_pre='g_gaba += 3*nS')
    con_ii.connect(p=epsilon)
    eqs_stdp_inhib = '''
    w : 1
    dApre/dt=-Apre/tau_stdp : 1 (event-driven)
    dApost/dt=-Apost/tau_stdp : 1 (event-driven)
    '''
    alpha = 3*Hz*tau_stdp*2  # Target rate parameter
    gmax = 100               # Maximum inhibitory weight
    con_ie = Synapses(Pi, Pe, model=eqs_stdp_inhib,
                      on_pre='''Apre += 1.
                             w = clip(w+(Apost-alpha)*eta, 0, gmax)
                             g_gaba += w*nS''',
                      on_post='''Apost += 1.
                              w = clip(w+Apre*eta, 0, gmax)
                           ''')
    con_ie.connect(p=epsilon)
    con_ie.w = 1e-10
    sm = SpikeMonitor(Pe)
    eta = 0
    run(T_STATIC_S*second)
    eta = 1e-2
    run(T_PLASTIC_S*second)

    ts = np.asarray(sm.t / second)
    T = T_STATIC_S + T_PLASTIC_S
    wv = np.asarray(con_ie.w[:])
    return dict(rate_before_hz=float(np.sum((ts >= T_STATIC_S - 0.2) & (ts < T_STATIC_S))) / NE / 0.2,
                rate_after_hz=float(np.sum(ts >= T - 0.2)) / NE / 0.2,
                w_mean=float(wv.mean()), w_frac_zero=float(np.mean(wv == 0)))


if __name__ == '__main__':
    main(globals())
