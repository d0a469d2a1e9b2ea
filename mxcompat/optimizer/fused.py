"""The update engine: many parameters, one compiled call.

Every built-in optimizer describes its update rule as a *kernel*: a pure JAX function

    kernel(cfg, weight, grad, state, s, key) -> (new_weight, new_state, new_grad | None)

``cfg`` is a hashable tuple of structural flags (is there a momentum buffer, is gradient
clipping on, ...), ``state`` the optimizer state as a pytree of jax arrays (``None``
where MXNet keeps ``None``), ``s`` a tuple of 0-d scalars already in the compute dtype
(learning rate, weight decay, bias corrections...) and ``key`` the random key of
optimizers that draw noise (SGLD) or ``None``. A kernel returns a new gradient only where
MXNet's update writes into the gradient buffer (AdaDelta rescales it in place).

``apply(plan, ...)`` runs a list of such kernels, one per parameter, inside ONE
``jax.jit``-compiled function. The plan (kernels, flags, multi-precision layout, where
each parameter's scalars sit in the scalar vector) is the static part of the compile
key; shapes and dtypes are keyed by ``jax.jit`` itself; every number that may change
between steps (learning rates, weight decays, step counts) travels in one float64
vector, so a new learning rate never recompiles.
"""
import jax
import jax.numpy as jnp
import numpy as _np

from .._core import rng as _rng

__all__ = ["Entry", "apply", "run", "clip_sym", "clip_range", "sign_of", "cache_size"]

# Multi-precision layouts of the state: none, (master, inner) or (inner, master).
MP_NONE, MP_FIRST, MP_LAST = 0, 1, 2


class Entry(tuple):
    """One parameter's slot in a plan: (kernel, cfg, mp_layout, offset, count, via32, keyed).

    ``via32``: scalars reach the kernel as C ``float`` first (MXNet's C++ update
    operators declare their parameters as float) and then the compute dtype; otherwise
    they go straight from Python's double to the compute dtype (MXNet's scalar NDArray
    operators, used by the optimizers written in Python).
    """
    __slots__ = ()

    def __new__(cls, kernel, cfg, mp, offset, count, via32, keyed):
        return tuple.__new__(cls, (kernel, cfg, mp, offset, count, via32, keyed))


def clip_sym(x, bound):
    """MXNet's ``clip(x, bound)``: bound if x > bound, -bound if x < -bound, else x."""
    return jnp.where(x > bound, bound, jnp.where(x < -bound, -bound, x))


def clip_range(x, lo, hi):
    """MXNet's ``clip`` operator: hi if x > hi, lo if x < lo, else x (NaN passes)."""
    return jnp.where(x > hi, hi, jnp.where(x < lo, lo, x))


def sign_of(x):
    """``(x > 0) - (x < 0)`` in x's dtype (0 for NaN, as the C++ kernels compute it)."""
    return (x > 0).astype(x.dtype) - (x < 0).astype(x.dtype)


def _cast_like(new, old):
    return jax.tree_util.tree_map(lambda n, o: n.astype(o.dtype), new, old)


_TRACES = [0]


def _apply(plan, weights, grads, states, scalars, keys):
    _TRACES[0] += 1     # runs only when jax.jit traces a new structure
    new_w, new_s, new_g = [], [], []
    k = 0
    for entry, w, g, st in zip(plan, weights, grads, states):
        kernel, cfg, mp, off, n, via32, keyed = entry
        cdt = jnp.float32 if mp else w.dtype
        raw = scalars[off:off + n]
        if via32:
            raw = raw.astype(jnp.float32)
        raw = raw.astype(cdt)
        s = tuple(raw[j] for j in range(n))
        key = None
        if keyed:
            key = _rng.subkey(*keys[k])
            k += 1
        if mp == MP_NONE:
            w2, st2, g2 = kernel(cfg, w, g.astype(cdt), st, s, key)
            st2 = _cast_like(st2, st)
            g2 = None if g2 is None else g2.astype(g.dtype)
        else:
            master, inner = (st[0], st[1]) if mp == MP_FIRST else (st[1], st[0])
            m2, inner2, _ = kernel(cfg, master, g.astype(jnp.float32), inner, s, key)
            m2 = m2.astype(jnp.float32)
            inner2 = _cast_like(inner2, inner)
            st2 = (m2, inner2) if mp == MP_FIRST else (inner2, m2)
            w2 = m2
            g2 = None
        new_w.append(w2.astype(w.dtype))
        new_s.append(st2)
        new_g.append(g2)
    return new_w, new_s, new_g


