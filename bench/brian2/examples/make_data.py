#!/usr/bin/python3
"""Writes the stimulus files that examples/brian2 reads: the values Brian2's examples draw with numpy when the
script runs, drawn here as Brian2's seed 1 draws them (brian2.seed(1) seeds numpy's generator, and the draw is the
script's first), in the CSV layout of docs/stimuli.md (time_s,index,VALUE; one row per bin).

  examples/brian2/data/jeffress_sound.csv   synapses/jeffress.py: sound = TimedArray(10 * randn(50000), dt=0.02 ms)
  examples/brian2/data/sturzl_wave.csv      frompapers/Sturzl_et_al_2000.py: the wave w, a sum of 301 cosines
                                            with random phases, on the 0.1 ms grid of 500 ms (5001 samples)

Usage (from the repository root): /usr/bin/python3 bench/brian2/examples/make_data.py
Only numpy is needed; the values equal those of Brian2's seed 1 bit for bit before they are written with 10
significant digits.
"""
import os

import numpy as np

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'examples', 'brian2', 'data')


def write(name, column, dt, values):
    path = os.path.join(DATA, name)
    with open(path, 'w') as f:
        f.write(f'time_s,index,{column}\n')
        for k, v in enumerate(values):
            # k * dt to 6 decimals is exact for these grids; 10 digits keep the values to 1e-10 relative
            f.write(f'{k * dt:.6f},0,{v:.10g}\n')
    print(f'{path}: {len(values)} rows')


def jeffress_sound():
    np.random.seed(1)
    return 10 * np.random.randn(50000)


def sturzl_wave():
    np.random.seed(1)
    dt = 1e-4
    time = np.arange(int(0.5 / dt) + 1) * dt
    total = 0.
    w = 0.
    for f in np.arange(150, 451):
        d = np.exp(-(f - 300) ** 2 / (2 * (50 ** 2)))
        rand_angle = 2 * np.pi * np.random.rand()
        w += 100 * d * np.cos(2 * np.pi * f * time + rand_angle)
        total += d
    return .01 * w / total


if __name__ == '__main__':
    os.makedirs(DATA, exist_ok=True)
    write('jeffress_sound.csv', 'sound', 2e-5, jeffress_sound())
    write('sturzl_wave.csv', 'w', 1e-4, sturzl_wave())
