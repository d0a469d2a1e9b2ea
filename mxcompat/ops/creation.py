"""Array creation: array, zeros, ones, full, empty, arange, eye, linspace, *_like.

MXNet's defaults are kept: float32 unless ``dtype`` says otherwise (also for numpy
inputs of other dtypes; an NDArray source keeps its dtype), ``ctx`` defaults to the
current context, and ``shape`` may be an int or a tuple.
"""
import jax.numpy as jnp
import numpy as _np

from ..base import MXNetError
from ..context import Context, current_context
from .._core.dispatch import from_numpy_value, invoke
from .._core.ndarray import wrap
from .registry import canon, defop, defun


def _shape(shape):
    if shape is None:
        return ()
    if isinstance(shape, (int, _np.integer)):
        return (int(shape),)
    return tuple(int(s) for s in shape)


def _ctx(ctx):
    if ctx is None:
        return current_context()
    return ctx if isinstance(ctx, Context) else Context(ctx)


def _dtype(dtype, default="float32"):
    if dtype is None:
        return default
    return canon(_np.dtype(dtype))


@defop("_zeros", differentiable=False)
def _zeros(*, shape=(), dtype="float32"):
    return jnp.zeros(shape, dtype)


@defop("_ones", differentiable=False)
def _ones(*, shape=(), dtype="float32"):
    return jnp.ones(shape, dtype)


@defop("_full", dynamic=("value",), differentiable=False)
def _full(*, shape=(), dtype="float32", value=0.0):
    return jnp.full(shape, value, dtype)


@defop("_arange", differentiable=False)
def _arange(*, start=0.0, stop=None, step=1.0, repeat=1, dtype="float32"):
    n = int(_np.ceil((stop - start) / step)) if stop is not None else 0
    vals = start + step * jnp.arange(max(n, 0), dtype="float64")
    if repeat > 1:
        vals = jnp.repeat(vals, repeat)
    return vals.astype(dtype)


@defop("_eye", differentiable=False)
def _eye(*, N=1, M=0, k=0, dtype="float32"):
    return jnp.eye(N, M if M else N, k, dtype=dtype)


@defop("_linspace", differentiable=False)
def _linspace(*, start=0.0, stop=1.0, num=50, endpoint=True, dtype="float32"):
    return jnp.linspace(start, stop, num, endpoint=endpoint, dtype="float64").astype(dtype)


def _create(cls, op, ctx, **attrs):
    scalars = tuple(attrs.pop(k) for k in op.dynamic)
    static = tuple((k, canon(v)) for k, v in sorted(attrs.items()))
    return invoke(op.kernel(static, None), (), scalars, cls, _ctx(ctx))


@defun("zeros", nd=True, needs_cls=True)
def zeros(cls, shape, ctx=None, dtype=None, stype=None, **kwargs):
    """An array of zeros (float32 unless ``dtype`` is given)."""
    out = _create(cls, _zeros, ctx, shape=_shape(shape), dtype=_dtype(dtype))
    if stype not in (None, "default"):
        out._stype = stype
    return _into(kwargs.get("out"), out, "zeros")


@defun("ones", nd=True, needs_cls=True)
def ones(cls, shape, ctx=None, dtype=None, **kwargs):
    """An array of ones (float32 unless ``dtype`` is given)."""
    return _into(kwargs.get("out"), _create(cls, _ones, ctx, shape=_shape(shape),
                                            dtype=_dtype(dtype)), "ones")


def _into(out, res, api):
    """``res``, or ``out`` after writing ``res`` into it (MXNet's ``out=``)."""
    if out is None:
        return res
    if out._jdtype != res._jdtype:
        raise MXNetError(f"mx.nd.{api}(..., out=x): x has dtype {out._jdtype.name} but the "
                         f"result is {res._jdtype.name}; pass dtype=x.dtype.")
    from .._core.dispatch import assign_out
    assign_out(out, [res])
    return out


@defun("empty", nd=True, needs_cls=True)
def empty(cls, shape, ctx=None, dtype=None, stype=None):
    """An uninitialised array in MXNet; zeros here."""
    return zeros(cls, shape, ctx, dtype, stype)


@defun("full", nd=True, needs_cls=True)
def full(cls, shape, val, ctx=None, dtype=None, out=None):
    """An array filled with ``val``."""
    res = _create(cls, _full, ctx, shape=_shape(shape), dtype=_dtype(dtype),
                  value=float(val) if not isinstance(val, bool) else val)
    if out is not None:
        out[:] = res
        return out
    return res


@defun("arange", nd=True, needs_cls=True)
def arange(cls, start, stop=None, step=1.0, repeat=1, infer_range=None, ctx=None,
           dtype=None):
    """Evenly spaced values in [start, stop) (float32 unless ``dtype`` is given)."""
    if stop is None:
        start, stop = 0.0, start
    if step == 0:
        raise MXNetError("arange: step must not be 0.")
    return _create(cls, _arange, ctx, start=float(start), stop=float(stop),
                   step=float(step), repeat=int(repeat), dtype=_dtype(dtype))


@defun("eye", nd=True, needs_cls=True)
def eye(cls, N, M=0, k=0, ctx=None, dtype=None, **kwargs):
    """A 2-D array with ones on the k-th diagonal."""
    return _create(cls, _eye, ctx, N=int(N), M=int(M), k=int(k), dtype=_dtype(dtype))


@defun("linspace", nd=True, needs_cls=True)
def linspace(cls, start, stop, num, endpoint=True, ctx=None, dtype=None):
    """``num`` evenly spaced values from start to stop."""
    return _create(cls, _linspace, ctx, start=float(start), stop=float(stop), num=int(num),
                   endpoint=bool(endpoint), dtype=_dtype(dtype))


@defop("zeros_like", nd=True, method=True, differentiable=False)
def _zeros_like(data):
    """Zeros with the shape and dtype of ``data``."""
    return jnp.zeros_like(data)


@defop("ones_like", nd=True, method=True, differentiable=False)
def _ones_like(data):
    """Ones with the shape and dtype of ``data``."""
    return jnp.ones_like(data)


@defop("full_like", nd=True, dynamic=("fill_value",), differentiable=False)
def _full_like(data, *, fill_value=0.0):
    """``fill_value`` with the shape and dtype of ``data``."""
    return jnp.full_like(data, fill_value)


@defun("array", nd=True, needs_cls=True)
def array(cls, source_array, ctx=None, dtype=None):
    """An array from a list, tuple, numpy array, scalar or NDArray.

    The dtype is ``dtype`` if given, else the source NDArray's dtype, else float32.
    """
    ctx = _ctx(ctx)
    if hasattr(source_array, "_value"):
        v = source_array._value()
        dt = _np.dtype(dtype) if dtype is not None else v.dtype
        return wrap(cls, from_numpy_value(_np.asarray(v), ctx, dt), ctx)
    dt = _np.dtype(dtype) if dtype is not None else _np.float32
    try:
        src = _np.asarray(source_array)
    except Exception as e:
        raise TypeError(f"source_array must be array like object: {e}") from None
    if src.dtype == object:
        raise TypeError("source_array must be array like object (a list of numbers, a "
                        "numpy array or an NDArray), got a ragged or non-numeric object.")
    return wrap(cls, from_numpy_value(src, ctx, dt), ctx)