apply = jax.jit(_apply, static_argnums=0)


def cache_size():
    """How many programs the engine has traced and compiled (tests use it to check that
    changing hyper-parameters does not recompile).

    Counted at trace time rather than read from jax.jit's cache, whose entries share
    one process-wide LRU with every other jitted function and can be evicted."""
    return _TRACES[0]


# ------------------------------------------------------------------ NDArray side
def _leaves(state):
    """The NDArrays of a state structure, in order (None entries are skipped)."""
    if state is None:
        return []
    if isinstance(state, (tuple, list)):
        out = []
        for s in state:
            out.extend(_leaves(s))
        return out
    return [state]


def _values(state):
    if state is None:
        return None
    if isinstance(state, (tuple, list)):
        return tuple(_values(s) for s in state)
    return state._value()


def run(items, scalars):
    """Apply the updates of ``items`` in one compiled call and write the results in place.

    ``items``: list of ``(entry, weight, grad, state, key)`` with NDArrays (``state`` in
    MXNet's structure: None, an NDArray, or nested tuples of those; ``key`` a
    ``(key, counter)`` pair or None); ``scalars``: the flat list of every entry's
    scalars, in order.
    """
    if not items:
        return
    vec = _np.asarray(scalars, dtype=_np.float64)
    if touches_each_once(items):
        run_batch(items, vec)
        return
    # A parameter listed twice (shared weights) is updated twice, one after the other:
    # split the call where an item touches an array an earlier item writes.
    batch, seen = [], set()
    for it in items:
        ids = {id(it[1]), id(it[2])} | {id(a) for a in _leaves(it[3])}
        if ids & seen:
            run_batch(batch, vec)
            batch, seen = [], set()
        batch.append(it)
        seen |= ids
    run_batch(batch, vec)


def touches_each_once(items):
    """Whether no array (weight, gradient or state) appears in two items."""
    ids = []
    for it in items:
        ids.append(id(it[1]))
        ids.append(id(it[2]))
        st = it[3]
        if st is not None:
            ids.extend(id(a) for a in _leaves(st))
    return len(set(ids)) == len(ids)


def run_batch(items, vec):
    """``run`` for items known to touch each array once (see ``touches_each_once``),
    with the scalars already in one float64 vector."""
    plan = tuple(it[0] for it in items)
    ws = [it[1]._value() for it in items]
    gs = [it[2]._value() for it in items]
    sts = [_values(it[3]) for it in items]
    keys = tuple(it[4] for it in items if it[4] is not None)
    write_back(items, apply(plan, ws, gs, sts, vec, keys))


def updater(plan):
    """The pure update ``(weights, grads, states, scalars) -> (new_w, new_s, new_g)`` of
    ``plan`` (a tuple of Entry, none of them keyed), to run inside another program."""
    def update(ws, gs, sts, vec):
        return _apply(plan, ws, gs, sts, vec, ())
    return update


def write_back(items, new):
    """Write ``_apply``'s results into the items' weights, states and gradients."""
    new_w, new_s, new_g = new
    for (entry, w, g, st, _), w2, s2, g2 in zip(items, new_w, new_s, new_g):
        w._set_value(w2)
        if st is not None:
            for arr, val in zip(_leaves(st), jax.tree_util.tree_leaves(s2)):
                arr._set_value(val)
        if g2 is not None:
            g._set_value(g2)
