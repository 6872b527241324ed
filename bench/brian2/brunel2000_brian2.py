#!/usr/bin/python3
"""Brunel (2000) Fig. 8 in Brian2: reference firing rates for the four regimes A-D.

The model is the one of Brian2's own example frompapers/Brunel_2000.py (Debian
python-brian-doc): N = 12 500 LIF neurons (N_E = 10 000 excitatory, N_I = 2 500 inhibitory),
dv/dt = -v/tau (unless refractory), tau = 20 ms, threshold v > theta = 20 mV, reset
v = V_r = 10 mV, refractory tau_rp = 2 ms, v starts at 0; random recurrent connections with
probability epsilon = 0.1 from every excitatory (v += J) and every inhibitory (v += -g*J)
neuron onto every neuron (self-connections allowed), J = 0.1 mV, delay D = 1.5 ms; C_ext =
C_E = 1000 external Poisson inputs per neuron through PoissonInput (weight J, rate
nu_ext = (nu_ext/nu_thr) * nu_thr, nu_thr = theta / (J C_E tau) = 10 Hz); exact integration,
dt = 0.1 ms, float64.

Regimes (g, nu_ext/nu_thr), as in the example: A (3, 2), B (6, 4), C (5, 2), D (4.5, 0.9).

Every run uses Brian2's C++ standalone device on one thread (no OpenMP). Per run it prints
the mean rate over all neurons (spikes / N / duration), the spike count, the number of
recurrent synaptic events (for every neuron: its spike count times its number of outgoing
recurrent synapses, summed; plus the part of it delivered before the end of the run), and the
wall time of the simulation loop. With --json it writes every run and, per regime, the mean
and sample standard deviation of the rate over seeds.

Must run under Debian's /usr/bin/python3 (python3-brian lives in dist-packages).
The last line is machine readable:

  brunel2000 runs=20 regimes=A,B,C,D seeds=1,2,3,4,5 duration_s=0.6 A=...+-... B=... C=... D=...
"""
import argparse
import json
import os
import platform
import re
import shutil
import sys
import tempfile
import time
import warnings

warnings.filterwarnings('ignore', category=FutureWarning)  # pythran vs numpy 1.24 noise

import numpy as np  # noqa: E402
import brian2 as b2  # noqa: E402
from brian2 import Hz, mV, ms, second  # noqa: E402

# Model constants, frompapers/Brunel_2000.py
N_E = 10000
GAMMA = 0.25
N_I = round(GAMMA * N_E)
N = N_E + N_I
EPSILON = 0.1
C_E = int(EPSILON * N_E)
C_EXT = C_E
TAU_MS = 20.0
THETA_MV = 20.0
V_R_MV = 10.0
TAU_RP_MS = 2.0
J_MV = 0.1
D_MS = 1.5
DT_MS = 0.1
NU_THR_HZ = THETA_MV / (J_MV * C_E * TAU_MS * 1e-3)  # 10 Hz

REGIMES = {  # (g, nu_ext / nu_thr), from the example's `parameters`
    'A': (3.0, 2.0),
    'B': (6.0, 4.0),
    'C': (5.0, 2.0),
    'D': (4.5, 0.9),
}
DESCRIPTION = {
    'A': 'synchronous regular (SR), strong excitation',
    'B': 'synchronous irregular, fast oscillation (SI fast)',
    'C': 'asynchronous irregular (AI)',
    'D': 'synchronous irregular, slow oscillation (SI slow)',
}


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--regime', default='all', choices=['A', 'B', 'C', 'D', 'all'],
                    help='which panel of Fig. 8 (default all)')
    ap.add_argument('--duration', type=float, default=0.6, help='simulated seconds (default 0.6)')
    ap.add_argument('--seeds', default='1', help='comma-separated seeds, e.g. 1,2,3,4,5 (default 1)')
    ap.add_argument('--json', default=None, metavar='PATH', help='write every run and per-regime statistics here')
    ap.add_argument('--build-dir', default=None,
                    help='base directory for the standalone projects, one subdirectory per regime '
                         '(kept; later runs only recompile what changed). Default: temporary, deleted')
    a = ap.parse_args()
    try:
        a.seed_list = [int(s) for s in a.seeds.split(',') if s.strip() != '']
    except ValueError:
        ap.error('--seeds must be comma-separated integers')
    if not a.seed_list or a.duration <= 0:
        ap.error('need at least one seed and --duration > 0')
    a.regimes = list(REGIMES) if a.regime == 'all' else [a.regime]
    return a


