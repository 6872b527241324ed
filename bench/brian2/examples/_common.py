"""Shared command line and JSON writer for the Brian2 example recordings in this folder.

Every example script in bench/brian2/examples/ defines

  NAME          short name, also the JSON file name (tests/reference/brian2/examples/NAME.json)
  SOURCE        the original Brian2 example (python-brian-doc 2.5.1)
  DETERMINISTIC True when no random number is drawn: the figure is recorded once (seed 1)
  PROTOCOL      dict: what is simulated (durations, sizes, what was shortened)
  FEATURES      list of Brian2 features the example needs
  DEFINITIONS   dict figure -> how it is computed
  HEADLINE      the figures shown in README.md's table
  simulate(seed) -> dict figure -> float (or list of floats)

and ends with `if __name__ == '__main__': main(globals())`.

Command line (all scripts):

  /usr/bin/python3 bench/brian2/examples/NAME.py [--seeds 1,2,3,4,5] [--json PATH] [--target cython|numpy]

For each seed: brian2.start_scope(), defaultclock.dt = 0.1 ms (the example may change it),
brian2.seed(seed) (seeds numpy's global generator and the generated code's), then simulate(seed).
All seeds run in one process, so code generated for the first seed is reused.

The last line printed is machine readable:

  NAME seeds=1,2,3,4,5 target=cython FIG_mean=... FIG_sd=... ... wall_s=...

(for list-valued figures only the mean of the list is printed there; the JSON has everything).
sd is the sample standard deviation over seeds (ddof = 1); for a deterministic example it is 0
and the JSON says "deterministic": true.

Must run under Debian's /usr/bin/python3 (python3-brian lives in dist-packages).
"""
import argparse
import json
import os
import platform
import sys
import time
import warnings

warnings.filterwarnings('ignore')  # pythran vs numpy 1.24 FutureWarnings, Brian2 info noise

import numpy as np  # noqa: E402
import brian2 as b2  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..'))
REF_DIR = os.path.join(REPO, 'tests', 'reference', 'brian2', 'examples')


def pick_target(requested):
    """cython if it builds here, else numpy (or what was asked for)."""
    if requested == 'numpy':
        return 'numpy'
    b2.prefs.codegen.target = 'cython'
    try:
        b2.start_scope()
        g = b2.NeuronGroup(1, 'dv/dt = -v/(10*ms) : 1', method='exact')
        net = b2.Network(g)
        net.run(0.2 * b2.ms)
        return 'cython'
    except Exception as e:  # pragma: no cover - depends on the machine
        if requested == 'cython':
            raise
        print(f'cython unavailable ({e!r}); using numpy', file=sys.stderr)
        return 'numpy'


def _stats(values):
    """mean and sample sd (ddof=1) of a list of scalars or of equal-length lists."""
    arr = np.array(values, dtype=float)
    mean = arr.mean(axis=0)
    sd = arr.std(axis=0, ddof=1) if arr.shape[0] > 1 else np.zeros_like(mean)
    return mean.tolist(), sd.tolist()


def _clean(x):
    if isinstance(x, (np.floating, np.integer)):
        return x.item()
    if isinstance(x, np.ndarray):
        return x.tolist()
    if isinstance(x, (list, tuple)):
        return [_clean(v) for v in x]
    return x


