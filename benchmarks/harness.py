"""Side-by-side timing: the same benchmark bodies under mxcompat and the real MXNet.

Each benchmark module defines ``BENCHMARKS = {name: setup}``, where ``setup(mx)``
returns a zero-argument callable (one iteration). ``python benchmarks/run.py`` runs
every body with mxcompat here and, in a subprocess, with the oracle's real MXNet
(``bash ../shared/oracle/setup.sh``), interleaving rounds so that the machine's noise
hits both alike, and reports medians and ratios. Python 3.8 compatible (the oracle
runs this file too).
"""
import json
import statistics
import sys
import time


def time_body(body, min_time=0.2, rounds=5, warmup=1.0):
    """Median seconds per call of ``body`` over ``rounds`` rounds of >= min_time each,
    after ``warmup`` seconds (and at least 10 calls) of untimed calls: steady state, once
    every compile has finished (mxcompat compiles a repeated graph in a background
    thread, which would otherwise share the CPU with the first timed rounds)."""
    t0 = time.perf_counter()
    calls = 0
    while calls < 10 or time.perf_counter() - t0 < warmup:
        body()
        calls += 1
    n = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(n):
            body()
        dt = time.perf_counter() - t0
        if dt >= min_time / 4 or n > 1 << 20:
            break
        n *= 2
    n = max(1, int(n * (min_time / 4) / max(dt, 1e-9)))
    samples = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(n):
            body()
        samples.append((time.perf_counter() - t0) / n)
    return statistics.median(samples)


def run_module(modname, mx, names=None, rounds=5):
    """{name: seconds} for the benchmarks of ``modname`` with module ``mx``."""
    mod = __import__(modname)
    out = {}
    for name, setup in mod.BENCHMARKS.items():
        if names and name not in names:
            continue
        body = setup(mx)
        if body is None:
            continue
        out[name] = time_body(body, rounds=rounds)
    return out


if __name__ == "__main__":
    # Child mode: python harness.py <module> <mxnet|mxcompat|jax> [names...]
    modname, which = sys.argv[1], sys.argv[2]
    names = sys.argv[3:]
    sys.path.insert(0, __file__.rsplit("/", 1)[0])
    if which == "mxnet":
        import mxnet as mx
    elif which == "jax":
        mx = None
    else:
        import mxcompat as mx
    res = run_module(modname, mx if which != "jax" else "jax", names)
    print("RESULT " + json.dumps(res))