def poisson_sampler(nu_ext_hz):
    """How brian2/input/binomial.py (BinomialFunction) samples the per-step input count."""
    n, p = C_EXT, nu_ext_hz * DT_MS * 1e-3
    normal = n * p > 5 and n * (1 - p) > 5
    return dict(n=n, p=p, n_times_p=n * p,
                method='normal approximation: float(randn()*sqrt(n p (1-p)) + n p), not rounded'
                if normal else 'exact binomial, inverse-transform sampling (rk_binomial_inversion)')


def build_network(g, nu_ext_hz, seed):
    """Brunel_2000.py's network in the current device; returns (net, mon, exc, inh)."""
    b2.seed(seed)
    b2.defaultclock.dt = DT_MS * ms
    tau, theta, V_r, tau_rp = TAU_MS * ms, THETA_MV * mV, V_R_MV * mV, TAU_RP_MS * ms
    J, D = J_MV * mV, D_MS * ms
    ns = dict(tau=tau, theta=theta, V_r=V_r, J=J, g=g)
    neurons = b2.NeuronGroup(N, 'dv/dt = -v/tau : volt (unless refractory)',
                             threshold='v > theta', reset='v = V_r', refractory=tau_rp,
                             method='exact', namespace=ns)
    exc = b2.Synapses(neurons[:N_E], neurons, on_pre='v += J', delay=D, namespace=ns)
    exc.connect(p=EPSILON)
    inh = b2.Synapses(neurons[N_E:], neurons, on_pre='v += -g*J', delay=D, namespace=ns)
    inh.connect(p=EPSILON)
    ext = b2.PoissonInput(target=neurons, target_var='v', N=C_EXT, rate=nu_ext_hz * Hz, weight=J)
    mon = b2.SpikeMonitor(neurons)
    net = b2.Network(neurons, exc, inh, ext, mon)
    return net, mon, exc, inh


