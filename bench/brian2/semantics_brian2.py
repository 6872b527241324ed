#!/usr/bin/python3
"""Small deterministic Brian2 networks that pin down Brian2's simulation semantics.

Each case is a network of a few neurons driven only by SpikeGeneratorGroups with explicit
spike times (whole multiples of dt) and constant currents, so the result involves no random
numbers. Everything runs on Brian2's runtime device (Cython by default, --target numpy for
the numpy code generator), float64, dt = 0.1 ms. The cases:

  refractory_gating  3 LIF neurons with v (unless refractory) and g (not flagged); synaptic
                     writes to v and to g, many of them during refractory periods
  refractory_steps   how a refractory period (2.04, 2.05, 2.06, 2.0, 0.25 ms, ...) becomes
                     a whole number of steps
  delays             how a synaptic delay (0, 0.1, 1.44, 1.45, 1.5, 1.55, 2.0 ms, ...) becomes
                     a whole number of steps, and in which step the effect is visible
  reset_order        threshold, synaptic delivery and reset within one step
  pre_post_order     pair-based STDP (Brian2's examples/synapses/STDP.py rule): order of
                     on_pre and on_post in one step, event-driven traces, clipping

Every parameter of every network is written into the JSON next to its results, so a test can
rebuild the network without reading this script. Spike and sample times are written as integer
step numbers (t = step * dt). Voltages are in mV (Brian2's volts / 1e-3), times in ms.

Brian2's schedule within one step (t = step*dt) is: start (StateMonitor by default),
groups (state update, including the not_refractory update), thresholds (NeuronGroup threshold,
SpikeGeneratorGroup emission; SpikeMonitor right after the thresholder), synapses (spike
queue push and delivery; on_pre before on_post), resets, end. The script records some variables at several of these
slots ('before_thresholds', 'after_synapses', ...) to show what each stage changes.

The script fails (exit 1) if any threshold comparison it could affect lies within 1e-6 mV
of the threshold (see MARGIN_MV), or if a built-in consistency check fails.

Must run under Debian's /usr/bin/python3 (python3-brian lives in dist-packages).
The last line is machine readable:

  semantics cases=5 target=cython ok=1 json=tests/reference/brian2/semantics.json
"""
import argparse
import json
import os
import platform
import re
import sys
import time
import warnings

warnings.filterwarnings('ignore', category=FutureWarning)  # pythran vs numpy 1.24 noise

import numpy as np  # noqa: E402
import brian2 as b2  # noqa: E402
from brian2 import mV, ms, Mohm, nA  # noqa: E402

DT_MS = 0.1
DT = DT_MS * ms
MARGIN_MV = 1e-6  # no threshold comparison may be closer than this to the threshold


class CheckFailed(Exception):
    pass


def fresh(target):
    """New scope: float64, dt = 0.1 ms, runtime device with the chosen code generator."""
    b2.start_scope()
    b2.prefs.core.default_float_dtype = np.float64
    b2.prefs.codegen.target = target
    b2.defaultclock.dt = DT


def steps_of(t_seconds):
    return [int(s) for s in np.rint(np.asarray(t_seconds) / float(DT))]


def mv(arr):
    """Brian2 volts (float64) -> mV, as plain Python floats (full precision in JSON)."""
    return (np.asarray(arr, dtype=np.float64) / 1e-3).tolist()


def per_neuron(mon, var, to=mv):
    """StateMonitor values as [neuron][step]."""
    vals = getattr(mon, var + '_')
    return [to(vals[k]) for k in range(vals.shape[0])]


