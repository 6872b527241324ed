#!/usr/bin/python3
"""Ornstein-Uhlenbeck process: Brian2's examples/advanced/Ornstein_Uhlenbeck.py.

Original: /usr/share/doc/python-brian-doc/examples/advanced/Ornstein_Uhlenbeck.py. Two
realisations of dy/dt = -y/tau + sqrt(2*sigma**2/tau)*xi, (tau, sigma) = (1 s, 0.1) and
(0.1 s, 0.31622) (same noise intensity sigma^2*tau = 0.01), y(0) = 1, Euler(-Maruyama),
dt = 0.1 ms, 10 s.
Shortened: nothing.

Figures (StateMonitor every step):
  sd_slow      sd (ddof=0) of y of the tau = 1 s process over t in [5, 10) s (stationary sd 0.1)
  sd_fast      sd of y of the tau = 0.1 s process over [1, 10) s (stationary sd 0.31622)
  mean_slow_first_s  mean of y (tau = 1 s) over [0, 1) s: the decay from y(0) = 1,
               1 - 1/e = 0.632 without noise
  acf_fast_100ms  autocorrelation of the tau = 0.1 s process at lag 0.1 s over [1, 10) s
               (exp(-1) = 0.368 for the exact process)

Brian2 features: xi white noise with a per-neuron amplitude from parameters (sqrt of a
parameter expression, Euler-Maruyama), per-neuron tau and sigma, StateMonitor.
"""
from _common import main
from brian2 import *

NAME = 'ornstein_uhlenbeck'
SOURCE = 'examples/advanced/Ornstein_Uhlenbeck.py'
DETERMINISTIC = False
PROTOCOL = dict(tau_s=[1, 0.1], sigma=[0.1, 0.31622], y0=1, duration_s=10, dt_ms=0.1, shortened='nothing')
FEATURES = ['xi white noise with parameter-dependent amplitude (Euler-Maruyama)', 'per-neuron parameters',
            'StateMonitor']
DEFINITIONS = dict(
    sd_slow='sd (ddof=0) of y, tau = 1 s, over t in [5, 10) s',
    sd_fast='sd (ddof=0) of y, tau = 0.1 s, over t in [1, 10) s',
    mean_slow_first_s='mean of y, tau = 1 s, over [0, 1) s',
    acf_fast_100ms='Pearson correlation of y(t) and y(t + 0.1 s), tau = 0.1 s, t in [1, 9.9) s',
)
HEADLINE = ['sd_slow', 'sd_fast', 'mean_slow_first_s']


def simulate(seed):
    N = NeuronGroup(
        2,
        """
        tau : second
        sigma : 1
        dy/dt = -y/tau + sqrt(2*sigma**2/tau)*xi : 1
        """,
        method="euler"
    )
    N.tau = np.array([1, 0.1]) * second
    N.sigma = np.array([0.1, 0.31622])
    N.y = 1
    M = StateMonitor(N, "y", record=True)
    run(10 * second)
    ts = np.asarray(M.t / second)
    y0 = np.asarray(M.y[0])
    y1 = np.asarray(M.y[1])
    lag = 1000  # 0.1 s in steps
    a = y1[(ts >= 1)]
    return dict(sd_slow=float(np.std(y0[ts >= 5])), sd_fast=float(np.std(a)),
                mean_slow_first_s=float(np.mean(y0[ts < 1])),
                acf_fast_100ms=float(np.corrcoef(a[:-lag], a[lag:])[0, 1]))


if __name__ == '__main__':
    main(globals())
