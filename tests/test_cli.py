"""The ``mxcompat`` command: ``run`` for scripts, modules and notebooks, ``kernel``.

Everything runs in subprocesses through ``python -m mxcompat`` exactly as a user would
run it. Scripts are compared with plain ``python`` running the same file; the NDArray
printout is compared byte for byte with what the real MXNet 1.9.1 printed for the
same script (tests/data/print_nd.mxnet-1.9.1.stdout, recorded with the MXNet oracle:
``$ORACLE tests/data/print_nd.py > tests/data/print_nd.mxnet-1.9.1.stdout``).
"""
import base64
import json
import os
import subprocess
import sys

import nbformat
import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(REPO, "tests", "data")


def _env(**extra):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (REPO, extra.pop("PYTHONPATH", None), env.get("PYTHONPATH")) if p)
    env.pop("MPLBACKEND", None)
    env.update(extra)
    return env


def mxcompat(*args, cwd=REPO, text=True, timeout=300, **env):
    return subprocess.run([sys.executable, "-m", "mxcompat", *args], cwd=cwd,
                          env=_env(**env), capture_output=True, text=text, timeout=timeout)


def python(*args, cwd=REPO, text=True):
    return subprocess.run([sys.executable, *args], cwd=cwd, env=_env(), capture_output=True,
                          text=text, timeout=120)


# ------------------------------------------------------------------ scripts

def test_script_sees_argv_main_and_its_directory(tmp_path):
    script = os.path.join(DATA, "cli_probe.py")
    # Arguments that look like mxcompat's own options belong to the script.
    res = mxcompat("run", script, "a b", "--allow-errors", "-m", "x", cwd=str(tmp_path))
    assert res.returncode == 0, res.stderr
    info = json.loads(res.stdout)
    assert info == {
        "name": "__main__",
        "file": script,
        "argv": [script, "a b", "--allow-errors", "-m", "x"],
        "path0": DATA,
        "helper": "helper next to the script",
        "version": "1.9.1",
        "mx_name": "mxnet",
        "same_ndarray": True,
        "main_module_is_script": True,
    }
    assert res.stderr == ""                 # no real MXNet here: no notice


def test_relative_script_path(tmp_path):
    res = mxcompat("run", os.path.join("tests", "data", "cli_probe.py"), "x")
    assert res.returncode == 0, res.stderr
    info = json.loads(res.stdout)
    assert info["argv"] == [os.path.join("tests", "data", "cli_probe.py"), "x"]
    assert info["file"] == os.path.join(DATA, "cli_probe.py")   # absolute, as in python
    assert info["path0"] == DATA


def test_exit_status_of_the_script():
    res = mxcompat("run", os.path.join(DATA, "cli_probe.py"), "--exit", "7")
    assert res.returncode == 7
    assert json.loads(res.stdout)["argv"][1:] == ["--exit", "7"]


@pytest.mark.parametrize("args", [
    ["ok", "x", "--y"],
    ["raise"],
    ["code", "0"],
    ["code", "3"],
    ["message"],
    ["warn"],
])
def test_script_behaves_like_plain_python(args):
    script = os.path.join("tests", "data", "cli_plain.py")
    plain = python(script, *args, text=False)
    ours = mxcompat("run", script, *args, text=False)
    assert (ours.returncode, ours.stdout, ours.stderr) == \
        (plain.returncode, plain.stdout, plain.stderr)
    if args[0] == "raise":                  # the comparison covered a real traceback
        assert plain.returncode == 1
        assert b"The above exception was the direct cause" in plain.stderr
        assert plain.stderr.count(b'File "') == 4
    if args[0] == "warn":
        assert b"DeprecationWarning: deprecated here" in plain.stderr


