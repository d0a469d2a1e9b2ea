"""The tutorials run unchanged through ``mxcompat run`` and print the right values.

Each notebook checks its own results with asserts (a failing assert fails the run);
here we also read the executed notebooks and check printed values."""
import glob
import json
import os
import re
import subprocess
import sys

import numpy as onp
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOTEBOOKS = sorted(glob.glob(os.path.join(ROOT, "tutorials", "*.ipynb")))


def _run(nb, tmp_path):
    out = tmp_path / os.path.basename(nb)
    env = dict(os.environ)
    env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
    res = subprocess.run([sys.executable, "-m", "mxcompat", "run", nb, "-o", str(out)],
                         capture_output=True, text=True, env=env, timeout=900)
    assert res.returncode == 0, res.stderr[-4000:]
    with open(out) as f:
        return json.load(f)


def _text(cell):
    parts = []
    for o in cell.get("outputs", []):
        if "text" in o:
            parts.append("".join(o["text"]))
        elif "data" in o and "text/plain" in o["data"]:
            parts.append("".join(o["data"]["text/plain"]))
    return "".join(parts)


def _outputs(nb):
    return [_text(c) for c in nb["cells"] if c["cell_type"] == "code"]


def _images(nb):
    return [o for c in nb["cells"] if c["cell_type"] == "code"
            for o in c.get("outputs", []) if "image/png" in o.get("data", {})]


def _numbers(text):
    return onp.array([float(v) for v in re.findall(r"-?\d+\.?\d*(?:e[-+]?\d+)?", text)])


def _close(text, want, tol=1e-5):
    onp.testing.assert_allclose(_numbers(text), onp.ravel(onp.asarray(want, float)),
                                rtol=tol, atol=tol)


def _check_02(outs):
    """Values worked out by hand for 02_autograd_np (same inputs as the notebook)."""
    assert outs[0].strip() == "1.9.1"
    x = onp.array([[1.0, 2.0], [3.0, 4.0]])
    assert outs[1].startswith("() 0\n")                             # y is 0-d
    _close(outs[1][5:], 3 * x ** 2 - 2)
    v = onp.array([0.5, 1.0, 1.5])
    _close(outs[2], onp.array([1.0, 0.5, 2.0]) * onp.exp(v) * (v + 1))
    _close(outs[3], onp.concatenate([v ** 2, 3 * v ** 2]))
    assert outs[4].endswith("backward on a detached result: MXNetError\n")
    _close(outs[4].splitlines()[0], 2 * v ** 2)
    a = onp.array([0.2, -0.4, 0.1])
    steps = 0
    while onp.linalg.norm(a * 2 ** (steps + 1)) < 100:
        steps += 1
    scale = 2.0 ** (steps + 1)
    sign = 1.0 if (scale * a).sum() > 0 else -3.0
    _close(outs[5], [0, steps] + [sign * scale] * 3)
    t = onp.array([-1.0, 0.5, 2.0])
    _close(outs[6], onp.concatenate([onp.cos(t) * t + onp.sin(t),
                                     2 * onp.cos(t) - t * onp.sin(t)]))


def _check_03(nb, outs):
    """Values worked out by hand for 03_minpy_derivatives, and the saved figure."""
    assert outs[0].strip() == "90 43.0"
    lines = outs[1].strip().splitlines()
    assert [ln.split(":")[0] for ln in lines[:4]] == ["order %d" % k for k in range(4)]
    assert all(float(ln.split()[-1]) < 1e-4 for ln in lines[:4])
    x = 1.0
    want = [onp.sin(x) + x * onp.cos(x), 2 * onp.cos(x) - x * onp.sin(x),
            -3 * onp.sin(x) - x * onp.cos(x)]
    _close(lines[4].split(":")[1], want, tol=1e-5)
    assert len(_images(nb)) == 1 and "image/png" in nb["cells"][5]["outputs"][-1]["data"]
    assert outs[3].splitlines() == ["[3.0, 6.0, -1.0]", "[3.0, 6.0, -1.0] 11.0"]
    assert outs[4].splitlines()[0] == "2.0 0.0"
    _close(outs[4].splitlines()[1], [6 * 1.5 * 2.0 ** 2])


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: os.path.basename(p))
def test_tutorial_runs_and_prints_expected_values(nb, tmp_path):
    name = os.path.basename(nb)
    executed = _run(nb, tmp_path)
    outs = _outputs(executed)
    if name.startswith("01_"):
        assert outs[0].strip() == "1.9.1"
        assert "[[ 3.   12.  ]\n [ 0.75 27.  ]]" in outs[1]
        assert outs[3].startswith("7 \n[256. 256. 256.]")
        assert outs[4].startswith("False\nTrue")
    elif name.startswith("02_"):
        _check_02(outs)
    elif name.startswith("03_"):
        _check_03(executed, outs)
    elif name.startswith("04_"):
        assert "ok   d/d input 1" in outs[1] and "FAIL" not in outs[1]
        assert "FAIL d/d input 0" in outs[2]
        assert outs[3].strip() == "ok"
    elif name.startswith("05_"):
        assert "training on cpu(0)" in outs[0] or "training on gpu(0)" in outs[0]
        losses = [float(line.split()[1]) for line in outs[2].splitlines()
                  if line[:1].isdigit() and len(line.split()) == 2]
        assert len(losses) == 10 and losses[-1] < 1e-3 < losses[0]
