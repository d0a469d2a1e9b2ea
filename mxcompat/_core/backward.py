"""backward(): the part of the graph that reaches the heads, replayed under ``jax.vjp``.

From the heads we collect the reachable nodes (in creation order, which is
topological), the leaves (variables) and the constants. The graph's *structure* (each
node's kernel key and where its inputs come from, plus the shapes and dtypes of leaves
and constants) is a hashable key. Two ways to differentiate:

* per-op: walk the nodes in reverse, calling each kernel's cached, compiled vjp.
  Costs no compile for a structure never seen before (data-dependent control flow).
* whole-graph: the replay, a pure function of (leaves, constants, head cotangents),
  differentiated with ``jax.vjp`` and compiled with ``jax.jit`` into one XLA program.
  When a structure is seen again its compile starts in a background thread; once it is
  ready every later backward of that structure is one call (a training loop compiles
  once). ``compile_cache_info()`` counts the hits.

``create_graph=True`` records the whole-graph gradient function itself as one node, so
the gradients are differentiable again, to any order.
"""
import collections
import concurrent.futures
import os
import threading
import weakref

import jax
import jax.numpy as jnp
import numpy as _np

from ..base import MXNetError
from . import state
from .ndarray import wrap
from .dispatch import follow_slot
from .tape import PENDING, VAR, Node, force, resolved_vals
from ..ops.registry import Kernel, _vjp_at, apply_pullback, vjp_of

_ArrayImpl = type(jnp.zeros(()))   # the concrete class of jax arrays

__all__ = ["backward", "grad", "compile_cache_info", "wait_compiles", "set_compile_policy"]

_NOT_IN_GRAPH = (
    "Cannot differentiate node because it is not in a computational graph. You need to "
    "set is_recording to true or use autograd.record() to save computational graphs for "
    "backward, and call attach_grad() on the variables first. If you want to "
    "differentiate the same graph twice, you need to pass retain_graph=True to backward.")
_FREED = (
    "This graph was already freed by an earlier backward. To differentiate the same "
    "graph twice, pass retain_graph=True to the first backward (y.backward("
    "retain_graph=True)) or record the computation again inside autograd.record().")
_NO_VARS = ("There are no inputs in computation graph that require gradients: call "
            "attach_grad() on the arrays you want gradients for before recording.")


class _Policy:
    threshold = int(os.environ.get("MXCOMPAT_COMPILE_AFTER", "2"))
    synchronous = os.environ.get("MXCOMPAT_SYNC_COMPILE", "0") == "1"
    max_entries = 512


_policy = _Policy()
_stats = collections.Counter()
_cache = collections.OrderedDict()
_lock = threading.Lock()
_pool = None


def set_compile_policy(threshold=None, synchronous=None, max_entries=None):
    """Tune the whole-graph compile cache (returns the previous settings).

    ``threshold``: compile a structure when it is seen this many times (0: never).
    ``synchronous``: compile in the calling thread instead of the background.
    """
    prev = dict(threshold=_policy.threshold, synchronous=_policy.synchronous,
                max_entries=_policy.max_entries)
    if threshold is not None:
        _policy.threshold = int(threshold)
    if synchronous is not None:
        _policy.synchronous = bool(synchronous)
    if max_entries is not None:
        _policy.max_entries = int(max_entries)
    return prev


def compile_cache_info():
    """Counters of the backward compile cache: hits, per_op, compiles, entries;
    fused_updates: backward programs that also ran a trainer's update, and
    fused_updates_taken: trainer steps that used such a result; lazy_grads: those
    programs that did not return the gradients (they are computed if read),
    lazy_grads_read: gradients computed that way, fast_steps: backward passes that
    repeated the last fused step of their structure directly (``_fused_step``), and
    early_dispatches: those whose program was dispatched before the checks (``_early``)."""
    with _lock:
        info = dict(_stats)
        info["entries"] = len(_cache)
    for k in ("hits", "per_op", "compiles", "create_graph", "compile_failures",
              "fused_updates", "fused_updates_taken", "lazy_grads", "lazy_grads_read",
              "fast_steps", "early_dispatches"):
        info.setdefault(k, 0)
    return info


def clear_compile_cache():
    wait_compiles()
    with _lock:
        _cache.clear()
        _stats.clear()
        _templates.clear()
    follow_slot[:] = (None, None, None)


def wait_compiles():
    """Block until background compiles have finished."""
    with _lock:
        futs = [e.future for e in _cache.values() if e.future is not None]
    for f in futs:
        try:
            f.result()
        except Exception:  # a failed compile just leaves the per-op path in use
            pass


class _Entry:
    __slots__ = ("count", "fn", "future", "ready", "broken", "treedefs", "used",
                 "with_res", "layout", "all_arrays", "walk", "fused", "plan")

    def __init__(self):
        self.walk = None       # the walk function before jax.jit (for fused updates)
        self.fused = None      # (static, _Entry) of the last update fused into it
        self.plan = None       # weakref of the update plan fused into it last time
        self.used = None       # structural facts of the graph, found on first use
        self.with_res = None
        self.layout = None
        self.all_arrays = False
        self.treedefs = ()  # the pullback treedefs the compiled walk was traced with
        self.count = 0
        self.fn = None
        self.future = None
        self.ready = False
        self.broken = False


# --------------------------------------------------------------------- tracing
class _Graph:
    """The part of a recorded graph that reaches the heads, in a replayable form."""
    __slots__ = ("order", "refs", "leaves", "leaf_vals", "consts", "heads", "key",
                 "needs", "opaque", "nouts", "int_sel", "pending", "keep", "sel",
                 "flags", "kinds", "hint", "live", "struct", "follows", "hpos", "ask",
                 "fast", "leaf_at", "const_at", "links")


_SCALAR_KIND = {float: 1, int: 2, bool: 2}


# The last graph traced for backward() from a single head, per kernel of the head's node:
# a training loop records the same structure at every step, and ``_retrace`` then checks
# the new graph against it instead of tracing from scratch.
_templates = {}
# What a template shares with every graph of its structure (the rest: the nodes, the
# variables, their values and the constants, found anew by each ``_retrace``), in the
# order of ``struct`` (unpacked by name in ``_retrace``).
_STRUCTURE = ("refs", "heads", "needs", "opaque", "nouts", "int_sel", "pending", "key",
              "sel", "flags", "kinds")


