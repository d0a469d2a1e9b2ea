"""The tutorials run unchanged through ``mxcompat run`` and print the right values.

Each notebook checks its own results with asserts (a failing assert fails the run);
here we also read the executed notebooks and check printed values."""
import glob
import json
import os
import subprocess
import sys

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


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: os.path.basename(p))
def test_tutorial_runs_and_prints_expected_values(nb, tmp_path):
    name = os.path.basename(nb)
    outs = _outputs(_run(nb, tmp_path))
    if name.startswith("01_"):
        assert outs[0].strip() == "1.9.1"
        assert "[[ 3.   12.  ]\n [ 0.75 27.  ]]" in outs[1]
        assert outs[3].startswith("7 \n[256. 256. 256.]")
        assert outs[4].startswith("False\nTrue")
    elif name.startswith("04_"):
        assert "ok   d/d input 1" in outs[1] and "FAIL" not in outs[1]
        assert "FAIL d/d input 0" in outs[2]
        assert outs[3].strip() == "ok"
    elif name.startswith("05_"):
        assert "training on cpu(0)" in outs[0] or "training on gpu(0)" in outs[0]
        losses = [float(line.split()[1]) for line in outs[2].splitlines()
                  if line[:1].isdigit() and len(line.split()) == 2]
        assert len(losses) == 10 and losses[-1] < 1e-3 < losses[0]
