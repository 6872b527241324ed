#!/usr/bin/python3
"""Prints Markdown tables from tests/reference/brian2/examples/*.json.

  /usr/bin/python3 bench/brian2/examples/make_table.py > /tmp/table.md
      every recorded example: figures, Brian2 mean ± sd, protocol, features
  /usr/bin/python3 bench/brian2/examples/make_table.py --spikelang FIGURES.tsv > /tmp/table.md
      the table of examples/brian2/README.md: the ported examples, SpikeLang's figure beside Brian2's.
      FIGURES.tsv is what the tests write with SPIKELANG_BRIAN2_FIGURES=FIGURES.tsv (one line per
      compared figure: example, figure, SpikeLang, Brian2 mean, Brian2 sd, tolerance).
"""
import glob
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
REF = os.path.join(HERE, '..', '..', '..', 'tests', 'reference', 'brian2', 'examples')


def fmt(x):
    if isinstance(x, list):
        return '[' + ', '.join(fmt(v) for v in x) + ']'
    if isinstance(x, float) and x == int(x) and abs(x) < 1e6:
        return str(int(x))
    return f'{x:.4g}'


def main():
    print('| example (script) | figure (headline) | Brian2 mean ± sd | protocol (shortened?) | features needed |')
    print('|---|---|---|---|---|')
    for path in sorted(glob.glob(os.path.join(REF, '*.json'))):
        d = json.load(open(path))
        name = os.path.splitext(os.path.basename(path))[0]
        figs, vals = [], []
        for k in d['headline']:
            f = d['figures'][k]
            figs.append(f'`{k}`: {d["definitions"][k]}')
            if d['deterministic']:
                vals.append(f'`{k}` = {fmt(f["mean"])}')
            elif isinstance(f['mean'], list):
                vals.append(f'`{k}` = {fmt(f["mean"])} ± {fmt(f["sd"])}')
            else:
                vals.append(f'`{k}` = {fmt(f["mean"])} ± {fmt(f["sd"])}')
        seeds = 'deterministic' if d['deterministic'] else f'{len(d["seeds"])} seeds'
        if 'figures_first5_seeds' in d:
            seeds += ' (1-5 in the JSON too)'
        short = d['protocol'].get('shortened', '')
        print(f'| {name} (`{d["source"]}`) | ' + '<br>'.join(figs) + ' | ' + '<br>'.join(vals)
              + f' ({seeds}) | {short} | ' + ', '.join(d['features']) + ' |')


