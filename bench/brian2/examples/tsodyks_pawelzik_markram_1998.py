#!/usr/bin/python3
"""Tsodyks, Pawelzik & Markram (1998) Fig. 1: Brian2's examples/frompapers/Tsodyks_Pawelzik_Markram_1998.py.

Original: /usr/share/doc/python-brian-doc/examples/frompapers/Tsodyks_Pawelzik_Markram_1998.py.
A passive membrane (dv/dt = -v/tau_mem + R_in*I_syn/tau_mem, exact) receives a regular
presynaptic train (SpikeGeneratorGroup) through one dynamic synapse with resources x (recovered),
y (active), z = 1 - x - y (inactive), optionally a facilitation variable u; the synapse's
current I_syn = A_SE*y is a (summed) variable of the neuron. Three panels, each a fresh network
starting at t = 0: A depressing, 20 Hz from 100 to 1100 ms, 1200 ms; B facilitating, 20 Hz,
1200 ms; C facilitating, 70 Hz from 100 to 375 ms, 500 ms. Synapse ODEs: exponential Euler
(clock-driven). dt = 0.1 ms. Deterministic.
Shortened: nothing.

Figures (v in mV):
  A_first_peak_mV   max v in [100, 150) ms of panel A (first EPSP)
  A_last_peak_mV    max v in [1050, 1100) ms of panel A (last EPSP before the train ends)
  B_max_mV          max v over panel B
  B_t_max_ms        time of that maximum
  C_max_mV          max v over panel C
  C_t_max_ms        time of that maximum
  C_end_mV          v at the last sample (t = 499.9 ms) of panel C

Brian2 features: SpikeGeneratorGroup with regular times, clock-driven synaptic ODEs
(method exponential_euler), (summed) variable I_syn_post, synaptic subexpression z, on_pre with
order-dependent updates (y before x), several networks run one after another (t restarts at 0).
"""
from _common import main
from brian2 import *

NAME = 'tsodyks_pawelzik_markram_1998'
SOURCE = 'examples/frompapers/Tsodyks_Pawelzik_Markram_1998.py'
DETERMINISTIC = True

parameters = {
    "A": {
        "neuron": {"tau_mem": 40 * ms, "R_in": 100*Mohm},
        "synapse": {"tau_inact": 3 * ms, "A_SE": 250 * pA, "tau_rec": 800 * ms, "U_SE": 0.6},
        "stimulus": {"start": 100 * ms, "stop": 1100 * ms, "frequency": 20 * Hz},
        "simulation": {"duration": 1200 * ms},
    },
    "B": {
        "neuron": {"tau_mem": 60 * ms, "R_in": 1*Gohm},
        "synapse": {"tau_inact": 1.5 * ms, "A_SE": 1540 * pA, "tau_rec": 130 * ms, "U_SE": 0.03,
                    "tau_facil": 530 * ms},
        "stimulus": {"start": 100 * ms, "stop": 1100 * ms, "frequency": 20 * Hz},
        "simulation": {"duration": 1200 * ms},
    },
    "C": {
        "neuron": {"tau_mem": 60 * ms, "R_in": 1*Gohm},
        "synapse": {"tau_inact": 1.5 * ms, "A_SE": 1540 * pA, "tau_rec": 130 * ms, "U_SE": 0.03,
                    "tau_facil": 530 * ms},
        "stimulus": {"start": 100 * ms, "stop": 375 * ms, "frequency": 70 * Hz},
        "simulation": {"duration": 500 * ms},
    },
}


def _plain(d):
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out[k] = _plain(v)
        else:
            out[k] = f'{v!s}'
    return out


PROTOCOL = dict(panels=_plain(parameters), dt_ms=0.1, shortened='nothing')
FEATURES = ['SpikeGeneratorGroup', 'clock-driven synaptic ODEs (exponential_euler)', '(summed) variable',
            'synaptic subexpression', 'order-dependent on_pre statements', 'separate networks, t from 0 each']
