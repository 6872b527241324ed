#!/usr/bin/python3
"""Brette et al. (2007) benchmark 2 (CUBA) in Brian2, the speed peer for examples/Cuba.

The network is the one of examples/Cuba/Cuba.snn (and of Brian2's own examples/CUBA.py):
N current-based LIF neurons, 80 % excitatory, all-to-all random connectivity with
probability p = 80 / N (0.02 for N = 4000, self-connections allowed), exact integration,
dt = 0.1 ms.

By default it runs in Brian2's C++ standalone mode with a single thread (no OpenMP) and
reports, separately:

  codegen_s    Python-side code generation (everything in device.build before `make`)
  compile_s    `make` of the generated C++ project (g++ -O3 -march=native, `make -j`)
  binary_s     wall time of the whole `main` binary (initialisation, synapse creation,
               the run, writing results)
  run_s        Brian2's own timing of the main simulation loop, Network::_last_run_time
               (read back from results/last_run_info.txt; with OpenMP off it is measured
               with std::clock(), i.e. process CPU time of the loop)
  run_wall_s   wall-clock time of the same loop (clock_gettime(CLOCK_MONOTONIC) inserted
               around Network::run), the number comparable with examples/Cuba's wall_s

--runtime uses Brian2's default runtime device instead (Cython, or numpy), for a sanity
check of the firing rate; its run_s there is the wall time of run() including code
generation and compilation of the Cython extensions.

Must run under Debian's /usr/bin/python3 (python3-brian lives in dist-packages).
The last line is machine readable:

  brian2 mode=standalone neurons=4000 duration_s=10 run_s=... run_wall_s=... compile_s=... spikes=... rate_hz=...
"""
import argparse
import os
import shutil
import sys
import tempfile
import time
import warnings

warnings.filterwarnings('ignore', category=FutureWarning)  # pythran vs numpy 1.24 noise

import brian2 as b2  # noqa: E402
from brian2 import mV, ms, second  # noqa: E402


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--duration', type=float, default=10.0, help='simulated seconds (default 10)')
    ap.add_argument('--neurons', type=int, default=4000,
                    help='network size N (default 4000); 80/20 split, p = 80/N')
    ap.add_argument('--seed', type=int, default=None, help='random seed (default: random)')
    ap.add_argument('--build-dir', default=None,
                    help='standalone project directory (default: a temporary one, deleted afterwards)')
    ap.add_argument('--keep', action='store_true', help='keep the temporary build directory')
    ap.add_argument('--runtime', action='store_true',
                    help="use Brian2's runtime device (Cython/numpy) instead of C++ standalone")
    ap.add_argument('--repeat', type=int, default=1,
                    help='standalone: run the compiled binary K times, report the fastest (default 1)')
    ap.add_argument('--count-only', action='store_true',
                    help='SpikeMonitor(record=False): count spikes without storing (i, t)')
    a = ap.parse_args()
    if a.duration <= 0 or a.neurons < 5 or a.repeat < 1:
        ap.error('need --duration > 0, --neurons >= 5 and --repeat >= 1')
    return a


def build_network(n, seed, count_only):
    """Builds the CUBA network in the current device; returns (network, SpikeMonitor, Ce, Ci)."""
    if seed is not None:
        b2.seed(seed)
    b2.defaultclock.dt = 0.1 * ms

    taum, taue, taui = 20 * ms, 5 * ms, 10 * ms
    Vt, Vr, El = -50 * mV, -60 * mV, -49 * mV
    eqs = '''
    dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
    dge/dt = -ge/taue : volt
    dgi/dt = -gi/taui : volt
    '''
    ns = dict(taum=taum, taue=taue, taui=taui, Vt=Vt, Vr=Vr, El=El)
    P = b2.NeuronGroup(n, eqs, threshold='v>Vt', reset='v = Vr', refractory=5 * ms,
                       method='exact', namespace=ns)
    P.v = 'Vr + rand() * (Vt - Vr)'
    P.ge = 0 * mV
    P.gi = 0 * mV

    n_exc = int(round(0.8 * n))
    p = 80.0 / n
    # Subgroups, as in Cuba.snn, rather than CUBA.py's Ce.connect('i<3200', p=0.02) on P->P:
    # the same random network, built without drawing (and discarding) targets for the
    # sources that fail the condition; a given seed gives another realisation than CUBA.py.
    Ce = b2.Synapses(P[:n_exc], P, on_pre='ge += 1.62*mV')
    Ci = b2.Synapses(P[n_exc:], P, on_pre='gi += -9*mV')
    Ce.connect(p=p)
    Ci.connect(p=p)
    mon = b2.SpikeMonitor(P, record=not count_only)
    net = b2.Network(P, Ce, Ci, mon)  # explicit: the objects live in this function's scope
    return net, mon, Ce, Ci