def _retrace(h):
    """The graph behind the single head ``h`` when it has the structure of the last
    one traced from a head of the same kernel: the same kernels, the same pending /
    saved-pullback flags, the same variables (the very same arrays, with the same
    grad_req), the same references between nodes and the same shapes and dtypes.
    Otherwise None (then ``_trace`` collects it)."""
    ag = h._ag
    if type(ag) is not tuple:
        return None
    t = _templates.get(ag[0].kernel)
    if t is None or t.heads[0][2] != ag[1]:
        return None
    refs, flags = t.refs, t.flags
    leaves = [r() for r in t.leaves]    # (held weakly: a template keeps no model alive)
    n_nodes = len(refs)
    order = [None] * n_nodes
    order[-1] = ag[0]
    for i in range(n_nodes - 1, -1, -1):
        n = order[i]
        if n is None or n.freed:
            return None
        if n.kernel is not t.kinds[i] or (2 if n.lazy else n.res is not None) != flags[i]:
            return None
        srcs = n.srcs
        r = refs[i]
        if len(srcs) != len(r):
            return None
        for a, src in zip(r, srcs):
            k = a[0]
            if k == 2:
                if type(src) is not tuple or src[1] != a[2]:
                    return None
                m = order[a[1]]
                if m is None:
                    order[a[1]] = src[0]
                elif m is not src[0]:
                    return None
            elif k == 0:
                if src is not leaves[a[1]]:
                    return None
            elif src is not None:
                return None
    # The values, where _trace found them (the first value seen of a leaf).
    leaf_vals = [order[i].vals[k] for i, k in t.leaf_at]
    consts = [order[i].vals[k] for i, k in t.const_at]
    avals = _avals_of(leaf_vals, consts)
    key = t.key
    if avals != key[3]:
        return None
    if tuple([x._grad_req != "null" for x in leaves]) != t.live:
        return None
    g = _Graph()
    (g.refs, g.heads, g.needs, g.opaque, g.nouts, g.int_sel, g.pending, g.key, g.sel,
     g.flags, g.kinds) = t.struct
    g.order, g.leaves, g.leaf_vals, g.consts, g.keep, g.hint = (
        order, leaves, leaf_vals, consts, True, t)
    return g


def _remember(g):
    """Keep ``g`` (traced for backward() from one head) as its head kernel's template."""
    t = _Graph()
    for f in _STRUCTURE:
        setattr(t, f, getattr(g, f))
    t.struct = tuple([getattr(g, f) for f in _STRUCTURE])
    t.leaves = [weakref.ref(x) for x in g.leaves]
    # (node position, input position) of each leaf's first use and of each constant
    first = {}
    t.const_at = []
    for i, r in enumerate(g.refs):
        for k, a in enumerate(r):
            if a[0] == 1:
                t.const_at.append((i, k))
            elif a[0] == 0 and a[1] not in first:
                first[a[1]] = (i, k)
    t.leaf_at = [first[j] for j in range(len(g.leaves))]
    # per node: (input position, node position) of its inputs that are outputs of other
    # nodes (how _early finds the graph's nodes from the head's)
    t.links = [tuple((k, a[1]) for k, a in enumerate(r) if a[0] == 2) for r in g.refs]
    t.live = tuple([x._grad_req != "null" for x in g.leaves])
    t.hint = None     # (ones mask, compile-cache entry) found by the last backward
    # Reductions of the head that its step program computes too (_follow_results);
    # hpos: where the head's value is among the pending outputs (None: not pending).
    t.follows = ()
    t.hpos = _pending_head(g)
    t.ask = None if t.hpos is None else (lambda kernel, t=t: _ask(t, kernel))
    t.fast = None     # what the next backward of this structure may repeat (_fused_step)
    g.hint = t
    _templates[g.order[-1].kernel] = t
    if len(_templates) > 64:
        del _templates[next(iter(_templates))]


def _trace(heads, variables):
    """Collect the graph behind ``heads``. ``variables``: the arrays to differentiate
    with respect to (None: every variable whose grad_req is not 'null'). A variable may
    also be an intermediate result (for nested gradients, as MinPy's grad(grad(f))): the
    walk then stops there and treats it as a leaf."""
    stops = {}
    if variables is not None:
        for v in variables:
            ag = v._ag
            if type(ag) is tuple:
                stops[(ag[0].seq, ag[1])] = v
    nodes = {}
    stack = []
    for h in heads:
        ag = h._ag
        if type(ag) is tuple:
            if (ag[0].seq, ag[1]) not in stops:
                stack.append(ag[0])
        elif ag is not VAR:
            raise MXNetError(_NOT_IN_GRAPH)
    while stack:
        n = stack.pop()
        if n.seq in nodes:
            continue
        if n.freed:
            raise MXNetError(_FREED)
        nodes[n.seq] = n
        for s in n.srcs:
            if type(s) is tuple and s[0].seq not in nodes and (s[0].seq, s[1]) not in stops:
                stack.append(s[0])
    order = [nodes[k] for k in sorted(nodes)]

    leaf_pos = {}
    leaves, leaf_vals, consts = [], [], []
    pos = {}
    refs = []
    key = []
    opaque = False
    pending = []
    flags, kinds = [], []

    def leaf(arr, value):
        j = leaf_pos.get(id(arr))
        if j is None:
            j = leaf_pos[id(arr)] = len(leaves)
            leaves.append(arr)
            leaf_vals.append(value)
        return (0, j)
    for i, n in enumerate(order):
        pos[n.seq] = i
        r = []
        for v, s in zip(n.vals, n.srcs):
            if s is None:
                r.append((1, len(consts)))
                consts.append(v)
            elif type(s) is tuple:
                stop = stops.get((s[0].seq, s[1])) if stops else None
                if stop is not None:
                    r.append(leaf(stop, stop._value() if v is PENDING else v))
                else:
                    r.append((2, pos[s[0].seq], s[1]))
            else:  # a variable
                r.append(leaf(s, v))
        r = tuple(r)
        refs.append(r)
        kern = n.kernel
        if kern.opaque:
            opaque = True
        if n.lazy:
            pending.append(i)
        # The kernel object itself: kernels are made once per op and attributes (or per
        # hybridized block and signature), so identity means the same function, and an
        # object hashes faster than its attribute tuple. (Whether the node saved its
        # pullback, or is pending: the compiled walk's arguments differ.)
        flag = 2 if n.lazy else n.res is not None
        key.append((kern, r, flag))
        flags.append(flag)
        kinds.append(kern)
    head_refs = []
    for h in heads:
        ag = h._ag
        if type(ag) is tuple and (ag[0].seq, ag[1]) not in stops:
            head_refs.append((2, pos[ag[0].seq], ag[1]))
        else:
            head_refs.append(leaf(h, h._value()))

    int_sel = []   # positions in ``sel`` of integer variables (see _compute_int)
    if variables is None:
        sel = []
        for j, x in enumerate(leaves):
            if x._grad_req != "null":
                # Floating-point and integer arrays get gradients (MXNet routes
                # integer gradients too: topk, indexing, x * 3 of an int32 array);
                # booleans do not.
                dt = getattr(leaf_vals[j], "dtype", None)
                if dt in _FLOATS:
                    sel.append(j)
                elif dt is not None and dt.kind in "iu":
                    int_sel.append(len(sel))
                    sel.append(j)
        sel = tuple(sel)
    else:
        sel = []
        for k, v in enumerate(variables):
            j = leaf_pos.get(id(v))
            if j is None or v._ag is None:
                raise MXNetError(
                    f"Cannot differentiate with respect to the {k}-th variable because it "
                    "is unreachable from the outputs: it must be an array with "
                    "attach_grad() that the heads were computed from inside "
                    "autograd.record().")
            if getattr(leaf_vals[j], "dtype", None) not in _FLOATS:
                int_sel.append(len(sel))
            sel.append(j)
        sel = tuple(sel)
    # Which nodes lie on a path from a selected leaf (the rest need no cotangents).
    selset = frozenset(sel)
    needs = []
    for r in refs:
        need = False
        for a in r:
            k = a[0]
            if (k == 2 and needs[a[1]]) or (k == 0 and a[1] in selset):
                need = True
                break
        needs.append(need)
    avals = _avals_of(leaf_vals, consts)
    g = _Graph()
    g.order, g.refs, g.leaves, g.leaf_vals = order, refs, leaves, leaf_vals
    g.consts, g.heads, g.needs, g.opaque = consts, tuple(head_refs), needs, opaque
    g.nouts = [n.kernel.nout for n in order]
    g.int_sel = tuple(int_sel)
    g.pending = tuple(pending)
    g.keep = True     # whether the nodes outlive this backward (see _run)
    g.sel, g.flags, g.kinds, g.hint = sel, tuple(flags), tuple(kinds), None
    g.key = (tuple(key), g.heads, sel, avals)
    return g, sel