def check_margin(case, v_mv, v_th_mv, skip=None):
    """v_mv: [neuron][step] values the threshold compares. Raises if any is within MARGIN_MV."""
    worst = np.inf
    where = None
    for n, row in enumerate(v_mv):
        d = np.abs(np.asarray(row) - v_th_mv)
        if skip is not None:
            d = d[~skip[n]]
        if len(d) and d.min() < worst:
            worst, where = float(d.min()), (n, int(np.argmin(d)))
    if worst <= MARGIN_MV:
        raise CheckFailed(f'{case}: a threshold comparison is {worst:.3g} mV from the threshold '
                          f'(neuron, sample) = {where}; change the inputs')
    return worst


def spike_generator(n, spikes):
    """spikes: list of (index, step). Times are step * dt."""
    idx = np.array([i for i, _ in spikes], dtype=int)
    st = np.array([s for _, s in spikes], dtype=float)
    return b2.SpikeGeneratorGroup(n, idx, st * DT)


def state_update_code(group):
    """The abstract code Brian2 generated for the state update (method='exact')."""
    return group.state_updater.abstract_code.strip()


# ---------------------------------------------------------------------------------------------
# a. refractory_gating
# ---------------------------------------------------------------------------------------------
def case_refractory_gating():
    P = dict(n=3, tau_ms=10.0, tau_g_ms=5.0, v_rest_mV=-65.0, v_th_mV=-50.0, v_reset_mV=-65.0,
             R_Mohm=100.0, I_nA=[0.17, 0.2, 0.24], refractory_ms=5.0, w_v_mV=1.0, w_g_mV=2.0,
             duration_ms=200.0, v_init_mV=-65.0, g_init_mV=0.0)
    n_steps = int(round(P['duration_ms'] / DT_MS))
    rng = np.random.RandomState(20003)  # only to choose the input steps; they are written out
    steps_v = sorted(rng.choice(np.arange(1, n_steps), size=100, replace=False).tolist())
    steps_g = sorted(rng.choice(np.arange(1, n_steps), size=60, replace=False).tolist())

    eqs = '''
    dv/dt = (v_rest - v + g + R*I)/tau : volt (unless refractory)
    dg/dt = -g/tau_g : volt
    I : amp (constant)
    '''
    ns = dict(tau=P['tau_ms'] * ms, tau_g=P['tau_g_ms'] * ms, v_rest=P['v_rest_mV'] * mV,
              v_th=P['v_th_mV'] * mV, v_reset=P['v_reset_mV'] * mV, R=P['R_Mohm'] * Mohm,
              w_v=P['w_v_mV'] * mV, w_g=P['w_g_mV'] * mV)
    G = b2.NeuronGroup(P['n'], eqs, threshold='v > v_th', reset='v = v_reset',
                       refractory=P['refractory_ms'] * ms, method='exact', namespace=ns)
    G.v = P['v_init_mV'] * mV
    G.g = P['g_init_mV'] * mV
    G.I = np.array(P['I_nA']) * nA
    gen_v = spike_generator(1, [(0, s) for s in steps_v])
    gen_g = spike_generator(1, [(0, s) for s in steps_g])
    S_v = b2.Synapses(gen_v, G, on_pre='v += w_v', namespace=ns)
    S_v.connect()  # the one generator neuron -> all 3 neurons
    S_g = b2.Synapses(gen_g, G, on_pre='g += w_g', namespace=ns)
    S_g.connect()
    m_start = b2.StateMonitor(G, ['v', 'g'], record=True)  # when='start' (Brian2's default)
    m_thr = b2.StateMonitor(G, ['v', 'g'], record=True, when='before_thresholds')
    m_ath = b2.StateMonitor(G, ['v', 'g', 'not_refractory'], record=True, when='after_thresholds')
    m_syn = b2.StateMonitor(G, ['v', 'g'], record=True, when='after_synapses')
    sp = b2.SpikeMonitor(G)
    net = b2.Network(G, gen_v, gen_g, S_v, S_g, m_start, m_thr, m_ath, m_syn, sp)
    net.run(P['duration_ms'] * ms)

    spk = sorted(zip(steps_of(sp.t_), [int(i) for i in sp.i]))
    v_thr = per_neuron(m_thr, 'v')
    # threshold only matters while not refractory; check every comparison anyway
    margin = check_margin('refractory_gating', v_thr, P['v_th_mV'])

    # Classify every delivered input by the target's not_refractory flag at delivery time
    # (after the thresholder of that step) and check what it did to v / g.
    nr = np.asarray(m_ath.not_refractory_, dtype=bool)
    dv = np.asarray(m_syn.v_) - np.asarray(m_ath.v_)
    dg = np.asarray(m_syn.g_) - np.asarray(m_ath.g_)
    spike_set = set(spk)
    tally = {k: [0] * P['n'] for k in ('v_applied', 'v_dropped_refractory', 'v_dropped_in_spike_step',
                                        'g_applied_not_refractory', 'g_applied_refractory',
                                        'g_applied_in_spike_step')}
    w_v, w_g = float(ns['w_v']), float(ns['w_g'])
    for n in range(P['n']):
        for s in steps_v:
            if nr[n, s]:
                if not np.isclose(dv[n, s], w_v, rtol=0, atol=1e-12):
                    raise CheckFailed(f'refractory_gating: v input at step {s} to neuron {n} not applied')
                tally['v_applied'][n] += 1
            else:
                if dv[n, s] != 0.0:
                    raise CheckFailed(f'refractory_gating: v input at step {s} to refractory neuron {n} applied')
                key = 'v_dropped_in_spike_step' if (s, n) in spike_set else 'v_dropped_refractory'
                tally[key][n] += 1
        for s in steps_g:
            if not np.isclose(dg[n, s], w_g, rtol=0, atol=1e-12):
                raise CheckFailed(f'refractory_gating: g input at step {s} to neuron {n} not applied')
            key = ('g_applied_in_spike_step' if (s, n) in spike_set else
                   'g_applied_not_refractory' if nr[n, s] else 'g_applied_refractory')
            tally[key][n] += 1
    # v inputs by their distance (in steps) from the target's last spike at or before them
    R = int(P['refractory_ms'] / DT_MS + 1e-3)
    by_offset = {}
    for n in range(P['n']):
        own = [s for s, m in spk if m == n]
        for s in steps_v:
            last = [x for x in own if x <= s]
            if not last or s - last[-1] > R + 5:
                continue
            o = s - last[-1]
            e = by_offset.setdefault(o, [0, 0])
            e[0 if nr[n, s] else 1] += 1
    by_offset = {str(o): dict(applied=by_offset[o][0], dropped=by_offset[o][1]) for o in sorted(by_offset)}
    if any(v['applied'] for o, v in by_offset.items() if int(o) < R) or \
            any(v['dropped'] for o, v in by_offset.items() if int(o) >= R):
        raise CheckFailed(f'refractory_gating: v inputs not gated by offset < {R}: {by_offset}')
    if min(tally['v_dropped_refractory']) < 5 or min(tally['v_applied']) < 5:
        raise CheckFailed(f'refractory_gating: too few inputs inside/outside refractory periods: {tally}')

    # Is v bit-for-bit constant during the refractory period?  (values at 'start' of the steps
    # s+1 .. s+R after a spike at s, with no accepted v input in between)
    frozen = True
    vs = np.asarray(m_start.v_)
    for s, n in spk:
        seg = vs[n, s + 1:min(s + R + 1, n_steps)]
        if len(seg) and np.any(seg != float(ns['v_reset'])):
            frozen = False

    return dict(
        description='3 LIF neurons, v flagged (unless refractory), g not flagged; a SpikeGeneratorGroup '
                    "writes v (on_pre='v += w_v') and another writes g (on_pre='g += w_g'), each to all "
                    '3 neurons, no delay.',
        parameters=P,
        equations=eqs.strip().replace('    ', ''), method='exact', threshold='v > v_th', reset='v = v_reset',
        refractory='refractory_ms * ms (Quantity)',
        state_update_abstract_code=state_update_code(G),
        RI_mV=mv(np.asarray(G.I_) * float(ns['R'])),
        inputs=dict(v_input_steps=steps_v, g_input_steps=steps_g,
                    connectivity='each generator (1 neuron) -> every neuron, delay 0',
                    on_pre_v='v += w_v', on_pre_g='g += w_g'),
        n_steps=n_steps,
        spikes=[[s, n] for s, n in spk],
        spikes_per_neuron=[sum(1 for _, m in spk if m == n) for n in range(P['n'])],
        input_tally=tally,
        input_tally_meaning='per neuron: v inputs applied (target not refractory at delivery), dropped '
                            'while refractory, dropped because the target spiked in that very step '
                            '(the thresholder sets not_refractory = false before delivery); g inputs '
                            'are always applied',
        v_input_by_offset_from_last_spike=by_offset,
        v_input_by_offset_meaning='key: input step minus the step of the target neuron\'s latest spike at or '
                                  'before it (0 = same step as the spike), up to R+5 with R = refractory steps; '
                                  'value: how many such v inputs were applied / dropped',
        refractory_steps_R=R,
        v_constant_at_v_reset_while_refractory=frozen,
        threshold_margin_min_mV=margin,
        monitor_slots=dict(start="StateMonitor default when='start': value at the start of the step, "
                                 "i.e. after everything of the previous step",
                           before_thresholds='after the state update of the step: what the threshold compares',
                           after_synapses='after synaptic delivery, before the reset'),
        v_start_mV=per_neuron(m_start, 'v'), g_start_mV=per_neuron(m_start, 'g'),
        v_before_thresholds_mV=v_thr, g_before_thresholds_mV=per_neuron(m_thr, 'g'),
        v_after_synapses_mV=per_neuron(m_syn, 'v'),
    )


