"""Run MXNet 1.9.1's own unit tests against mxcompat, under the import alias.

    python tools/run_mxnet_tests.py [test_autograd.py ...] [-- pytest args]

The test files are read from the fetched MXNet repository (``fetch github:apache/mxnet``,
a bare git mirror; set MXNET_MIRROR to its path) at tag v1.9.1 into a temporary
directory; nothing fetched is committed. MXNet's test helper module ``common`` needs
nose and MXNet's model zoo, so a small stand-in with the same names (``with_seed``,
``setup_module``, ``teardown``, ``assertRaises``, ``random_seed``) is written next to
them. The tests run with pytest in a subprocess in which ``import mxnet`` resolves to
mxcompat. The summary separates the tests about sparse storage (out of scope).
"""
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIRROR = os.environ.get("MXNET_MIRROR", "/work/.mirror/apache+mxnet/repo")
TAG = "v1.9.1"

COMMON = '''"""Stand-in for MXNet's tests/python/unittest/common.py (mxcompat harness)."""
import functools
import random
from contextlib import contextmanager

import numpy as np
import mxnet as mx


def setup_module():
    """Fix the seeds of numpy, mxnet and random before a module's tests."""
    np.random.seed(0)
    mx.random.seed(0)
    random.seed(0)


def teardown():
    pass


def teardown_module():
    pass


@contextmanager
def random_seed(seed=None):
    """Seed numpy, mxnet and random for the block, then continue a fresh stream."""
    following = np.random.randint(0, 2 ** 31 - 1)
    if seed is None:
        seed = np.random.randint(0, 2 ** 31 - 1)
    np.random.seed(seed)
    mx.random.seed(seed)
    random.seed(seed)
    try:
        yield
    finally:
        np.random.seed(following)
        mx.random.seed(following)
        random.seed(following)


def with_seed(seed=None):
    """Decorator: run the test with a fixed (or fresh random) seed."""
    def decorate(fn):
        @functools.wraps(fn)
        def wrapped(*args, **kwargs):
            with random_seed(seed if seed is not None else np.random.randint(0, 2 ** 31 - 1)):
                return fn(*args, **kwargs)
        return wrapped
    return decorate


def assertRaises(expected_exception, func, *args, **kwargs):
    try:
        func(*args, **kwargs)
    except expected_exception:
        return
    raise AssertionError("%s did not raise %s" % (func.__name__, expected_exception.__name__))


class TemporaryDirectory(object):
    """A temporary directory as a context manager (returns its path)."""

    def __init__(self, **kwargs):
        import tempfile
        self._dir = tempfile.mkdtemp(**kwargs)

    def __enter__(self):
        return self._dir

    def __exit__(self, *exc):
        import shutil
        shutil.rmtree(self._dir, ignore_errors=True)


def with_environment(*args_):
    from mxnet.test_utils import environment

    def decorate(fn):
        @functools.wraps(fn)
        def wrapped(*args, **kwargs):
            with environment(*args_):
                return fn(*args, **kwargs)
        return wrapped
    return decorate


def assert_raises_cudnn_not_satisfied(min_version):
    def decorate(fn):
        return fn
    return decorate
'''

NOSE_TOOLS = '''"""Stand-in for nose.tools (nose does not run on current Pythons)."""
import functools


def raises(*exceptions):
    def decorate(fn):
        @functools.wraps(fn)
        def wrapped(*args, **kwargs):
            try:
                fn(*args, **kwargs)
            except exceptions:
                return
            raise AssertionError("%s did not raise %s" % (fn.__name__, exceptions))
        return wrapped
    return decorate


def assert_raises(exc, fn=None, *args, **kwargs):
    if fn is None:
        import pytest
        return pytest.raises(exc)
    try:
        fn(*args, **kwargs)
    except exc:
        return
    raise AssertionError("%s not raised" % (exc,))


def ok_(expr, msg=None):
    assert expr, msg


def eq_(a, b, msg=None):
    assert a == b, msg or "%r != %r" % (a, b)


assert_equal = eq_
assert_true = ok_


def make_decorator(func):
    def decorate(newfunc):
        return functools.wraps(func)(newfunc)
    return decorate


class SkipTest(Exception):
    pass
'''

CONFTEST = '''import numpy as np

import mxcompat.alias
mxcompat.alias.install()

# NumPy 2 removed aliases that MXNet 1.9.1's tests still use (np.NaN...): restore them
# for the tests (a property of the test files, not of mxcompat).
for _name, _value in (("NaN", np.nan), ("NAN", np.nan), ("Inf", np.inf),
                      ("PINF", np.inf), ("NINF", -np.inf)):
    if not hasattr(np, _name):
        setattr(np, _name, _value)
'''

SPARSE = re.compile(r"sparse|csr|row_sparse|stype", re.I)


def main(argv):
    files, extra = [], []
    if "--" in argv:
        i = argv.index("--")
        files, extra = argv[:i], argv[i + 1:]
    else:
        files = argv
    files = files or ["test_autograd.py"]
    tmp = tempfile.mkdtemp(prefix="mxnet-tests-")
    data_files = [p for p in subprocess.run(
        ["git", "-C", MIRROR, "ls-tree", "--name-only", TAG, "tests/python/unittest/"],
        capture_output=True, text=True, check=True).stdout.split() if not p.endswith(".py")]
    for name in files:
        src = subprocess.run(["git", "-C", MIRROR, "show",
                              f"{TAG}:tests/python/unittest/{name}"],
                             capture_output=True, text=True, check=True).stdout
        with open(os.path.join(tmp, name), "w") as f:
            f.write(src)
        # Data files next to the tests that a test reads (legacy_ndarray.v0...).
        for path in data_files:
            base = os.path.basename(path)
            if base in src:
                blob = subprocess.run(["git", "-C", MIRROR, "show", f"{TAG}:{path}"],
                                      capture_output=True, check=True).stdout
                with open(os.path.join(tmp, base), "wb") as f:
                    f.write(blob)
    with open(os.path.join(tmp, "common.py"), "w") as f:
        f.write(COMMON)
    with open(os.path.join(tmp, "conftest.py"), "w") as f:
        f.write(CONFTEST)
    os.makedirs(os.path.join(tmp, "nose"), exist_ok=True)
    with open(os.path.join(tmp, "nose", "__init__.py"), "w") as f:
        f.write("")
    with open(os.path.join(tmp, "nose", "tools.py"), "w") as f:
        f.write(NOSE_TOOLS)
    env = dict(os.environ)
    env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
    cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", "-q",
           "--rootdir", tmp] + files + extra
    res = subprocess.run(cmd, cwd=tmp, env=env, capture_output=True, text=True)
    out = res.stdout
    passed = re.findall(r"^PASSED (\S+)", out, re.M)
    failed = re.findall(r"^FAILED (\S+)", out, re.M)
    errors = re.findall(r"^ERROR (\S+)", out, re.M)
    print(out[-6000:] if failed or errors else "")
    sparse_named = [t for t in failed + errors if SPARSE.search(t)]
    print(f"{len(passed)} passed, {len(failed)} failed, {len(errors)} errors "
          f"({len(sparse_named)} of the failures are sparse-storage tests) in "
          f"{', '.join(files)}")
    return 0 if not (set(failed + errors) - set(sparse_named)) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