def test_syntax_error_like_plain_python(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("print('never')\nx = (1,\n")
    plain = python(str(bad), text=False)
    ours = mxcompat("run", str(bad), text=False)
    assert plain.returncode == 1 and b"SyntaxError" in plain.stderr
    assert (ours.returncode, ours.stdout, ours.stderr) == \
        (plain.returncode, plain.stdout, plain.stderr)


def test_directory_and_zip_programs_like_plain_python(tmp_path):
    app = tmp_path / "app"
    app.mkdir()
    (app / "__main__.py").write_text(
        "import sys\nimport appmod\nprint(__name__, sys.argv, sys.path[0], appmod.X)\n"
        "raise SystemExit(4)\n")
    (app / "appmod.py").write_text("X = 'found next to __main__'\n")
    import zipfile
    with zipfile.ZipFile(tmp_path / "app.zip", "w") as z:
        for name in ("__main__.py", "appmod.py"):
            z.write(app / name, name)
    for program in (str(app), str(tmp_path / "app.zip")):
        plain = python(program, "arg")
        ours = mxcompat("run", program, "arg")
        assert plain.returncode == 4 and "found next to __main__" in plain.stdout
        assert (ours.returncode, ours.stdout, ours.stderr) == \
            (plain.returncode, plain.stdout, plain.stderr)


def test_ndarray_printout_matches_mxnet_byte_for_byte():
    with open(os.path.join(DATA, "print_nd.mxnet-1.9.1.stdout"), "rb") as f:
        expected = f.read()
    res = mxcompat("run", os.path.join(DATA, "print_nd.py"), text=False)
    assert res.returncode == 0, res.stderr.decode()
    assert res.stdout == expected


def test_run_module(tmp_path):
    res = mxcompat("run", "-m", "cli_modmain", "one", "--two", cwd=DATA)
    assert res.returncode == 0, res.stderr
    info = json.loads(res.stdout)
    assert info == {"name": "__main__", "argv0": os.path.join(DATA, "cli_modmain.py"),
                    "args": ["one", "--two"], "path0": DATA, "cwd": DATA,
                    "version": "1.9.1"}
    res = mxcompat("run", "-m", "cli_modmain", "fail", cwd=DATA)
    assert res.returncode == 1
    assert res.stderr.rstrip().endswith("RuntimeError: module failed")
    assert "mxcompat/cli.py" not in res.stderr          # the runner's frames are hidden
    res = mxcompat("run", "-m", "no_such_module_here", cwd=str(tmp_path))
    assert res.returncode == 1
    assert "No module named no_such_module_here" in res.stderr


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_multiprocessing_children_get_the_alias(method):
    res = mxcompat("run", os.path.join(DATA, "cli_spawn.py"), method)
    assert res.returncode == 0, res.stderr
    assert res.stdout == "[('1.9.1', True, 3.0)]\n"


def test_missing_script(tmp_path):
    res = mxcompat("run", str(tmp_path / "nope.py"))
    assert res.returncode == 2
    assert "can't open file" in res.stderr and "nope.py" in res.stderr


def test_notebook_options_are_rejected_for_scripts(capsys):
    from mxcompat import cli
    with pytest.raises(SystemExit) as info:
        cli.main(["run", "--allow-errors", os.path.join(DATA, "cli_plain.py")])
    assert info.value.code == 2
    assert "--allow-errors only apply to notebooks" in capsys.readouterr().err


def test_shadow_notice_when_a_real_mxnet_is_installed(tmp_path):
    site = tmp_path / "site"
    (site / "mxnet").mkdir(parents=True)
    (site / "mxnet" / "__init__.py").write_text("raise RuntimeError('real mxnet imported')\n")
    res = mxcompat("run", os.path.join(DATA, "cli_probe.py"), PYTHONPATH=str(site))
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["same_ndarray"] is True
    lines = res.stderr.splitlines()
    assert len(lines) == 1
    assert "shadowed by mxcompat" in lines[0] and str(site / "mxnet") in lines[0]


def test_version_through_the_command():
    res = mxcompat("--version")
    assert res.returncode == 0
    assert res.stdout.strip() == "mxcompat 0.1.0 (Apache MXNet 1.9.1 API on JAX)"


def test_help_and_usage_errors(capsys):
    from mxcompat import cli
    with pytest.raises(SystemExit) as info:
        cli.main(["run", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for word in ("-m MODULE", "--output", "--allow-errors", "--timeout", "--kernel",
                 "exit status is 0"):
        assert word in out
    assert cli.main([]) == 2
    err = capsys.readouterr().err
    assert "run" in err and "kernel" in err
    assert cli.main(["kernel"]) == 2
    assert "install" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        cli.main(["run"])
    assert info.value.code == 2
    assert "give a script, a notebook or -m MODULE" in capsys.readouterr().err


def test_console_script_entry_point_is_declared():
    with open(os.path.join(REPO, "pyproject.toml")) as f:
        assert 'mxcompat = "mxcompat.cli:main"' in f.read()


# ------------------------------------------------------------------ notebooks

def _notebook(path, cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell(c[1:]) if c.startswith("#") else
                nbformat.v4.new_code_cell(c) for c in cells]
    nbformat.write(nb, str(path))
    return str(path)


GOOD_CELLS = [
    "# A legacy MXNet notebook",
    "import os, sys\nimport mxnet as mx\nprint(mx.__version__)\nprint(os.getcwd())",
    "from mxnet import nd, autograd\nx = nd.array([1.0, 2.0, 3.0])\nx.attach_grad()\n"
    "with autograd.record():\n    y = (x * x).sum()\ny.backward()\nx.grad.asnumpy().tolist()",
    "x * 2",
    "open('data.txt').read()",
    "import matplotlib.pyplot as plt\nplt.plot([0, 1, 2], [0, 1, 4])\nplt.show()",
    "import mxnet.ndarray, mxcompat\nprint(mxnet.ndarray is mxcompat.ndarray, __name__)",
]


@pytest.fixture(scope="module")
def good_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("good nb")          # a space in the path on purpose
    (folder / "data.txt").write_text("read relative to the notebook")
    path = _notebook(folder / "legacy.ipynb", GOOD_CELLS)
    res = mxcompat("run", path, cwd=str(tmp_path_factory.mktemp("elsewhere")))
    return folder, path, res


def _outputs(nb, index):
    return nb.cells[index].outputs


def _text(output):
    return output.get("text") or output.get("data", {}).get("text/plain", "")


def test_notebook_runs_and_is_written_next_to_the_input(good_run):
    folder, path, res = good_run
    assert res.returncode == 0, res.stderr
    out = str(folder / "legacy.mxcompat.ipynb")
    assert f"wrote the executed notebook to {out}" in res.stderr
    assert "cell/s" in res.stderr or "s/cell" in res.stderr       # the progress bar
    nb = nbformat.read(out, as_version=4)
    assert [c.get("execution_count") for c in nb.cells] == [None, 1, 2, 3, 4, 5, 6]
    assert _text(_outputs(nb, 1)[0]) == f"1.9.1\n{folder}\n"
    # d(sum x^2)/dx = 2x
    assert _text(_outputs(nb, 2)[0]) == "[2.0, 4.0, 6.0]"
    # The repr real MXNet 1.9.1 gives for nd.array([2., 4., 6.]).
    assert _text(_outputs(nb, 3)[0]) == "\n[2. 4. 6.]\n<NDArray 3 @cpu(0)>"
    assert _text(_outputs(nb, 4)[0]) == "'read relative to the notebook'"
    assert _text(_outputs(nb, 6)[0]) == "True __main__\n"
    # The input notebook is left as it was.
    assert all(not c.get("outputs") for c in nbformat.read(path, as_version=4).cells)


def test_notebook_matplotlib_figure_is_saved(good_run):
    folder, _, res = good_run
    nb = nbformat.read(str(folder / "legacy.mxcompat.ipynb"), as_version=4)
    images = [o for o in _outputs(nb, 5) if "image/png" in o.get("data", {})]
    assert len(images) == 1
    assert base64.b64decode(images[0]["data"]["image/png"]).startswith(b"\x89PNG\r\n\x1a\n")


FAILING_CELLS = [
    "value = 40",
    "print('before the error')\nraise ValueError(f'boom {value + 2}')",
    "print('after the error')",
]


@pytest.fixture(scope="module")
def failing_notebook(tmp_path_factory):
    return _notebook(tmp_path_factory.mktemp("failing") / "broken.ipynb", FAILING_CELLS)


def test_failing_cell_stops_with_a_report(failing_notebook):
    res = mxcompat("run", failing_notebook)
    assert res.returncode == 1
    err = res.stderr
    assert "cell 1 (In [2]) raised ValueError: boom 42" in err
    assert "raise ValueError(f'boom {value + 2}')" in err          # the cell's source
    assert "ValueError: boom 42" in err.split("----- traceback")[1]
    assert "\x1b[" not in err                                      # no colour codes in a pipe
    assert "--allow-errors" in err
    nb = nbformat.read(failing_notebook.replace(".ipynb", ".mxcompat.ipynb"), as_version=4)
    assert [o.output_type for o in nb.cells[1].outputs] == ["stream", "error"]
    assert nb.cells[1].outputs[1].ename == "ValueError"
    assert nb.cells[2].outputs == []                               # never ran


def test_allow_errors_runs_every_cell(failing_notebook, tmp_path):
    out = str(tmp_path / "custom name.ipynb")
    res = mxcompat("run", failing_notebook, "--allow-errors", "--output", out)
    assert res.returncode == 0, res.stderr
    assert f"wrote the executed notebook to {out}" in res.stderr
    assert "1 cell(s) raised errors" in res.stderr and "cell 1" in res.stderr
    nb = nbformat.read(out, as_version=4)
    assert nb.cells[1].outputs[1].evalue == "boom 42"
    assert _text(nb.cells[2].outputs[0]) == "after the error\n"


def test_cell_timeout(tmp_path):
    path = _notebook(tmp_path / "slow.ipynb", ["x = 1", "import time\ntime.sleep(60)", "x"])
    res = mxcompat("run", "--timeout", "2", path)
    assert res.returncode == 1
    assert "cell 1 did not finish within --timeout 2 s" in res.stderr
    nb = nbformat.read(str(tmp_path / "slow.mxcompat.ipynb"), as_version=4)
    assert nb.cells[2].outputs == []


def test_bad_notebook_file(tmp_path):
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{ not json")
    res = mxcompat("run", str(bad))
    assert res.returncode == 2 and "not a readable Jupyter notebook" in res.stderr


# ------------------------------------------------------------------ kernel install

def test_kernel_install_and_uninstall(tmp_path):
    prefix = tmp_path / "prefix"
    res = mxcompat("kernel", "install", "--prefix", str(prefix), "--name", "mxc-test")
    assert res.returncode == 0, res.stderr
    spec_dir = prefix / "share" / "jupyter" / "kernels" / "mxc-test"
    with open(spec_dir / "kernel.json") as f:
        spec = json.load(f)
    assert spec["display_name"] == "MXNet (mxcompat)"
    assert spec["language"] == "python"
    assert spec["argv"] == [sys.executable, "-m", "mxcompat.kernel", "-f", "{connection_file}"]

    # Jupyter finds it there, and a notebook runs through the installed kernelspec.
    jupyter_path = str(prefix / "share" / "jupyter")
    path = _notebook(tmp_path / "k.ipynb", ["import mxnet\nprint(mxnet.__version__)"])
    res = mxcompat("run", path, "--kernel", "mxc-test", JUPYTER_PATH=jupyter_path)
    assert res.returncode == 0, res.stderr
    nb = nbformat.read(str(tmp_path / "k.mxcompat.ipynb"), as_version=4)
    assert _text(nb.cells[0].outputs[0]) == "1.9.1\n"

    res = mxcompat("kernel", "uninstall", "--prefix", str(prefix), "--name", "mxc-test")
    assert res.returncode == 0, res.stderr
    assert not spec_dir.exists()
    res = mxcompat("kernel", "uninstall", "--prefix", str(prefix), "--name", "mxc-test")
    assert res.returncode == 1 and "No kernelspec named 'mxc-test'" in res.stderr


def test_unknown_kernel_name(tmp_path):
    path = _notebook(tmp_path / "k.ipynb", ["1"])
    res = mxcompat("run", path, "--kernel", "no-such-kernel-xyz",
                   JUPYTER_PATH=str(tmp_path / "empty"))
    assert res.returncode == 1
    assert "no-such-kernel-xyz" in res.stderr