# ---------------------------------------------------------------------------------------------
# b. refractory_steps
# ---------------------------------------------------------------------------------------------
def case_refractory_steps():
    refs = [2.04, 2.05, 2.06, 2.0, 0.25, 2.09, 2.1, 0.1, 0.15, 0.0]
    P = dict(tau_ms=10.0, v_rest_mV=-65.0, v_th_mV=-50.0, v_reset_mV=-65.0, RI_mV=2000.0,
             v_init_mV=-65.0, refractory_ms=refs, duration_ms=30.0)
    n_steps = int(round(P['duration_ms'] / DT_MS))
    eqs = 'dv/dt = (v_rest - v + RI)/tau : volt (unless refractory)'
    groups, mons, thr = [], [], []
    for r in refs:
        ns = dict(tau=P['tau_ms'] * ms, v_rest=P['v_rest_mV'] * mV, RI=P['RI_mV'] * mV,
                  v_th=P['v_th_mV'] * mV, v_reset=P['v_reset_mV'] * mV)
        G = b2.NeuronGroup(1, eqs, threshold='v > v_th', reset='v = v_reset', refractory=r * ms,
                           method='exact', namespace=ns)
        G.v = P['v_init_mV'] * mV
        groups.append(G)
        mons.append(b2.SpikeMonitor(G))
        thr.append(b2.StateMonitor(G, 'v', record=True, when='before_thresholds'))
    net = b2.Network(*groups, *mons, *thr)
    net.run(P['duration_ms'] * ms)
    out = []
    for r, G, m, t in zip(refs, groups, mons, thr):
        vt = per_neuron(t, 'v')
        margin = check_margin(f'refractory_steps {r} ms', vt, P['v_th_mV'])
        s = steps_of(m.t_)
        isi = sorted(set(np.diff(s).tolist()))
        out.append(dict(refractory_ms=r, refractory_over_dt=r / DT_MS,
                        brian2_timestep_of_refractory=int((r * 1e-3 + 1e-3 * float(DT)) / float(DT)),
                        spike_steps=s, isi_steps=isi, threshold_margin_min_mV=margin))
    return dict(
        description='one neuron per refractory period, each its own NeuronGroup with refractory=<r>*ms; '
                    'the drive is so strong that the first integrated step after reset crosses the threshold',
        parameters=P, equations=eqs, method='exact', threshold='v > v_th', reset='v = v_reset',
        state_update_abstract_code=state_update_code(groups[0]),
        rule="not_refractory = timestep(t - lastspike, dt) >= timestep(refractory, dt), "
             "timestep(x, dt) = int64((x + 1e-3*dt)/dt) (brian2/groups/neurongroup.py, core/functions.py)",
        n_steps=n_steps, neurons=out)