def _avals_of(leaf_vals, consts):
    """The structure key's shapes and dtypes of a graph's leaf values and constants."""
    arr = _ArrayImpl
    return tuple([v.aval if type(v) is arr else _aval(v) for v in leaf_vals]
                 + [v.aval if type(v) is arr else _aval(v) for v in consts])


def _aval(v):
    t = type(v)
    if t is _ArrayImpl:
        return v.aval    # shape, dtype and weak type, with a cached hash
    kind = _SCALAR_KIND.get(t)
    if kind is not None:
        return t
    return (v.shape, v.dtype)


_FLOATS = frozenset(_np.dtype(t) for t in ("float16", "float32", "float64",
                                              jnp.bfloat16, "complex64", "complex128"))


def _is_float(v):
    return getattr(v, "dtype", None) in _FLOATS


def _pack(consts):
    """Split constants into arrays and two numpy vectors of Python floats and ints.

    Passing dozens of Python scalars to a compiled function converts each one to a
    device array on every call; two vectors cost one transfer each. (Ops cast their
    dynamic scalars explicitly, so a packed float64 value behaves like the scalar.)
    """
    arrays, floats, ints, layout = [], [], [], []
    for v in consts:
        kind = _SCALAR_KIND.get(type(v))
        if kind == 1:
            layout.append((1, len(floats)))
            floats.append(v)
        elif kind == 2:
            layout.append((2, len(ints)))
            ints.append(v)
        else:
            layout.append((0, len(arrays)))
            arrays.append(v)
    # None for an empty vector: an empty numpy argument would still cost a transfer.
    return (tuple(arrays), _np.asarray(floats, _np.float64) if floats else None,
            _np.asarray(ints, _np.int64) if ints else None, tuple(layout))


# ---------------------------------------------------------------- replay (pure)
def _make_replay(g, int_as_float=False):
    """The pure function (leaf_vals, const_vals) -> head values of the graph ``g``.

    ``int_as_float``: integer variables come in as floats (see ``_compute_int``); an
    op whose recorded result is an integer array then returns a float carrying that
    integer value (truncated, as the integer op computed it) with the derivative of
    the float computation, so that gradients flow through integer arithmetic."""
    plan = tuple((n.kernel.fn, r, n.kernel.nout, tuple(a[1] for a in n.avals))
                 for n, r in zip(g.order, g.refs))
    heads = g.heads

    def replay(leaf_vals, const_vals):
        env = []

        def get(ref):
            k = ref[0]
            if k == 0:
                return leaf_vals[ref[1]]
            if k == 1:
                return const_vals[ref[1]]
            return env[ref[1]][ref[2]]
        for fn, r, nout, dtypes in plan:
            out = fn(*[get(a) for a in r])
            outs = tuple(out) if nout > 1 else (out,)
            if int_as_float:
                outs = tuple(_int_valued(o, d) for o, d in zip(outs, dtypes))
            else:
                # NOTE: keep each output's recorded dtype, whatever the replayed constants
                # (packed scalars are float64 arrays, not weakly typed Python numbers).
                outs = tuple(o if o.dtype == d else o.astype(d) for o, d in zip(outs, dtypes))
            env.append(outs)
        return tuple(get(h) for h in heads)
    return replay


def _int_valued(o, dtype):
    """``o`` (a replayed result recorded with ``dtype``) for the integer-gradient replay:
    a float result of an integer op keeps the integer op's value, differentiably."""
    if o.dtype == dtype:
        return o
    if dtype.kind in "iu" and o.dtype in _FLOATS:
        exact = o.astype(dtype).astype(o.dtype)
        return exact + (o - jax.lax.stop_gradient(o))
    return o.astype(dtype)


_int_grad_fns = collections.OrderedDict()


def _compute_int(g, sel, head_cts):
    """Cotangents when some selected variables are integer arrays: the graph is
    replayed with those variables as float64 and differentiated as a whole (compiled
    once per structure); their gradients are truncated back to the integer dtype, as
    MXNet's integer backward kernels compute them."""
    key = (g.key, tuple(c is None for c in head_cts))
    fn = _int_grad_fns.get(key)
    if fn is None:
        fn = _int_grad_fns[key] = jax.jit(_make_grad_fn(g, sel, g.int_sel))
        if len(_int_grad_fns) > 128:
            _int_grad_fns.popitem(last=False)
    with _lock:
        _stats["per_op"] += 1
    return fn(tuple(g.leaf_vals), tuple(g.consts), tuple(head_cts))


def _make_grad_fn(g, sel, int_sel=()):
    """The pure function (leaf_vals, const_vals, head_cts) -> cts of the selected leaves.
    A head cotangent of None means ones. ``int_sel``: positions in ``sel`` of integer
    variables, differentiated as float64 and truncated back (see ``_compute_int``)."""
    replay = _make_replay(g, int_as_float=bool(int_sel))
    ints = frozenset(int_sel)
    dtypes = [g.leaf_vals[j].dtype for j in sel]

    def grad_fn(leaf_vals, const_vals, head_cts):
        def f(*sv):
            lv = list(leaf_vals)
            for j, v in zip(sel, sv):
                lv[j] = v
            return replay(lv, const_vals)
        prim = [leaf_vals[j].astype(jnp.float64) if k in ints else leaf_vals[j]
                for k, j in enumerate(sel)]
        outs, back = jax.vjp(f, *prim)
        cts = tuple(jnp.ones_like(o) if c is None else c.astype(o.dtype)
                    for o, c in zip(outs, head_cts))
        res = back(cts)
        if not ints:
            return res
        return tuple(r.astype(d) if k in ints else r
                     for k, (r, d) in enumerate(zip(res, dtypes)))
    return grad_fn


_filled = {}


