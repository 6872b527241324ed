#!/usr/bin/python3
"""Jeffress model of sound localisation: Brian2's examples/synapses/jeffress.py.

Original: /usr/share/doc/python-brian-doc/examples/synapses/jeffress.py. A white-noise sound
(TimedArray of 50000 numpy randn samples * 10, dt = 0.02 ms) turns around the head once per
second; each of 2 ears is a noisy leaky unit driven by the sound delayed by
delay = distance*sin(theta) (theta grows at 2*pi rad/s; distance = -+ max_delay/2,
max_delay = 20 cm / 300 m/s), threshold 1, reset 0, refractory 2.5 ms; 30 noisy coincidence
detectors receive both ears (v += 0.5) through delay lines: ear 0 -> neuron j after
j/29*1.1*max_delay, ear 1 -> neuron j after (29-j)/29*1.1*max_delay. Euler(-Maruyama),
dt = 0.02 ms, 1 s.
Shortened: nothing.

Figures:
  spikes        coincidence-detector spikes in 1 s
  ear_rate_hz   ear spikes / 2 / 1 s
  corr_best     Pearson correlation, over all detector spikes, between the neuron index j and
                the index whose delay lines compensate the interaural delay at that moment,
                j*(t) = 29/2 * (1 + sin(2*pi*t/1 s)/1.1) (the place code the example is about)
  mae_index     mean |j - j*(t)| over the detector spikes

Brian2 features: TimedArray with its own dt, evaluated at a per-neuron shifted time
sound(t - delay), xi white noise (Euler-Maruyama), (unless refractory), a state variable that
grows linearly (dtheta/dt = angular_speed, radian), per-synapse delays set by string
expressions on subsets (synapses.delay['i==0'] = ...), dt = 0.02 ms.
"""
from _common import main
from brian2 import *

NAME = 'jeffress'
SOURCE = 'examples/synapses/jeffress.py'
DETERMINISTIC = False
PROTOCOL = dict(num_neurons=30, duration_ms=1000, dt_ms=0.02, sound_samples=50000,
                angular_speed='2*pi rad/s', shortened='nothing')
FEATURES = ['TimedArray (own dt) at a shifted time sound(t - delay)', 'xi white noise (Euler-Maruyama)',
            '(unless refractory)', 'per-synapse delays by string expressions on subsets',
            'dt = 0.02 ms', 'radian unit']
DEFINITIONS = dict(
    spikes='coincidence-detector spikes in 1 s',
    ear_rate_hz='ear spikes / 2 / 1 s',
    corr_best='Pearson r over detector spikes between j and j*(t) = 14.5*(1 + sin(2 pi t / 1 s)/1.1)',
    mae_index='mean |j - j*(t)| over detector spikes',
)
HEADLINE = ['spikes', 'corr_best', 'mae_index']


def simulate(seed):
    defaultclock.dt = .02*ms
    sound = TimedArray(10 * randn(50000), dt=defaultclock.dt)  # white noise
    sound_speed = 300*metre/second
    interaural_distance = 20*cm  # big head!
    max_delay = interaural_distance / sound_speed
    angular_speed = 2 * pi / second  # 1 turn/second
    tau_ear = 1*ms
    sigma_ear = .1
    eqs_ears = '''
    dx/dt = (sound(t-delay)-x)/tau_ear+sigma_ear*(2./tau_ear)**.5*xi : 1 (unless refractory)
    delay = distance*sin(theta) : second
    distance : second # distance to the centre of the head in time units
    dtheta/dt = angular_speed : radian
    '''
    ears = NeuronGroup(2, eqs_ears, threshold='x>1', reset='x = 0',
                       refractory=2.5*ms, name='ears', method='euler')
    ears.distance = [-.5 * max_delay, .5 * max_delay]
    num_neurons = 30
    tau = 1*ms
    sigma = .1
    eqs_neurons = '''
    dv/dt = -v / tau + sigma * (2 / tau)**.5 * xi : 1
    '''
    neurons = NeuronGroup(num_neurons, eqs_neurons, threshold='v>1',
                          reset='v = 0', name='neurons', method='euler')
    synapses = Synapses(ears, neurons, on_pre='v += .5')
    synapses.connect()
    synapses.delay['i==0'] = '(1.0*j)/(num_neurons-1)*1.1*max_delay'
    synapses.delay['i==1'] = '(1.0*(num_neurons-j-1))/(num_neurons-1)*1.1*max_delay'
    spikes = SpikeMonitor(neurons)
    ear_spikes = SpikeMonitor(ears)
    run(1000*ms)

    idx = np.asarray(spikes.i, dtype=float)
    ts = np.asarray(spikes.t / second)
    best = (num_neurons - 1) / 2.0 * (1 + np.sin(2 * np.pi * ts) / 1.1)
    return dict(spikes=len(ts), ear_rate_hz=ear_spikes.num_spikes / 2 / 1.0,
                corr_best=float(np.corrcoef(idx, best)[0, 1]),
                mae_index=float(np.mean(np.abs(idx - best))))


if __name__ == '__main__':
    main(globals())