# ---------------------------------------------------------------------------------------------
# c. delays
# ---------------------------------------------------------------------------------------------
def case_delays():
    delays = [0.0, 0.1, 1.44, 1.45, 1.5, 1.55, 2.0, 0.05, 0.15, 0.25, 0.35]
    P = dict(delays_ms=delays, w_mV=1.0, v_init_mV=0.0, source_spike_steps=[10, 60, 61, 120],
             duration_ms=20.0)
    n_steps = int(round(P['duration_ms'] / DT_MS))
    src = spike_generator(1, [(0, s) for s in P['source_spike_steps']])
    G = b2.NeuronGroup(len(delays), 'v : volt', namespace={})  # no dynamics, no threshold
    G.v = P['v_init_mV'] * mV
    S = b2.Synapses(src, G, on_pre='v += w', namespace=dict(w=P['w_mV'] * mV))
    S.connect()  # synapse k -> neuron k
    S.delay = np.array(delays) * ms
    m = b2.StateMonitor(G, 'v', record=True)  # when='start'
    net = b2.Network(src, G, S, m)
    net.run(P['duration_ms'] * ms)
    vs = np.asarray(m.v_)
    out = []
    post_of = np.asarray(S.j[:])
    syn_delay = np.asarray(S.delay_[:])
    for k, d in enumerate(delays):
        n = int(post_of[k])
        changes = [int(s) for s in np.nonzero(np.diff(vs[n]))[0] + 1]  # start-of-step samples that differ
        jumps = [float((vs[n, s] - vs[n, s - 1]) / 1e-3) for s in changes]
        first = changes[0] if changes else None
        delay_steps = (first - 1 - P['source_spike_steps'][0]) if first is not None else None
        out.append(dict(delay_ms=d, delay_over_dt=float(syn_delay[k]) / float(DT),
                        delay_ms_over_dt_ms=d / DT_MS,
                        queue_rule_int_delay_over_dt_plus_half=int(float(syn_delay[k]) / float(DT) + 0.5),
                        first_changed_start_sample=first, delivery_step_of_first_spike=first - 1 if first else None,
                        delay_steps=delay_steps, changed_start_samples=changes, jumps_mV=jumps))
    return dict(
        description="a SpikeGeneratorGroup neuron spikes at source_spike_steps; synapse k (delay delays_ms[k]) "
                    "-> neuron k, on_pre='v += w'; the neurons have no dynamics ('v : volt') and no threshold",
        parameters=P, equations='v : volt', on_pre='v += w', n_steps=n_steps,
        how_to_read="StateMonitor at 'start': sample s is v at the start of step s. A spike emitted in step "
                    "s0 with delay_steps D is delivered in the 'synapses' slot of step s0 + D and first "
                    "seen in sample s0 + D + 1.",
        rule='delay_steps = (int)(delay/dt + 0.5) (brian2/synapses/cspikequeue.cpp, SpikeQueue::prepare)',
        synapses=out)