def one_run(regime, seed, duration, directory):
    g, ratio = REGIMES[regime]
    nu_ext_hz = ratio * NU_THR_HZ
    b2.set_device('cpp_standalone', directory=directory, build_on_run=False)
    b2.prefs.core.default_float_dtype = np.float64
    b2.prefs.devices.cpp_standalone.openmp_threads = 0  # single thread
    device = b2.get_device()
    net, mon, exc, inh = build_network(g, nu_ext_hz, seed)
    device.insert_code('before_network_run',
                       'struct timespec _bru_t0, _bru_t1; clock_gettime(CLOCK_MONOTONIC, &_bru_t0);')
    device.insert_code('after_network_run',
                       'clock_gettime(CLOCK_MONOTONIC, &_bru_t1);\n'
                       '{ std::ofstream _f("results/run_wall_s.txt"); _f.precision(9);\n'
                       '  _f << (_bru_t1.tv_sec - _bru_t0.tv_sec) + 1e-9 * (_bru_t1.tv_nsec - _bru_t0.tv_nsec) << std::endl; }')
    net.run(duration * second)
    t0 = time.perf_counter()
    device.build(directory=directory, compile=True, run=True, with_output=False)
    build_total = time.perf_counter() - t0
    with open(os.path.join(directory, 'results', 'run_wall_s.txt')) as f:
        run_wall_s = float(f.read())

    counts = np.asarray(mon.count[:], dtype=np.int64)
    spike_i = np.asarray(mon.i[:], dtype=np.int64)
    spike_step = np.rint(np.asarray(mon.t_[:]) / (DT_MS * 1e-3)).astype(np.int64)
    out_e = np.bincount(np.asarray(exc.i[:], dtype=np.int64), minlength=N_E)
    out_i = np.bincount(np.asarray(inh.i[:], dtype=np.int64), minlength=N_I)
    out_deg = np.concatenate([out_e, out_i])
    n_steps = int(round(duration / (DT_MS * 1e-3)))
    d_steps = int(D_MS / DT_MS + 0.5)  # Brian2's spike queue: (int)(delay/dt + 0.5) = 15
    # A spike in step s reaches its targets in step s + d_steps (the 'synapses' slot); the run
    # covers steps 0 .. n_steps-1, so spikes in the last d_steps steps are still in flight.
    delivered = spike_step + d_steps <= n_steps - 1
    events = int(np.dot(counts, out_deg))
    events_delivered = int(out_deg[spike_i[delivered]].sum())
    spikes = int(counts.sum())
    assert spikes == len(spike_i)
    r = dict(regime=regime, seed=seed, g=g, nu_ext_over_nu_thr=ratio, nu_ext_hz=nu_ext_hz,
             duration_s=duration, steps=n_steps,
             spikes=spikes, spikes_e=int(counts[:N_E].sum()), spikes_i=int(counts[N_E:].sum()),
             rate_hz=spikes / N / duration,
             rate_e_hz=int(counts[:N_E].sum()) / N_E / duration,
             rate_i_hz=int(counts[N_E:].sum()) / N_I / duration,
             synapses_e=int(len(exc)), synapses_i=int(len(inh)),
             recurrent_events=events, recurrent_events_delivered=events_delivered,
             spikes_in_flight_at_end=int((~delivered).sum()),
             run_wall_s=run_wall_s, run_cpu_s=float(device._last_run_time),
             binary_s=float(device.timers['run_binary'] or 0.0),
             compile_s=float(device.timers['compile']['make'] or 0.0),
             build_total_s=build_total)
    device.reinit()  # forget this network; the next run sets the standalone device up afresh
    return r


def dumps(doc):
    """JSON with one key per line but every list of numbers on a single line."""
    text = json.dumps(doc, indent=1)
    return re.sub(r'\[\s*([-+0-9.eE,\s]*?)\s*\]', lambda m: '[' + re.sub(r'\s+', ' ', m.group(1)) + ']', text) + '\n'


