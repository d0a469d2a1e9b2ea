"""Recorded nodes: the tape is a graph hanging off the arrays that reach it.

Each op recorded under ``autograd.record()`` becomes a ``Node`` holding its kernel, the
input values it saw and where each input came from (``src``): ``None`` for a constant,
the variable ``NDArray`` itself for a leaf (an array with ``attach_grad``), or
``(node, i)`` for output ``i`` of an earlier node. Output arrays point at their node;
nodes never point at their outputs, so a graph lives exactly as long as some array
that reaches it (Chainer's design), and a long loop does not grow memory.
"""
import itertools

from . import state

_seq = itertools.count()


class Node:
    __slots__ = ("kernel", "vals", "srcs", "avals", "seq", "freed", "__weakref__")

    def __init__(self, kernel, vals, srcs, avals):
        self.kernel = kernel
        self.vals = vals      # tuple of input values (jax arrays and Python scalars)
        self.srcs = srcs      # tuple: None | variable NDArray | (Node, output index)
        self.avals = avals    # tuple of (shape, dtype) of the outputs
        self.seq = next(_seq)  # creation order: a topological order of the graph
        self.freed = False

    def free(self):
        """Drop what backward needed; a later backward through here is an error."""
        self.vals = None
        self.srcs = None
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


def record(kernel, inputs, vals, scalars, outs):
    """Record ``kernel`` if recording and some input is in a graph; returns node or None."""
    srcs = tuple(src_of(x) for x in inputs)
    if not any(s is not None for s in srcs):
        return None
    if scalars:
        srcs = srcs + (None,) * len(scalars)
        vals = tuple(vals) + tuple(scalars)
    node = Node(kernel, tuple(vals), srcs, tuple((o.shape, o.dtype) for o in outs))
    return node


is_recording = state.is_recording