# ---------------------------------------------------------------------------------------------
# d. reset_order
# ---------------------------------------------------------------------------------------------
def case_reset_order():
    P = dict(n=2, tau_ms=10.0, tau_a_ms=50.0, v_rest_mV=-65.0, v_th_mV=-50.0, v_reset_mV=-65.0,
             RI_mV=[41.0, 0.0], b_mV=3.0, w_mV=1.0, refractory_ms=2.0, duration_ms=50.0,
             v_init_mV=-65.0, a_init_mV=0.0)
    n_steps = int(round(P['duration_ms'] / DT_MS))
    eqs = '''
    dv/dt = (v_rest - v + RI - a)/tau : volt (unless refractory)
    da/dt = -a/tau_a : volt
    RI : volt (constant)
    '''
    ns = dict(tau=P['tau_ms'] * ms, tau_a=P['tau_a_ms'] * ms, v_rest=P['v_rest_mV'] * mV,
              v_th=P['v_th_mV'] * mV, v_reset=P['v_reset_mV'] * mV, b=P['b_mV'] * mV, w=P['w_mV'] * mV)
    G = b2.NeuronGroup(P['n'], eqs, threshold='v > v_th', reset='v = v_reset; a += b',
                       refractory=P['refractory_ms'] * ms, method='exact', namespace=ns)
    G.v = P['v_init_mV'] * mV
    G.a = P['a_init_mV'] * mV
    G.RI = np.array(P['RI_mV']) * mV
    S = b2.Synapses(G, G, on_pre='v_post += w', namespace=ns)
    S.connect(i=0, j=1)
    slots = ['start', 'after_groups', 'after_thresholds', 'after_synapses', 'after_resets']
    mons = {sl: b2.StateMonitor(G, ['v', 'a'], record=True, when=sl) for sl in slots}
    sp = b2.SpikeMonitor(G)
    net = b2.Network(G, S, sp, *mons.values())
    net.run(P['duration_ms'] * ms)
    spk = sorted(zip(steps_of(sp.t_), [int(i) for i in sp.i]))
    if any(n != 0 for _, n in spk):
        raise CheckFailed('reset_order: neuron 1 must not spike')
    margin = check_margin('reset_order', per_neuron(mons['after_groups'], 'v'), P['v_th_mV'])
    first = spk[0][0]
    window = list(range(max(0, first - 2), min(n_steps, first + 4)))
    around = {sl: dict(v_mV=[[mv(mons[sl].v_[n, s])for s in window] for n in range(2)],
                       a_mV=[[mv(mons[sl].a_[n, s]) for s in window] for n in range(2)]) for sl in slots}
    return dict(
        description="neuron 0 is driven (RI = 41 mV) and spikes; synapse 0 -> 1 with on_pre='v_post += w', "
                    "no delay; reset 'v = v_reset; a += b'; neuron 1 has RI = 0 and never spikes",
        parameters=P, equations=eqs.strip().replace('    ', ''), method='exact', threshold='v > v_th',
        reset='v = v_reset; a += b', synapse=dict(i=0, j=1, on_pre='v_post += w', delay_ms=0.0),
        state_update_abstract_code=state_update_code(G),
        n_steps=n_steps, spikes=[[s, n] for s, n in spk], threshold_margin_min_mV=margin,
        slots=dict(start='start of the step (StateMonitor default)', after_groups='after the state update',
                   after_thresholds='after threshold detection', after_synapses='after synaptic delivery',
                   after_resets='after the reset (= end of the step = start of the next)'),
        around_first_spike=dict(steps=window, values=around),
        v_start_mV=per_neuron(mons['start'], 'v'), a_start_mV=per_neuron(mons['start'], 'a'),
    )


