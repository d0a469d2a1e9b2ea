"""Running one op eagerly: compiled forward, wrapping the outputs, recording on the tape.

This is the hot path of every eager op, so it does little: look up the values, call
the kernel's cached ``jax.jit`` forward (dynamic scalars are arguments, so a new scalar
never recompiles), wrap the results, and record a node when autograd is recording and
some input is in a graph.
"""
import jax
import jax.numpy as jnp
import numpy as _np

from ..base import MXNetError
from . import state
from .ndarray import _INPLACE_MSG, wrap
from .tape import Node, VAR

__all__ = ["invoke", "from_numpy_value", "zeros_like_value", "assign_out"]

_is_recording = state.is_recording


def invoke(kernel, inputs, scalars=(), cls=None, ctx=None, out=None):
    """Run ``kernel`` on NDArray ``inputs`` (+ dynamic ``scalars``); return NDArray(s).

    ``cls`` is the class of the outputs (that of the first input by default); ``ctx``
    places the outputs of ops without array inputs; ``out`` receives the result in place.
    """
    vals = [x._data if x._data is not None else x._value() for x in inputs]
    live = False
    if inputs and _is_recording():
        srcs = []
        for x in inputs:
            ag = x._ag
            if ag is VAR:
                srcs.append(x)
                live = True
            else:
                srcs.append(ag)
                if ag is not None:
                    live = True
    res = None
    try:
        if live and kernel.residuals:
            mask = tuple(i for i, (v, s) in enumerate(zip(vals, srcs))
                         if s is not None and v.dtype.kind in "fc")
            result, leaves, treedef = kernel.fwd_res(mask)(*vals, *scalars)
            res = (mask, leaves, treedef)
        elif inputs:
            result = kernel.fwd(*vals, *scalars)
        else:
            result = kernel.fwd_on(ctx.jax_device)(*scalars)
    except (TypeError, ValueError) as e:
        raise _op_error(kernel, inputs, e) from None
    if ctx is None:
        ctx = inputs[0]._ctx
    if cls is None:
        cls = type(inputs[0])
    if kernel.nout == 1:
        outs = (wrap(cls, result, ctx),)
    else:
        outs = tuple(wrap(cls, r, ctx) for r in result)
    if live:
        if scalars:
            srcs.extend((None,) * len(scalars))
            vals.extend(scalars)
        node = Node(kernel, tuple(vals), tuple(srcs), result, res)
        for i, o in enumerate(outs):
            o._ag = (node, i)
    if out is not None:
        return assign_out(out, outs)
    return outs[0] if kernel.nout == 1 else list(outs)


def assign_out(out, outs):
    """Write results into the ``out=`` array(s) in place, as MXNet's ``out=`` does."""
    targets = out if isinstance(out, (list, tuple)) else [out]
    if len(targets) != len(outs):
        raise MXNetError(f"out= got {len(targets)} array(s) for an op with {len(outs)} "
                         "output(s); pass one array per output.")
    for t, o in zip(targets, outs):
        if t._ag is not None and _is_recording():
            raise MXNetError(_INPLACE_MSG)
        if tuple(t.shape) != tuple(o.shape):
            raise MXNetError(f"out= array has shape {t.shape} but the result has shape "
                             f"{o.shape}; pass an array of the result's shape.")
        v = o._data
        if v.dtype != t._jdtype:
            v = v.astype(t._jdtype)
        t._set_value(v)
        if o._ag is not None:
            t._ag = o._ag
    return out


def _op_error(kernel, inputs, err):
    shapes = ", ".join(f"{tuple(x.shape)} {x._jdtype.name}" for x in inputs)
    return MXNetError(f"Operator {kernel.name} failed on inputs ({shapes}): {err}")


def from_numpy_value(value, ctx, dtype=None):
    """A committed jax.Array on ``ctx`` holding a copy of numpy ``value``."""
    a = _np.array(value, dtype=dtype, copy=True)
    return jax.device_put(a, ctx.jax_device)


_zeros = jax.jit(jnp.zeros_like)


def zeros_like_value(v):
    return _zeros(v)
