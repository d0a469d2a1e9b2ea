"""Run straight-dope notebooks under real MXNet 1.9.1 and under mxcompat, cell by cell.

    python tools/run_straight_dope.py [chapter02_supervised-learning ...] [--json out]

The notebooks are read from the fetched repository (``fetch
github:zackchase/mxnet-the-straight-dope``; set STRAIGHT_DOPE_MIRROR to its bare git
directory) into a temporary directory: nothing fetched is committed. MNIST comes from
``../shared/data/mnist-like`` (placed where MXNet looks, under a temporary MXNET_HOME).
Real MXNet would re-download MNIST because the local files' sha1 differ from the
official ones (they are a subset); so that we learn which cells run under MXNet itself
given the data, the oracle kernel starts with gluon's ``check_sha1`` answering True
(an IPython startup file), and the four files are also placed in each notebook's
directory, where ``mx.test_utils.get_mnist()`` looks before downloading. mxcompat needs
neither: it uses present files with a warning. Every notebook runs twice with all cells executed even after errors: with a Jupyter
kernel of the oracle's Python (real MXNet; needs ipykernel in the oracle venv) and with
``mxcompat run --allow-errors``. The report lists, per notebook, how many cells ran
under MXNet and which of those fail under mxcompat.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIRROR = os.environ.get("STRAIGHT_DOPE_MIRROR",
                        "/work/.mirror/zackchase+mxnet-the-straight-dope/repo")
MNIST = os.path.join(ROOT, "..", "shared", "data", "mnist-like")
DEFAULT = ["chapter01_crashcourse", "chapter02_supervised-learning",
           "chapter03_deep-neural-networks", "chapter06_optimization"]


def oracle_python():
    out = subprocess.run(["bash", os.path.join(ROOT, "..", "shared", "oracle", "setup.sh")],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1]


def list_notebooks(chapters):
    names = subprocess.run(["git", "-C", MIRROR, "ls-tree", "-r", "--name-only", "HEAD"],
                           capture_output=True, text=True, check=True).stdout.split()
    return [n for n in names if n.endswith(".ipynb") and n.split("/")[0] in chapters]


def cell_errors(nb):
    """[(code cell index, error name or None)] of an executed notebook."""
    res = []
    k = 0
    for c in nb["cells"]:
        if c["cell_type"] != "code":
            continue
        err = None
        for o in c.get("outputs", []):
            if o.get("output_type") == "error":
                err = f"{o.get('ename')}: {o.get('evalue', '')[:160]}"
        res.append((k, err))
        k += 1
    return res


def run_oracle(path, oracle, workdir, timeout):
    import nbclient
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager
    kdir = os.path.join(workdir, "kernels", "mxnet-oracle")
    os.makedirs(kdir, exist_ok=True)
    ipy = os.path.join(workdir, "ipython")
    startup = os.path.join(ipy, "profile_default", "startup")
    os.makedirs(startup, exist_ok=True)
    with open(os.path.join(startup, "00-local-mnist.py"), "w") as f:
        f.write("import mxnet.gluon.utils as _u, mxnet.gluon.data.vision.datasets as _d\n"
                "_u.check_sha1 = _d.check_sha1 = lambda *a, **k: True\n")
    with open(os.path.join(kdir, "kernel.json"), "w") as f:
        json.dump({"argv": [oracle, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                   "display_name": "MXNet 1.9.1 (oracle)", "language": "python",
                   "env": {"IPYTHONDIR": ipy}}, f)
    ksm = KernelSpecManager(kernel_dirs=[os.path.join(workdir, "kernels")])
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=timeout, allow_errors=True,
                                     kernel_name="mxnet-oracle",
                                     resources={"metadata": {"path": os.path.dirname(path)}})
    client.kernel_manager_class.kernel_spec_manager = ksm
    from jupyter_client.manager import KernelManager

    class KM(KernelManager):
        def _kernel_spec_manager_default(self):
            return ksm
    client.kernel_manager_class = KM
    try:
        client.execute()
    except Exception as e:  # noqa: BLE001 - a dead kernel: report what ran
        print("  oracle run stopped:", type(e).__name__, str(e)[:200])
    return nb


def run_mxcompat(path, timeout):
    out = path.replace(".ipynb", ".mxcompat.ipynb")
    env = dict(os.environ)
    env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
    subprocess.run([sys.executable, "-m", "mxcompat", "run", path, "--allow-errors",
                    "--timeout", str(timeout), "-o", out], env=env, capture_output=True)
    with open(out) as f:
        return json.load(f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("chapters", nargs="*", default=DEFAULT)
    ap.add_argument("--json")
    ap.add_argument("--timeout", type=int, default=900)
    ap.add_argument("--only")
    args = ap.parse_args()
    oracle = oracle_python()
    work = tempfile.mkdtemp(prefix="straight-dope-")
    home = os.path.join(work, "mxnet_home")
    for sub in ("mnist", "fashion-mnist"):
        os.makedirs(os.path.join(home, "datasets", sub))
        for f in os.listdir(MNIST):
            shutil.copy(os.path.join(MNIST, f), os.path.join(home, "datasets", sub, f))
    os.environ["MXNET_HOME"] = home
    report = {}
    for name in list_notebooks(args.chapters):
        if args.only and args.only not in name:
            continue
        path = os.path.join(work, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        for f in os.listdir(MNIST):
            shutil.copy(os.path.join(MNIST, f), os.path.join(os.path.dirname(path), f))
        with open(path, "w") as f:
            f.write(subprocess.run(["git", "-C", MIRROR, "show", f"HEAD:{name}"],
                                   capture_output=True, text=True, check=True).stdout)
        shutil.copy(path, path + ".orig")
        t0 = time.perf_counter()
        mx_nb = cell_errors(run_oracle(path, oracle, work, args.timeout))
        t1 = time.perf_counter()
        shutil.copy(path + ".orig", path)
        mc_nb = cell_errors(run_mxcompat(path, args.timeout))
        t2 = time.perf_counter()
        ok_mx = [k for k, e in mx_nb if e is None]
        regress = [(k, dict(mc_nb).get(k)) for k in ok_mx if dict(mc_nb).get(k) is not None]
        report[name] = {"cells": len(mx_nb), "ran_under_mxnet": len(ok_mx),
                        "also_ran_under_mxcompat": len(ok_mx) - len(regress),
                        "failed_under_mxnet": [(k, e) for k, e in mx_nb if e],
                        "regressions": regress, "seconds_mxnet": round(t1 - t0, 1),
                        "seconds_mxcompat": round(t2 - t1, 1)}
        print(f"{name}: {len(mx_nb)} cells, {len(ok_mx)} run under MXNet, "
              f"{len(ok_mx) - len(regress)} of those run under mxcompat "
              f"({t1 - t0:.0f} s under MXNet, {t2 - t1:.0f} s under mxcompat)")
        for k, e in regress:
            print(f"    cell {k}: {e}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)
    total = sum(r["ran_under_mxnet"] for r in report.values())
    good = sum(r["also_ran_under_mxcompat"] for r in report.values())
    print(f"total: {good}/{total} cells that run under MXNet 1.9.1 also run under mxcompat")


if __name__ == "__main__":
    main()
