"""The opt-in ``mxnet`` / ``minpy`` import alias (mxcompat.alias)."""
import importlib
import importlib.util
import os
import subprocess
import sys
import textwrap
import types

import pytest

import mxcompat
from mxcompat import alias

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _aliased_keys():
    return sorted(k for k in sys.modules if k.partition(".")[0] in ("mxnet", "minpy"))


@pytest.fixture(autouse=True)
def no_alias_around():
    """Every test starts and ends without the alias and without aliased modules."""
    alias.uninstall()
    assert _aliased_keys() == []
    yield
    alias.uninstall()
    assert _aliased_keys() == []


def _write_package(root, files):
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(textwrap.dedent(text))


@pytest.fixture
def extra_mxcompat_dir(tmp_path):
    """A directory appended to mxcompat.__path__, for subpackages made up by a test."""
    root = str(tmp_path / "extra")
    os.makedirs(root)
    mxcompat.__path__.append(root)
    before = set(sys.modules)
    try:
        yield root
    finally:
        mxcompat.__path__.remove(root)
        for name in set(sys.modules) - before:
            module = sys.modules[name]
            if (getattr(module, "__file__", None) or "").startswith(root):
                del sys.modules[name]
                parent, _, last = name.rpartition(".")
                if parent in sys.modules and getattr(sys.modules[parent], last, None) is module:
                    delattr(sys.modules[parent], last)
        importlib.invalidate_caches()


# ------------------------------------------------------------------ opt-in only

def test_no_mxnet_without_the_alias():
    assert not alias.installed()
    assert importlib.util.find_spec("mxnet") is None
    assert importlib.util.find_spec("minpy") is None
    with pytest.raises(ModuleNotFoundError):
        import mxnet  # noqa: F401


def test_importing_mxcompat_does_not_alias():
    code = "import mxcompat\ntry:\n    import mxnet\nexcept ModuleNotFoundError:\n    print('absent')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=REPO, check=True).stdout
    assert out.strip() == "absent"


def test_no_top_level_mxnet_package_is_shipped():
    assert not os.path.exists(os.path.join(REPO, "mxnet"))
    assert not os.path.exists(os.path.join(REPO, "minpy"))


# ------------------------------------------------------------------ the mxnet module

def test_top_level_module_forwards_to_mxcompat():
    with alias.aliased():
        import mxnet as mx
        assert mx is not mxcompat
        assert mx.__name__ == "mxnet"
        assert mx.__version__ == "1.9.1"
        assert sys.modules["mxnet"] is mx
        assert mx.nd is mxcompat.ndarray
        assert mx.ndarray is mxcompat.ndarray
        assert mx.autograd is mxcompat.autograd
        assert mx.MXNetError is mxcompat.base.MXNetError
        assert mx.cpu() == mxcompat.cpu()
        assert mx.current_context() == mxcompat.cpu(0)
        # A lazily loaded submodule is reached through the forwarder too.
        assert mx.test_utils is importlib.import_module("mxcompat.test_utils")
        assert {"nd", "autograd", "gluon", "np", "npx"} <= set(dir(mx))
        with pytest.raises(AttributeError, match="no attribute 'not_an_mxnet_api'"):
            mx.not_an_mxnet_api
        x = mx.nd.array([1.0, 2.0, 3.0])
        assert type(x) is mxcompat.nd.NDArray
        assert float((x * x).sum().asscalar()) == 14.0


def test_star_import_gives_mxcompat_names():
    with alias.aliased():
        namespace = {}
        exec("from mxnet import *", namespace)
        assert namespace["nd"] is mxcompat.ndarray
        assert namespace["cpu"] is mxcompat.cpu


@pytest.mark.parametrize("statement, name, target", [
    ("import mxnet.ndarray as m", "mxnet.ndarray", "mxcompat.ndarray"),
    ("import mxnet.nd as m", "mxnet.nd", "mxcompat.ndarray"),
    ("import mxnet.autograd as m", "mxnet.autograd", "mxcompat.autograd"),
    ("import mxnet.ndarray.random as m", "mxnet.ndarray.random", "mxcompat.ndarray.random"),
    ("import mxnet.nd.random as m", "mxnet.nd.random", "mxcompat.ndarray.random"),
    ("import mxnet.ndarray.linalg as m", "mxnet.ndarray.linalg", "mxcompat.ndarray.linalg"),
    ("import mxnet.test_utils as m", "mxnet.test_utils", "mxcompat.test_utils"),
    ("import mxnet.context as m", "mxnet.context", "mxcompat.context"),
    ("import mxnet.base as m", "mxnet.base", "mxcompat.base"),
])
def test_submodules_are_the_mxcompat_modules(statement, name, target):
    with alias.aliased():
        namespace = {}
        exec(statement, namespace)
        module = namespace["m"]
        assert module is importlib.import_module(target)
        assert sys.modules[name] is module
        # The module keeps its own identity: name and spec are mxcompat's.
        assert module.__name__ == target
        assert module.__spec__.name == target
        # ``from`` imports of submodules give the same objects.
        parent, _, last = name.rpartition(".")
        namespace = {}
        exec(f"from {parent} import {last} as m2", namespace)
        assert namespace["m2"] is module


