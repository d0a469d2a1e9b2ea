"""The op registry: every operator is defined once here and everything else is generated.

An op is a pure JAX function ``fn(*arrays, *scalars, **attrs)``. Its registration says
which parameters are arrays (traced, recorded on the tape), which keyword parameters
are *dynamic* scalars (passed to the compiled function as arguments, so a new value
never recompiles) and which are static attributes (part of the compile key). From one
registration come the ``nd``/``np``/``npx`` namespace functions and the array methods.

``Kernel`` is an op with its static attributes bound: a pure function plus its
compiled forward and, per differentiable-input mask, its compiled vjp. Kernels are
what the tape records and what backward replays.
"""
import functools
import inspect
import threading

import jax
import numpy as _np

from ..base import MXNetError

__all__ = ["OpDef", "Kernel", "defop", "REGISTRY", "get", "canon"]

REGISTRY = {}


def canon(value):
    """A hashable, canonical form of an attribute value (lists become tuples)."""
    if isinstance(value, (list, tuple)):
        return tuple(canon(v) for v in value)
    if isinstance(value, _np.generic):
        return value.item()
    if isinstance(value, _np.dtype) or (isinstance(value, type) and issubclass(value, _np.generic)):
        return _np.dtype(value).name
    if isinstance(value, dict):
        return tuple(sorted((k, canon(v)) for k, v in value.items()))
    return value


class Kernel:
    """An op with its static attributes bound: what the tape records and replays."""

    __slots__ = ("name", "fn", "key", "nout", "fwd", "_vjps", "_fwd_on", "opaque",
                 "residuals", "_fwd_res", "defer", "out_avals", "follow", "__weakref__")

    def __init__(self, name, fn, key, nout, residuals=False):
        self.opaque = False  # True: Python-level backward, never compiled into a graph
        # True: when recorded, the forward also returns jax.vjp's pullback (its residuals)
        # so that backward does not recompute the forward (hybridized blocks).
        self.residuals = residuals
        self._fwd_res = None
        # True: a recorded call may be deferred (dispatch._defer): its forward then runs
        # inside backward's program. out_avals: input signature -> output avals.
        self.defer = False
        self.out_avals = {}
        # True: a reduction a training loop applies to its loss after backward, which
        # backward's step program may compute too (backward._follow_results).
        self.follow = False
        self.name = name
        self.fn = fn        # pure: fn(*arrays, *scalars) -> array | tuple of arrays
        self.key = key      # hashable identity of the function (op name + attributes)
        self.nout = nout
        self.fwd = jax.jit(fn)
        self._vjps = {}
        self._fwd_on = None

    def fwd_on(self, device):
        """The compiled forward whose outputs are committed to ``device`` (creation ops)."""
        cache = self._fwd_on
        if cache is None:
            cache = self._fwd_on = {}
        f = cache.get(device)
        if f is None:
            f = cache[device] = jax.jit(
                self.fn, out_shardings=jax.sharding.SingleDeviceSharding(device))
        return f

    def fwd_res(self, mask):
        """``(*vals) -> (out, residual leaves, treedef)``: the forward, compiled together
        with ``jax.vjp`` w.r.t. the vals in ``mask``, returning the pullback flattened.

        NOTE: the pullback travels as a flat tuple of arrays plus its treedef (kept per
        input signature), never as a pytree: handing jax.jit a vjp closure costs a
        flatten and a treedef comparison on every call (~0.2 ms for an MLP), more than
        the work of a small step."""
        cache = self._fwd_res
        if cache is None:
            cache = self._fwd_res = {}
        f = cache.get(mask)
        if f is None:
            f = cache[mask] = _ResidualForward(self.fn, mask)
        return f

    def vjp(self, mask):
        """Compiled ``(vals, out_cts) -> cts of vals[i] for i in mask``."""
        f = self._vjps.get(mask)
        if f is None:
            f = self._vjps[mask] = jax.jit(vjp_of(self.fn, mask, self.nout))
        return f

    def __repr__(self):
        return f"<Kernel {self.name}>"