def _filled_like(shape, dtype, value, device=None):
    """A cached array of ones/zeros on ``device`` (immutable, so safe to share)."""
    k = (shape, dtype, value, device)
    a = _filled.get(k)
    if a is None:
        if len(_filled) > 256:
            _filled.clear()
        a = jnp.full(shape, value, dtype)
        if device is not None:
            a = jax.device_put(a, device)
        a = _filled[k] = a
    return a


def _device_of(g):
    """The device the graph's values live on (that of its first leaf)."""
    for v in g.leaf_vals:
        devs = getattr(v, "devices", None)
        if devs is not None:
            return next(iter(devs()))
    return None


def _walk(g, sel, head_cts, vals_of, vjp_of_node, fill, avals_of):
    """The reverse walk shared by both ways of differentiating.

    ``vals_of(i)``: the input values of node i; ``vjp_of_node(i, mask)``: its vjp as a
    function (vals, output cts) -> cts of the inputs in ``mask``; ``fill(shape, dtype,
    value)``: a constant array; ``avals_of(i)``: node i's output (shape, dtype) pairs.
    Returns the cotangents of the selected leaves.
    """
    refs, needs = g.refs, g.needs
    selset = frozenset(sel)
    ct = {}
    leaf_ct = {}

    def add(ref, c):
        if ref[0] == 2:
            k = (ref[1], ref[2])
            prev = ct.get(k)
            ct[k] = c if prev is None else prev + c
        elif ref[0] == 0:
            prev = leaf_ct.get(ref[1])
            leaf_ct[ref[1]] = c if prev is None else prev + c

    for h, c in zip(g.heads, head_cts):
        if c is None:
            if h[0] == 0:
                v = g.leaf_vals[h[1]]
                shape, dtype = v.shape, v.dtype
            else:
                shape, dtype = avals_of(h[1])[h[2]]
            c = fill(tuple(shape), dtype, 1)
        add(h, c)
    for i in range(len(refs) - 1, -1, -1):
        if not needs[i]:
            continue
        avals = None
        nout = g.nouts[i]
        outs = [ct.pop((i, j), None) for j in range(nout)]
        if all(o is None for o in outs):
            continue
        for j, o in enumerate(outs):
            if o is None:
                avals = avals or avals_of(i)
                shape, dtype = avals[j]
                outs[j] = fill(tuple(shape), dtype, 0)
        r = refs[i]
        vals = vals_of(i)
        mask = tuple(k for k, a in enumerate(r)
                     if ((a[0] == 0 and a[1] in selset) or (a[0] == 2 and needs[a[1]]))
                     and _is_float(vals[k]))
        if not mask:
            continue
        cts = vjp_of_node(i, mask)(vals, tuple(outs))
        for k, c in zip(mask, cts):
            add(r[k], c)
    return tuple(leaf_ct.get(j) for j in sel)


def _from_pullback(pullback, rmask, mask, nout):
    """The vjp of a node that saved its pullback (residuals) when it was recorded;
    ``pullback(cts)`` calls it."""
    def call(vals, outs):
        cts = pullback(outs[0] if nout == 1 else tuple(outs))
        return tuple(cts[rmask.index(k)] for k in mask)
    return call


def _per_op(g, sel, head_cts):
    """Reverse walk calling each kernel's cached, compiled vjp (or saved pullback)."""
    order = g.order

    def vjp_node(i, mask):
        n = order[i]
        if n.res is None:
            return n.kernel.vjp(mask)
        rmask, leaves, treedef = n.res
        return _from_pullback(lambda c: apply_pullback(treedef, leaves, c), rmask, mask,
                              n.kernel.nout)
    dev = _device_of(g)
    return _walk(g, sel, head_cts, lambda i: order[i].vals, vjp_node,
                 lambda shape, dtype, value: _filled_like(shape, dtype, value, dev),
                 lambda i: order[i].avals)


def _residual_nodes(g):
    """Indices of needed nodes that saved a pullback when recorded."""
    return tuple(i for i, n in enumerate(g.order) if g.needs[i] and n.res is not None)


def _used_outputs(g):
    """Indices of the nodes whose recorded outputs the compiled walk takes: those that
    feed a node backward differentiates, or a pending node (whose forward the walk
    runs); pending nodes' own outputs are computed inside."""
    pend = frozenset(g.pending)
    used = set()
    for i, r in enumerate(g.refs):
        if g.needs[i] or i in pend:
            for a in r:
                if a[0] == 2 and a[1] not in pend:
                    used.add(a[1])
    return tuple(sorted(used))


def _force_pending(g):
    """Run the forward of every pending node of ``g`` now (in graph order)."""
    for i in g.pending:
        force(g.order[i])


def _settle(g, pouts):
    """Store the outputs the compiled walk computed for the pending nodes of ``g``."""
    order = g.order
    for i, o in zip(g.pending, pouts):
        n = order[i]
        n.outs = o[0] if n.kernel.nout == 1 else tuple(o)
        n.lazy = False
    if g.keep:    # (nodes about to be freed need no inputs)
        for i in g.pending:
            n = order[i]
            n.vals = resolved_vals(n)


def _make_walk_fn(g, sel, layout, ones_mask, used, with_res):
    """The reverse walk as one pure function of the recorded values, to compile.

    Arguments: the leaves, the constants (arrays, plus Python floats and ints packed into
    two vectors), the outputs of the nodes in ``used`` (the recorded intermediates, so
    nothing of the forward is recomputed), and the non-default head cotangents.

    The forward of each pending node (a deferred call, see ``dispatch._defer``) runs
    first, inside the program, under ``jax.vjp``; the function then also returns those
    nodes' outputs: ``(cotangents, pending outputs)``.
    """
    # Everything the trace needs is taken now: the trace may run in the background
    # compile thread after backward has freed the nodes.
    refs = g.refs
    pos = {i: k for k, i in enumerate(used)}
    all_avals = [n.avals for n in g.order]
    plan = [(n.kernel.fn, n.kernel.nout, tuple(d for _, d in av))
            for n, av in zip(g.order, all_avals)]
    leaf_avals = [(v.shape, v.dtype) for v in g.leaf_vals]
    static = _Graph()
    static.refs, static.needs, static.heads, static.nouts = refs, g.needs, g.heads, g.nouts
    static.leaf_vals = [jax.ShapeDtypeStruct(s_, d_) for s_, d_ in leaf_avals]
    res_pos = {i: k for k, i in enumerate(with_res)}
    rmasks = {i: g.order[i].res[0] for i in with_res}
    treedefs = {i: g.order[i].res[2] for i in with_res}
    pending = g.pending
    for i in pending:
        rmasks[i] = g.order[i].lazy[0]
    needs = g.needs

    def typed_of(i):
        fn, nout, dtypes = plan[i]

        def typed(*args):
            # NOTE: recorded output dtypes, whatever the packed scalars' types.
            r = fn(*args)
            if nout == 1:
                return r if r.dtype == dtypes[0] else r.astype(dtypes[0])
            return tuple(o if o.dtype == d else o.astype(d) for o, d in zip(r, dtypes))
        return typed

    def walk_fn(leaf_vals, arrays, fvec, ivec, outs, given_cts, pullbacks):
        consts = [arrays[j] if kind == 0 else fvec[j] if kind == 1 else ivec[j]
                  for kind, j in layout]
        outs = [o if plan[i][1] > 1 else (o,) for i, o in zip(used, outs)]
        penv, ppull = {}, {}

        def val(a):
            k = a[0]
            if k == 0:
                return leaf_vals[a[1]]
            if k == 1:
                return consts[a[1]]
            p = pos.get(a[1])
            return outs[p][a[2]] if p is not None else penv[a[1]][a[2]]

        for i in pending:   # the deferred forwards, in graph order
            typed, mask = typed_of(i), rmasks[i]
            vals = [val(a) for a in refs[i]]
            if needs[i] and mask:
                out, ppull[i] = _vjp_at(typed, vals, mask)
            else:
                out = typed(*vals)
            penv[i] = tuple(out) if plan[i][1] > 1 else (out,)

        def vjp_of_node(i, mask):
            nout = plan[i][1]
            if i in ppull:
                return _from_pullback(ppull[i], rmasks[i], mask, nout)
            if i in res_pos:
                pullback = jax.tree_util.tree_unflatten(treedefs[i], pullbacks[res_pos[i]])
                return _from_pullback(pullback, rmasks[i], mask, nout)
            return vjp_of(typed_of(i), mask, nout)
        it = iter(given_cts)
        head_cts = [None if ones else next(it) for ones in ones_mask]
        res = _walk(static, sel, head_cts, lambda i: [val(a) for a in refs[i]], vjp_of_node,
                    lambda shape, dtype, value: jnp.full(shape, value, dtype),
                    lambda i: all_avals[i])
        cts = tuple(jnp.zeros(*leaf_avals[j]) if c is None else c
                    for j, c in zip(sel, res))
        if pending:
            return cts, tuple(penv[i] for i in pending)
        return cts
    return walk_fn


