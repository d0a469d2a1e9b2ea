"""mxcompat: the Apache MXNet 1.9 API running on JAX.

``import mxcompat as mx`` gives ``mx.nd``, ``mx.autograd``, ``mx.np``/``mx.npx``,
``mx.gluon``...; ``mxcompat run program.py`` runs legacy ``import mxnet`` code as is.
"""
import importlib as _importlib

import jax as _jax

# MXNet has real float64 and int64 arrays; every default stays float32 as in MXNet.
_jax.config.update("jax_enable_x64", True)


def _enable_compilation_cache():
    """Keep XLA's compiled programs on disk, so that a program or notebook run again
    does not compile its kernels again (MXCOMPAT_CACHE_DIR="" turns this off)."""
    import os
    path = os.environ.get("MXCOMPAT_CACHE_DIR")
    if path is None:
        path = os.path.join(os.path.expanduser("~"), ".cache", "mxcompat", "xla")
    if not path:
        return
    try:
        os.makedirs(path, exist_ok=True)
        _jax.config.update("jax_compilation_cache_dir", path)
        _jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.0)
        _jax.config.update("jax_persistent_cache_min_entry_size_bytes", 0)
    except (OSError, AttributeError):
        pass     # a read-only home or an older jax: compile as usual


_enable_compilation_cache()

__version__ = "0.1.0"
__mxnet_version__ = "1.9.1"

from . import base  # noqa: E402
from .base import MXNetError  # noqa: E402
from . import context  # noqa: E402
from .context import Context, cpu, gpu, cpu_pinned, current_context, num_gpus  # noqa: E402
from . import ndarray  # noqa: E402
from . import ndarray as nd  # noqa: E402
from . import autograd  # noqa: E402
from . import random  # noqa: E402

# Submodules loaded on first use (``mx.gluon``, ``mx.np``...), under MXNet's names.
_LAZY = {
    "gluon": "gluon", "optimizer": "optimizer", "lr_scheduler": "lr_scheduler",
    "init": "initializer", "initializer": "initializer", "metric": "metric", "io": "io",
    "np": "numpy", "numpy": "numpy", "npx": "numpy_extension",
    "numpy_extension": "numpy_extension", "test_utils": "test_utils", "kv": "kvstore",
    "kvstore": "kvstore", "profiler": "profiler", "util": "util", "minpy": "minpy",
    "recordio": "recordio", "image": "image", "img": "image", "visualization": "visualization",
    "viz": "visualization", "callback": "callback", "model": "model", "engine": "engine",
    "runtime": "runtime", "symbol": "symbol", "sym": "symbol", "contrib": "contrib",
    "library": "library", "executor": "executor", "module": "module", "mod": "module",
    "interop": "interop", "name": "name",
}


# MXNet's ``from .util import *``: the numpy-semantics switches at the top level.
_UTIL = ("np_shape", "is_np_shape", "set_np_shape", "use_np_shape", "np_array",
         "is_np_array", "use_np_array", "use_np")


def __getattr__(name):
    if name in _UTIL:
        value = getattr(_importlib.import_module(f"{__name__}.util"), name)
        globals()[name] = value
        return value
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'mxnet' has no attribute {name!r}")
    try:
        mod = _importlib.import_module(f"{__name__}.{target}")
    except ModuleNotFoundError as e:
        if e.name != f"{__name__}.{target}":
            raise
        raise AttributeError(
            f"mxnet.{name} is not implemented in mxcompat yet; please open an issue "
            "naming the API your program needs.") from None
    globals()[name] = mod
    return mod


__all__ = ["base", "MXNetError", "context", "Context", "cpu", "gpu", "cpu_pinned",
           "current_context", "num_gpus", "ndarray", "nd", "autograd", "random"]
