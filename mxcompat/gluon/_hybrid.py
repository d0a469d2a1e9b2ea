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
    __slots__ = ("kernel", "params", "aux", "n_out", "out_fmt", "keyed")


def _build(block, params, ctx, training, in_fmt, statics, classes):
    """Trace ``block`` into a Kernel for this call signature."""
    n_p = len(params)
    p_classes = [type(p.data(ctx)) for p in params]
    info = {}

    def fn(*vals):
        pv = vals[:n_p]
        iv = vals[n_p:-2]
        key, counter = vals[-2], vals[-1]
        with _Trace(training, key, counter) as trace:
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
            info["keyed"] = trace.rng.i > 0   # some random op drew from the key
            res = tuple(o._value() for o in outs) + tuple(wrappers[k]._value() for k in aux)
        return res if len(res) > 1 else res[0]

    return fn, info


def call_cached(block, x, args):
    """Call a hybridized ``block`` through its compiled program."""
    # The common call (arrays only; the same classes, context, mode and parameters as
    # the last call) skips building the cache key.
    fast = block._fast
    if (fast is not None and fast[0] is block._cached and state.is_training() is fast[3]
            and type(x) is fast[1][0] and x._ctx is fast[2]):
        classes = fast[1]
        if len(args) + 1 == len(classes):
            ctx = fast[2]
            for a, c in zip(args, classes[1:]):
                if type(a) is not c or (a._ctx is not ctx and a._ctx != ctx):
                    break
            else:
                entry, pdata, plists = fast[4], fast[5], fast[6]
                for p, lst in zip(entry.params, plists):
                    if p._data is not lst:
                        break
                else:
                    if fast[7]:   # (one output, no random key: _run would just invoke)
                        return invoke(entry.kernel, pdata + [x, *args], (), classes[0])
                    return _run(entry, pdata, [x, *args], classes[0])
    inputs = (x,) + tuple(args)
    flat, in_fmt = _flatten(list(inputs))
    arrays = [a for a in flat if hasattr(a, "_value")]
    params = getattr(block, "_hybrid_params", None)
    if params is None or not block._cached:
        params = block._hybrid_params = list(block.collect_params().values())
    if not arrays or any(p._data is None for p in params):
        # First call with deferred shapes: run imperatively once (initializes them).
        return block._imperative(*inputs)
    ctx = arrays[0].context
    training = state.is_training()
    classes = tuple(type(a) if hasattr(a, "_value") else None for a in flat)
    statics = tuple(a for a in flat if not hasattr(a, "_value"))
    key = (training, repr(in_fmt), classes, statics, ctx)
    cached = block._cached
    entry = cached.get(key)
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
        entry.keyed = info["keyed"]
        if not entry.keyed:
            # No random op inside: the program takes no key (nothing to transfer).
            k0, c0 = k, c

            def fn(*vals, _fn=fn):
                return _fn(*vals, k0, c0)
        nout = entry.n_out + len(entry.aux)
        entry.kernel = Kernel(f"hybrid:{block.name}", fn,
                              ("hybrid", id(block), key, len(params)), nout,
                              residuals=True)
        # Recorded calls may be deferred into backward's program (dispatch._defer),
        # unless the call writes auxiliary parameters (BatchNorm's running statistics),
        # which must change when the call is made.
        entry.kernel.defer = not entry.aux
        cached[key] = entry
    cls = type(x) if hasattr(x, "_value") else type(arrays[0])
    if not statics and len(arrays) == len(flat) == len(inputs):
        block._fast = (cached, classes, x._ctx, training, entry, pdata,
                       [p._data for p in params],
                       not entry.keyed and entry.kernel.nout == 1 and entry.out_fmt == 0)
    return _run(entry, pdata, arrays, cls)


def _run(entry, pdata, arrays, cls):
    kernel = entry.kernel
    if entry.keyed:
        res = invoke(kernel, pdata + arrays, rng.next_key(), cls)
    else:
        res = invoke(kernel, pdata + arrays, (), cls)
    n_out = entry.n_out
    if kernel.nout == 1:
        if entry.out_fmt == 0:
            return res
        res = [res]
    outs = res[:n_out]
    for j, a in zip(entry.aux, res[n_out:]):
        pdata[j]._set_value(a._value())
    if entry.out_fmt == 0:
        return outs[0]
    out, _ = _regroup(list(outs), entry.out_fmt)
    return out
