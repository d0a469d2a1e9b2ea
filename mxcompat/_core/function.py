"""``autograd.Function``: user-defined forward and backward in Python.

The forward runs with recording paused; when recording, one *opaque* node is recorded
whose vjp calls the user's ``backward`` on NDArrays. Graphs that contain such a node
are always differentiated op by op (never compiled), since ``backward`` may run any
Python (``asnumpy`` included).
"""
import itertools

from ..base import MXNetError
from . import state
from .ndarray import wrap
from .tape import VAR, Node

_ids = itertools.count()


class _FunctionKernel:
    """Kernel-like object whose vjp is the Function's Python ``backward``."""
    __slots__ = ("name", "key", "nout", "opaque", "func", "in_types", "__weakref__")

    def __init__(self, func, nout, in_types):
        self.name = type(func).__name__
        self.key = ("Function", next(_ids))
        self.nout = nout
        self.opaque = True
        self.func = func
        self.in_types = in_types   # (class, ctx) of each input, to wrap gradients

    def fn(self, *vals):
        raise MXNetError(f"autograd.Function {self.name} cannot be replayed inside a "
                         "compiled graph or differentiated twice (create_graph=True): its "
                         "backward is Python code.")

    def vjp(self, mask):
        def pull(vals, cts):
            out_cls, out_ctx = self.in_types[0]
            grads = self.func.backward(*[wrap(out_cls, c, out_ctx) for c in cts])
            if hasattr(grads, "_value"):
                grads = (grads,)
            grads = tuple(grads)
            if len(grads) != len(self.in_types):
                raise MXNetError(
                    f"{self.name}.backward must return exactly as many NDArrays as forward "
                    f"takes inputs: expected {len(self.in_types)}, got {len(grads)}.")
            for g in grads:
                if not hasattr(g, "_value"):
                    raise MXNetError("autograd.Function.backward must return NDArrays, "
                                     f"not {type(g).__name__}.")
            return tuple(grads[i]._value() for i in mask)
        return pull


class Function:
    """Customize differentiation: subclass and define ``forward`` and ``backward``.

    ``backward`` receives one gradient per output of ``forward`` and returns one
    gradient per input; ``save_for_backward`` keeps arrays for it in ``saved_tensors``.
    """

    def __init__(self):
        self._used = False
        self.saved_tensors = ()

    def save_for_backward(self, *args):
        self.saved_tensors = args

    def __call__(self, *inputs):
        if self._used:
            raise MXNetError("Each autograd.Function object can only be called once; "
                             "create a new one for every call: f = MyFunc(); y = f(x).")
        self._used = True
        prev = state.set_recording(False)
        try:
            outputs = self.forward(*inputs)
        finally:
            state.set_recording(prev)
        if not prev:
            return outputs
        single = hasattr(outputs, "_value")
        outs = (outputs,) if single else tuple(outputs)
        srcs = []
        for x in inputs:
            ag = x._ag
            srcs.append(x if ag is VAR else ag)
        kern = _FunctionKernel(self, len(outs), [(type(x), x._ctx) for x in inputs])
        node = Node(kern, tuple(x._value() for x in inputs), tuple(srcs),
                    tuple(o._value() for o in outs) if len(outs) > 1 else outs[0]._value())
        for i, o in enumerate(outs):
            o._ag = (node, i)
        return outputs

    def forward(self, *inputs):
        raise NotImplementedError

    def backward(self, *output_grads):
        raise NotImplementedError
