#!/usr/bin/python3
"""Adaptive exponential IF (Brette & Gerstner 2005): Brian2's examples/frompapers/Brette_Gerstner_2005.py.

Original: /usr/share/doc/python-brian-doc/examples/frompapers/Brette_Gerstner_2005.py. One AdEx
neuron, regular-spiking parameters of the paper (tauw = 144 ms, a = 4 nS, b = 0.0805 nA,
Vr = -70.6 mV), threshold Vcut = VT + 5*DeltaT, reset vm = Vr; w += b, Euler, dt = 0.1 ms.
Three run() phases: 20 ms at I = 0, 100 ms at I = 1 nA, 20 ms at I = 0. Deterministic.
Shortened: nothing.

Figures:
  spikes          number of spikes (all during the current step)
  first_spike_ms  time of the first spike (ms, from t = 0)
  first_isi_ms    first interspike interval (ms)
  last_isi_ms     last interspike interval (ms): adaptation makes it longer than the first
  w_end_nA        adaptation current w at t = 140 ms (nA)

Brian2 features: exp() in the membrane equation (AdEx), two-statement reset, method='euler',
three run() phases with a parameter (I) changed between them.
"""
from _common import main
from brian2 import *

NAME = 'brette_gerstner_2005'
SOURCE = 'examples/frompapers/Brette_Gerstner_2005.py'
DETERMINISTIC = True
PROTOCOL = dict(phases_ms=[20, 100, 20], I_nA=[0, 1, 0], dt_ms=0.1,
                behaviour='regular spiking (tauw=144 ms, a=4 nS, b=0.0805 nA, Vr=-70.6 mV)',
                shortened='nothing')
FEATURES = ['exp() (AdEx)', 'two-statement reset', 'method euler', 'three run() phases with I changed']
DEFINITIONS = dict(
    spikes='number of spikes in 140 ms',
    first_spike_ms='first spike time, ms',
    first_isi_ms='first interspike interval, ms',
    last_isi_ms='last interspike interval, ms',
    w_end_nA='w at t = 140 ms, nA',
)
HEADLINE = ['spikes', 'first_isi_ms', 'last_isi_ms']


def simulate(seed):
    C = 281 * pF
    gL = 30 * nS
    taum = C / gL
    EL = -70.6 * mV
    VT = -50.4 * mV
    DeltaT = 2 * mV
    Vcut = VT + 5 * DeltaT
    tauw, a, b, Vr = 144*ms, 4*nS, 0.0805*nA, -70.6*mV  # Regular spiking (as in the paper)

    eqs = """
    dvm/dt = (gL*(EL - vm) + gL*DeltaT*exp((vm - VT)/DeltaT) + I - w)/C : volt
    dw/dt = (a*(vm - EL) - w)/tauw : amp
    I : amp
    """
    neuron = NeuronGroup(1, model=eqs, threshold='vm>Vcut', reset="vm=Vr; w+=b", method='euler')
    neuron.vm = EL
    spikes = SpikeMonitor(neuron)

    run(20 * ms)
    neuron.I = 1*nA
    run(100 * ms)
    neuron.I = 0*nA
    run(20 * ms)

    st = np.asarray(spikes.t / ms)
    isi = np.diff(st)
    return dict(spikes=len(st), first_spike_ms=float(st[0]), first_isi_ms=float(isi[0]),
                last_isi_ms=float(isi[-1]), w_end_nA=float(neuron.w[0] / nA))


if __name__ == '__main__':
    main(globals())
