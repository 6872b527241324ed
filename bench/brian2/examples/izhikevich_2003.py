#!/usr/bin/python3
"""Izhikevich (2003) Fig. 3: Brian2's examples/frompapers/Izhikevich_2003.py.

Original: /usr/share/doc/python-brian-doc/examples/frompapers/Izhikevich_2003.py (a port of
net.m). 800 excitatory + 200 inhibitory Izhikevich neurons with heterogeneous a, b, c, d
(re, ri ~ U(0,1)), all-to-all synapses (self included) with weights 0.5*U(0,1) from excitatory
and -U(0,1) from inhibitory neurons; a presynaptic spike adds w to I now ('up', delay 0) and
removes it 1 ms later ('down', delay 1 ms), i.e. a one-step current pulse; thalamic noise
I_noise = 5*randn() (excitatory) / 2*randn() (inhibitory) redrawn every 1 ms by run_regularly;
Euler, dt = 1 ms, 1000 ms, v starts at -65, u = b*v.
Shortened: nothing. The numpy draws (re, ri, weights) use numpy's global generator seeded by
brian2.seed(seed), in the order of the original.

Figures:
  rate_e_hz    spikes of neurons 0..799 / 800 / 1 s
  rate_i_hz    spikes of neurons 800..999 / 200 / 1 s
  peak_freq_hz frequency (1 Hz resolution, 5..100 Hz) of the largest peak of the power spectrum
               of the excitatory population spike count in 1 ms bins (mean removed) - the
               alpha/gamma rhythm of Fig. 3

Brian2 features: two on_pre pathways with different delays (dict on_pre and delay),
run_regularly on subgroups with randn() (dt = 1 ms), per-neuron parameters set on subgroups
from numpy arrays, S.w[:] from a numpy matrix in Brian2's connect() order (i-major),
method='euler', dt = 1 ms, threshold v >= 30 with a two-statement reset.
"""
from _common import main
from brian2 import *

NAME = 'izhikevich_2003'
SOURCE = 'examples/frompapers/Izhikevich_2003.py'
DETERMINISTIC = False
PROTOCOL = dict(Ne=800, Ni=200, duration_ms=1000, dt_ms=1.0, shortened='nothing')
FEATURES = ['on_pre pathways with their own delays (up/down)', 'run_regularly with randn() on subgroups',
            'weights from a numpy matrix (i-major order)', 'method euler', 'dt = 1 ms',
            'per-neuron a, b, c, d from numpy arrays']
DEFINITIONS = dict(
    rate_e_hz='spikes of neurons 0..799 / 800 / 1 s',
    rate_i_hz='spikes of neurons 800..999 / 200 / 1 s',
    peak_freq_hz='argmax over 5..100 Hz of |FFT|^2 of the excitatory spike count per 1 ms bin (mean removed), 1 Hz resolution',
)
HEADLINE = ['rate_e_hz', 'rate_i_hz', 'peak_freq_hz']


def simulate(seed):
    tfinal = 1000 * ms
    Ne = 800
    Ni = 200

    re = np.random.uniform(size=Ne)
    ri = np.random.uniform(size=Ni)
    weights = np.hstack(
        [
            0.5 * np.random.uniform(size=(Ne + Ni, Ne)),
            -np.random.uniform(size=(Ne + Ni, Ni)),
        ]
    ).T

    defaultclock.dt = 1 * ms

    eqs = """dv/dt = (0.04*v**2 + 5*v + 140 - u + I + I_noise )/ms : 1
             du/dt = (a*(b*v - u))/ms  : 1
             I : 1
             I_noise : 1
             a : 1
             b : 1
             c : 1
             d : 1
           """

    N = NeuronGroup(Ne + Ni, eqs, threshold="v>=30", reset="v=c; u+=d", method="euler")
    N.v = -65

    N_exc = N[:Ne]
    N_inh = N[Ne:]

    spikemon = SpikeMonitor(N)
    N_exc.a = 0.02
    N_exc.b = 0.2
    N_exc.c = -65 + 15 * re**2
    N_exc.d = 8 - 6 * re**2

    N_inh.a = 0.02 + 0.08 * ri
    N_inh.b = 0.25 - 0.05 * ri
    N_inh.c = -65
    N_inh.d = 2

    N_exc.u = "b*v"
    N_inh.u = "b*v"

    S = Synapses(
        N,
        N,
        "w : 1",
        on_pre={"up": "I += w", "down": "I -= w"},
        delay={"up": 0 * ms, "down": 1 * ms},
    )
    S.connect()
    S.w[:] = weights.flatten()

    N_exc.run_regularly("I_noise = 5*randn()", dt=1 * ms)
    N_inh.run_regularly("I_noise = 2*randn()", dt=1 * ms)

    run(tfinal)

    idx = np.asarray(spikemon.i)
    steps = np.round(np.asarray(spikemon.t / ms)).astype(int)
    counts = np.bincount(steps[idx < Ne], minlength=1000)[:1000].astype(float)
    power = np.abs(np.fft.rfft(counts - counts.mean())) ** 2
    freqs = np.fft.rfftfreq(1000, d=1e-3)
    band = (freqs >= 5) & (freqs <= 100)
    return dict(rate_e_hz=np.sum(idx < Ne) / Ne / 1.0,
                rate_i_hz=np.sum(idx >= Ne) / Ni / 1.0,
                peak_freq_hz=float(freqs[band][np.argmax(power[band])]))


if __name__ == '__main__':
    main(globals())
