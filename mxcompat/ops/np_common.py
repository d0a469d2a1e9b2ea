"""Shared helpers of the ``mx.np`` op families: registration, dtypes, the array class.

* ``npop`` registers an op like ``defop`` and also lists it under the ``np_method``
  kind, from which ``mx.np.ndarray``'s methods are generated (so an np method never
  leaks into ``mx.nd.NDArray``).
* Default dtypes follow ``npx.set_np(dtype=...)``: float32 unless the float64
  extension is on.
* ``np_class()`` is ``mx.np.ndarray`` (built lazily by ``mxcompat.numpy``).
"""
import numpy as _np

from ..base import MXNetError
from .._core import state
from .._core.dispatch import invoke as _invoke
from .registry import add_names, canon, defop, defun

__all__ = ["npop", "npfun", "default_float", "dtype_name", "np_class", "is_array",
           "as_np", "normalize_axis", "SCALARS"]

SCALARS = (int, float, bool, _np.generic)


def npop(name=None, *, np_method=(), **kw):
    """``defop`` that also adds the op to ``mx.np.ndarray``'s methods (``np_method``)."""
    def wrap(fn):
        op = defop(name, **kw)(fn)
        if np_method:
            add_names(op, np_method=np_method)
        return op
    return wrap


def npfun(name=None, *, np_method=(), **kw):
    """``defun`` that also adds the function to ``mx.np.ndarray``'s methods."""
    def wrap(fn):
        defun(name, **kw)(fn)
        if np_method:
            add_names(fn, np_method=np_method)
        return fn
    return wrap


def default_float():
    """The default float dtype name: float32 (float64 under set_np(dtype=True))."""
    return "float64" if state.np_flags.default_float64 else "float32"


def dtype_name(dtype, default=None):
    """A canonical dtype name ('float32', 'int64', 'bool'...) for a numpy-style dtype.

    ``None`` gives ``default`` (the default float when that is None too). Python's
    ``float``/``int`` mean float64/int64, as in numpy.
    """
    if dtype is None:
        return default if default is not None else default_float()
    if dtype is float:
        return "float64"
    if dtype is int:
        return "int64"
    if dtype is bool:
        return "bool"
    try:
        return _np.dtype(dtype).name
    except TypeError:
        raise TypeError(f"data type {dtype!r} not understood; pass a numpy dtype such as "
                        "np.float32 or 'int32'.") from None


def np_class():
    """``mx.np.ndarray``."""
    from ..numpy.multiarray import ndarray
    return ndarray


def is_array(x):
    return hasattr(x, "_value")


def as_np(x, ctx=None, dtype=None):
    """``x`` as an ``mx.np.ndarray`` (arrays pass through; numbers keep numpy's dtype
    rules for Python scalars with the default float for floats)."""
    if is_array(x):
        return x
    from .np_creation import array
    return array(np_class(), x, dtype=dtype, ctx=ctx)


def normalize_axis(axis, ndim, what="axis"):
    """``axis`` (int) as a non-negative int, with numpy's AxisError-style message."""
    a = int(axis)
    if a < -ndim or a >= ndim:
        raise MXNetError(f"{what} {a} is out of bounds for array of dimension {ndim}; "
                         f"use an axis in [{-ndim}, {ndim}).")
    return a % ndim if ndim else 0


def normalize_axes(axis, ndim):
    """``axis`` (None, int or sequence) as a sorted tuple of non-negative axes."""
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, (list, tuple)):
        axes = tuple(normalize_axis(a, ndim) for a in axis)
        if len(set(axes)) != len(axes):
            raise MXNetError(f"duplicate value in 'axis' {tuple(axis)}; list each axis once.")
        return tuple(sorted(axes))
    return (normalize_axis(axis, ndim),)


def call(op, arrays, out=None, **attrs):
    """Run op ``op`` on ``arrays`` (non-arrays become mx.np arrays) with attributes.

    Static attributes are keyed exactly as the generated functions key them, so a
    frontend and the generated function share compiled kernels.
    """
    arrays = [a if hasattr(a, "_value") else as_np(a) for a in arrays]
    dyn = ()
    if op.dynamic:
        full = dict(op.attrs)
        full.update(attrs)
        dyn = tuple(full.pop(k) for k in op.dynamic)
    else:
        full = op.attrs if not attrs else {**op.attrs, **attrs}
    if len(full) != len(op.attrs) + (0 if not op.dynamic else -len(op.dynamic)):
        bad = sorted(set(attrs) - set(op.attrs))
        raise TypeError(f"{op.name} got unexpected arguments {bad}.")
    static = tuple((k, canon(v)) for k, v in full.items())
    cls = type(arrays[0]) if arrays else np_class()
    return _invoke(op.kernel(static, None), arrays, dyn, cls, None, out)
