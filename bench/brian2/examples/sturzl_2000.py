#!/usr/bin/python3
"""Prey localisation by a scorpion (Sturzl, Kempter & van Hemmen 2000): Brian2's
examples/frompapers/Sturzl_et_al_2000.py.

Original: /usr/share/doc/python-brian-doc/examples/frompapers/Sturzl_et_al_2000.py. A surface
wave (sum of cosines 150..450 Hz with Gaussian weights and random phases, numpy rand) reaches
the 8 legs with delays R/vr*(1 - cos(phi - gamma)) (prey at phi = 144 deg); each leg receptor
is a noisy leaky unit driven by the wave through a TimedArray evaluated at t - d (threshold 1,
reset 0, refractory 1 ms); each of 8 command neurons (alpha-shaped input, exact) gets
excitation from its own leg and, 0.7 ms later, inhibition from the 3 opposite legs
(connect('abs(((j - i) % N_post) - N_post/2) <= 1')). The prey angle is estimated from the
command neurons' spike counts: phi_est = arg(sum_k count_k * exp(i*gamma_k)). Euler for the
legs, dt = 0.1 ms, 500 ms.
Shortened: nothing.

Figures:
  phi_est_deg     estimated prey angle in degrees, in [0, 360) (true angle 144)
  abs_error_deg   |phi_est - 144| (wrapped to [0, 180])
  command_spikes  spikes of the 8 command neurons in 500 ms
  leg_spikes      spikes of the 8 leg receptors

Brian2 features: TimedArray evaluated at a per-neuron shifted time rates(t - d), xi white noise
(Euler-Maruyama), refractory, modulo arithmetic and abs() in a connect condition, a synaptic
delay on one pathway, N_post in a condition, method exact for the alpha synapse chain.
"""
from _common import main
from brian2 import *

NAME = 'sturzl_2000'
SOURCE = 'examples/frompapers/Sturzl_et_al_2000.py'
DETERMINISTIC = False
PROTOCOL = dict(duration_ms=500, dt_ms=0.1, phi_deg=144, legs=8, shortened='nothing')
FEATURES = ['TimedArray at a per-neuron shifted time', 'xi white noise (Euler-Maruyama)', 'refractory',
            "connect condition with % and abs() and N_post", 'synaptic delay', 'method exact']
DEFINITIONS = dict(
    phi_est_deg='arg(sum_k count_k exp(i gamma_k)) in degrees, in [0, 360)',
    abs_error_deg='|phi_est - 144| wrapped to [0, 180]',
    command_spikes='spikes of the 8 command neurons in 500 ms',
    leg_spikes='spikes of the 8 leg receptors in 500 ms',
)
HEADLINE = ['phi_est_deg', 'abs_error_deg', 'command_spikes']


def simulate(seed):
    degree = 2 * pi / 360.
    duration = 500*ms
    R = 2.5*cm  # radius of scorpion
    vr = 50*meter/second  # Rayleigh wave speed
    phi = 144*degree  # angle of prey
    A = 250*Hz
    deltaI = .7*ms  # inhibitory delay
    gamma = (22.5 + 45 * arange(8)) * degree  # leg angle
    delay = R / vr * (1 - cos(phi - gamma))   # wave delay

    time_ = arange(int(duration / defaultclock.dt) + 1) * defaultclock.dt
    Dtot = 0.
    wave = 0.
    for f in arange(150, 451)*Hz:
        D = exp(-(f/Hz - 300) ** 2 / (2 * (50 ** 2)))
        rand_angle = 2 * pi * rand()
        wave += 100 * D * cos(2 * pi * f * time_ + rand_angle)
        Dtot += D
    wave = .01 * wave / Dtot
    rates = TimedArray(wave, dt=defaultclock.dt)

    tau_legs = 1 * ms
    sigma = .01
    eqs_legs = """
    dv/dt = (1 + rates(t - d) - v)/tau_legs + sigma*(2./tau_legs)**.5*xi:1
    d : second
    """
    legs = NeuronGroup(8, model=eqs_legs, threshold='v > 1', reset='v = 0',
                       refractory=1*ms, method='euler')
    legs.d = delay
    spikes_legs = SpikeMonitor(legs)

    tau = 1 * ms
    taus = 1.001 * ms
    wex = 7
    winh = -2
    eqs_neuron = '''
    dv/dt = (x - v)/tau : 1
    dx/dt = (y - x)/taus : 1 # alpha currents
    dy/dt = -y/taus : 1
    '''
    neurons = NeuronGroup(8, model=eqs_neuron, threshold='v>1', reset='v=0',
                          method='exact')
    synapses_ex = Synapses(legs, neurons, on_pre='y+=wex')
    synapses_ex.connect(j='i')
    synapses_inh = Synapses(legs, neurons, on_pre='y+=winh', delay=deltaI)
    synapses_inh.connect('abs(((j - i) % N_post) - N_post/2) <= 1')
    spikes = SpikeMonitor(neurons)
    run(duration)

    nspikes = np.asarray(spikes.count)
    phi_est = float(np.imag(np.log(np.sum(nspikes * np.exp(gamma * 1j)))))
    deg = (phi_est / degree) % 360.0
    err = abs(deg - 144.0) % 360.0
    err = min(err, 360.0 - err)
    return dict(phi_est_deg=deg, abs_error_deg=err, command_spikes=int(nspikes.sum()),
                leg_spikes=spikes_legs.num_spikes)


if __name__ == '__main__':
    main(globals())
