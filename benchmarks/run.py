"""Run benchmark modules under mxcompat, real MXNet (the oracle) and pure JAX.

    python benchmarks/run.py [bench_core ...] [--rounds 3] [--json out.json]

Rounds alternate between the implementations so that the (noisy, shared) machine
affects both alike; the report gives medians in microseconds and the ratio
mxcompat / MXNet next to the target ratio of the issue. The pure-JAX bodies run twice:
in JAX's default configuration and with 64-bit types enabled, as under mxcompat.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def oracle_python():
    try:
        out = subprocess.run(["bash", os.path.join(ROOT, "..", "shared", "oracle",
                                                   "setup.sh")],
                             capture_output=True, text=True, check=True)
        return out.stdout.strip().splitlines()[-1]
    except Exception:   # noqa: BLE001
        return None


def child(python, module, which, env=None):
    cmd = [python, os.path.join(HERE, "harness.py"), module, which]
    e = dict(os.environ)
    e["PYTHONPATH"] = ROOT + os.pathsep + e.get("PYTHONPATH", "")
    if env:
        e.update(env)
    out = subprocess.run(cmd, capture_output=True, text=True, env=e)
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise RuntimeError(f"{which} run of {module} failed:\n{out.stdout}\n{out.stderr}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("modules", nargs="*", default=["bench_core"])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json")
    args = ap.parse_args()
    oracle = oracle_python()
    report = {}
    for module in args.modules:
        sys.path.insert(0, HERE)
        targets = getattr(__import__(module), "TARGETS", {})
        jax_targets = getattr(__import__(module), "JAX_TARGETS", {})
        runs = {"mxcompat": [], "mxnet": [], "jax": [], "jax_x64": []}
        for _ in range(args.rounds):
            runs["mxcompat"].append(child(sys.executable, module, "mxcompat"))
            if oracle:
                runs["mxnet"].append(child(oracle, module, "mxnet"))
            runs["jax"].append(child(sys.executable, module, "jax"))
            # (mxcompat runs JAX with 64-bit types enabled, which changes the speed of
            # the same float32 program: the pure-JAX bodies once more in that mode)
            runs["jax_x64"].append(child(sys.executable, module, "jax",
                                         {"JAX_ENABLE_X64": "1"}))
        names = list(runs["mxcompat"][0])
        print(f"\n{module}: median of {args.rounds} interleaved rounds (microseconds)")
        print(f"{'benchmark':26s} {'mxcompat':>10s} {'MXNet':>10s} {'pure JAX':>10s} "
              f"{'JAX x64':>10s} {'ratio':>7s} {'target':>7s}")
        for name in names:
            med = {k: (statistics.median(r[name] for r in v) * 1e6 if v and name in v[0]
                       else None) for k, v in runs.items()}
            ratio = med["mxcompat"] / med["mxnet"] if med["mxnet"] else None
            report[f"{module}.{name}"] = dict(med, ratio=ratio, target=targets.get(name))

            def f(v):
                return f"{v:10.1f}" if v is not None else f"{'-':>10s}"
            print(f"{name:26s} {f(med['mxcompat'])} {f(med['mxnet'])} {f(med['jax'])} "
                  f"{f(med['jax_x64'])} {(f'{ratio:7.2f}' if ratio else '      -')} "
                  f"{(str(targets.get(name)) if targets.get(name) else '-'):>7s}")
        for name, target in jax_targets.items():
            r = report[f"{module}.{name}"]
            if r["jax"] and r["jax_x64"]:
                print(f"{name} against the pure-JAX step: {r['mxcompat'] / r['jax']:.2f}x "
                      f"(default configuration), {r['mxcompat'] / r['jax_x64']:.2f}x (x64); "
                      f"target {target}x")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(report, fh, indent=1)


if __name__ == "__main__":
    main()