class _ResidualForward:
    """The compiled forward-with-pullback of one kernel and mask (see Kernel.fwd_res).

    Residuals that are inputs of the call (the ``x`` a matmul's pullback needs) are not
    returned by the compiled program, which would copy them: the call puts the input
    arrays themselves in their places."""

    __slots__ = ("jitted", "treedefs", "_current")

    def __init__(self, fn, mask):
        # input signature -> (treedef of the pullback, where each leaf comes from:
        # j >= 0 the call's argument j, -1 - k the program's k-th residual output)
        self.treedefs = {}
        self._current = threading.local()   # the signature being traced (set by call)
        treedefs, current = self.treedefs, self._current

        def run(*vals):
            out, pullback = _vjp_at(fn, vals, mask)
            leaves, treedef = jax.tree_util.tree_flatten(pullback)
            layout, kept = [], []
            for leaf in leaves:
                j = next((i for i, v in enumerate(vals) if leaf is v), None)
                if j is None:
                    layout.append(-1 - len(kept))
                    kept.append(leaf)
                else:
                    layout.append(j)
            treedefs[current.sig] = (treedef, tuple(layout))  # only when jax.jit traces
            return out, tuple(kept)
        self.jitted = jax.jit(run)

    def __call__(self, *args):
        # (an array's aval is its shape, dtype and weak type, with a cached hash)
        sig = tuple([a.aval if isinstance(a, jax.Array) else type(a) for a in args])
        self._current.sig = sig
        out, kept = self.jitted(*args)
        treedef, layout = self.treedefs[sig]
        leaves = tuple(args[j] if j >= 0 else kept[-1 - j] for j in layout)
        return out, leaves, treedef


_appliers = {}


def apply_pullback(treedef, leaves, cts):
    """Call a pullback saved by ``Kernel.fwd_res`` as (treedef, leaves): one compiled
    program per treedef."""
    f = _appliers.get(id(treedef))
    if f is None or f[0] is not treedef:
        def run(lv, c):
            return jax.tree_util.tree_unflatten(treedef, lv)(c)
        f = _appliers[id(treedef)] = (treedef, jax.jit(run))
    return f[1](leaves, cts)


def _vjp_at(fn, vals, mask):
    """``jax.vjp`` of ``fn(*vals)`` with respect to the vals in ``mask`` only."""
    def part(*diff):
        full = list(vals)
        for i, v in zip(mask, diff):
            full[i] = v
        return fn(*full)
    return jax.vjp(part, *[vals[i] for i in mask])


def vjp_of(fn, mask, nout):
    """The pure function ``(vals, out_cts) -> input cts`` of ``fn`` for inputs in ``mask``."""
    def pull(vals, cts):
        _, back = _vjp_at(fn, vals, mask)
        return back(cts[0] if nout == 1 else tuple(cts))
    return pull


# The reductions a training loop applies to its loss after backward (to print or sum
# it): the step program of a repeated backward computes those it saw the last time
# (see backward._follow_results).
FOLLOW_OPS = frozenset({"sum", "mean", "_np_sum", "_np_mean"})


class OpDef:
    """One registered operator."""

    def __init__(self, name, fn, arrays, variadic, attrs, dynamic, nout,
                 differentiable, optional, names, doc):
        self.name = name
        self.fn = fn
        self.arrays = arrays          # names of array parameters, in order
        self.variadic = variadic      # True when the arrays are ``*data``
        self.attrs = attrs            # {name: default} of keyword parameters
        self.attr_names = tuple(attrs)
        self.dynamic = dynamic        # attribute names passed as dynamic scalars
        self.nout = nout              # int, or callable(attrs) -> int
        self.differentiable = differentiable
        self.optional = optional      # array parameters that may be None
        self.names = names            # {"nd": [...], "np": [...], "npx": [...], "method": [...]}
        self.__doc__ = doc
        self._kernels = {}
        self._bind_cache = {}   # keyword items of a call -> (kernel, present): frontend

    def kernel(self, static, present=None):
        """The Kernel for these static attributes (a tuple of (name, value) pairs)."""
        k = (static, present)
        kern = self._kernels.get(k)
        if kern is None:
            kern = self._kernels[k] = self._make_kernel(static, present)
        return kern

    def _make_kernel(self, static, present):
        kw = dict(static)
        base = self.fn
        dyn = self.dynamic
        nd = len(dyn)
        if present is not None:
            # Optional array inputs that were None are re-inserted at their positions.
            def fn(*args, _base=base, _present=present, _kw=kw):
                n = len(args) - nd
                it = iter(args[:n])
                full = [next(it) if p else None for p in _present]
                full.extend(it)
                return _base(*full, **dict(zip(dyn, args[n:])), **_kw)
        elif nd:
            # Dynamic scalars arrive positionally after the arrays.
            def fn(*args, _base=base, _kw=kw):
                n = len(args) - nd
                return _base(*args[:n], **dict(zip(dyn, args[n:])), **_kw)
        else:
            fn = functools.partial(base, **kw) if kw else base
        nout = self.nout(kw) if callable(self.nout) else self.nout
        kern = Kernel(self.name, fn, (self.name, static, present), nout)
        kern.follow = self.name in FOLLOW_OPS and not dyn and present is None
        return kern

    def __repr__(self):
        return f"<op {self.name}>"