def test_from_import_of_submodules():
    with alias.aliased():
        from mxnet import nd, autograd, random, test_utils
        assert nd is mxcompat.ndarray
        assert autograd is mxcompat.autograd
        assert random is mxcompat.random
        assert test_utils is importlib.import_module("mxcompat.test_utils")
        import mxnet.ndarray as nd2
        assert nd2 is nd


@pytest.mark.parametrize("name, expected", [
    ("mxnet", "mxcompat"),
    ("mxnet.nd", "mxcompat.ndarray"),
    ("mxnet.ndarray", "mxcompat.ndarray"),
    ("mxnet.np", "mxcompat.numpy"),
    ("mxnet.numpy", "mxcompat.numpy"),
    ("mxnet.npx", "mxcompat.numpy_extension"),
    ("mxnet.numpy_extension", "mxcompat.numpy_extension"),
    ("mxnet.sym", "mxcompat.symbol"),
    ("mxnet.symbol", "mxcompat.symbol"),
    ("mxnet.init", "mxcompat.initializer"),
    ("mxnet.initializer", "mxcompat.initializer"),
    ("mxnet.kv", "mxcompat.kvstore"),
    ("mxnet.img", "mxcompat.image"),
    ("mxnet.viz", "mxcompat.visualization"),
    ("mxnet.mod", "mxcompat.module"),
    ("mxnet.gluon", "mxcompat.gluon"),
    ("mxnet.gluon.nn", "mxcompat.gluon.nn"),
    ("mxnet.gluon.data.vision", "mxcompat.gluon.data.vision"),
    ("mxnet.np.random", "mxcompat.numpy.random"),
    ("mxnet.autograd", "mxcompat.autograd"),
    ("mxnet.random", "mxcompat.random"),
    ("mxnet.optimizer", "mxcompat.optimizer"),
    ("minpy", "mxcompat.minpy"),
    ("minpy.numpy", "mxcompat.minpy.numpy"),
    ("minpy.core", "mxcompat.minpy.core"),
    ("minpy.nn.layers", "mxcompat.minpy.nn.layers"),
    ("numpy", None),
    ("mxnetx", None),
    ("minpy_extra", None),
    ("mxcompat.ndarray", None),
])
def test_name_mapping(name, expected):
    assert alias.target_name(name) == expected


# ------------------------------------------------------------------ deeper packages

def test_nested_packages_alias_to_the_same_objects(extra_mxcompat_dir):
    _write_package(extra_mxcompat_dir, {
        "madeup/__init__.py": "from . import nn as shortcut\n",
        "madeup/nn.py": "LAYER = 'dense'\n",
        "madeup/data/__init__.py": "",
        "madeup/data/vision.py": "def transform(x):\n    return x + 1\n",
    })
    with alias.aliased():
        import mxnet.madeup.nn
        real = importlib.import_module("mxcompat.madeup")
        assert mxnet.madeup is real
        assert mxnet.madeup.nn is real.nn
        assert sys.modules["mxnet.madeup.nn"] is sys.modules["mxcompat.madeup.nn"]
        from mxnet.madeup import data
        assert data is sys.modules["mxcompat.madeup.data"]
        import mxnet.madeup.data.vision as vision
        assert vision is sys.modules["mxcompat.madeup.data.vision"]
        assert vision.transform(41) == 42
        # A module-valued attribute of a package is importable under that name too.
        import mxnet.madeup.shortcut as shortcut
        assert shortcut is real.nn
        with pytest.raises(ModuleNotFoundError) as info:
            import mxnet.madeup.nothing  # noqa: F401
        assert info.value.name == "mxnet.madeup.nothing"


