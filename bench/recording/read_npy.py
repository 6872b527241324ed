#!/usr/bin/python3
"""Reads a `spikelang run --out` folder with numpy alone, as a scientist would, and checks each NPY file
against recording.json: row count, fields, times t = step * dt at the recorded interval, finite values.

Usage: /usr/bin/python3 bench/recording/read_npy.py OUT_FOLDER
"""
import json
import sys
import time
from pathlib import Path

import numpy as np


def main(folder: Path) -> None:
    manifest = json.loads((folder / "recording.json").read_text())
    dt = manifest["dt_s"]
    for entry in manifest["files"]:
        path = folder / entry["file"]
        if path.suffix != ".npy":
            continue
        start = time.perf_counter()
        # Memory-mapped: numpy reads the header and maps the records, whatever the file's size.
        a = np.load(path, mmap_mode="r")
        assert a.shape == (entry["rows"],), (path, a.shape, entry["rows"])
        assert list(a.dtype.names) == entry["columns"], (path, a.dtype.names)
        t = np.asarray(a["t"])
        if entry["kind"] == "state" and len(t) > 1:
            steps = np.rint(t / dt).astype(np.int64)
            assert np.all(np.diff(steps) == entry["interval_steps"]), f"{path}: samples are not every {entry['interval_steps']} steps"
            values = a[entry["columns"][1]]
            assert values.shape == (entry["rows"], entry["count"]), (path, values.shape)
            # Reads every value once (the whole file), in blocks of 10000 samples.
            lo, hi = np.inf, -np.inf
            for k in range(0, len(values), 10000):
                block = np.asarray(values[k:k + 10000])
                assert np.all(np.isfinite(block)), f"{path}: non-finite values"
                lo, hi = min(lo, block.min()), max(hi, block.max())
            seconds = time.perf_counter() - start
            mb = path.stat().st_size / 1e6
            print(f"{entry['file']}: {a.shape[0]} samples x {entry['count']} neurons, t {t[0]:g}..{t[-1]:g} s, "
                  f"{entry['variable']} in [{lo:.4g}, {hi:.4g}] {entry['unit']}; read {mb:.0f} MB in {seconds:.2f} s ({mb / seconds:.0f} MB/s)")
        else:
            assert np.all(np.diff(t) >= 0), f"{path}: times not in order"
            print(f"{entry['file']}: {a.shape[0]} rows, fields {', '.join(a.dtype.names)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