# example reference name -> (.snn file, ported as written or what differs and why)
PORTS = {
    'adaptive_threshold': ('adaptive_threshold.snn', 'as written'),
    'brette_2004': ('brette_2004.snn', 'as written; the spikes of [5, 10) s are counted instead of starting a monitor at 5 s'),
    'brette_gerstner_2005': ('brette_gerstner_2005.snn', 'the current step (three run() calls with I = 0, 1 nA, 0) is a timed array'),
    'brunel_hakim_1999': ('brunel_hakim_1999.snn', 'as written'),
    'clopath_2010': ('clopath_et_al_2010.snn', "the pairing loop is the test's (C#, as the original's Python loop); "
                     "v_lowpass += 10 mV comes after w_plus in on post, because Brian2 reads v_lowpass2_post "
                     "from a copy loaded before the increment"),
    'cobahh': ('cobahh.snn', 'as written (exponential Euler); 0.5 s of the 1 s'),
    'cuba': ('cuba.snn', 'as written'),
    'diesmann_1999': ('diesmann_et_al_1999.snn', 'the input packet (SpikeGeneratorGroup with randn() times) is 85 units '
                      'that fire once at 50 ms + randn()*1 ms: spike generator times are written in the file'),
    'gapjunctions': ('gapjunctions.snn', 'as written'),
    'nonlinear': ('nonlinear.snn', "the synapse's rate constants a, b, c are a_rate, b_rate, c_rate (the generated "
                  "connection class has a member called b)"),
    'tsodyks_pawelzik_markram_1998': ('tsodyks_pawelzik_markram_1998.snn', "the three panels (three Networks in Brian2, "
                                      "each from t = 0) are three parts of one network; the stimulus times are listed"),
    'hindmarsh_rose_1984': ('hindmarsh_rose_1984.snn', "as written ('neuron' is a reserved word: the group is 'neurons'; "
                            'I per neuron by subgroups)'),
    'if_curve_hh': ('if_curve_hodgkin_huxley.snn', "refractory 3 ms instead of refractory='v > -40*mV' (a refractory "
                    'period is a duration in SpikeLang); a spike is shorter and no neuron fires above 300 Hz'),
    'if_curve_lif': ('if_curve_lif.snn', 'as written'),
    'licklider': ('licklider.snn', 'as written'),
    'morris_lecar_1981': ('morris_lecar_1981.snn', "as written ('neuron' is a reserved word: the group is 'neurons'; "
                          "n starts at n_inf(V_L) written out)"),
    'naud_2008': ('naud_et_al_2008.snn', "as written (Brian2's namespace= dicts are the populations' arguments)"),
    'non_reliability': ('non_reliability.snn', 'as written'),
    'ornstein_uhlenbeck': ('ornstein_uhlenbeck.snn', 'as written; figures are means over 5 seeds (a 5 s window of a 1 s process)'),
    'phase_locking': ('phase_locking.snn', 'as written'),
    'rossant_2011bis': ('rossant_et_al_2011bis.snn', "as written; figures are means over Brian2's 20 seeds (one neuron, 1 s)"),
    'stdp': ('stdp.snn', 'as written; 50 s of the 100 s'),
    'stimberg_2018_coba': ('stimberg_et_al_2018_coba.snn', "the temporary r_S of on_pre is a synapse variable"),
    'touboul_brette_2008': ('touboul_brette_2008.snn', 'as written; the spikes of [3, 4) s are counted instead of starting a monitor at 3 s'),
    'wang_buzsaki_1996': ('wang_buszaki_1996.snn', 'as written'),
}


def num(v):
    return str(int(v)) if v == int(v) and abs(v) < 1e7 else f'{v:.4g}'


def spikelang_table(tsv):
    rows = {}
    for line in open(tsv):
        name, fig, value, mean, sd, tol = line.rstrip('\n').split('\t')
        base = fig.split('[')[0]
        rows.setdefault(name, {}).setdefault(base, []).append((float(value), float(mean), float(sd), float(tol)))
    print('| example | ported as written, or what differs and why | figure | SpikeLang | Brian2 mean ± sd | holds |')
    print('|---|---|---|---|---|---|')
    for name in sorted(PORTS):
        snn, note = PORTS[name]
        d = json.load(open(os.path.join(REF, name + '.json')))
        seeds = 'deterministic' if d['deterministic'] else f'{len(d["seeds"])} seeds'
        figs = rows.get(name, {})
        if not figs:
            print(f'| [{snn}]({snn}) (`{d["source"]}`) | {note} | not run | | | |')
            continue
        names, ours, theirs, holds = [], [], [], []
        for fig, entries in figs.items():
            names.append(f'`{fig}`')
            ok = all(abs(v - m) <= t for v, m, _, t in entries)
            holds.append('yes' if ok else '**no**')
            if len(entries) == 1:
                v, m, sd, _ = entries[0]
                ours.append(num(v))
                theirs.append(f'{num(m)} ± {sd:.2g}')
            else:
                ours.append('[' + ', '.join(num(v) for v, _, _, _ in entries) + ']')
                if all(sd == 0 for _, _, sd, _ in entries):
                    theirs.append('[' + ', '.join(num(m) for _, m, _, _ in entries) + '] ± 0')
                else:
                    theirs.append('[' + ', '.join(f'{num(m)} ± {sd:.2g}' for _, m, sd, _ in entries) + ']')
        print(f'| [{snn}]({snn})<br>`{d["source"]}`<br>({seeds}) | {note} | ' + '<br>'.join(names) + ' | '
              + '<br>'.join(ours) + ' | ' + '<br>'.join(theirs) + ' | ' + '<br>'.join(holds) + ' |')


if __name__ == '__main__':
    import sys
    if len(sys.argv) == 3 and sys.argv[1] == '--spikelang':
        spikelang_table(sys.argv[2])
    else:
        main()