def main():
    a = parse_args()
    tmp = None
    base = a.build_dir
    if base is None:
        tmp = tempfile.mkdtemp(prefix='brunel2000_brian2_')
        base = tmp
    runs = []
    try:
        for regime in a.regimes:
            for seed in a.seed_list:
                r = one_run(regime, seed, a.duration, os.path.join(base, regime))
                runs.append(r)
                print(f'{regime} seed={seed:<3d} rate_hz={r["rate_hz"]:9.4f} (E {r["rate_e_hz"]:.4f}, I {r["rate_i_hz"]:.4f})'
                      f' spikes={r["spikes"]:9d} recurrent_events={r["recurrent_events"]:12d}'
                      f' (delivered {r["recurrent_events_delivered"]})'
                      f' run_wall_s={r["run_wall_s"]:.3f} run_cpu_s={r["run_cpu_s"]:.3f}'
                      f' compile_s={r["compile_s"]:.1f}', flush=True)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)

    stats = {}
    for regime in a.regimes:
        rr = [r for r in runs if r['regime'] == regime]
        rates = np.array([r['rate_hz'] for r in rr])
        walls = np.array([r['run_wall_s'] for r in rr])
        g, ratio = REGIMES[regime]
        stats[regime] = dict(
            g=g, nu_ext_over_nu_thr=ratio, nu_ext_hz=ratio * NU_THR_HZ, description=DESCRIPTION[regime],
            poisson_input=poisson_sampler(ratio * NU_THR_HZ),
            seeds=[r['seed'] for r in rr], n_runs=len(rr),
            rate_hz_mean=float(rates.mean()),
            rate_hz_sd=float(rates.std(ddof=1)) if len(rr) > 1 else 0.0,
            rate_hz_min=float(rates.min()), rate_hz_max=float(rates.max()),
            rate_e_hz_mean=float(np.mean([r['rate_e_hz'] for r in rr])),
            rate_i_hz_mean=float(np.mean([r['rate_i_hz'] for r in rr])),
            recurrent_events_mean=float(np.mean([r['recurrent_events'] for r in rr])),
            run_wall_s_mean=float(walls.mean()), run_wall_s_min=float(walls.min()))
        print(f'{regime}: rate_hz = {stats[regime]["rate_hz_mean"]:.4f} +- {stats[regime]["rate_hz_sd"]:.4f} '
              f'(sd over {len(rr)} seeds), run_wall_s mean {walls.mean():.3f}')

    if a.json:
        doc = dict(
            generator='bench/brian2/brunel2000_brian2.py',
            command='bench/brian2/brunel2000_brian2.py ' + ' '.join(sys.argv[1:]),
            brian2_version=b2.__version__, numpy_version=np.__version__,
            python=platform.python_version(), machine=platform.machine(),
            device='cpp_standalone, openmp_threads=0 (one thread), g++ -O3 (Brian2 defaults)',
            float_dtype='float64',
            model=dict(source='Brian2 examples/frompapers/Brunel_2000.py (python-brian-doc 2.5.1)',
                       N_E=N_E, N_I=N_I, N=N, epsilon=EPSILON, C_E=C_E, C_I=int(EPSILON * N_I), C_ext=C_EXT,
                       tau_ms=TAU_MS, theta_mV=THETA_MV, V_r_mV=V_R_MV, tau_rp_ms=TAU_RP_MS,
                       J_mV=J_MV, D_ms=D_MS, D_steps=int(D_MS / DT_MS + 0.5), dt_ms=DT_MS,
                       nu_thr_hz=NU_THR_HZ, v_init_mV=0.0,
                       equations='dv/dt = -v/tau : volt (unless refractory)', method='exact',
                       threshold='v > theta', reset='v = V_r',
                       exc_synapses="Synapses(neurons[:N_E], neurons, on_pre='v += J', delay=D), connect(p=epsilon)",
                       inh_synapses="Synapses(neurons[N_E:], neurons, on_pre='v += -g*J', delay=D), connect(p=epsilon)",
                       external="PoissonInput(neurons, 'v', N=C_ext, rate=nu_ext, weight=J), when='synapses'",
                       notes='self-connections allowed; every write to v (synapses, PoissonInput) is skipped '
                             'while the target is refractory (v is flagged unless refractory)'),
            definitions=dict(
                rate_hz='spikes / N / duration_s (rate_e_hz, rate_i_hz: per population)',
                recurrent_events='sum over neurons of spike count x number of outgoing recurrent synapses',
                recurrent_events_delivered='same, only spikes emitted in steps s with s + D_steps <= steps - 1 '
                                           '(delivered within the run)',
                run_wall_s='CLOCK_MONOTONIC around Network::run in the standalone binary',
                run_cpu_s="Brian2's Network::_last_run_time (std::clock, CPU time of the loop)",
                rate_hz_sd='sample standard deviation over seeds (ddof = 1)'),
            regimes=stats, runs=runs)
        os.makedirs(os.path.dirname(os.path.abspath(a.json)), exist_ok=True)
        with open(a.json, 'w') as f:
            f.write(dumps(doc))
        print(f'wrote {a.json}')

    summary = ' '.join(f'{k}={v["rate_hz_mean"]:.4f}+-{v["rate_hz_sd"]:.4f}' for k, v in stats.items())
    print(f'brunel2000 runs={len(runs)} regimes={",".join(a.regimes)} seeds={a.seeds} '
          f'duration_s={a.duration:g} {summary}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
