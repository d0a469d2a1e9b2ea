"""``minpy.numpy``: MinPy's numpy namespace, made of mx.np's functions.

``import minpy.numpy as np`` gives numpy's names computed by mxcompat's mx.np ops (so
everything is differentiable by ``minpy.core.grad``, to any order), with MinPy's
conveniences:

* numpy arrays are accepted wherever arrays are (``np.dot(numpy_x, w)``) and results
  are MinPy arrays (``minpy.array.Array``, an ``mx.np.ndarray`` with ``asnumpy()``);
* dtypes: MinPy's arrays lived in MXNet, so the default float is **float32**: lists,
  Python floats and numpy float64 data become float32 (``np.array(numpy_x)``, an
  operand ``numpy_x * a``); other numpy dtypes (ints, bools, float16) are kept, and
  ``dtype=`` is obeyed;
* names mx.np lacks are looked up, in this order, in ``mx.npx`` (``np.sigmoid``,
  ``np.relu``, ``np.softmax``...), in numpy (MinPy's *transparent fallback*: computed
  by numpy on host copies, not differentiable) and in MXNet's ``mx.nd``
  (``np.slice_axis``);
* ``np.random`` adds ``seed``, ``random``/``random_sample`` and ``permutation``.
"""
import types as _types

import numpy as _onp

from ... import numpy as _mnp
from ... import numpy_extension as _npx
from ...ops.np_creation import array as _make_array
from ..array import Array
from ._wrapping import from_mx as _from_mx, from_numpy as _from_numpy
from ._wrapping import namespace as _namespace

ndarray = Array

# numpy's constants and scalar types, as mx.np exposes them, then the functions
globals().update({k: v for k, v in vars(_mnp).items()
                  if not k.startswith("_") and k != "ndarray"
                  and (isinstance(v, type) or not callable(v))
                  and not isinstance(v, _types.ModuleType)})
globals().update(_namespace(_mnp))


def array(object, dtype=None, copy=True, ctx=None, **kwargs):
    """A MinPy array from a list, number, numpy array or array (float32 by default
    for float data; other numpy dtypes are kept)."""
    if dtype is None:
        if isinstance(object, (_onp.ndarray, _onp.generic)) or hasattr(object, "_value"):
            dt = _onp.dtype(object.dtype)
            dtype = _onp.float32 if dt == _onp.float64 else dt
    return _make_array(Array, object, dtype=dtype, ctx=ctx)


def asarray(a, dtype=None, **kwargs):
    """``a`` itself when it already is a MinPy array of ``dtype``, else ``array(a)``."""
    if isinstance(a, Array) and (dtype is None or _onp.dtype(dtype) == a.dtype):
        return a
    return array(a, dtype=dtype)


from . import random, linalg  # noqa: E402,F401


def __getattr__(name):
    """Names mx.np does not define: mx.npx, then numpy (host fallback), then mx.nd."""
    if name.startswith("__"):
        raise AttributeError(name)
    f = getattr(_npx, name, None)
    if callable(f) and not isinstance(f, type):
        f = _from_mx(f, name)
    else:
        f = getattr(_onp, name, None)
        if f is not None:
            if callable(f) and not isinstance(f, type):
                f = _from_numpy(f, name)
        else:
            from ... import ndarray as _nd
            f = getattr(_nd, name, None)
            if not callable(f) or isinstance(f, type):
                raise AttributeError(
                    f"module 'minpy.numpy' has no attribute {name!r}: neither mx.np, "
                    f"mx.npx, numpy nor mx.nd defines {name!r}.")
            f = _from_mx(f, name)
    globals()[name] = f
    return f


__all__ = sorted(k for k in globals() if not k.startswith("_"))