def defop(name=None, *, nd=(), np=(), npx=(), method=(), dynamic=(), nout=1,
          differentiable=True, optional=()):
    """Register ``fn`` as an op.

    Positional parameters of ``fn`` (or ``*data``) are arrays; keyword-only parameters
    are attributes, static unless named in ``dynamic``. ``nd``/``np``/``npx``/``method``
    list the names under which the op appears; ``True`` means "under its own name".
    """
    def wrap(fn):
        opname = name or fn.__name__.strip("_")
        sig = inspect.signature(fn)
        arrays, attrs, variadic = [], {}, False
        for p in sig.parameters.values():
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
                arrays.append(p.name)
            elif p.kind is p.VAR_POSITIONAL:
                arrays.append(p.name)
                variadic = True
            elif p.kind is p.KEYWORD_ONLY:
                attrs[p.name] = None if p.default is p.empty else p.default
        names = {}
        for ns, val in (("nd", nd), ("np", np), ("npx", npx), ("method", method)):
            if val is True:
                val = (opname,)
            elif isinstance(val, str):
                val = (val,)
            names[ns] = tuple(val)
        if opname in REGISTRY:
            raise MXNetError(f"op {opname!r} is registered twice")
        op = OpDef(opname, fn, tuple(arrays), variadic, attrs, tuple(dynamic), nout,
                   differentiable, frozenset(optional), names, fn.__doc__)
        REGISTRY[opname] = op
        return op
    return wrap


def get(name):
    """The OpDef called ``name``."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise MXNetError(f"Operator {name!r} is not registered in mxcompat.") from None


# ---------------------------------------------------------------- functions
FUNCTIONS = {}


class FuncDef:
    """A Python-level API function built from ops (arithmetic dispatch, reshape codes...)."""

    def __init__(self, name, fn, names, needs_cls):
        self.name = name
        self.fn = fn
        self.names = names
        self.needs_cls = needs_cls   # fn(cls, ...) gets the namespace's array class


def defun(name=None, *, nd=(), np=(), npx=(), method=(), needs_cls=False):
    """Register a Python function under namespace names and/or as an array method."""
    def wrap(fn):
        fname = name or fn.__name__.strip("_")
        names = {}
        for ns, val in (("nd", nd), ("np", np), ("npx", npx), ("method", method)):
            if val is True:
                val = (fname,)
            elif isinstance(val, str):
                val = (val,)
            names[ns] = tuple(val)
        key = f"{fname}@{fn.__module__}"
        if key in FUNCTIONS:
            raise MXNetError(f"function {key!r} is registered twice")
        FUNCTIONS[key] = FuncDef(fname, fn, names, needs_cls)
        return fn
    return wrap


def add_names(target, **kinds):
    """Publish an already-registered op (OpDef) or ``defun`` function under more names.

    ``kinds`` maps a namespace kind (``nd``, ``np``, ``npx``, ``method``, or any other
    kind a class is built from, e.g. ``np_method``) to a name or a tuple of names.
    This lets the ``mx.np``/``mx.npx`` modules reuse an op defined in another family
    without redefining it. Returns ``target``.
    """
    if isinstance(target, OpDef):
        holder = target
    else:
        holder = next((fd for fd in FUNCTIONS.values() if fd.fn is target), None)
        if holder is None:
            raise MXNetError(f"add_names: {target!r} is neither a registered op nor a "
                             "function registered with defun; register it first.")
    for kind, val in kinds.items():
        if isinstance(val, str):
            val = (val,)
        old = holder.names.get(kind, ())
        holder.names[kind] = old + tuple(v for v in val if v not in old)
    return target
