#!/usr/bin/python3
"""Voltage-based STDP (Clopath et al. 2010), frequency dependence: Brian2's
examples/frompapers/Clopath_et_al_2010_no_homeostasis.py.

Original: /usr/share/doc/python-brian-doc/examples/frompapers/Clopath_et_al_2010_no_homeostasis.py.
Two conductance-based LIF neurons connected both ways (connect('i!=j')) with the Clopath rule
(LTD at presynaptic spikes from the low-passed voltage v_lowpass1, LTP at postsynaptic spikes
from the presynaptic trace x_trace and v_lowpass2; the low-passed voltages jump by 10 mV at
each spike). For each pairing frequency (1, 5, 10, 15, 20, 30, 50 Hz) the state is reset and
15 pairings are made: neuron 0 is pushed above threshold (v[0] = V_thresh + 1 mV), run 10 ms,
neuron 1 pushed, run 1/rate - 10 ms. That is 2 run() calls per pairing, 210 in all.
Euler, dt = 0.1 ms. Deterministic.
Shortened: nothing (22 s of simulated time in 210 run() calls).

Figures (lists over the 7 rates):
  w_pre_post   final weight of synapse 0 -> 1 (pre before post by 10 ms) in % of the initial 0.5
  w_post_pre   final weight of synapse 1 -> 0 (post before pre) in %

Brian2 features: multiple run() calls with state set in between (v[0] = ..., reset of all
state, Syn.w_ampa = ...), synaptic statements reading post- and presynaptic variables
(v_lowpass1_post, x_trace_pre) and writing a postsynaptic variable (g_ampa_post +=),
on_post updating neuron state (v_lowpass1 += 10*mV), int() of a comparison, clip(),
connect('i!=j'), method euler, dt = 0.1 ms.
"""
from _common import main
from brian2 import *

NAME = 'clopath_2010'
SOURCE = 'examples/frompapers/Clopath_et_al_2010_no_homeostasis.py'
DETERMINISTIC = True
RATES = [1., 5., 10., 15., 20., 30., 50.]
PROTOCOL = dict(rates_hz=RATES, pairings=15, init_weight=0.5, dt_ms=0.1,
                per_pairing='v[0] = V_thresh + 1 mV; run 10 ms; v[1] = V_thresh + 1 mV; run 1/rate - 10 ms',
                shortened='nothing')
FEATURES = ['many run() calls with state changes in between', 'synaptic access to pre/post variables',
            'on_post writes neuron state', 'int(comparison)', 'clip()', "connect('i!=j')", 'method euler']
DEFINITIONS = dict(
    w_pre_post='final w_ampa of synapse 0->1 after 15 pairings, % of 0.5, per rate',
    w_post_pre='final w_ampa of synapse 1->0, % of 0.5, per rate',
)
HEADLINE = ['w_pre_post', 'w_post_pre']


def simulate(seed):
    V_rest = -70.*mV
    V_thresh = -50.*mV
    Theta_low = V_rest
    x_reset = 1.
    taux = 15.*ms
    A_LTD = 1.5e-4
    A_LTP = 1.5e-2
    tau_lowpass1 = 40*ms
    tau_lowpass2 = 30*ms
    Syn_model = '''
                w_ampa:1                # synaptic weight (ampa synapse)
                '''
    Pre_eq = '''
             g_ampa_post += w_ampa*ampa_max_cond                                                             # increment synaptic conductance
             w_minus = A_LTD*(v_lowpass1_post/mV - Theta_low/mV)*int(v_lowpass1_post/mV - Theta_low/mV > 0)  # synaptic depression
             w_ampa = clip(w_ampa-w_minus,0,w_max)                                                           # hard bounds
             '''
    Post_eq = '''
              v_lowpass1 += 10*mV                                                                                        # mimics the depolarisation by a spike
              v_lowpass2 += 10*mV                                                                                        # mimics the depolarisation by a spike
              w_plus = A_LTP*x_trace_pre*(v_lowpass2_post/mV - Theta_low/mV)*int(v_lowpass2_post/mV - Theta_low/mV > 0)  # synaptic potentiation
              w_ampa = clip(w_ampa+w_plus,0,w_max)                                                                       # hard bounds
              '''
    gleak = 30.*nS
    C = 300.*pF
    tau_AMPA = 2.*ms
    E_AMPA = 0.*mV
    ampa_max_cond = 5.e-10*siemens
    w_max = 1.
    eqs_neurons = '''
    dv/dt = (gleak*(V_rest-v) + I_ext + I_syn)/C: volt      # voltage
    dv_lowpass1/dt = (v-v_lowpass1)/tau_lowpass1 : volt     # low-pass filter of the voltage
    dv_lowpass2/dt = (v-v_lowpass2)/tau_lowpass2 : volt     # low-pass filter of the voltage
    I_ext : amp                                             # external current
    I_syn = g_ampa*(E_AMPA-v): amp                          # synaptic current
    dg_ampa/dt = -g_ampa/tau_AMPA : siemens                 # synaptic conductance
    dx_trace/dt = -x_trace/taux :1                          # spike trace
    '''
    defaultclock.dt = 100.*us
    Nr_neurons = 2
    rate_array = RATES*Hz
    init_weight = 0.5
    reps = 15
    Nrns = NeuronGroup(Nr_neurons, eqs_neurons, threshold='v>V_thresh',
                       reset='v=V_rest;x_trace+=x_reset/(taux/ms)', method='euler')
    Syn = Synapses(Nrns, Nrns, model=Syn_model, on_pre=Pre_eq, on_post=Post_eq)
    Syn.connect('i!=j')
    weight_result = np.zeros((2, len(rate_array)))
    for jj, rate in enumerate(rate_array):
        pair_interval = 1./rate - 10*ms
        Nrns.v = V_rest
        Nrns.v_lowpass1 = V_rest
        Nrns.v_lowpass2 = V_rest
        Nrns.I_ext = 0*amp
        Nrns.x_trace = 0.
        Syn.w_ampa = init_weight
        for ii in range(reps):
            Nrns.v[0] = V_thresh + 1*mV
            run(10*ms)
            Nrns.v[1] = V_thresh + 1*mV
            run(pair_interval)
        weight_result[0, jj] = 100.*Syn.w_ampa[0]/init_weight
        weight_result[1, jj] = 100.*Syn.w_ampa[1]/init_weight
    return dict(w_pre_post=weight_result[0].tolist(), w_post_pre=weight_result[1].tolist())


if __name__ == '__main__':
    main(globals())