def read_wall(directory):
    with open(os.path.join(directory, 'results', 'run_wall_s.txt')) as f:
        return float(f.read())


def run_standalone(a):
    tmp = None
    directory = a.build_dir
    if directory is None:
        tmp = tempfile.mkdtemp(prefix='cuba_brian2_')
        directory = tmp
    b2.set_device('cpp_standalone', directory=directory, build_on_run=False)
    b2.prefs.devices.cpp_standalone.openmp_threads = 0  # single thread, no OpenMP
    device = b2.get_device()

    net, mon, Ce, Ci = build_network(a.neurons, a.seed, a.count_only)
    # Wall clock of Network::run alone (Brian's own _last_run_time is std::clock CPU time).
    device.insert_code('before_network_run',
                       'struct timespec _cuba_t0, _cuba_t1; clock_gettime(CLOCK_MONOTONIC, &_cuba_t0);')
    device.insert_code('after_network_run',
                       'clock_gettime(CLOCK_MONOTONIC, &_cuba_t1);\n'
                       '{ std::ofstream _f("results/run_wall_s.txt"); _f.precision(9);\n'
                       '  _f << (_cuba_t1.tv_sec - _cuba_t0.tv_sec) + 1e-9 * (_cuba_t1.tv_nsec - _cuba_t0.tv_nsec) << std::endl; }')
    net.run(a.duration * second)

    t0 = time.perf_counter()
    device.build(directory=directory, compile=True, run=True, with_output=False)
    build_total = time.perf_counter() - t0

    compile_s = device.timers['compile']['make'] or 0.0
    binary_s = device.timers['run_binary'] or 0.0
    codegen_s = build_total - compile_s - binary_s
    run_s, run_wall_s = device._last_run_time, read_wall(directory)
    for _ in range(a.repeat - 1):  # same binary again (same seed => same spikes); keep the fastest
        device.run(directory, with_output=False, run_args=[])
        binary_s = min(binary_s, device.timers['run_binary'])
        run_s = min(run_s, device._last_run_time)
        run_wall_s = min(run_wall_s, read_wall(directory))
    spikes = int(mon.num_spikes)
    synapses = len(Ce) + len(Ci)
    if tmp is not None and not a.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    elif tmp is not None:
        print(f'build directory kept: {tmp}')
    return dict(run_s=run_s, run_wall_s=run_wall_s, compile_s=compile_s,
                codegen_s=codegen_s, binary_s=binary_s, spikes=spikes, synapses=synapses)


def run_runtime(a):
    net, mon, Ce, Ci = build_network(a.neurons, a.seed, a.count_only)
    t0 = time.perf_counter()
    net.run(a.duration * second)
    run_s = time.perf_counter() - t0
    group = next(o for o in net.objects if isinstance(o, b2.NeuronGroup))
    target = type(group.thresholder['spike'].codeobj).__name__  # e.g. CythonCodeObject
    return dict(target=target, run_s=run_s,
                spikes=int(mon.num_spikes), synapses=len(Ce) + len(Ci))


def main():
    a = parse_args()
    r = run_runtime(a) if a.runtime else run_standalone(a)
    rate = r['spikes'] / a.neurons / a.duration
    mode = 'runtime' if a.runtime else 'standalone'
    print(f'Brian2 {b2.__version__} {mode}{" (" + r["target"] + ")" if "target" in r else ""}: {a.neurons} neurons, {r["synapses"]} synapses, '
          f'{a.duration:g} s simulated')
    for k in ('codegen_s', 'compile_s', 'binary_s', 'run_s', 'run_wall_s'):
        if k in r:
            print(f'  {k:11s} {r[k]:.4f}')
    print(f'  spikes      {r["spikes"]}')
    print(f'  rate_hz     {rate:.3f}')
    fields = [f'mode={mode}', f'neurons={a.neurons}', f'duration_s={a.duration:g}',
              f'run_s={r["run_s"]:.4f}']
    if 'run_wall_s' in r:
        fields += [f'run_wall_s={r["run_wall_s"]:.4f}', f'compile_s={r["compile_s"]:.2f}']
    fields += [f'synapses={r["synapses"]}', f'spikes={r["spikes"]}', f'rate_hz={rate:.3f}']
    print('brian2 ' + ' '.join(fields))
    return 0


if __name__ == '__main__':
    sys.exit(main())
