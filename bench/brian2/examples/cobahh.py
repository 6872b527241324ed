#!/usr/bin/python3
"""COBAHH: Brette et al. (2007) benchmark 3, Brian2's examples/COBAHH.py.

Original: /usr/share/doc/python-brian-doc/examples/COBAHH.py. 4000 Hodgkin-Huxley (Traub-Miles)
neurons, 3200 excitatory / 800 inhibitory, exponential synaptic conductances (we = 6 nS,
wi = 67 nS), random connectivity p = 0.02 from each subgroup to all, exponential Euler,
threshold v > -20 mV with refractory 3 ms (spike counting only, no reset), random initial v, ge,
gi (randn), dt = 0.1 ms, 1 s.
Shortened: 0.5 s instead of 1 s (the rate is stationary after the first ~25 ms: about 37 Hz
in every 25 ms bin of the first 200 ms).

Figures:
  rate_hz       spikes of all 4000 neurons / 4000 / 0.5 s
  rate_e_hz     same for neurons 0..3199;  rate_i_hz: neurons 3200..3999
  rate_late_hz  spikes in [0.25, 0.5) s / 4000 / 0.25 s

Brian2 features: method='exponential_euler' on HH gating with exprel(), subexpressions of v,
threshold without reset + refractory (spike counting), subgroups P[:3200] / P[3200:] as
Synapses sources, connect(p=...), randn() in initial values.
"""
from _common import main
from brian2 import *

NAME = 'cobahh'
SOURCE = 'examples/COBAHH.py'
DETERMINISTIC = False
DURATION_S = 0.5
PROTOCOL = dict(N=4000, N_E=3200, p=0.02, duration_s=DURATION_S, dt_ms=0.1,
                shortened='0.5 s instead of 1 s')
FEATURES = ['method exponential_euler', 'exprel()', 'subexpressions', 'threshold without reset',
            'refractory', 'subgroups as Synapses sources', 'connect(p=...)', 'randn() in initial values']
DEFINITIONS = dict(
    rate_hz='total spikes (v > -20 mV crossings, refractory 3 ms) / 4000 / 0.5 s',
    rate_e_hz='spikes of neurons 0..3199 / 3200 / 0.5 s',
    rate_i_hz='spikes of neurons 3200..3999 / 800 / 0.5 s',
    rate_late_hz='spikes in [0.25, 0.5) s / 4000 / 0.25 s',
)
HEADLINE = ['rate_hz']


def simulate(seed):
    # Parameters
    area = 20000*umetre**2
    Cm = (1*ufarad*cm**-2) * area
    gl = (5e-5*siemens*cm**-2) * area
    El = -60*mV
    EK = -90*mV
    ENa = 50*mV
    g_na = (100*msiemens*cm**-2) * area
    g_kd = (30*msiemens*cm**-2) * area
    VT = -63*mV
    taue = 5*ms
    taui = 10*ms
    Ee = 0*mV
    Ei = -80*mV
    we = 6*nS  # excitatory synaptic weight
    wi = 67*nS  # inhibitory synaptic weight

    eqs = Equations('''
    dv/dt = (gl*(El-v)+ge*(Ee-v)+gi*(Ei-v)-
             g_na*(m*m*m)*h*(v-ENa)-
             g_kd*(n*n*n*n)*(v-EK))/Cm : volt
    dm/dt = alpha_m*(1-m)-beta_m*m : 1
    dn/dt = alpha_n*(1-n)-beta_n*n : 1
    dh/dt = alpha_h*(1-h)-beta_h*h : 1
    dge/dt = -ge*(1./taue) : siemens
    dgi/dt = -gi*(1./taui) : siemens
    alpha_m = 0.32*(mV**-1)*4*mV/exprel((13*mV-v+VT)/(4*mV))/ms : Hz
    beta_m = 0.28*(mV**-1)*5*mV/exprel((v-VT-40*mV)/(5*mV))/ms : Hz
    alpha_h = 0.128*exp((17*mV-v+VT)/(18*mV))/ms : Hz
    beta_h = 4./(1+exp((40*mV-v+VT)/(5*mV)))/ms : Hz
    alpha_n = 0.032*(mV**-1)*5*mV/exprel((15*mV-v+VT)/(5*mV))/ms : Hz
    beta_n = .5*exp((10*mV-v+VT)/(40*mV))/ms : Hz
    ''')

    P = NeuronGroup(4000, model=eqs, threshold='v>-20*mV', refractory=3*ms,
                    method='exponential_euler')
    Pe = P[:3200]
    Pi = P[3200:]
    Ce = Synapses(Pe, P, on_pre='ge+=we')
    Ci = Synapses(Pi, P, on_pre='gi+=wi')
    Ce.connect(p=0.02)
    Ci.connect(p=0.02)

    P.v = 'El + (randn() * 5 - 5)*mV'
    P.ge = '(randn() * 1.5 + 4) * 10.*nS'
    P.gi = '(randn() * 12 + 20) * 10.*nS'

    sm = SpikeMonitor(P)
    run(DURATION_S * second)

    count = np.asarray(sm.count)
    ts = np.asarray(sm.t / second)
    return dict(rate_hz=count.sum() / 4000 / DURATION_S,
                rate_e_hz=count[:3200].sum() / 3200 / DURATION_S,
                rate_i_hz=count[3200:].sum() / 800 / DURATION_S,
                rate_late_hz=float(np.sum(ts >= DURATION_S / 2)) / 4000 / (DURATION_S / 2))


if __name__ == '__main__':
    main(globals())
