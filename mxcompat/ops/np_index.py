"""``mx.np`` indexing: numpy semantics on top of the nd indexing ops.

Differences from ``mx.nd``: an integer index gives a 0-d array (not shape (1,)), and
boolean masks of any number of dimensions select (or assign) elements. A mask's
positions depend on its values, so it is turned into integer index arrays on the host
(as MXNet does); the selection itself stays a recorded, differentiable op.
"""
import numpy as _np

from .index import getitem as _nd_getitem
from .index import setitem as _nd_setitem
from .np_common import npfun


def _is_bool_mask(k):
    if hasattr(k, "_value"):
        return k._jdtype == _np.bool_
    if isinstance(k, _np.ndarray):
        return k.dtype == _np.bool_
    if isinstance(k, list) and k and all(isinstance(v, (bool, _np.bool_)) for v in k):
        return True
    return False


def _expand_masks(key, like):
    """Replace each boolean mask in ``key`` by its integer index arrays."""
    single = not isinstance(key, tuple)
    items = (key,) if single else key
    if not any(_is_bool_mask(k) for k in items):
        return key
    from .np_creation import array
    out = []
    for k in items:
        if _is_bool_mask(k):
            m = k.asnumpy() if hasattr(k, "_value") else _np.asarray(k, dtype=bool)
            if m.ndim == 0:
                raise IndexError("0-d boolean indices are not supported on mx.np arrays; "
                                 "use x[None] or np.where instead.")
            for idx in _np.nonzero(m):
                out.append(array(type(like), idx, dtype="int64", ctx=like.ctx))
        else:
            out.append(k)
    return tuple(out)


def _check_mask_shape(key, shape):
    items = key if isinstance(key, tuple) else (key,)
    axis = 0
    for k in items:
        if k is None:
            continue
        if k is Ellipsis:
            axis = len(shape) - sum(
                1 if not _is_bool_mask(x) else len(_mask_shape(x))
                for x in items if x is not None and x is not Ellipsis) + axis
            continue
        if _is_bool_mask(k):
            ms = _mask_shape(k)
            want = tuple(shape[axis:axis + len(ms)])
            if ms != want:
                raise IndexError(f"boolean index did not match indexed array along "
                                 f"dimension {axis}; dimension is "
                                 f"{want[0] if want else 0} but corresponding boolean "
                                 f"dimension is {ms[0]}")
            axis += len(ms)
        else:
            axis += 1


def _mask_shape(k):
    return tuple(k.shape) if hasattr(k, "shape") else _np.shape(k)


@npfun("__np_getitem__", np_method="__getitem__")
def getitem(self, key):
    """``x[key]`` with numpy semantics (0-d results, boolean masks)."""
    if isinstance(key, (float, _np.floating)):
        raise ValueError(f"NDArray does not support slicing with key {key} of type "
                         f"{type(key)}; index with an int (or an integer array).")
    if _has_mask(key):
        _check_mask_shape(key, tuple(self.shape))
        key = _expand_masks(key, self)
    return _nd_getitem(self, key, keep1d=False)


@npfun("__np_setitem__", np_method="__setitem__")
def setitem(self, key, value):
    """``x[key] = value`` in place (value broadcast and cast to x's dtype)."""
    if _has_mask(key):
        _check_mask_shape(key, tuple(self.shape))
        key = _expand_masks(key, self)
    _nd_setitem(self, key, value)


def _has_mask(key):
    if isinstance(key, tuple):
        return any(_is_bool_mask(k) for k in key)
    return _is_bool_mask(key)
