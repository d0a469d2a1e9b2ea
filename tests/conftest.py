"""Keep the test process under the kernel's limit on memory mappings.

Every program XLA compiles for the CPU is loaded into its own memory mappings, and
jax keeps the programs of every jitted function alive. One pytest process compiling
the whole suite's kernels (thousands of programs) can reach Linux's
``vm.max_map_count`` (65530 by default), past which loading one more program crashes
the process (a segmentation fault inside jax's compile-cache read). Between tests,
when the process holds more than half that many mappings, jax's in-memory caches are
dropped; later calls recompile (or load from the on-disk cache) as usual.
"""
import os

import pytest

_MAPS = "/proc/self/maps"
_CHECK_EVERY = 20   # tests between two counts (counting costs a few milliseconds)


def _limit():
    try:
        with open("/proc/sys/vm/max_map_count") as f:
            return int(f.read()) // 2
    except (OSError, ValueError):
        return None


_LIMIT = _limit() if os.path.exists(_MAPS) else None
_seen = [0]


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    if _LIMIT is None:
        return
    _seen[0] += 1
    if _seen[0] % _CHECK_EVERY:
        return
    with open(_MAPS) as f:
        n = sum(1 for _ in f)
    if n > _LIMIT:
        import jax
        jax.clear_caches()


@pytest.fixture
def sync_compile():
    """Compile a graph structure the second time it is seen, in the calling thread: the
    third step of a loop then runs the whole-graph program (deterministic tests of the
    compiled paths)."""
    from mxcompat._core import backward as bw
    prev = bw.set_compile_policy(threshold=2, synchronous=True)
    bw.clear_compile_cache()
    yield
    bw.set_compile_policy(**prev)