def _compile_async(entry, args):
    jitted = entry.fn

    def work():
        try:
            jitted(*args)   # traces and compiles; the result fills jax's cache
            entry.ready = True
            with _lock:
                _stats["compiles"] += 1
        except Exception:  # noqa: BLE001 - this structure stays on the per-op path
            entry.broken = True
            with _lock:
                _stats["compile_failures"] += 1
    if _policy.synchronous:
        work()
        return
    global _pool
    if _pool is None:
        _pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="mxcompat-compile")
    entry.future = _pool.submit(work)


def _same_treedefs(a, b):
    """Whether the recorded pullbacks have the structure the compiled walk expects (the
    same objects, normally: jax.jit returns one treedef per traced signature)."""
    return all(x is y or x == y for x, y in zip(a, b))


def _entry_for(key):
    """The cache entry of ``key`` (made if new, least recently used ones evicted),
    counting this use."""
    with _lock:
        entry = _cache.get(key)
        if entry is None:
            entry = _cache[key] = _Entry()
            if len(_cache) > _policy.max_entries:
                _cache.popitem(last=False)
        else:
            _cache.move_to_end(key)
        entry.count += 1
    return entry


_ONE = (True,)


def _compute(g, sel, head_cts, writes=False):
    """Cotangents of the selected leaves, through the compile cache when possible.
    ``writes``: they are for ``backward()``, which writes them into ``.grad`` (so a
    trainer's next update may run in the same program, see ``_with_update``)."""
    key = g.key
    if g.opaque:   # Python-level backward (autograd.Function): per op only
        with _lock:
            _stats["per_op"] += 1
        _force_pending(g)
        return _per_op(g, sel, head_cts)
    if len(head_cts) == 1 and head_cts[0] is None:
        ones_mask = _ONE
    else:
        ones_mask = tuple([c is None for c in head_cts])
    key = (key, ones_mask)
    t = g.hint
    if t is not None and t.hint is not None and t.hint[0] == ones_mask:
        entry = t.hint[1]     # (the same structure as the last backward from this head)
        with _lock:
            entry.count += 1
    else:
        entry = _entry_for(key)
        if t is not None:
            t.hint = (ones_mask, entry)
    if not entry.broken:
        if entry.ready or (entry.fn is None and _policy.threshold
                           and entry.count >= _policy.threshold):
            consts = g.consts
            if entry.layout is not None and entry.all_arrays:
                # (constants that are all arrays: the layout is known from the key)
                arrays, fvec, ivec, layout = tuple(consts), None, None, entry.layout
            else:
                arrays, fvec, ivec, layout = _pack(consts)
                entry.layout = layout
                entry.all_arrays = all(kind == 0 for kind, _ in layout)
            if len(head_cts) == 1 and head_cts[0] is None:
                given = ()      # (one head, its cotangent ones: the common case)
            else:
                given = tuple([c for c in head_cts if c is not None])
            used = entry.used
            if used is None:
                used = entry.used = _used_outputs(g)
                entry.with_res = _residual_nodes(g)
            with_res = entry.with_res
            order = g.order
            outs = tuple([order[i].outs for i in used]) if used else ()
            if with_res:
                pullbacks = tuple([order[i].res[1] for i in with_res])
                treedefs = tuple([order[i].res[2] for i in with_res])
            else:   # (every node pending or recomputed: a hybridized step)
                pullbacks = treedefs = ()
            args = (tuple(g.leaf_vals), arrays, fvec, ivec, outs, given, pullbacks)
            if entry.fn is None:
                entry.treedefs = treedefs
                entry.walk = _make_walk_fn(g, sel, layout, ones_mask, used, with_res)
                entry.fn = jax.jit(entry.walk)
                _compile_async(entry, args)
            if entry.ready and _same_treedefs(entry.treedefs, treedefs):
                with _lock:
                    _stats["hits"] += 1
                if writes and _update_plans:
                    cts = _with_update(entry, key, g, sel, args)
                    if cts is not None:
                        return cts
                if g.pending:
                    cts, pouts = entry.fn(*args)
                    _settle(g, pouts)
                    return cts
                return entry.fn(*args)
    with _lock:
        _stats["per_op"] += 1
    _force_pending(g)
    return _per_op(g, sel, head_cts)


# ------------------------------------------------------------- fused update
# Update plans (gluon.Trainer's repeated step, trainer._StepPlan) offered to backward:
# when a plan's weights are all variables this backward writes gradients into, the
# trainer's next update runs inside backward's own compiled program (weights, states and
# the step's scalars as they are now, the gradients as computed), and trainer.step()
# then only checks that nothing it reads has changed since and takes the results: one
# program and one dispatch fewer per training step. If anything differs (the weights,
# gradients or states were written, the learning rate or batch size changed, the step
# is never called) the results are dropped and the step runs as it always does.
_update_plans = []
_fused = [None]    # (plan, token) of the update run by the backward in progress


def count(name):
    with _lock:
        _stats[name] += 1


