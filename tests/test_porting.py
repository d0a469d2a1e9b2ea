"""``mxcompat check``: the porting report names missing APIs and their lines."""
import json
import os
import subprocess
import sys

import nbformat

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "tests", "data", "porting")


def _check(*args):
    env = dict(os.environ)
    env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "mxcompat", "check", *args],
                          capture_output=True, text=True, env=env, timeout=300)


def test_missing_api_is_named_with_its_line():
    res = _check(os.path.join(DATA, "uses_missing.py"))
    assert res.returncode == 1
    out = res.stdout
    assert "MISSING  mxnet.sym.Variable  (line 7)" in out
    assert "MISSING  mxnet.nd.no_such_operator  (line 8)" in out
    assert "ok       mxnet.nd.random.uniform  (line 6)" in out
    assert "ok       mxnet.autograd.record  (line 9)" in out   # through `autograd as ag`
    assert "ok       mxnet.gluon.nn.Dense  (line 11)" in out   # through `from ... import nn`
    assert "2 missing name(s)" in out


def test_everything_supported_exits_zero_and_json():
    res = _check(os.path.join(DATA, "all_supported.py"), "--json")
    assert res.returncode == 0, res.stdout + res.stderr
    rep = json.loads(res.stdout)
    names = {n["name"]: n["supported"] for n in rep["names"]}
    assert names["mxnet.nd.relu"] and names["mxnet.gluon.Trainer"]
    assert rep["missing"] == 0


def test_notebook_cells_are_scanned_with_cell_numbers(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# title"),
                nbformat.v4.new_code_cell("%matplotlib inline\nimport mxnet as mx"),
                nbformat.v4.new_code_cell("a = mx.nd.ones(3)\nb = mx.nd.not_there(a)")]
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, str(path))
    res = _check(str(path))
    assert res.returncode == 1
    assert "MISSING  mxnet.nd.not_there  (cell 1, line 2)" in res.stdout
    assert "ok       mxnet.nd.ones  (cell 1, line 1)" in res.stdout


def test_run_reports_a_missing_method_found_at_run_time(tmp_path):
    prog = tmp_path / "prog.py"
    prog.write_text("import mxnet as mx\nx = mx.nd.ones(2)\nx.no_such_method()\n")
    static = _check(str(prog))
    assert static.returncode == 0          # a method call is invisible statically
    res = _check(str(prog), "--run")
    assert res.returncode == 1
    assert "at run time" in res.stdout