# ---------------------------------------------------------------------------------------------
# e. pre_post_order (STDP)
# ---------------------------------------------------------------------------------------------
def case_pre_post_order():
    gmax = 0.01
    dApre = 0.01 * gmax
    dApost = -0.01 * 20.0 / 20.0 * 1.05 * gmax
    dts = [-5.0, -1.0, 0.0, 1.0, 5.0, -1.0, 1.0]           # t_post - t_pre, ms
    w0 = [0.5 * gmax] * 5 + [0.5e-4, gmax - 0.5e-4]          # last two: clipping at 0 and at wmax
    base_steps = [200, 1200, 2200]                            # pairing k of synapse i at base + 10*i
    P = dict(taupre_ms=20.0, taupost_ms=20.0, wmax=gmax, dApre=dApre, dApost=dApost,
             delta_t_ms=dts, w_init=w0, Apre_init=0.0, Apost_init=0.0, duration_ms=300.0)
    n = len(dts)
    pre_sp, post_sp = [], []
    for k, d in enumerate(dts):
        for b in base_steps:
            t_pre = b + 10 * k
            pre_sp.append((k, t_pre))
            post_sp.append((k, t_pre + int(round(d / DT_MS))))
    n_steps = int(round(P['duration_ms'] / DT_MS))
    pre = spike_generator(n, pre_sp)
    post = spike_generator(n, post_sp)
    ns = dict(taupre=P['taupre_ms'] * ms, taupost=P['taupost_ms'] * ms, wmax=gmax, dApre=dApre, dApost=dApost)
    model = '''w : 1
               dApre/dt = -Apre / taupre : 1 (event-driven)
               dApost/dt = -Apost / taupost : 1 (event-driven)'''
    on_pre = '''Apre += dApre
                w = clip(w + Apost, 0, wmax)'''
    on_post = '''Apost += dApost
                 w = clip(w + Apre, 0, wmax)'''
    S = b2.Synapses(pre, post, model, on_pre=on_pre, on_post=on_post, namespace=ns)
    S.connect(j='i')
    S.w = np.array(w0)
    m_mid = b2.StateMonitor(S, ['w', 'Apre', 'Apost'], record=True, when='synapses', order=0)  # between pre (-1) and post (+1)
    m_end = b2.StateMonitor(S, ['w', 'Apre', 'Apost'], record=True, when='after_synapses')
    net = b2.Network(pre, post, S, m_mid, m_end)
    net.run(P['duration_ms'] * ms)

    syn = []
    for i, d in enumerate(dts):
        ev = sorted({s for k, s in pre_sp if k == i} | {s for k, s in post_sp if k == i})
        events = []
        for s in ev:
            kinds = (['pre'] if (i, s) in pre_sp else []) + (['post'] if (i, s) in post_sp else [])
            events.append(dict(step=s, kinds=kinds,
                               w_after_on_pre=float(m_mid.w_[i, s]), w_after=float(m_end.w_[i, s]),
                               Apre_after=float(m_end.Apre_[i, s]), Apost_after=float(m_end.Apost_[i, s])))
        syn.append(dict(synapse=i, delta_t_ms=d, w_init=w0[i],
                        pre_steps=[s for k, s in pre_sp if k == i], post_steps=[s for k, s in post_sp if k == i],
                        events=events, w_final=float(S.w[i]), dw_total=float(S.w[i]) - w0[i]))
    return dict(
        description='pre and post are SpikeGeneratorGroups (7 neurons each); Synapses(pre, post).connect(j="i"); '
                    "on_post is triggered by the post generator. The rule is examples/synapses/STDP.py's "
                    "without 'ge += w' (the post group has no ge). Synapse i is paired 3 times, pre at step "
                    "base + 10*i for base in base_steps, post delta_t_ms later.",
        parameters=P, base_steps=base_steps, model=model, on_pre=on_pre, on_post=on_post,
        n_steps=n_steps,
        order_note="StateMonitor(when='synapses', order=0) sits between the on_pre pathway (order -1) "
                   "and the on_post pathway (order +1): w_after_on_pre is w after on_pre of that step "
                   "(equal to the previous value when only post fired); w_after is after both.",
        synapses=syn)


