"""``mx.np``: MXNet 1.9.1's numpy interface, generated from the op registry.

Functions come from the ops registered with ``np`` names (``mxcompat.ops.np_*`` and
the nd ops whose semantics agree); ``mx.np.ndarray`` is in ``multiarray``; numpy
functions MXNet runs on the host are in ``fallback``.
"""
import functools as _functools
import inspect as _inspect

import numpy as _onp

from ..ops.namespace import namespace as _namespace
from ..ops.np_unary import UNARY_NAMES as _UNARY, scalar_aware as _scalar_aware
from . import fallback as _fallback
from .multiarray import ndarray



def _public(ns):
    """Namespace entries as plain functions: creation functions bound to the array
    class (partials) become functions with their own name, doc and signature."""
    out = {}
    for name, f in ns.items():
        if isinstance(f, _functools.partial):
            part = f

            def g(*args, _p=part, **kwargs):
                return _p(*args, **kwargs)
            _functools.update_wrapper(g, part.func)
            sig = _inspect.signature(part.func)
            g.__signature__ = sig.replace(parameters=list(sig.parameters.values())[1:])
            g.__module__ = "mxnet.numpy"
            f = g
        out[name] = f
    return out


globals().update({k: v for k, v in _fallback.build().items()})
globals().update(_public(_namespace("np", ndarray)))
for _n in _UNARY:
    if _n in globals():
        globals()[_n] = _scalar_aware(globals()[_n], _n)

from . import random, linalg  # noqa: E402,F401

# numpy's constants and scalar types (the very numpy objects, as in MXNet)
pi, e, inf, nan, newaxis = _onp.pi, _onp.e, _onp.inf, _onp.nan, None
euler_gamma = _onp.euler_gamma
NAN = NaN = _onp.nan
PINF, NINF, PZERO, NZERO = _onp.inf, -_onp.inf, 0.0, -0.0
float16, float32, float64 = _onp.float16, _onp.float32, _onp.float64
int8, int32, int64, uint8 = _onp.int8, _onp.int32, _onp.int64, _onp.uint8
bool_ = _onp.bool_
bool = _onp.bool_  # noqa: A001 - numpy's name
finfo, iinfo = _onp.finfo, _onp.iinfo
set_printoptions, get_printoptions = _onp.set_printoptions, _onp.get_printoptions