def test_minpy_end_to_end(extra_mxcompat_dir):
    # Uses mxcompat.minpy when the package exists, otherwise a stand-in with the same
    # layout placed on mxcompat's package path: the alias only maps names.
    if importlib.util.find_spec("mxcompat.minpy") is None:
        _write_package(extra_mxcompat_dir, {
            "minpy/__init__.py": "",
            "minpy/numpy.py": "def ones(n):\n    return [1.0] * n\n",
            "minpy/core.py": "def grad(f):\n    return f\n",
        })
    with alias.aliased():
        import minpy
        import minpy.numpy as np
        from minpy.core import grad
        assert minpy is importlib.import_module("mxcompat.minpy")
        assert np is importlib.import_module("mxcompat.minpy.numpy")
        assert grad is importlib.import_module("mxcompat.minpy.core").grad
    assert "minpy" not in sys.modules and "minpy.numpy" not in sys.modules


# ------------------------------------------------------------------ errors

def test_unknown_submodule_error():
    with alias.aliased():
        with pytest.raises(ModuleNotFoundError,
                           match=r"mxnet\.foo.*mxcompat does not implement mxnet\.foo") as info:
            import mxnet.foo  # noqa: F401
        assert info.value.name == "mxnet.foo"
        with pytest.raises(ModuleNotFoundError, match=r"mxnet\.ndarray\.nosuch") as info:
            import mxnet.ndarray.nosuch  # noqa: F401
        assert info.value.name == "mxnet.ndarray.nosuch"
        # The failure leaves nothing half-imported behind.
        assert "mxnet.foo" not in sys.modules


def test_install_refuses_when_a_real_mxnet_is_already_imported():
    fake = types.ModuleType("mxnet")
    fake.__file__ = "/somewhere/site-packages/mxnet/__init__.py"
    sys.modules["mxnet"] = fake
    try:
        with pytest.raises(RuntimeError, match=r"already imported.*before anything imports"):
            alias.install()
        assert not alias.installed()
    finally:
        del sys.modules["mxnet"]


def test_shadow_notice(tmp_path, monkeypatch, capsys):
    real = tmp_path / "site" / "mxnet"
    real.mkdir(parents=True)
    (real / "__init__.py").write_text("raise RuntimeError('the real mxnet was imported')\n")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    importlib.invalidate_caches()
    assert alias.find_real("mxnet").origin == str(real / "__init__.py")

    alias.install()                       # the default: no notice
    assert capsys.readouterr().err == ""
    alias.uninstall()

    alias.install(notice=True)
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "shadowed by mxcompat" in err and str(real / "__init__.py") in err
    import mxnet as mx
    assert mx.nd is mxcompat.ndarray        # the alias wins for this process


# ------------------------------------------------------------------ state

def test_uninstall_restores_the_import_state():
    meta_path = list(sys.meta_path)
    alias.install()
    alias.install()                         # idempotent: one finder
    assert alias.installed()
    assert len(sys.meta_path) == len(meta_path) + 1
    import mxnet.ndarray  # noqa: F401
    from mxnet import autograd  # noqa: F401
    assert importlib.util.find_spec("mxnet") is not None
    assert {"mxnet", "mxnet.ndarray"} <= set(_aliased_keys())

    alias.uninstall()
    assert not alias.installed()
    assert sys.meta_path == meta_path
    assert _aliased_keys() == []
    assert importlib.util.find_spec("mxnet") is None
    assert sys.modules["mxcompat.ndarray"] is mxcompat.ndarray
    assert mxcompat.ndarray.__spec__.name == "mxcompat.ndarray"
    with pytest.raises(ModuleNotFoundError):
        import mxnet  # noqa: F401,F811

    # A second install gives a fresh forwarder that works the same.
    with alias.aliased():
        import mxnet as mx2
        assert mx2.nd is mxcompat.ndarray


def test_multiprocessing_hook_follows_install():
    import multiprocessing.spawn as spawn
    original = spawn.get_preparation_data
    with alias.aliased():
        data = spawn.get_preparation_data("child")
        assert "mxcompat_alias" in data
        # What a child unpickles first is a call that installs the alias there.
        func, args = data["mxcompat_alias"].__reduce__()
        alias.uninstall()
        func(*args)
        assert alias.installed()
    assert spawn.get_preparation_data is original
    assert "mxcompat_alias" not in spawn.get_preparation_data("child")


def test_aliased_context_manager_nests():
    with alias.aliased():
        assert alias.installed()
        with alias.aliased():
            assert alias.installed()
        assert alias.installed()            # the inner block did not remove it
        import mxnet  # noqa: F401
    assert not alias.installed()
    assert _aliased_keys() == []
    alias.install()
    with alias.aliased():
        pass
    assert alias.installed()                # installed before the block: stays