CASES = dict(refractory_gating=case_refractory_gating, refractory_steps=case_refractory_steps,
             delays=case_delays, reset_order=case_reset_order, pre_post_order=case_pre_post_order)


def summarize(name, r):
    if name == 'refractory_gating':
        t = r['input_tally']
        return (f'spikes/neuron={r["spikes_per_neuron"]} v applied={t["v_applied"]} '
                f'v dropped (refractory)={t["v_dropped_refractory"]} v dropped (spike step)={t["v_dropped_in_spike_step"]} '
                f'g applied while refractory={t["g_applied_refractory"]} v frozen={r["v_constant_at_v_reset_while_refractory"]}')
    if name == 'refractory_steps':
        return '; '.join(f'{x["refractory_ms"]:g} ms -> ISI {x["isi_steps"]} steps' for x in r['neurons'])
    if name == 'delays':
        return '; '.join(f'{x["delay_ms"]:g} ms -> {x["delay_steps"]} steps' for x in r['synapses'])
    if name == 'reset_order':
        return f'spike steps {[s for s, _ in r["spikes"]][:5]}...'
    if name == 'pre_post_order':
        return '; '.join(f'dt={x["delta_t_ms"]:+g} ms dw={x["dw_total"]:+.6g}' for x in r['synapses'])
    return ''


