#!/usr/bin/python3
"""Chaos in the AdEx model (Touboul & Brette 2008, Fig. 8B): Brian2's examples/frompapers/Touboul_Brette_2008.py.

Original: /usr/share/doc/python-brian-doc/examples/frompapers/Touboul_Brette_2008.py. 200
unconnected AdEx units (C = 281 pF, gL = 30 nS, EL = -70.6 mV, VT = -50.4 mV, DeltaT = 2 mV,
tauw = 40 ms, a = 4 nS, b = 0.08 nA, I = 0.8 nA), threshold vm > VT + 5*DeltaT, reset
vm = Vr; w += b with the reset potential Vr = linspace(-48.3, -47.7, 200) mV (the bifurcation
parameter), vm from EL, w from a*(vm - EL) = 0, Euler, dt = 0.01 ms; 3 s discarded, then 1 s
recorded. Deterministic (but chaotic for part of the Vr range: single spike times there depend
on rounding; the figures below are sums and counts).
Shortened: nothing (the StateMonitor of w at spike times is not used: the figures are spike
counts).

Figures (spikes in t in [3, 4) s):
  spikes         spikes of all 200 units
  count_first    spike count of unit 0 (Vr = -48.3 mV)
  count_last     spike count of unit 199 (Vr = -47.7 mV)
  mean_count_low   mean spike count of units 0..49
  mean_count_high  mean spike count of units 150..199

Brian2 features: exp() (AdEx), two-statement reset with a per-unit reset value, parameter
from linspace, method euler, dt = 0.01 ms, monitor started after 3 s.
"""
from _common import main
from brian2 import *

NAME = 'touboul_brette_2008'
SOURCE = 'examples/frompapers/Touboul_Brette_2008.py'
DETERMINISTIC = True
PROTOCOL = dict(N=200, Vr_mV=[-48.3, -47.7], settle_s=3, recorded_s=1, dt_ms=0.01,
                shortened='nothing (w at spike times not recorded)')
FEATURES = ['exp() (AdEx)', 'reset to a per-unit value', 'parameter from linspace', 'method euler',
            'dt = 0.01 ms', 'monitor started after 3 s']
DEFINITIONS = dict(
    spikes='spikes of all 200 units in [3, 4) s',
    count_first='spike count of unit 0 (Vr = -48.3 mV) in [3, 4) s',
    count_last='spike count of unit 199 (Vr = -47.7 mV) in [3, 4) s',
    mean_count_low='mean spike count of units 0..49 in [3, 4) s',
    mean_count_high='mean spike count of units 150..199 in [3, 4) s',
)
HEADLINE = ['spikes', 'mean_count_low', 'mean_count_high']


def simulate(seed):
    defaultclock.dt = 0.01*ms
    C = 281*pF
    gL = 30*nS
    EL = -70.6*mV
    VT = -50.4*mV
    DeltaT = 2*mV
    tauw = 40*ms
    a = 4*nS
    b = 0.08*nA
    I = .8*nA
    Vcut = VT + 5 * DeltaT  # practical threshold condition
    N = 200
    eqs = """
    dvm/dt=(gL*(EL-vm)+gL*DeltaT*exp((vm-VT)/DeltaT)+I-w)/C : volt
    dw/dt=(a*(vm-EL)-w)/tauw : amp
    Vr:volt
    """
    neuron = NeuronGroup(N, model=eqs, threshold='vm > Vcut',
                         reset="vm = Vr; w += b", method='euler')
    neuron.vm = EL
    neuron.w = a * (neuron.vm - EL)
    neuron.Vr = linspace(-48.3 * mV, -47.7 * mV, N)  # bifurcation parameter
    init_time = 3*second
    run(init_time)  # we discard the first spikes
    spikes = SpikeMonitor(neuron)
    run(1 * second)
    count = np.asarray(spikes.count)
    return dict(spikes=int(count.sum()), count_first=int(count[0]), count_last=int(count[-1]),
                mean_count_low=float(count[:50].mean()), mean_count_high=float(count[150:].mean()))


if __name__ == '__main__':
    main(globals())
