#!/usr/bin/python3
"""Synfire chain (Diesmann et al. 1999): Brian2's examples/frompapers/Diesmann_et_al_1999.py.

Original: /usr/share/doc/python-brian-doc/examples/frompapers/Diesmann_et_al_1999.py. 10 groups
of 100 IF neurons with alpha-shaped synaptic input (V <- x <- y, taupsp = 0.325 ms) and a white
noise drive on y (25.27 mV/ms + 39.24 mV/ms**0.5 * xi), threshold -55 mV, reset -70 mV,
refractory 1 ms, Euler(-Maruyama), dt = 0.1 ms; each neuron of group g projects to all 100
neurons of group g+1 (y += 4.86 mV, no delay; the generator syntax j='k for k in range(...)
if ...'); an input packet of 85 spikes at 50 ms + N(0, 1 ms) (SpikeGeneratorGroup, numpy
randn) goes to all of group 0. V starts uniform in [Vr, Vt]. 100 ms.
Shortened: nothing.

Figures:
  groups_reached   number of groups whose packet has >= 50 spikes
  a_last           spikes in the packet of group 9
  t_last_ms        mean spike time of the packet of group 9 (ms)
  sigma_last_ms    sd (ddof = 0) of the spike times of that packet (ms)
  ms_per_group     (t_9 - t_0) / 9: packet travel time from group to group (ms)
  bg_rate_hz       spikes of all 1000 neurons in [0, 45) ms / 1000 / 45 ms (background)
Packet of group g: the spikes of g within +-3 ms of the median time of g's spikes in [45, 70) ms.

Brian2 features: white noise xi in a non-membrane variable (Euler-Maruyama), ms**0.5 units,
refractory, SpikeGeneratorGroup with random times, generator-syntax connect
(j='k for k in range(...) if i<N_pre-group_size'), a subgroup as Synapses target.
"""
from _common import main
from brian2 import *

NAME = 'diesmann_1999'
SOURCE = 'examples/frompapers/Diesmann_et_al_1999.py'
DETERMINISTIC = False
PROTOCOL = dict(n_groups=10, group_size=100, input_spikes=85, input_sigma_ms=1.0, input_time_ms=50,
                duration_ms=100, dt_ms=0.1, packet_window='median of [45, 70) ms +- 3 ms',
                shortened='nothing')
FEATURES = ['xi white noise (Euler-Maruyama)', 'ms**0.5 units', 'refractory', 'SpikeGeneratorGroup (random times)',
            'generator-syntax connect (j=k for k in range(...) if ...)', 'subgroup as Synapses target']
DEFINITIONS = dict(
    groups_reached='groups whose packet has >= 50 spikes',
    a_last='spikes in the packet of group 9',
    t_last_ms='mean time of the packet of group 9, ms',
    sigma_last_ms='sd (ddof=0) of the times of that packet, ms',
    ms_per_group='(t_9 - t_0)/9, ms',
    bg_rate_hz='spikes in [0, 45) ms / 1000 / 0.045 s',
)
HEADLINE = ['groups_reached', 'a_last', 't_last_ms', 'sigma_last_ms']


def packet(times):
    sel = times[(times >= 45) & (times < 70)]
    if len(sel) == 0:
        return np.array([])
    med = np.median(sel)
    return times[(times >= med - 3) & (times <= med + 3)]


def simulate(seed):
    duration = 100*ms
    Vr = -70*mV
    Vt = -55*mV
    taum = 10*ms
    taupsp = 0.325*ms
    weight = 4.86*mV
    eqs = Equations('''
    dV/dt = (-(V-Vr)+x)*(1./taum) : volt
    dx/dt = (-x+y)*(1./taupsp) : volt
    dy/dt = -y*(1./taupsp)+25.27*mV/ms+
            (39.24*mV/ms**0.5)*xi : volt
    ''')
    n_groups = 10
    group_size = 100
    P = NeuronGroup(N=n_groups*group_size, model=eqs,
                    threshold='V>Vt', reset='V=Vr', refractory=1*ms,
                    method='euler')
    Pinput = SpikeGeneratorGroup(85, np.arange(85),
                                 np.random.randn(85)*1*ms + 50*ms)
    S = Synapses(P, P, on_pre='y+=weight')
    S.connect(j='k for k in range((int(i/group_size)+1)*group_size, (int(i/group_size)+2)*group_size) '
                'if i<N_pre-group_size')
    Sinput = Synapses(Pinput, P[:group_size], on_pre='y+=weight')
    Sinput.connect()
    Mgp = SpikeMonitor(P)
    P.V = 'Vr + rand() * (Vt - Vr)'
    run(duration)
    return analyse(np.asarray(Mgp.t / ms), np.asarray(Mgp.i))


def analyse(times, idx):
    packets = [packet(times[idx // 100 == g]) for g in range(10)]
    reached = sum(1 for p in packets if len(p) >= 50)
    last = packets[9]
    t0 = float(np.mean(packets[0])) if len(packets[0]) else float('nan')
    t9 = float(np.mean(last)) if len(last) else float('nan')
    return dict(groups_reached=reached, a_last=len(last), t_last_ms=t9,
                sigma_last_ms=float(np.std(last)) if len(last) else float('nan'),
                ms_per_group=(t9 - t0) / 9,
                bg_rate_hz=float(np.sum(times < 45)) / 1000 / 0.045)


if __name__ == '__main__':
    main(globals())