def offer_update(plan):
    """Let later backward passes run ``plan``'s update inside their program. The plan
    provides ``fuse_request(entry, leaves, leaf_vals, sel)`` -> None | (static, update,
    sts, vec, token, lazy) and ``fused_done(token, new)``; ``lazy``: the gradients may
    be left to compute on first read (see LazyGrads); then the plan also has an integer
    ``lazy_reads``, counted up each time they were read."""
    drop = [r for r in _update_plans if r() is None or r() is plan]
    for r in drop:
        _update_plans.remove(r)
    _update_plans.append(weakref.ref(plan))
    # (A backward first asks the plan fused into its program the last time, so a
    # long-lived pairing survives here; the list only bounds the search for new ones.)
    del _update_plans[:-16]


def _with_update(entry, key, g, sel, args):
    """Run the compiled walk together with an offered update (see ``offer_update``);
    the cotangents, or None when no plan fits or its program is not compiled yet."""
    req = None
    last = entry.plan
    plan = None if last is None else last()
    if plan is not None:
        req = plan.fuse_request(entry, g.leaves, g.leaf_vals, sel)
    if req is None:
        for ref in reversed(_update_plans):
            plan = ref()
            if plan is not None and ref is not last:
                req = plan.fuse_request(entry, g.leaves, g.leaf_vals, sel)
                if req is not None:
                    entry.plan = ref
                    break
        else:
            return None
    static, update, sts, vec, token, lazy = req
    gpos = static[0]
    # The gradients are left out of the program when every gradient it writes is the
    # plan's and the walk holds no recorded forward values (outs, pullbacks): then the
    # arrays LazyGrads keeps are the variables and constants only, no activations.
    lazy = lazy and len(gpos) == len(sel) and not args[4] and not args[6]
    t = g.hint
    hpos = None if t is None else t.hpos
    follows = () if hpos is None else t.follows
    static = (static, lazy, follows)
    fz = entry.fused
    if fz is not None and fz[0] == static:
        e2 = fz[1]
    else:
        e2 = _entry_for((key, static))
        entry.fused = (static, e2)
    if e2.broken:
        return None
    args2 = args + (sts, vec)
    if e2.fn is None:
        e2.fn = jax.jit(_make_update_fn(entry.walk, update, gpos, bool(g.pending), lazy,
                                        follows, hpos))
        _compile_async(e2, args2)
    if not e2.ready:
        return None
    res, new, fvals = e2.fn(*args2)
    with _lock:
        _stats["fused_updates"] += 1
        if lazy:
            _stats["lazy_grads"] += 1
    _fused[0] = (plan, (token, new))
    items = [(k, j, g.leaf_vals[j].shape, d) for k, j, d in gpos]
    if (t is not None and t.hint is not None and t.hint[1] is entry and t.hint[0] is _ONE
            and args[2] is None and args[3] is None and not args[4] and not args[5]
            and not args[6]):
        # (one head, its cotangent ones, nothing but the variables and array constants
        # as arguments: the next backward of this structure may take _fused_step)
        t.fast = (entry, e2, entry.plan, static[0][0], static[0][1], lazy, follows, items)
    return _fused_results(g, t, entry.fn, args, res, lazy, entry.plan, items, follows,
                          fvals)


def _fused_results(g, t, walk_fn, args, res, lazy, plan_ref, items, follows, fvals):
    """The cotangents (a LazyGrads when ``lazy``) of a program run with an update, its
    pending outputs settled and its follow-up reductions offered."""
    if lazy:
        if g.pending:
            _settle(g, res)
        cts = LazyGrads(walk_fn, args, bool(g.pending), plan_ref, items)
    elif g.pending:
        cts, pouts = res
        _settle(g, pouts)
    else:
        cts = res
    if t is not None and t.hpos is not None:
        _follow_results(g, t, follows, fvals)
    return cts


def _fused_step(h):
    """``backward()`` from the single head ``h`` (ones as its cotangent, the graph not
    retained) when the last backward of this structure ran a trainer's update in its
    program and everything it checked holds again: the graph retraced, the same plan
    asking for the same update (``fuse_request``), the same follow-up reductions. It
    then runs that program directly, skipping the general path's lookups (the same
    program, arguments and results as that path); where the arguments fit, the program
    is dispatched before these checks (``_early``). True when done; otherwise the
    retraced graph (or None), for the general path, and the shortcut is dropped until
    the general path fuses an update again."""
    ag = h._ag
    if type(ag) is not tuple:
        return None
    t = _templates.get(ag[0].kernel)
    if t is None:
        return None
    fast = t.fast
    early = None if fast is None else _early(t, fast, ag[0])
    g = _retrace(h)
    if fast is None or g is None:
        return g
    entry, e2, ref, gpos, entries, lazy, follows, items = fast
    plan = ref()
    req = None
    if plan is not None and t.follows is follows and e2.ready and not e2.broken:
        req = plan.fuse_request(entry, g.leaves, g.leaf_vals, g.sel)
    if (req is None or req[0][0] is not gpos
            or (req[0][1] is not entries and req[0][1] != entries)   # (per-step scalars)
            or (req[5] and len(gpos) == len(g.sel)) is not lazy):
        t.fast = None
        return g
    g.keep = False
    if early is not None:
        # (run before the checks: its results are this backward's if it was given the
        # very values, states and scalars that the checks found)
        args, sts, vec, out = early
        if not (vec is req[3] and _same_tree(sts, req[2])
                and all([a is b for a, b in zip(args[0], g.leaf_vals)])
                and all([a is b for a, b in zip(args[1], g.consts)])):
            early = None
    if early is not None:
        res, new, fvals = out
    else:
        args = (tuple(g.leaf_vals), tuple(g.consts), None, None, (), (), ())
        res, new, fvals = e2.fn(*args, req[2], req[3])
    with _lock:
        _stats["hits"] += 1
        _stats["fused_updates"] += 1
        _stats["fast_steps"] += 1
        if early is not None:
            _stats["early_dispatches"] += 1
        if lazy:
            _stats["lazy_grads"] += 1
    cts = _fused_results(g, t, entry.fn, args, res, lazy, ref, items, follows, fvals)
    _force_pending(g)
    for n in g.order:
        n.free()
    _write_grads(g, g.sel, cts, False)
    plan.fused_done((req[4], new))
    return True


def _same_tree(a, b):
    """Whether ``a`` and ``b`` hold the very same objects (nested tuples)."""
    if a is b:
        return True
    if type(a) is tuple and type(b) is tuple and len(a) == len(b):
        return all([_same_tree(x, y) for x, y in zip(a, b)])
    return False


