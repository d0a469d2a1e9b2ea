"""Seed programs run unchanged with ``mxcompat run`` print byte for byte what MXNet
1.9.1 printed (recorded by tools/record_programs.py into tests/golden/programs/)."""
import glob
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Programs with no MXNet to record them (MinPy's) are checked by their own tests
# against numpy/JAX instead: seed_minpy.py by tests/test_minpy.py.
NO_ORACLE = {"seed_minpy.py"}
PROGRAMS = sorted(p for p in glob.glob(os.path.join(ROOT, "tests", "programs", "*.py"))
                  if os.path.basename(p) not in NO_ORACLE)


@pytest.mark.parametrize("prog", PROGRAMS, ids=lambda p: os.path.basename(p)[:-3])
def test_program_prints_what_mxnet_prints(prog):
    name = os.path.basename(prog)[:-3]
    golden = os.path.join(ROOT, "tests", "golden", "programs", name + ".stdout")
    with open(golden, "rb") as f:
        want = f.read()
    env = dict(os.environ)
    env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
    res = subprocess.run([sys.executable, "-m", "mxcompat", "run", prog],
                         capture_output=True, env=env, cwd=os.path.dirname(prog))
    assert res.returncode == 0, res.stderr.decode()[-3000:]
    assert res.stdout.decode() == want.decode()
