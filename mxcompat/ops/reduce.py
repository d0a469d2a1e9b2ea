"""Reductions: sum, mean, prod, max, min, nansum, nanprod, norm, argmax, argmin.

MXNet's conventions: ``axis=None`` or ``()`` reduces everything and (for nd) gives shape
(1,), not a 0-d array; ``exclude=True`` reduces over the axes *not* listed; argmax and
argmin return indices in the input's float dtype.
"""
import jax.numpy as jnp

from .registry import defop


def _axes(ndim, axis, exclude):
    if axis is None or axis == ():
        axes = tuple(range(ndim))
    elif isinstance(axis, int):
        axes = (axis % ndim if ndim else 0,)
    else:
        axes = tuple(a % ndim for a in axis)
    if exclude:
        axes = tuple(a for a in range(ndim) if a not in axes)
    return axes


def _finish(out, keepdims):
    # NOTE: legacy nd has no 0-d results: a full reduction gives shape (1,).
    if out.ndim == 0:
        out = out.reshape((1,))
    return out


def _reducer(name, f):
    def fn(data, *, axis=None, keepdims=False, exclude=False):
        axes = _axes(data.ndim, axis, exclude)
        return _finish(f(data, axis=axes, keepdims=keepdims), keepdims)
    fn.__doc__ = f"{name} over ``axis`` (all axes by default)."
    return fn


REDUCERS = {
    "sum": (jnp.sum, ("sum", "sum_axis")),
    "mean": (jnp.mean, ("mean",)),
    "prod": (jnp.prod, ("prod",)),
    "max": (jnp.max, ("max", "max_axis")),
    "min": (jnp.min, ("min", "min_axis")),
    "nansum": (jnp.nansum, ("nansum",)),
    "nanprod": (jnp.nanprod, ("nanprod",)),
}
REDUCE_OPS = {name: defop(name, nd=names, method=name)(_reducer(name, f))
              for name, (f, names) in REDUCERS.items()}


@defop("norm", nd=True, method=True)
def _norm(data, *, ord=2, axis=None, out_dtype=None, keepdims=False):
    """The L2 (or L1, ``ord=1``) norm over ``axis`` (all axes by default)."""
    axes = _axes(data.ndim, axis, False)
    if ord == 1:
        out = jnp.sum(jnp.abs(data), axis=axes, keepdims=keepdims)
    else:
        out = jnp.sqrt(jnp.sum(data * data, axis=axes, keepdims=keepdims))
    if out_dtype is not None:
        out = out.astype(out_dtype)
    return _finish(out, keepdims)


def _arg(f):
    def fn(data, *, axis=None, keepdims=False):
        if axis is None:
            out = f(data.reshape(-1), axis=0)
            if keepdims:
                out = out.reshape((1,) * data.ndim)
        else:
            out = f(data, axis=axis, keepdims=keepdims)
        return _finish(out.astype(data.dtype), keepdims)
    return fn


argmax = defop("argmax", nd=True, method=True, differentiable=False)(_arg(jnp.argmax))
argmin = defop("argmin", nd=True, method=True, differentiable=False)(_arg(jnp.argmin))


@defop("argmax_channel", nd=True, differentiable=False)
def _argmax_channel(data):
    """argmax over the last axis, as float."""
    return jnp.argmax(data, axis=-1).astype(data.dtype)
