"""Hybridized forward: a HybridBlock's computation as one compiled, recorded op.

When a hybridized block is called, its ``hybrid_forward`` (children included) is traced
once per (training mode, input structure) into a pure function

    f(param values..., input values..., rng key, rng counter)
        -> (outputs..., new values of auxiliary parameters...)

compiled with ``jax.jit`` (jit's own cache handles new shapes and dtypes). The call is
an ordinary op for the autograd tape (a ``Kernel``), so the backward of a hybridized
network is the compiled vjp of that one program, and a training loop's whole-graph
backward replays it inside one XLA program. Random ops inside (Dropout) draw from the
key argument, so each call gets fresh randomness while a replay sees the same values.
Auxiliary parameters written during the forward (BatchNorm's running statistics) come
back as extra outputs and are stored after the call.
"""
import threading

import jax

from .._core import rng, state
from .._core.dispatch import invoke
from .._core.ndarray import wrap
from ..ops.registry import Kernel
from .block import _flatten, _regroup
from .parameter import _tracing as _param_tls

_tls = threading.local()


def is_tracing():
    return getattr(_tls, "depth", 0) > 0


class _Trace:
    """Inside: recording off, the given training mode, random ops from the key argument."""

    def __init__(self, training, key, counter):
        self.training = training
        self.rng = rng.trace_scope(key, counter)

    def __enter__(self):
        _tls.depth = getattr(_tls, "depth", 0) + 1
        self.prev_rec = state.set_recording(False)
        self.prev_train = state.set_training(self.training)
        self.rng.__enter__()
        return self

    def __exit__(self, *exc):
        self.rng.__exit__(*exc)
        state.set_training(self.prev_train)
        state.set_recording(self.prev_rec)
        _tls.depth -= 1


class _Entry:
    __slots__ = ("kernel", "params", "aux", "n_out", "out_fmt")


def _build(block, params, ctx, training, in_fmt, statics, classes):
    """Trace ``block`` into a Kernel for this call signature."""
    n_p = len(params)
    p_classes = [type(p.data(ctx)) for p in params]
    info = {}

    def fn(*vals):
        pv = vals[:n_p]
        iv = vals[n_p:-2]
        key, counter = vals[-2], vals[-1]
        with _Trace(training, key, counter):
            wrappers = [wrap(c, v, ctx) for v, c in zip(pv, p_classes)]
            prev = getattr(_param_tls, "table", None)
            _param_tls.table = {id(p): w for p, w in zip(params, wrappers)}
            try:
                it = iter(iv)
                it_static = iter(statics)
                flat = [wrap(cls, next(it), ctx) if cls is not None else next(it_static)
                        for cls in classes]
                args, _ = _regroup(flat, in_fmt)
                out = block._imperative(*args) if isinstance(args, list) else \
                    block._imperative(args)
            finally:
                _param_tls.table = prev
            outs, out_fmt = _flatten(out)
            aux = [k for k, (w, v) in enumerate(zip(wrappers, pv)) if w._data is not v]
            info["n_out"] = len(outs)
            info["out_fmt"] = out_fmt
            info["aux"] = aux
            info["out_classes"] = [type(o) for o in outs]
            res = tuple(o._value() for o in outs) + tuple(wrappers[k]._value() for k in aux)
        return res if len(res) > 1 else res[0]

    return fn, info


def call_cached(block, x, args):
    """Call a hybridized ``block`` through its compiled program."""
    inputs = (x,) + tuple(args)
    flat, in_fmt = _flatten(list(inputs))
    arrays = [a for a in flat if hasattr(a, "_value")]
    params = getattr(block, "_hybrid_params", None)
    if params is None or not block._cached:
        params = block._hybrid_params = [p for p in block.collect_params().values()
                                         if p.grad_req != "null" or True]
    if not arrays or any(p._data is None for p in params):
        # First call with deferred shapes: run imperatively once (initializes them).
        return block._imperative(*inputs)
    ctx = arrays[0].context
    training = state.is_training()
    classes = tuple(type(a) if hasattr(a, "_value") else None for a in flat)
    statics = tuple(a for a in flat if not hasattr(a, "_value"))
    key = (training, repr(in_fmt), classes, statics, ctx)
    entry = block._cached.get(key)
    pdata = [p.data(ctx) for p in params]
    if entry is None:
        fn, info = _build(block, params, ctx, training, in_fmt, statics, classes)
        k, c = rng.next_key()
        jax.eval_shape(fn, *[d._value() for d in pdata], *[a._value() for a in arrays], k, c)
        entry = _Entry()
        entry.n_out = info["n_out"]
        entry.out_fmt = info["out_fmt"]
        entry.aux = info["aux"]
        entry.params = params
        nout = entry.n_out + len(entry.aux)
        entry.kernel = Kernel(f"hybrid:{block.name}", fn,
                              ("hybrid", id(block), key, len(params)), nout,
                              residuals=True)
        block._cached[key] = entry
    k, c = rng.next_key()
    res = invoke(entry.kernel, pdata + arrays, (k, c), type(x) if hasattr(x, "_value")
                 else type(arrays[0]))
    if entry.kernel.nout == 1:
        res = [res]
    outs = res[:entry.n_out]
    for j, a in zip(entry.aux, res[entry.n_out:]):
        pdata[j]._set_value(a._value())
    out, _ = _regroup(list(outs), entry.out_fmt)
    return out
