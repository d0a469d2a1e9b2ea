"""Record golden files from the real MXNet 1.9.1 (run it with the oracle's python).

    "$(bash ../shared/oracle/setup.sh)" tools/record_goldens.py [family ...]

For each spec module ``tests/golden/specs/<family>.py`` it runs every case with real
MXNet and writes ``tests/golden/<family>.json``: outputs (values, dtypes, shapes,
reprs), gradients, or the exception MXNet raised. The tests compare mxcompat with
these files; neither the tests nor CI need MXNet.
"""
import glob
import importlib.util
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SPECS = os.path.join(ROOT, "tests", "golden", "specs")
sys.path.insert(0, HERE)
sys.path.insert(0, SPECS)

import golden_runtime as rt  # noqa: E402


def load_spec(path):
    spec = importlib.util.spec_from_file_location(os.path.basename(path)[:-3], path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def record(family, mx):
    mod = load_spec(os.path.join(SPECS, family + ".py"))
    out = {"mxnet_version": mx.__version__, "numpy_version": np.__version__, "cases": {}}
    ids = set()
    for case in mod.CASES:
        if case["id"] in ids:
            raise SystemExit("duplicate case id %r in %s" % (case["id"], family))
        ids.add(case["id"])
        entry = {"spec": case}
        mx.random.seed(0)
        if case["error"]:
            typ, msg = rt.run_error(case, mx)
            if typ is None:
                print("  %s: expected an error but MXNet succeeded" % case["id"])
            entry["error"] = {"type": typ, "message": (msg or "")[:2000]}
        else:
            try:
                entry["result"] = rt.run_case(case, mx)
            except Exception as e:  # noqa: BLE001
                entry["mxnet_failed"] = {"type": type(e).__name__, "message": str(e)[:2000]}
                print("  %s: MXNet raised %s: %s" % (case["id"], type(e).__name__,
                                                    str(e).splitlines()[-1][:200]
                                                    if str(e) else ""))
        out["cases"][case["id"]] = entry
    path = os.path.join(ROOT, "tests", "golden", family + ".json")
    with open(path, "w") as f:
        json.dump(out, f, indent=0, sort_keys=True)
    print("%s: %d cases -> %s" % (family, len(mod.CASES), os.path.relpath(path, ROOT)))


def main(argv):
    import mxnet as mx
    families = argv or sorted(os.path.basename(p)[:-3] for p in glob.glob(
        os.path.join(SPECS, "*.py")) if not os.path.basename(p).startswith("_"))
    for fam in families:
        record(fam, mx)


if __name__ == "__main__":
    main(sys.argv[1:])