DEFINITIONS = dict(
    A_first_peak_mV='panel A: max v in [100, 150) ms, mV',
    A_last_peak_mV='panel A: max v in [1050, 1100) ms, mV',
    B_max_mV='panel B: max v over the run, mV', B_t_max_ms='panel B: time of that max, ms',
    C_max_mV='panel C: max v over the run, mV', C_t_max_ms='panel C: time of that max, ms',
    C_end_mV='panel C: v at the last StateMonitor sample (499.9 ms), mV',
)
HEADLINE = ['A_first_peak_mV', 'A_last_peak_mV', 'B_max_mV', 'C_max_mV']


def get_neuron(tau_mem, R_in):
    neuron = NeuronGroup(1,
                         """
                         tau_mem : second
                         I_syn : ampere
                         R_in : ohm
                         dv/dt = -v/tau_mem + (R_in*I_syn)/tau_mem : volt
                         """,
                         method="exact")
    neuron.tau_mem = tau_mem
    neuron.R_in = R_in
    return neuron


def get_synapses(stimulus, neuron, tau_inact, A_SE, U_SE, tau_rec, tau_facil=None):
    synapses_eqs = """
    dx/dt =  z/tau_rec   : 1 (clock-driven) # recovered
    dy/dt = -y/tau_inact : 1 (clock-driven) # active
    A_SE : ampere
    U_SE : 1
    tau_inact : second
    tau_rec : second
    z = 1 - x - y : 1 # inactive
    I_syn_post = A_SE*y : ampere (summed)
    """
    if tau_facil:
        synapses_eqs += """
        du/dt = -u/tau_facil : 1 (clock-driven)
        tau_facil : second
        """
        synapses_action = """
        u += U_SE*(1-u)
        y += u*x # important: update y first
        x += -u*x
        """
    else:
        synapses_action = """
        y += U_SE*x # important: update y first
        x += -U_SE*x
        """
    synapses = Synapses(stimulus, neuron, model=synapses_eqs, on_pre=synapses_action,
                        method="exponential_euler")
    synapses.connect()
    synapses.x = 1
    synapses.tau_inact = tau_inact
    synapses.A_SE = A_SE
    synapses.U_SE = U_SE
    synapses.tau_rec = tau_rec
    if tau_facil:
        synapses.tau_facil = tau_facil
    return synapses


def get_stimulus(start, stop, frequency):
    times = np.arange(start / ms, stop / ms, 1 / (frequency / Hz) * 1e3) * ms
    stimulus = SpikeGeneratorGroup(1, [0] * len(times), times)
    return stimulus


def simulate(seed):
    traces = {}
    for panel, p in parameters.items():
        neuron = get_neuron(**p["neuron"])
        stimulus = get_stimulus(**p["stimulus"])
        synapses = get_synapses(stimulus, neuron, **p["synapse"])
        state_monitor_neuron = StateMonitor(neuron, ["v"], record=True)
        net = Network(neuron, stimulus, synapses, state_monitor_neuron)
        net.run(p["simulation"]["duration"])
        traces[panel] = (np.asarray(state_monitor_neuron.t / ms), np.asarray(state_monitor_neuron[0].v / mV))
    ta, va = traces['A']
    tb, vb = traces['B']
    tc, vc = traces['C']
    w1 = (ta >= 100) & (ta < 150)
    w2 = (ta >= 1050) & (ta < 1100)
    return dict(A_first_peak_mV=float(va[w1].max()), A_last_peak_mV=float(va[w2].max()),
                B_max_mV=float(vb.max()), B_t_max_ms=float(tb[np.argmax(vb)]),
                C_max_mV=float(vc.max()), C_t_max_ms=float(tc[np.argmax(vc)]),
                C_end_mV=float(vc[-1]))


if __name__ == '__main__':
    main(globals())
