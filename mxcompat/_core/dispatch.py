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
from .tape import Node, PENDING, VAR

_ArrayImpl = type(jnp.zeros(()))

__all__ = ["invoke", "from_numpy_value", "zeros_like_value", "assign_out"]

_is_recording = state.is_recording


def invoke(kernel, inputs, scalars=(), cls=None, ctx=None, out=None):
    """Run ``kernel`` on NDArray ``inputs`` (+ dynamic ``scalars``); return NDArray(s).

    ``cls`` is the class of the outputs (that of the first input by default); ``ctx``
    places the outputs of ops without array inputs; ``out`` receives the result in place.
    """
    if kernel.defer and out is None and _is_recording():
        res = _defer(kernel, inputs, scalars, cls)
        if res is not None:
            return res
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
            if kernel.defer:
                _learn_avals(kernel, vals, scalars, result)
        elif inputs:
            if kernel.follow and vals[0] is follow_slot[0]:
                result = _followed(kernel, vals)
            else:
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


# The loss of the last training step whose program may also compute reductions of it
# (see backward._follow_results): (its value, {kernel: result}, a function that asks
# for a kernel's result to be computed from the next step on, or None).
follow_slot = [None, None, None]


def _followed(kernel, vals):
    """``kernel`` (a followable reduction) of the loss in ``follow_slot``: the result
    the step program computed, or computed now (and asked for from the next step)."""
    if len(vals) == 1:
        result = follow_slot[1].get(kernel)
        if result is not None:
            return result
        ask = follow_slot[2]
        if ask is not None:
            ask(kernel)
    return kernel.fwd(*vals)


def _signature(sig, scalars):
    for s in scalars:
        sig.append(s.aval if type(s) is _ArrayImpl else type(s))
    return tuple(sig)


def _learn_avals(kernel, vals, scalars, result):
    """Remember the output avals of a deferrable kernel for this input signature (so
    that its next call with the same signature can be deferred)."""
    sig = _signature([v.aval for v in vals], scalars)
    outs = result if kernel.nout > 1 else (result,)
    kernel.out_avals[sig] = (tuple((o.shape, o.dtype) for o in outs),
                             tuple(o.aval for o in outs))


def _defer(kernel, inputs, scalars, cls):
    """Record a call of a deferrable kernel (a hybridized block or a compiled loss,
    under ``record()``) without running it: its outputs are pending arrays, computed by
    backward inside its own compiled program (forward and backward as one XLA program,
    with nothing handed between them through memory), or on first read.

    None when the call must run now: no input in a graph, or a signature whose output
    shapes are not known yet (the first call with it runs eagerly and learns them)."""
    vals, srcs, sig, mask = [], [], [], []
    for k, x in enumerate(inputs):
        ag = x._ag
        d = x._data
        if d is None:
            if (x._np is None and x._view is None and x._lazy is None
                    and ag[0].lazy):   # pending input
                node, i = ag
                vals.append(PENDING)
                srcs.append(ag)
                a = node.lazy[2][i]
                sig.append(a)
                if a.dtype.kind in "fc":
                    mask.append(k)
                continue
            d = x._value()
        vals.append(d)
        a = d.aval
        sig.append(a)
        if ag is VAR:
            srcs.append(x)
        else:
            srcs.append(ag)
            if ag is None:
                continue
        if a.dtype.kind in "fc":     # (the pullback is taken w.r.t. these inputs)
            mask.append(k)
    if not mask and all(s is None for s in srcs):
        return None
    known = kernel.out_avals.get(_signature(sig, scalars) if scalars else tuple(sig))
    if known is None:
        return None
    mask = tuple(mask)
    if scalars:
        srcs.extend((None,) * len(scalars))
        vals.extend(scalars)
    node = Node(kernel, tuple(vals), tuple(srcs), None, None, (mask,) + known)
    ctx = inputs[0]._ctx
    if cls is None:
        cls = type(inputs[0])
    outs = []
    for i in range(kernel.nout):
        o = wrap(cls, None, ctx)
        o._ag = (node, i)
        outs.append(o)
    return outs[0] if kernel.nout == 1 else outs


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
        v = o._value()
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
