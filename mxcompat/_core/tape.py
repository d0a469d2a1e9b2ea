"""Recorded nodes: the tape is a graph hanging off the arrays that reach it.

Each op recorded under ``autograd.record()`` becomes a ``Node`` holding its kernel, the
input values it saw and where each input came from (``src``): ``None`` for a constant,
the variable ``NDArray`` itself for a leaf (an array with ``attach_grad``), or
``(node, i)`` for output ``i`` of an earlier node. Output arrays point at their node;
nodes never point at their outputs, so a graph lives exactly as long as some array
that reaches it (Chainer's design), and a long loop does not grow memory.

A node may be *pending* (``lazy`` set): a hybridized block or compiled loss called
under ``record()`` whose forward has not run yet (see ``dispatch.invoke``). Its
``outs`` is None, an input that is itself a pending output has the value ``PENDING``
in ``vals``, and ``lazy`` is ``(mask, avals)``: the inputs its pullback is taken with
respect to and the output (shape, dtype) pairs. Backward computes pending forwards
inside its own compiled program; reading a pending output runs the forward at once
(``force``).
"""
import itertools

_seq = itertools.count()


class _Pending:
    __slots__ = ()

    def __repr__(self):
        return "PENDING"


PENDING = _Pending()


class Node:
    __slots__ = ("kernel", "vals", "srcs", "outs", "seq", "freed", "res", "lazy",
                 "__weakref__")

    def __init__(self, kernel, vals, srcs, outs, res=None, lazy=None):
        self.kernel = kernel
        self.vals = vals      # tuple of input values (jax arrays and Python scalars)
        self.srcs = srcs      # tuple: None | variable NDArray | (Node, output index)
        self.outs = outs      # the kernel's raw result: an array, or a tuple of arrays
        self.seq = next(_seq)  # creation order: a topological order of the graph
        self.freed = False
        self.res = res        # None, or (mask, leaves, treedef): a residual kernel's pullback
        # None: an ordinary node; (mask, avals): pending; False: was pending, now computed
        self.lazy = lazy

    @property
    def avals(self):
        """(shape, dtype) of each output."""
        if self.lazy:
            return self.lazy[1]
        outs = self.outs if self.kernel.nout > 1 else (self.outs,)
        return tuple((o.shape, o.dtype) for o in outs)

    def free(self):
        """Drop what backward needed; a later backward through here is an error."""
        self.vals = None
        self.srcs = None
        if self.lazy is None:
            # (A node that was pending keeps its outputs: its arrays read them there.)
            self.outs = None
        self.res = None
        self.freed = True

    def __repr__(self):
        return f"<Node {self.kernel.name} #{self.seq}{' freed' if self.freed else ''}>"


class _Var:
    """Marker stored in ``NDArray._ag`` for an array that is a leaf variable."""
    __slots__ = ()

    def __repr__(self):
        return "VAR"


VAR = _Var()


def force(node):
    """The outputs of ``node``, running its forward now if it is pending (recording the
    pullback, as the call would have done had it not been deferred)."""
    outs = node.outs
    if outs is not None or not node.lazy:
        return outs
    vals = resolved_vals(node)
    mask = node.lazy[0]
    outs, leaves, treedef = node.kernel.fwd_res(mask)(*vals)
    node.vals = vals
    node.outs = outs
    node.res = (mask, leaves, treedef)
    node.lazy = False
    return outs


def output(node, i):
    """Output ``i`` of ``node`` (forcing it if pending)."""
    outs = force(node)
    return outs if node.kernel.nout == 1 else outs[i]


def resolved_vals(node):
    """``node.vals`` with each PENDING input replaced by its (forced) value."""
    vals = node.vals
    for v in vals:
        if v is PENDING:
            break
    else:
        return vals
    return tuple(output(*s) if v is PENDING else v for v, s in zip(vals, node.srcs))


def src_of(arr):
    """Where ``arr`` comes from in the graph (see module docstring)."""
    ag = arr._ag
    if ag is VAR:
        return arr
    return ag

