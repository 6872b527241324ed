#!/usr/bin/python3
"""Izhikevich (2007) Fig. 1c, dopamine-modulated STDP: Brian2's examples/frompapers/Izhikevich_2007.py.

Original: /usr/share/doc/python-brian-doc/examples/frompapers/Izhikevich_2007.py. Two neurons
forced to spike by a SpikeGeneratorGroup (v += 100 mV) in pre-post pairs (50 ms and 10 ms
apart) at 0.5, 1, 1.5 s and again at 3.5, 4, 4.5 s; a plastic synapse 0 -> 1 with
clock-driven eligibility trace c (tauc = 1 s), dopamine d (taud = 200 ms) and strength s
(ds/dt = mode*c*d/taus), event-driven Apre/Apost; a second SpikeGeneratorGroup delivers
rewards at 3.52, 4.02, 4.52 s to the plastic synapse itself (d_post += epsilon_dopa, a
Synapses targeting a Synapses). First 3 s with mode = 0 (classical STDP acting on s), then
3 s with mode = 1 (STDP acting on c, s changed by dopamine). Euler for the synapse, exact for
the neurons, dt = 0.1 ms. Deterministic (no random number).
Shortened: nothing (6 s).

Figures (s, c, d divided by gmax = 0.01):
  s_at_3s      s/gmax at the end of the classical phase (t = 3 s)
  s_at_6s      s/gmax at the end of the run (t = 6 s)
  c_max        max over the run of c/gmax (sampled every step)
  d_max        max over the run of d/gmax
  spikes       spike counts of neuron 0 and neuron 1

Brian2 features: SpikeGeneratorGroup, Synapses onto Synapses (reward -> synapse_stdp,
d_post), clock-driven synaptic ODEs (method euler) next to event-driven ones, clip(),
two run() phases with a synaptic parameter changed in between (mode), StateMonitor on Synapses.
"""
from _common import main
from brian2 import *

NAME = 'izhikevich_2007'
SOURCE = 'examples/frompapers/Izhikevich_2007.py'
DETERMINISTIC = True
PROTOCOL = dict(duration_s=6.0, phases='3 s mode=0 (classical STDP) then 3 s mode=1 (dopamine-modulated)',
                dt_ms=0.1, shortened='nothing')
FEATURES = ['SpikeGeneratorGroup', 'Synapses targeting Synapses (d_post)', 'clock-driven synaptic ODEs (euler)',
            'event-driven traces', 'clip()', 'two run() phases with a parameter change',
            'StateMonitor on Synapses']
DEFINITIONS = dict(
    s_at_3s='s/gmax of the plastic synapse at t = 3 s (end of classical STDP)',
    s_at_6s='s/gmax at t = 6 s',
    c_max='max over all steps of c/gmax (StateMonitor, when=start)',
    d_max='max over all steps of d/gmax',
    spikes='spike counts of neuron 0 and neuron 1 in 6 s',
)
HEADLINE = ['s_at_3s', 's_at_6s', 'c_max', 'd_max']


def simulate(seed):
    simulation_duration = 6 * second
    taum = 10*ms
    Ee = 0*mV
    vt = -54*mV
    vr = -60*mV
    El = -74*mV
    taue = 5*ms
    taupre = 20*ms
    taupost = taupre
    gmax = .01
    dApre = .01
    dApost = -dApre * taupre / taupost * 1.05
    dApost *= gmax
    dApre *= gmax
    tauc = 1000*ms
    taud = 200*ms
    taus = 1*ms
    epsilon_dopa = 5e-3

    input_indices = array([0, 1, 0, 1, 1, 0,
                           0, 1, 0, 1, 1, 0])
    input_times = array([500, 550, 1000, 1010, 1500, 1510,
                         3500, 3550, 4000, 4010, 4500, 4510])*ms
    spike_input = SpikeGeneratorGroup(2, input_indices, input_times)

    neurons = NeuronGroup(2, '''dv/dt = (ge * (Ee-vr) + El - v) / taum : volt
                                dge/dt = -ge / taue : 1''',
                          threshold='v>vt', reset='v = vr',
                          method='exact')
    neurons.v = vr
    neurons_monitor = SpikeMonitor(neurons)

    synapse = Synapses(spike_input, neurons,
                       model='''s: volt''',
                       on_pre='v += s')
    synapse.connect(i=[0, 1], j=[0, 1])
    synapse.s = 100. * mV

    synapse_stdp = Synapses(neurons, neurons,
                            model='''mode: 1
                             dc/dt = -c / tauc : 1 (clock-driven)
                             dd/dt = -d / taud : 1 (clock-driven)
                             ds/dt = mode * c * d / taus : 1 (clock-driven)
                             dApre/dt = -Apre / taupre : 1 (event-driven)
                             dApost/dt = -Apost / taupost : 1 (event-driven)''',
                            on_pre='''ge += s
                              Apre += dApre
                              c = clip(c + mode * Apost, -gmax, gmax)
                              s = clip(s + (1-mode) * Apost, -gmax, gmax)
                              ''',
                            on_post='''Apost += dApost
                              c = clip(c + mode * Apre, -gmax, gmax)
                              s = clip(s + (1-mode) * Apre, -gmax, gmax)
                              ''',
                            method='euler')
    synapse_stdp.connect(i=0, j=1)
    synapse_stdp.mode = 0
    synapse_stdp.s = 1e-10
    synapse_stdp.c = 1e-10
    synapse_stdp.d = 0
    synapse_stdp_monitor = StateMonitor(synapse_stdp, ['s', 'c', 'd'], record=[0])

    dopamine_indices = array([0, 0, 0])
    dopamine_times = array([3520, 4020, 4520])*ms
    dopamine = SpikeGeneratorGroup(1, dopamine_indices, dopamine_times)
    reward = Synapses(dopamine, synapse_stdp, model='''''',
                      on_pre='''d_post += epsilon_dopa''',
                      method='exact')
    reward.connect()

    synapse_stdp.mode = 0
    run(simulation_duration/2)
    s_mid = float(synapse_stdp.s[0])
    synapse_stdp.mode = 1
    run(simulation_duration/2)
    s_end = float(synapse_stdp.s[0])

    return dict(s_at_3s=s_mid / gmax, s_at_6s=s_end / gmax,
                c_max=float(np.max(synapse_stdp_monitor.c[0])) / gmax,
                d_max=float(np.max(synapse_stdp_monitor.d[0])) / gmax,
                spikes=[int(x) for x in neurons_monitor.count])


if __name__ == '__main__':
    main(globals())
