"""``mx.np`` array creation: array, zeros, ones, full, empty, arange, linspace, eye...

MXNet's numpy-interface defaults are kept: Python lists and numbers become the default
float (float32; float64 under ``npx.set_np(dtype=True)``) whatever their element type,
while numpy arrays and numpy scalars keep their dtype; ``zeros``/``ones``/``full``/
``arange``/``linspace``/``eye`` are float32 unless ``dtype`` is given (``full`` of a
bool is bool); ``indices`` is int32.
"""
import math

import jax.numpy as jnp
import numpy as _np

from ..base import MXNetError
from ..context import Context, current_context
from .._core.dispatch import from_numpy_value, invoke
from .._core.ndarray import wrap
from .creation import _eye, _full, _ones, _zeros
from .np_common import default_float, dtype_name, npfun, npop
from .registry import canon


def _ctx(ctx=None, device=None):
    ctx = ctx if ctx is not None else device
    if ctx is None:
        return current_context()
    return ctx if isinstance(ctx, Context) else Context(ctx)


def _shape(shape):
    if shape is None:
        return ()
    if isinstance(shape, (int, _np.integer)):
        return (int(shape),)
    try:
        return tuple(int(s) for s in shape)
    except TypeError:
        raise TypeError(f"shape must be an int or a tuple of ints, got {shape!r}.") from None


def _check_order(order):
    if order not in (None, "C"):
        raise NotImplementedError(f"only supports C-order, while received {order}; mx.np "
                                  "arrays are always C-contiguous.")


def _create(cls, op, ctx, **attrs):
    scalars = tuple(attrs.pop(k) for k in op.dynamic)
    static = tuple((k, canon(v)) for k, v in sorted(attrs.items()))
    return invoke(op.kernel(static, None), (), scalars, cls, ctx)


# ------------------------------------------------------------------ array()
@npfun("array", np=True, needs_cls=True)
def array(cls, object, dtype=None, ctx=None, device=None, copy=True):
    """An ``mx.np.ndarray`` from a list, a number, a numpy array or an mx.np array.

    Lists and Python numbers give the default float dtype unless ``dtype`` is given
    (MXNet's rule, also for lists of ints or bools); numpy arrays/scalars and mx.np
    arrays keep their own dtype.
    """
    ctx = _ctx(ctx, device)
    if hasattr(object, "_value"):
        if type(object).__name__ == "NDArray" and not isinstance(object, cls):
            raise ValueError("If you're trying to create a mxnet.numpy.ndarray from "
                             "mx.nd.NDArray, please use the zero-copy as_np_ndarray "
                             "function.")
        # jax arrays are immutable and writes replace an array's value, so the copy
        # may share the device buffer; it is a new array outside any graph.
        v = object._value()
        if dtype is not None and _np.dtype(dtype_name(dtype)) != v.dtype:
            v = v.astype(dtype_name(dtype))
        out = wrap(cls, v, object._ctx)
        return out if object._ctx == ctx else out.as_in_context(ctx)
    if dtype is not None:
        dt = _np.dtype(dtype_name(dtype))
    elif isinstance(object, (_np.ndarray, _np.generic)):
        dt = object.dtype
    else:
        dt = _np.dtype(default_float())
    try:
        src = _np.asarray(object, dtype=dt)
    except ValueError as e:
        raise TypeError(str(e)) from None
    if src.dtype.kind in "USOV":
        raise TypeError(f"mx.np.array cannot hold {src.dtype} values; pass numbers, "
                        "nested lists of numbers or a numeric numpy array.")
    return wrap(cls, from_numpy_value(src, ctx, dt), ctx)


# ------------------------------------------------------- filled arrays
@npfun("zeros", np=True, needs_cls=True)
def zeros(cls, shape, dtype=None, order="C", ctx=None, device=None):
    """An array of zeros (float32 unless ``dtype`` is given)."""
    _check_order(order)
    return _create(cls, _zeros, _ctx(ctx, device), shape=_shape(shape),
                   dtype=dtype_name(dtype))


@npfun("ones", np=True, needs_cls=True)
def ones(cls, shape, dtype=None, order="C", ctx=None, device=None):
    """An array of ones (float32 unless ``dtype`` is given)."""
    _check_order(order)
    return _create(cls, _ones, _ctx(ctx, device), shape=_shape(shape),
                   dtype=dtype_name(dtype))


@npfun("empty", np=True, needs_cls=True)
def empty(cls, shape, dtype=None, order="C", ctx=None, device=None):
    """An array whose values are unspecified (zeros in mxcompat)."""
    return zeros(cls, shape, dtype, order, ctx, device)


@npfun("full", np=True, needs_cls=True)
def full(cls, shape, fill_value, dtype=None, order="C", ctx=None, device=None, out=None):
    """An array of ``shape`` filled with ``fill_value`` (a number or an array that
    broadcasts to ``shape``)."""
    _check_order(order)
    ctx = _ctx(ctx, device)
    if hasattr(fill_value, "_value"):
        from .np_shape import broadcast_to
        res = broadcast_to(fill_value, _shape(shape))
        if dtype is not None:
            res = res.astype(dtype_name(dtype))
        else:
            res = res.copy()
    else:
        if dtype is None and isinstance(fill_value, (bool, _np.bool_)):
            dt = "bool"
        else:
            dt = dtype_name(dtype)
        res = _create(cls, _full, ctx, shape=_shape(shape), dtype=dt,
                      value=_np.asarray(fill_value).item())
    if out is not None:
        out[...] = res
        return out
    return res


@npfun("identity", np=True, needs_cls=True)
def identity(cls, n, dtype=None, ctx=None, device=None):
    """The ``n`` x ``n`` identity matrix."""
    return eye(cls, n, dtype=dtype, ctx=ctx, device=device)