def _early(t, fast, node):
    """Dispatch the program of ``fast`` (``_fused_step``) on the graph behind ``node``
    before checking the graph and the plan: (args, states, scalars, results), or None
    where even the arguments do not fit. ``_fused_step`` then checks everything while
    the program runs, and uses the results only if they are exactly its own.

    Python run before a program's dispatch adds to the step's time more than its own
    duration, and the same Python run after the dispatch measured nearly free; this
    moves the graph check and the plan's request after it (2.5-4% of the gluon MLP step,
    see docs/performance.md). The shapes and dtypes are checked first, so that the
    compiled program is never called with others (which would compile it again)."""
    _, e2, ref, _, _, _, follows, _ = fast
    plan = ref()
    if plan is None or t.follows is not follows or not e2.ready or e2.broken:
        return None
    links, kinds, refs, flags = t.links, t.kinds, t.refs, t.flags
    order = [None] * len(links)
    order[-1] = node
    for i in range(len(links) - 1, -1, -1):
        n = order[i]
        if (n is None or n.freed or n.kernel is not kinds[i]
                or len(n.srcs) != len(refs[i])
                or (2 if n.lazy else n.res is not None) != flags[i]):
            return None     # (e.g. a pending output read before backward: not this graph)
        srcs = n.srcs
        for k, j in links[i]:
            src = srcs[k]
            if type(src) is not tuple:
                return None
            order[j] = src[0]
    leaf_vals = tuple([order[i].vals[k] for i, k in t.leaf_at])
    consts = tuple([order[i].vals[k] for i, k in t.const_at])
    for v in leaf_vals + consts:
        if v is PENDING:
            return None
    avals = _avals_of(leaf_vals, consts)
    if avals != t.key[3]:
        return None
    got = plan.launch_args()
    if got is None:
        return None
    args = (leaf_vals, consts, None, None, (), (), ())
    return args, got[0], got[1], e2.fn(*args, got[0], got[1])


def _make_update_fn(walk, update, gpos, pending, lazy, follows=(), hpos=None):
    """walk, then ``update(ws, gs, sts, vec)``: for each ``(k, j, dtype)`` of ``gpos``
    the weight is leaf j and its gradient the k-th cotangent cast to ``dtype`` (what
    backward writes into the gradient buffer). ``lazy``: the program does not return
    the cotangents (only the pending outputs, if any), so XLA need not write them out.
    ``follows``: kernels (reductions) of the head, the ``hpos[1]``-th output of the
    ``hpos[0]``-th pending node, whose results the program returns as well."""
    def fn(leaf_vals, arrays, fvec, ivec, outs, given, pullbacks, sts, vec):
        res = walk(leaf_vals, arrays, fvec, ivec, outs, given, pullbacks)
        cts = res[0] if pending else res
        ws = [leaf_vals[j] for _, j, _ in gpos]
        gs = [cts[k].astype(d) for k, _, d in gpos]
        fvals = ()
        if follows:
            head = res[1][hpos[0]][hpos[1]]
            fvals = tuple([k.fn(head) for k in follows])
        if lazy:
            res = res[1] if pending else ()
        return res, update(ws, gs, sts, vec), fvals
    return fn


# ---------------------------------------------------------- follow-up reductions
# A training loop reads its loss after the step: ``loss.mean().asscalar()``. That mean
# is one more compiled program, run after the step's program has finished (a few us of
# dispatch, plus a thread hand-off on the CPU). So backward leaves the head's value in
# dispatch.follow_slot; a followable reduction (registry.FOLLOW_OPS) called on that very
# value asks the head's template for it, and the next step's program computes it as
# well (the kernel's own function, on the same value), which the call then returns.
def _pending_head(g):
    """(position among the pending nodes, output index) of ``g``'s single head, or
    None if the head is not the output of a pending node."""
    if len(g.heads) != 1 or g.heads[0][0] != 2:
        return None
    _, pos, idx = g.heads[0]
    if pos not in g.pending:
        return None
    return g.pending.index(pos), idx


def _ask(t, kernel):
    if kernel not in t.follows and len(t.follows) < 2:
        t.follows = t.follows + (kernel,)


def _follow_results(g, t, follows, fvals):
    """Offer the results ``fvals`` of ``follows`` on the head value of ``g``."""
    _, pos, idx = g.heads[0]
    n = g.order[pos]
    follow_slot[:] = (n.outs if n.kernel.nout == 1 else n.outs[idx],
                      dict(zip(follows, fvals)), t.ask if len(follows) < 2 else None)


class LazyGrads:
    """The gradients of a backward pass whose program ran a trainer's update without
    returning them (``_with_update``): returning them costs the gluon MLP step's
    program of benchmarks/bench_gluon.py about 5% (10-25 us of about 330 us, measured in
    pure JAX), and a training loop reads its gradients only through the update. Each
    gradient buffer holds one ``LazyGrad``; the first read of any runs backward's own
    compiled program (no update) on the values it was given then, which this object
    keeps (the variables' old values and the constants), and computes them
    all. The plan counts such reads (``plan.lazy_reads``) and stops asking for lazy
    gradients when a loop keeps reading them."""

    __slots__ = ("fn", "args", "pending", "plan", "items", "vals", "__weakref__")

    def __init__(self, fn, args, pending, plan, items):
        self.fn, self.args, self.pending, self.plan = fn, args, pending, plan
        # Per gradient: (its cotangent's position, its variable's, shape, buffer dtype).
        self.items = items
        self.vals = None

    def write(self, leaves):
        """Give each gradient buffer its LazyGrad (backward's writes)."""
        for i, (_, j, shape, dtype) in enumerate(self.items):
            leaf = leaves[j]
            leaf._grad._set_lazy(LazyGrad(self, i, shape, dtype))
            leaf._fresh = True

    def get(self, i):
        vals = self.vals
        if vals is None:
            res = self.fn(*self.args)
            vals = self.vals = res[0] if self.pending else res
            self.fn = self.args = None
            plan = self.plan()
            if plan is not None:
                plan.lazy_reads += 1
            with _lock:
                _stats["lazy_grads_read"] += 1
        k, _, _, dtype = self.items[i]
        v = vals[k]
        return v if v.dtype == dtype else v.astype(dtype)


class LazyGrad:
    """One gradient buffer's share of a LazyGrads (``NDArrayBase._lazy``); ``out``:
    the value it gave, once read."""

    __slots__ = ("grads", "i", "shape", "dtype", "out")

    def __init__(self, grads, i, shape, dtype):
        self.grads, self.i, self.shape, self.dtype = grads, i, shape, dtype
        self.out = None

    def value(self):
        self.out = self.grads.get(self.i)
        return self.out


# ------------------------------------------------------------ create_graph node
_grad_kernels = collections.OrderedDict()


def _grad_kernel(g, sel):
    """A Kernel whose pure function is the whole-graph gradient (for create_graph)."""
    key = ("__grad__", g.key)
    k = _grad_kernels.get(key)
    if k is None:
        gf = _make_grad_fn(g, sel)
        nl, nc = len(g.leaf_vals), len(g.consts)

        single = len(sel) == 1

        def fn(*args):
            res = gf(args[:nl], args[nl:nl + nc], args[nl + nc:])
            return res[0] if single else tuple(res)
        k = _grad_kernels[key] = Kernel("backward", fn, key, len(sel))
        if len(_grad_kernels) > 256:
            _grad_kernels.popitem(last=False)
    return k


