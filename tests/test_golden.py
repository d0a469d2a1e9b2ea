"""Compare mxcompat with the goldens recorded from real MXNet 1.9.1.

Each case in ``tests/golden/<family>.json`` is run with mxcompat through the same
protocol the recorder used with MXNet (``tools/golden_runtime.py``); values, dtypes,
shapes, gradients, reprs (where recorded) and exception types must match.
"""
import glob
import json
import os
import sys

import numpy as np
import pytest

import mxcompat as mx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import golden_runtime as rt  # noqa: E402

CASES = []
MXNET_FAILED = []
for path in sorted(glob.glob(os.path.join(ROOT, "tests", "golden", "*.json"))):
    fam = os.path.basename(path)[:-5]
    with open(path) as f:
        data = json.load(f)
    for cid, entry in data["cases"].items():
        target = MXNET_FAILED if "mxnet_failed" in entry else CASES
        target.append(pytest.param(entry, id=f"{fam}:{cid}"))


def _tol(spec, dtype):
    if spec.get("rtol") is not None:
        return spec["rtol"], spec.get("atol") or 0.0
    kind = np.dtype(dtype).kind
    if kind != "f":
        return 0.0, 0.0
    if np.dtype(dtype).itemsize == 2:
        return 1e-2, 1e-2
    if np.dtype(dtype).itemsize == 8:
        return 1e-10, 1e-12
    return 1e-5, 1e-6


def _compare(spec, got, want, what):
    assert got["shape"] == want["shape"], f"{what}: shape {got['shape']} != {want['shape']}"
    assert got["dtype"] == want["dtype"], f"{what}: dtype {got['dtype']} != {want['dtype']}"
    g = np.asarray(got["data"], dtype=np.float64 if np.dtype(want["dtype"]).kind in "fc"
                   else want["dtype"])
    w = np.asarray(want["data"], dtype=g.dtype)
    rtol, atol = _tol(spec, want["dtype"])
    np.testing.assert_allclose(g, w, rtol=rtol, atol=atol, equal_nan=True,
                               err_msg=f"{what} differs from MXNet")


def _skip_without_requirements(spec):
    """Skip a case that needs an optional module (e.g. Pillow to decode images) that
    is not installed."""
    for module in spec.get("requires", ()):
        pytest.importorskip(module)


@pytest.mark.parametrize("entry", CASES)
def test_golden(entry):
    spec = entry["spec"]
    _skip_without_requirements(spec)
    mx.random.seed(0)
    if "error" in entry:
        typ, msg = rt.run_error(spec, mx)
        assert typ is not None, f"MXNet raised {entry['error']['type']}; mxcompat did not"
        want = entry["error"]["type"]
        assert typ == want, f"raised {typ} ({msg}); MXNet raised {want}"
        return
    got = rt.run_case(spec, mx)
    want = entry["result"]
    assert got["is_list"] == want["is_list"]
    assert len(got["out"]) == len(want["out"])
    for k, (g, w) in enumerate(zip(got["out"], want["out"])):
        if "python" in w:
            assert (g.get("python"), g["type"]) == (w["python"], w["type"]), f"output {k}"
            continue
        _compare(spec, g, w, f"output {k}")
        if "repr" in w:
            assert g["repr"] == w["repr"]
            assert g["str"] == w["str"]
    for name, w in want.get("grads", {}).items():
        _compare(spec, got["grads"][name], w, f"gradient of {name}")


GRAD_CASES = [p for p in CASES if p.values[0]["spec"].get("grad")
              and "result" in p.values[0]]


@pytest.mark.parametrize("entry", GRAD_CASES)
def test_golden_gradients_through_compiled_replay(entry):
    """The same gradients when backward replays the whole graph as one compiled
    program (the path a training loop takes once its graph structure repeats)."""
    spec = entry["spec"]
    prev = mx.autograd.set_compile_policy(threshold=1, synchronous=True)
    try:
        mx.random.seed(0)
        got = rt.run_case(spec, mx)
    finally:
        mx.autograd.set_compile_policy(**prev)
    for name, w in entry["result"].get("grads", {}).items():
        _compare(spec, got["grads"][name], w, f"gradient of {name} (compiled)")


@pytest.mark.parametrize("entry", MXNET_FAILED or [None])
def test_runs_where_mxnet_fails(entry):
    """Cases where MXNet 1.9.1 itself raises (a missing gradient, a limitation):
    mxcompat must run them; their values are checked against analytic results or
    jax.grad in the op-family tests."""
    if entry is None:
        return
    _skip_without_requirements(entry["spec"])
    rt.run_case(entry["spec"], mx)
