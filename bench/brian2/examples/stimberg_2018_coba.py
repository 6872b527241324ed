#!/usr/bin/python3
"""COBA network with short-term plasticity (Stimberg et al. 2018, Fig. 1): Brian2's examples/frompapers/Stimberg_et_al_2018/example_1_COBA.py.

Original: /usr/share/doc/python-brian-doc/examples/frompapers/Stimberg_et_al_2018/example_1_COBA.py.
3200 excitatory + 800 inhibitory conductance-based LIF units (g_l = 9.99 nS, C_m = 198 pF,
E_l = -60 mV, I_ex = 150 pA, threshold -50 mV, reset E_l, refractory 5 ms, v (unless
refractory)), Euler, dt = 0.1 ms; v, g_e, g_i start random; excitatory synapses p = 0.05,
inhibitory p = 0.2, both with Tsodyks-Markram short-term plasticity (event-driven u_S, x_S;
U_0 = 0.6, Omega_d = 2/s, Omega_f = 3.33/s; x_S starts at 1), g_e += w_e*r_S (w_e = 0.05 nS),
g_i += w_i*r_S (w_i = 1 nS); 1 s.
Shortened: nothing (seeds 1-5 instead of the script's fixed seed(11922); the StateMonitors
for the figure panels are left out).

Figures:
  rate_e_hz   mean rate of the 3200 excitatory units in 1 s
  rate_i_hz   mean rate of the 800 inhibitory units in 1 s
  rate_late_hz  mean rate of all units in [0.5, 1) s

Brian2 features: (unless refractory), refractory given as a name, rand() in initial values,
subgroups as synapse sources, event-driven synaptic variables, a temporary (r_S) in on_pre,
method euler.
"""
from _common import main
from brian2 import *

NAME = 'stimberg_2018_coba'
SOURCE = 'examples/frompapers/Stimberg_et_al_2018/example_1_COBA.py'
DETERMINISTIC = False
PROTOCOL = dict(N_e=3200, N_i=800, p_e=0.05, p_i=0.2, duration_s=1.0, dt_ms=0.1,
                shortened="nothing (seeds 1-5 instead of seed(11922); no StateMonitors)")
FEATURES = ['(unless refractory)', 'rand() initial values', 'subgroups as sources',
            'event-driven synaptic variables (Tsodyks-Markram)', 'temporary in on_pre', 'method euler']
DEFINITIONS = dict(
    rate_e_hz='mean rate of the 3200 excitatory units in 1 s',
    rate_i_hz='mean rate of the 800 inhibitory units in 1 s',
    rate_late_hz='mean rate of all 4000 units in [0.5, 1) s',
)
HEADLINE = ['rate_e_hz', 'rate_i_hz']


def simulate(seed):
    duration = 1.0*second  # Total simulation time
    sim_dt = 0.1*ms        # Integrator/sampling step
    N_e = 3200             # Number of excitatory neurons
    N_i = 800              # Number of inhibitory neurons
    E_l = -60*mV           # Leak reversal potential
    g_l = 9.99*nS          # Leak conductance
    E_e = 0*mV             # Excitatory synaptic reversal potential
    E_i = -80*mV           # Inhibitory synaptic reversal potential
    C_m = 198*pF           # Membrane capacitance
    tau_e = 5*ms           # Excitatory synaptic time constant
    tau_i = 10*ms          # Inhibitory synaptic time constant
    tau_r = 5*ms           # Refractory period
    I_ex = 150*pA          # External current
    V_th = -50*mV          # Firing threshold
    V_r = E_l              # Reset potential
    w_e = 0.05*nS          # Excitatory synaptic conductance
    w_i = 1.0*nS           # Inhibitory synaptic conductance
    U_0 = 0.6              # Synaptic release probability at rest
    Omega_d = 2.0/second   # Synaptic depression rate
    Omega_f = 3.33/second  # Synaptic facilitation rate
    defaultclock.dt = sim_dt
    neuron_eqs = '''
    dv/dt = (g_l*(E_l-v) + g_e*(E_e-v) + g_i*(E_i-v) +
             I_ex)/C_m    : volt (unless refractory)
    dg_e/dt = -g_e/tau_e  : siemens  # post-synaptic exc. conductance
    dg_i/dt = -g_i/tau_i  : siemens  # post-synaptic inh. conductance
    '''
    neurons = NeuronGroup(N_e + N_i, model=neuron_eqs,
                          threshold='v>V_th', reset='v=V_r',
                          refractory='tau_r', method='euler')
    neurons.v = 'E_l + rand()*(V_th-E_l)'
    neurons.g_e = 'rand()*w_e'
    neurons.g_i = 'rand()*w_i'
    exc_neurons = neurons[:N_e]
    inh_neurons = neurons[N_e:]
    synapses_eqs = '''
    du_S/dt = -Omega_f * u_S     : 1 (event-driven)
    dx_S/dt = Omega_d *(1 - x_S) : 1 (event-driven)
    '''
    synapses_action = '''
    u_S += U_0 * (1 - u_S)
    r_S = u_S * x_S
    x_S -= r_S
    '''
    exc_syn = Synapses(exc_neurons, neurons, model=synapses_eqs,
                       on_pre=synapses_action+'g_e_post += w_e*r_S')
    inh_syn = Synapses(inh_neurons, neurons, model=synapses_eqs,
                       on_pre=synapses_action+'g_i_post += w_i*r_S')
    exc_syn.connect(p=0.05)
    inh_syn.connect(p=0.2)
    exc_syn.x_S = 1
    inh_syn.x_S = 1
    exc_mon = SpikeMonitor(exc_neurons)
    inh_mon = SpikeMonitor(inh_neurons)
    run(duration)
    te = np.asarray(exc_mon.t / second)
    ti = np.asarray(inh_mon.t / second)
    return dict(rate_e_hz=len(te) / N_e / 1.0, rate_i_hz=len(ti) / N_i / 1.0,
                rate_late_hz=float(np.sum(te >= 0.5) + np.sum(ti >= 0.5)) / (N_e + N_i) / 0.5)


if __name__ == '__main__':
    main(globals())