def dumps(doc):
    """JSON with one key per line but every list of numbers on a single line."""
    text = json.dumps(doc, indent=1)
    return re.sub(r'\[\s*([-+0-9.eE,\s]*?)\s*\]', lambda m: '[' + re.sub(r'\s+', ' ', m.group(1)) + ']', text) + '\n'


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--case', default='all', choices=['all'] + list(CASES), help='which case (default all)')
    ap.add_argument('--json', default=None, metavar='PATH', help='write the results here')
    ap.add_argument('--target', default='cython', choices=['cython', 'numpy'],
                    help="runtime code generation target (default cython, Brian2's 'auto' choice here)")
    a = ap.parse_args()
    names = list(CASES) if a.case == 'all' else [a.case]
    out, ok = {}, True
    for name in names:
        fresh(a.target)
        t0 = time.perf_counter()
        try:
            out[name] = CASES[name]()
        except CheckFailed as e:
            print(f'FAILED {e}', file=sys.stderr)
            ok = False
            continue
        print(f'{name} ({time.perf_counter() - t0:.1f} s): {summarize(name, out[name])}', flush=True)
    if a.json and ok:
        doc = dict(generator='bench/brian2/semantics_brian2.py',
                   command='bench/brian2/semantics_brian2.py ' + ' '.join(sys.argv[1:]),
                   brian2_version=b2.__version__, numpy_version=np.__version__, python=platform.python_version(),
                   device='runtime', codegen_target=a.target, float_dtype='float64', dt_ms=DT_MS,
                   threshold_margin_required_mV=MARGIN_MV,
                   units='voltages in mV (Brian2 volts / 1e-3), times in ms, steps are integers (t = step*dt); '
                         'STDP weights and traces are dimensionless',
                   schedule=['start', 'groups', 'thresholds', 'synapses', 'resets', 'end'],
                   schedule_note="Brian2's default schedule. StateMonitor records at 'start' by default; "
                                 "SpikeMonitor in 'thresholds' right after its source's thresholder "
                                 "(order + 1). NeuronGroup: state updater (with the not_refractory "
                                 "update) in 'groups', thresholder in 'thresholds', resetter in 'resets'; "
                                 "SpikeGeneratorGroup emits in 'thresholds'; Synapses pathways in 'synapses' "
                                 "(pre order -1, post order +1).",
                   cases=out)
        os.makedirs(os.path.dirname(os.path.abspath(a.json)), exist_ok=True)
        with open(a.json, 'w') as f:
            f.write(dumps(doc))
        print(f'wrote {a.json}')
    print(f'semantics cases={len(out)} target={a.target} ok={int(ok)} json={a.json if (a.json and ok) else "-"}')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
