"""``mx.npx``: MXNet's numpy extension (nn ops on mx.np arrays, MXNet's reshape codes,
the numpy-semantics switches, devices, save/load), generated from the op registry."""
from ..ops.namespace import namespace as _namespace
from ..numpy.multiarray import ndarray as _ndarray

globals().update(_namespace("npx", _ndarray))

from ..context import (Context, cpu, gpu, cpu_pinned, current_context,  # noqa: E402,F401
                       num_gpus, gpu_memory_info)
from ._semantics import (set_np, reset_np, is_np_array, is_np_shape, use_np,  # noqa: E402,F401
                         use_np_shape, use_np_array, np_shape, np_array, set_np_shape,
                         is_np_default_dtype, set_np_default_dtype)
from .utils import save, load, waitall  # noqa: E402,F401
from . import random  # noqa: E402,F401
