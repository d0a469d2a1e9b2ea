"""Recorded nodes: the tape is a graph hanging off the arrays that reach it.

Each op recorded under ``autograd.record()`` becomes a ``Node`` holding its kernel, the
input values it saw and where each input came from (``src``): ``None`` for a constant,
the variable ``NDArray`` itself for a leaf (an array with ``attach_grad``), or
``(node, i)`` for output ``i`` of an earlier node. Output arrays point at their node;
nodes never point at their outputs, so a graph lives exactly as long as some array
that reaches it (Chainer's design), and a long loop does not grow memory.
"""
import itertools

_seq = itertools.count()


class Node:
    __slots__ = ("kernel", "vals", "srcs", "outs", "seq", "freed", "res", "__weakref__")

    def __init__(self, kernel, vals, srcs, outs, res=None):
        self.kernel = kernel
        self.vals = vals      # tuple of input values (jax arrays and Python scalars)
        self.srcs = srcs      # tuple: None | variable NDArray | (Node, output index)
        self.outs = outs      # the kernel's raw result: an array, or a tuple of arrays
        self.seq = next(_seq)  # creation order: a topological order of the graph
        self.freed = False
        self.res = res        # None, or (mask, leaves, treedef): a residual kernel's pullback

    @property
    def avals(self):
        """(shape, dtype) of each output."""
        outs = self.outs if self.kernel.nout > 1 else (self.outs,)
        return tuple((o.shape, o.dtype) for o in outs)

    def free(self):
        """Drop what backward needed; a later backward through here is an error."""
        self.vals = None
        self.srcs = None
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


def src_of(arr):
    """Where ``arr`` comes from in the graph (see module docstring)."""
    ag = arr._ag
    if ag is VAR:
        return arr
    return ag

