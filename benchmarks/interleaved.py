"""The hybridized gluon MLP step against the hand-written jax.jit step, in one process.

    python benchmarks/interleaved.py [seconds]

``run.py`` times each implementation in its own process, a few seconds each, so a
change of the shared machine's speed between two processes moves the ratio. Here both
steps of bench_gluon.py run in the same process, in blocks of 40 steps whose order is
shuffled each round, for ``seconds`` (default 60); the report gives the median block
time of each and their ratio. In this process JAX runs with 64-bit types enabled (as
under mxcompat), so the pure-JAX step is the x64 one, with int64 labels as in run.py.
"""
import os
import random
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

import mxcompat as mx  # noqa: E402
import bench_gluon  # noqa: E402


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0
    steps = {"mxcompat": bench_gluon.mlp_step_hybridized(mx),
             "pure JAX (x64)": bench_gluon.mlp_step_hybridized("jax")}
    for step in steps.values():
        for _ in range(60):
            step()
    times = {name: [] for name in steps}
    names = list(steps)
    end = time.time() + seconds
    while time.time() < end:
        random.shuffle(names)
        for name in names:
            step = steps[name]
            t0 = time.perf_counter()
            for _ in range(40):
                step()
            times[name].append((time.perf_counter() - t0) / 40 * 1e6)
    med = {name: statistics.median(v) for name, v in times.items()}
    for name, v in med.items():
        print(f"{name:16s} {v:8.1f} us  ({len(times[name])} blocks of 40 steps)")
    ratio = med["mxcompat"] / med["pure JAX (x64)"]
    print(f"ratio {ratio:.3f} (target {bench_gluon.JAX_TARGETS['mlp_step_hybridized']})")


if __name__ == "__main__":
    main()