def main(mod):
    ap = argparse.ArgumentParser(description=(mod['__doc__'] or '').split('\n\n')[0])
    ap.add_argument('--seeds', default='1,2,3,4,5', help='comma-separated seeds (default 1,2,3,4,5)')
    ap.add_argument('--json', default=None, metavar='PATH',
                    help='write the recording here (the reference lives in '
                         'tests/reference/brian2/examples/NAME.json)')
    ap.add_argument('--target', default='auto', choices=['auto', 'cython', 'numpy'],
                    help="Brian2 runtime code generation target (default: cython if it builds, else numpy)")
    a = ap.parse_args()
    try:
        seeds = [int(s) for s in a.seeds.split(',') if s.strip()]
    except ValueError:
        ap.error('--seeds must be comma-separated integers')
    if not seeds:
        ap.error('need at least one seed')
    deterministic = bool(mod.get('DETERMINISTIC', False))
    if deterministic:
        seeds = seeds[:1]

    b2.prefs.core.default_float_dtype = np.float64
    target = pick_target(a.target)
    b2.prefs.codegen.target = target
    b2.BrianLogger.log_level_warn()

    name = mod['NAME']
    per_seed = {}
    wall = {}
    cpu = {}
    t_all = time.time()
    for seed in seeds:
        b2.start_scope()
        b2.defaultclock.dt = 0.1 * b2.ms
        b2.seed(seed)
        t0, c0 = time.time(), time.process_time()
        figs = mod['simulate'](seed)
        wall[seed] = round(time.time() - t0, 3)
        cpu[seed] = round(time.process_time() - c0, 3)
        figs = {k: _clean(v) for k, v in figs.items()}
        per_seed[seed] = figs
        short = ' '.join(f'{k}={_fmt(v)}' for k, v in figs.items() if k in mod.get('HEADLINE', figs))
        print(f'{name} seed={seed} {short} wall_s={wall[seed]:.1f} cpu_s={cpu[seed]:.1f}', flush=True)
    total_wall = round(time.time() - t_all, 3)

    keys = list(per_seed[seeds[0]].keys())
    figures = {}
    for k in keys:
        vals = [per_seed[s][k] for s in seeds]
        mean, sd = _stats(vals)
        figures[k] = dict(mean=mean, sd=sd, values=vals)

    first5 = None
    if len(seeds) > 5:
        first5 = {}
        for k in keys:
            mean, sd = _stats([per_seed[s][k] for s in seeds[:5]])
            first5[k] = dict(mean=mean, sd=sd)

    doc = dict(
        generator=f'bench/brian2/examples/{name}.py',
        command=f'nice -n 10 /usr/bin/python3 bench/brian2/examples/{name}.py --seeds '
                + ','.join(str(s) for s in seeds)
                + f' --json tests/reference/brian2/examples/{name}.json',
        source=mod['SOURCE'],
        brian2_version=b2.__version__,
        numpy_version=np.__version__,
        python=platform.python_version(),
        device='runtime',
        codegen_target=target,
        float_dtype='float64',
        deterministic=deterministic,
        seeds=seeds,
        protocol=_clean(mod['PROTOCOL']),
        features=mod['FEATURES'],
        definitions=mod['DEFINITIONS'],
        headline=mod.get('HEADLINE', keys),
        figures=figures,
        per_seed={str(s): per_seed[s] for s in seeds},
        wall_s=dict(per_seed={str(s): wall[s] for s in seeds}, total=total_wall),
        cpu_s={str(s): cpu[s] for s in seeds},
    )
    if first5 is not None:
        doc['figures_first5_seeds'] = dict(seeds=seeds[:5], figures=first5)
    if deterministic:
        doc['deterministic_note'] = ('no random number is drawn: the figures do not depend on the seed; '
                                     'recorded once (seed 1), sd = 0')
    if a.json:
        os.makedirs(os.path.dirname(os.path.abspath(a.json)), exist_ok=True)
        with open(a.json, 'w') as f:
            f.write(json.dumps(doc, indent=1) + '\n')
    parts = [name, 'seeds=' + ','.join(str(s) for s in seeds), f'target={target}']
    for k in keys:
        m, s = figures[k]['mean'], figures[k]['sd']
        if isinstance(m, list):
            m, s = float(np.mean(m)), float(np.mean(s))
        parts.append(f'{k}_mean={m:.6g}')
        parts.append(f'{k}_sd={s:.6g}')
    parts.append(f'wall_s={total_wall:.1f}')
    print(' '.join(parts))


def _fmt(v):
    if isinstance(v, list):
        return '[' + ','.join(f'{x:.4g}' for x in v) + ']'
    return f'{v:.6g}'


# ---------------------------------------------------------------------------------------------
# helpers shared by several examples

def upward_crossings(trace, level):
    """indices k where trace[k-1] < level <= trace[k]."""
    trace = np.asarray(trace)
    return np.nonzero((trace[:-1] < level) & (trace[1:] >= level))[0] + 1


def vector_strength(times_s, freq_hz):
    """|mean exp(2 pi i f t)| of spike times (0 for no spike)."""
    t = np.asarray(times_s, dtype=float)
    if len(t) == 0:
        return 0.0
    return float(np.abs(np.mean(np.exp(2j * np.pi * freq_hz * t))))
