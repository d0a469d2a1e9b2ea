"""Record the deterministic training goldens with the real MXNet 1.9.1.

    "$(bash ../shared/oracle/setup.sh)" tools/record_training.py

Runs every case of ``tools/training_cases.py`` and writes ``tests/golden/training.json``
(per-epoch losses and final weights).
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import training_cases as tc  # noqa: E402


def main():
    import mxnet as mx
    out = {"mxnet_version": mx.__version__, "cases": {}}
    for name in tc.CASES:
        out["cases"][name] = tc.run_case(mx, name)
        print(name, ["%.6f" % v for v in out["cases"][name]["losses"]])
    path = os.path.join(os.path.dirname(HERE), "tests", "golden", "training",
                        "training.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(out, f, indent=0, sort_keys=True)


if __name__ == "__main__":
    main()