# --------------------------------------------------------------------- public
def _head_cotangents(heads, head_grads):
    if head_grads is None:
        return [None] * len(heads), [None] * len(heads)    # (ones, made where needed)
    cts, srcs = [], []
    if len(head_grads) != len(heads):
        raise MXNetError(f"backward got {len(heads)} head(s) but {len(head_grads)} head "
                         "gradient(s); pass one head gradient (or None) per head.")
    for i, h in enumerate(heads):
        hg = head_grads[i]
        if hg is None:
            cts.append(None)
            srcs.append(None)
            continue
        if not hasattr(hg, "_value"):
            raise MXNetError("head gradients must be NDArrays (or None): "
                             "y.backward(out_grad=mx.nd.ones_like(y)).")
        gv = hg._value()
        hshape = tuple(h.shape)   # (shape and dtype only: a pending head stays pending)
        if tuple(gv.shape) != hshape:
            raise MXNetError(
                f"The head gradient has shape {tuple(gv.shape)} but the head it belongs "
                f"to has shape {hshape}; pass out_grad with the head's shape "
                "(e.g. mx.nd.ones_like(y)).")
        if gv.dtype != h._jdtype:
            gv = gv.astype(h._jdtype)
        cts.append(gv)
        ag = hg._ag
        srcs.append(hg if ag is VAR else ag)
    return cts, srcs


def _last_of_each(heads, head_grads):
    """Heads listed more than once count once, with the last head gradient given for
    them (as in MXNet: ``backward([y, y], [g1, g2])`` uses g2)."""
    if len(heads) == 1:
        return heads, head_grads
    last = {id(h): i for i, h in enumerate(heads)}
    if len(last) == len(heads) or (head_grads is not None
                                   and len(head_grads) != len(heads)):
        return heads, head_grads
    keep = sorted(last.values())
    return ([heads[i] for i in keep],
            None if head_grads is None else [head_grads[i] for i in keep])


def _run(heads, head_grads, variables, retain_graph, create_graph, raw=False, g=None):
    """Trace and differentiate; the gradients as arrays (``raw``: as jax values, for
    ``backward``, which writes them into ``.grad`` buffers). ``g``: the graph behind
    the single head, already retraced."""
    if len(heads) > 1:
        heads, head_grads = _last_of_each(heads, head_grads)
    if g is None and variables is None and len(heads) == 1:
        g = _retrace(heads[0])
    if g is None:
        g, sel = _trace(heads, variables)
        if variables is None and len(heads) == 1 and g.order:
            _remember(g)
    sel = g.sel
    g.keep = retain_graph
    if not sel:
        raise MXNetError(_NO_VARS)
    head_cts, head_srcs = _head_cotangents(heads, head_grads)
    if create_graph:
        if g.int_sel:
            raise MXNetError(
                "create_graph=True differentiates floating-point variables only; cast the "
                "integer variable with x.astype('float32') before attach_grad() to get "
                "higher-order gradients.")
        if g.opaque:
            raise MXNetError("create_graph=True cannot differentiate through an "
                             "autograd.Function (its backward is Python code); write the "
                             "computation with mx.nd ops to get higher-order gradients.")
        with _lock:
            _stats["create_graph"] += 1
        head_cts = [_filled_like(tuple(h.shape), h._jdtype, 1, h._ctx.jax_device)
                    if c is None else c
                    for h, c in zip(heads, head_cts)]
        kern = _grad_kernel(g, sel)
        vals = tuple(g.leaf_vals) + tuple(g.consts) + tuple(head_cts)
        srcs = (tuple(x if x._ag is VAR else x._ag for x in g.leaves)
                + (None,) * len(g.consts) + tuple(head_srcs))
        cts = kern.fwd(*vals)
        if kern.nout == 1:
            cts = (cts,)
        node = Node(kern, vals, srcs, cts if kern.nout > 1 else cts[0])
        out = []
        for i, c in enumerate(cts):
            a = wrap(type(g.leaves[sel[i]]), c, g.leaves[sel[i]]._ctx)
            a._ag = (node, i)
            out.append(a)
    else:
        if g.int_sel:
            cts = _compute_int(g, sel, head_cts)
        else:
            cts = _compute(g, sel, head_cts, raw)
        out = []
        if type(cts) is LazyGrads:
            out, cts = cts, ()
        for j, c in zip(sel, cts):
            if c is None:
                c = jnp.zeros(g.leaf_vals[j].shape, g.leaf_vals[j].dtype)
            if raw:
                out.append(c)
            else:
                leaf = g.leaves[j]
                out.append(wrap(type(leaf), c, leaf._ctx))
    if not retain_graph:
        _force_pending(g)   # (paths that replay the graph leave pending nodes pending)
        for n in g.order:
            n.free()
    return g, sel, out


def backward(heads, head_grads=None, retain_graph=False, train_mode=True,
             create_graph=False):
    """Gradients of ``heads`` w.r.t. every variable they reach, into ``.grad``."""
    heads = _as_list(heads)
    g = None
    if head_grads is None and not retain_graph and not create_graph and len(heads) == 1:
        g = _fused_step(heads[0])
        if g is True:
            return
    if head_grads is not None:
        head_grads = _as_list(head_grads)
    train_mode = bool(train_mode)
    prev = state.is_training()
    if prev is not train_mode:
        state.set_training(train_mode)
    _fused[0] = None
    try:
        g, sel, grads = _run(heads, head_grads, None, retain_graph or create_graph,
                             create_graph, raw=not create_graph, g=g)
    finally:
        if prev is not train_mode:
            state.set_training(prev)
    done = _fused[0]
    _fused[0] = None
    _write_grads(g, sel, grads, create_graph)
    if done is not None:
        done[0].fused_done(done[1])


def _write_grads(g, sel, grads, create_graph):
    """Write (or add, per grad_req) the gradients into the variables' ``.grad``."""
    if type(grads) is LazyGrads:
        grads.write(g.leaves)
        return
    for j, gr in zip(sel, grads):
        leaf = g.leaves[j]
        buf = leaf._grad
        if buf is None:
            continue
        v = gr if not create_graph else gr._value()
        if v.dtype != buf._jdtype:
            v = v.astype(buf._jdtype)
        if leaf._grad_req == "add":
            v = buf._value() + v
            buf._set_value(v)
            buf._ag = None
        else:
            buf._set_value(v)
            buf._ag = gr._ag if create_graph else None
        leaf._fresh = True


def grad(heads, variables, head_grads=None, retain_graph=None, create_graph=False,
         train_mode=True):
    """Gradients of ``heads`` w.r.t. ``variables``, returned (``.grad`` is untouched)."""
    heads = _as_list(heads)
    variables = _as_list(variables)
    if not variables:
        raise MXNetError("autograd.grad needs at least one variable: "
                         "autograd.grad(heads, [x]).")
    if head_grads is not None:
        head_grads = _as_list(head_grads)
    if retain_graph is None:
        retain_graph = create_graph
    prev = state.set_training(train_mode)
    try:
        _, _, out = _run(heads, head_grads, variables, retain_graph, create_graph)
    finally:
        state.set_training(prev)
    return out  # MXNet 1.9.1 returns a list even for a single variable


from . import ndarray as _ndarray  # noqa: E402
_ndarray._backward[0] = backward


def _as_list(x):
    if isinstance(x, (list, tuple)):
        return list(x)
    return [x]