@npfun("eye", np=True, needs_cls=True)
def eye(cls, N, M=None, k=0, dtype=None, ctx=None, device=None, **kwargs):
    """A 2-D array with ones on the ``k``-th diagonal."""
    return _create(cls, _eye, _ctx(ctx, device), N=int(N), M=int(M) if M else 0, k=int(k),
                   dtype=dtype_name(dtype))


# ------------------------------------------------------------- ranges
@npop("_np_arange", differentiable=False)
def _np_arange(*, start=0.0, step=1.0, n=0, dtype="float32"):
    # NOTE: MXNet computes start + i * step in the output dtype itself (float32
    # rounding: arange(1, 2, 0.1)[-1] == 1.9000001), not in double.
    i = jnp.arange(n, dtype=dtype)
    return jnp.asarray(start, dtype) + i * jnp.asarray(step, dtype)


@npfun("arange", np=True, needs_cls=True)
def arange(cls, start, stop=None, step=1, dtype=None, ctx=None, device=None):
    """Evenly spaced values in ``[start, stop)`` (float32 unless ``dtype`` is given)."""
    if stop is None:
        start, stop = 0, start
    if step == 0:
        raise MXNetError("arange: step must not be 0; pass a positive or negative step.")
    n = max(int(math.ceil((float(stop) - float(start)) / float(step))), 0)
    return _create(cls, _np_arange, _ctx(ctx, device), start=float(start),
                   step=float(step), n=n, dtype=dtype_name(dtype))


@npop("_np_linspace", differentiable=False)
def _np_linspace(*, start=0.0, stop=1.0, num=50, endpoint=True, dtype="float32"):
    return jnp.linspace(start, stop, num, endpoint=endpoint, dtype="float64").astype(dtype)


@npfun("linspace", np=True, needs_cls=True)
def linspace(cls, start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0,
             ctx=None, device=None):
    """``num`` evenly spaced samples from ``start`` to ``stop``."""
    num = int(num)
    if num < 0:
        raise ValueError(f"Number of samples, {num}, must be non-negative.")
    if axis not in (0, -1):
        raise NotImplementedError("linspace: only axis=0 is supported for scalar bounds.")
    res = _create(cls, _np_linspace, _ctx(ctx, device), start=float(start),
                  stop=float(stop), num=num, endpoint=bool(endpoint),
                  dtype=dtype_name(dtype))
    if retstep:
        div = (num - 1) if endpoint else num
        step = (float(stop) - float(start)) / div if div > 0 else float("nan")
        return res, step
    return res


@npfun("logspace", np=True, needs_cls=True)
def logspace(cls, start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0,
             ctx=None, device=None):
    """``base ** linspace(start, stop, num)``."""
    exps = linspace(cls, start, stop, num, endpoint, dtype="float64", axis=axis,
                    ctx=ctx, device=device)
    from .np_ufunc import power
    return power(float(base), exps).astype(dtype_name(dtype))


@npop("_np_indices", differentiable=False)
def _np_indices(*, dimensions=(), dtype="int32"):
    return jnp.indices(dimensions, dtype=dtype)


@npfun("indices", np=True, needs_cls=True)
def indices(cls, dimensions, dtype=None, ctx=None, device=None):
    """The grid of indices of an array of shape ``dimensions`` (int32 by default)."""
    return _create(cls, _np_indices, _ctx(ctx, device), dimensions=_shape(dimensions),
                   dtype=dtype_name(dtype, "int32"))


# ------------------------------------------------------------ *_like
@npop("_np_full_like", dynamic=("fill_value",), differentiable=False)
def _np_full_like(a, *, fill_value=0.0, dtype=None):
    dt = a.dtype if dtype is None else dtype
    # NOTE: the fill value is converted to the dtype (2.7 -> 2 for int arrays).
    return jnp.full(a.shape, jnp.asarray(fill_value).astype(dt), dt)


def _like(a, fill, dtype, ctx=None, out=None):
    from .np_common import as_np
    a = as_np(a)
    kern = _np_full_like.kernel(
        (("dtype", None if dtype is None else dtype_name(dtype)),), None)
    res = invoke(kern, (a,), (fill,), type(a))
    if ctx is not None:
        res = res.as_in_context(_ctx(ctx))
    if out is not None:
        out[...] = res
        return out
    return res


@npfun("zeros_like", np=True)
def zeros_like(a, dtype=None, order="C", ctx=None, out=None, **kwargs):
    """Zeros with the shape (and dtype, unless given) of ``a``."""
    _check_order(order)
    return _like(a, 0, dtype, ctx, out)


@npfun("ones_like", np=True)
def ones_like(a, dtype=None, order="C", ctx=None, out=None, **kwargs):
    """Ones with the shape (and dtype, unless given) of ``a``."""
    _check_order(order)
    return _like(a, 1, dtype, ctx, out)


@npfun("full_like", np=True)
def full_like(a, fill_value, dtype=None, order="C", ctx=None, out=None, **kwargs):
    """``fill_value`` (converted to the dtype) with the shape of ``a``."""
    _check_order(order)
    return _like(a, _np.asarray(fill_value).item(), dtype, ctx, out)


@npfun("empty_like", np=True)
def empty_like(prototype, dtype=None, order="C", subok=False, shape=None):
    """An array with the shape and dtype of ``prototype`` (zeros in mxcompat)."""
    _check_order(order)
    if shape is not None:
        return zeros(type(prototype), shape, dtype or prototype.dtype, ctx=prototype.ctx)
    return _like(prototype, 0, dtype)
