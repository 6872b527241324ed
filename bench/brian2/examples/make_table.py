#!/usr/bin/python3
"""Prints the Markdown table of README.md from tests/reference/brian2/examples/*.json.

  /usr/bin/python3 bench/brian2/examples/make_table.py > /tmp/table.md
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


if __name__ == '__main__':
    main()
