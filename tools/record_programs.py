"""Record what the seed programs print under the real MXNet (run with the oracle).

    "$(bash ../shared/oracle/setup.sh)" tools/record_programs.py

Each ``tests/programs/*.py`` is run with the real MXNet; its stdout goes to
``tests/golden/programs/<name>.stdout``. ``tests/test_programs.py`` runs the same
programs with ``mxcompat run`` and compares the bytes.
"""
import glob
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# MinPy programs: no oracle can run them (tests/test_minpy.py checks them instead).
NO_ORACLE = {"seed_minpy"}


def main(names):
    out_dir = os.path.join(ROOT, "tests", "golden", "programs")
    os.makedirs(out_dir, exist_ok=True)
    progs = sorted(glob.glob(os.path.join(ROOT, "tests", "programs", "*.py")))
    for prog in progs:
        name = os.path.basename(prog)[:-3]
        if (names and name not in names) or name in NO_ORACLE:
            continue
        res = subprocess.run([sys.executable, prog], capture_output=True,
                             cwd=os.path.dirname(prog))
        if res.returncode != 0:
            print("%s failed under MXNet:\n%s" % (name, res.stderr.decode()[-2000:]))
            continue
        with open(os.path.join(out_dir, name + ".stdout"), "wb") as f:
            f.write(res.stdout)
        print("%s: %d bytes" % (name, len(res.stdout)))


if __name__ == "__main__":
    main(sys.argv[1:])
