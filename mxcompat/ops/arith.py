"""Arithmetic and comparison dispatch: array-array, array-scalar, scalar-array.

``nd.add``/``x + y`` and friends pick the broadcast op for two arrays, the scalar op
for an array and a number (passed as a float, as MXNet does, so a new value never
recompiles), MXNet's reversed ops (``_rminus_scalar``...) or the swapped comparison for
a number and an array, and plain Python for two numbers. In-place operators write the
result into the left array (same object, same dtype, no broadcasting growth).
"""
import operator

import numpy as _np

from .._core import state
from .._core.dispatch import invoke
from .._core.ndarray import INPLACE_RECORD_MSG
from ..base import MXNetError
from .binary import BROADCAST, RSCALAR, SCALAR
from .registry import defun

# MXNet's ``numeric_types``: Python ints (and bools), floats and numpy scalars; other
# numbers (complex, Fraction, Decimal) are a TypeError, as in MXNet.
_SCALAR_TYPES = (float, int, _np.generic)

# Kernels without attributes, bound once.
_BK = {k: op.kernel((), None) for k, op in BROADCAST.items()}
_SK = {k: op.kernel((), None) for k, op in SCALAR.items()}
_RK = {k: op.kernel((), None) for k, op in RSCALAR.items()}
# Comparisons with the number on the left swap direction instead of a reversed op.
_SWAP = {"greater": "lesser", "greater_equal": "lesser_equal", "lesser": "greater",
         "lesser_equal": "greater_equal"}
# What MXNet returns for two numbers (its ``fn_scalar`` of each function).
_PYOPS = {"add": operator.add, "subtract": operator.sub, "multiply": operator.mul,
          "divide": operator.truediv, "mod": operator.mod, "power": operator.pow,
          "maximum": lambda a, b: a if a > b else b,
          "minimum": lambda a, b: a if a < b else b,
          "equal": lambda a, b: 1 if a == b else 0,
          "not_equal": lambda a, b: 1 if a != b else 0,
          "greater": lambda a, b: 1 if a > b else 0,
          "greater_equal": lambda a, b: 1 if a >= b else 0,
          "lesser": lambda a, b: 1 if a < b else 0,
          "lesser_equal": lambda a, b: 1 if a <= b else 0,
          "logical_and": lambda a, b: 1 if a and b else 0,
          "logical_or": lambda a, b: 1 if a or b else 0,
          "logical_xor": lambda a, b: 1 if bool(a) ^ bool(b) else 0}


def _is_array(x):
    return hasattr(x, "_value")


def _unsupported(x):
    return TypeError(f"type {type(x)} not supported: MXNet's arithmetic takes NDArrays and "
                     "Python/numpy numbers; convert it first with mx.nd.array(...).")


def ufunc(name, lhs, rhs, out=None):
    """Apply binary op ``name`` with MXNet's array/scalar dispatch."""
    if _is_array(lhs):
        if _is_array(rhs):
            return invoke(_BK[name], (lhs, rhs), (), type(lhs), None, out)
        if isinstance(rhs, _SCALAR_TYPES):
            return invoke(_SK[name], (lhs,), (float(rhs),), type(lhs), None, out)
        raise _unsupported(rhs)
    if isinstance(lhs, _SCALAR_TYPES):
        if _is_array(rhs):
            s = float(lhs)
            if name in _RK:
                return invoke(_RK[name], (rhs,), (s,), type(rhs), None, out)
            return invoke(_SK[_SWAP.get(name, name)], (rhs,), (s,), type(rhs), None, out)
        if isinstance(rhs, _SCALAR_TYPES):
            return _PYOPS[name](lhs, rhs)
        raise _unsupported(rhs)
    raise _unsupported(lhs)


def _make(name, fname):
    def f(lhs, rhs):
        return ufunc(name, lhs, rhs)
    f.__name__ = fname
    f.__qualname__ = fname
    f.__doc__ = (f"Element-wise {name} of NDArrays and/or numbers, with broadcasting "
                 "(two numbers give a Python number).")
    return f


add = defun("add", nd=True)(_make("add", "add"))
subtract = defun("subtract", nd=True)(_make("subtract", "subtract"))
multiply = defun("multiply", nd=True)(_make("multiply", "multiply"))
divide = defun("divide", nd=("divide", "true_divide"))(_make("divide", "divide"))
modulo = defun("modulo", nd=True)(_make("mod", "modulo"))
power = defun("power", nd=True)(_make("power", "power"))
maximum = defun("maximum", nd=True)(_make("maximum", "maximum"))
minimum = defun("minimum", nd=True)(_make("minimum", "minimum"))
equal = defun("equal", nd=True)(_make("equal", "equal"))
not_equal = defun("not_equal", nd=True)(_make("not_equal", "not_equal"))
greater = defun("greater", nd=True)(_make("greater", "greater"))
greater_equal = defun("greater_equal", nd=True)(_make("greater_equal", "greater_equal"))
lesser = defun("lesser", nd=True)(_make("lesser", "lesser"))
lesser_equal = defun("lesser_equal", nd=True)(_make("lesser_equal", "lesser_equal"))
logical_and = defun("logical_and", nd=True)(_make("logical_and", "logical_and"))
logical_or = defun("logical_or", nd=True)(_make("logical_or", "logical_or"))
logical_xor = defun("logical_xor", nd=True)(_make("logical_xor", "logical_xor"))


# ------------------------------------------------------------------ operators
def _binop(name):
    def m(self, other):
        return ufunc(name, self, other)
    return m


def _rbinop(name):
    def m(self, other):
        return ufunc(name, other, self)
    return m


def _ibinop(name):
    def m(self, other):
        # MXNet: broadcast_<op>(self, other, out=self) / _<op>_scalar(..., out=self).
        self._check_writable()
        if _is_array(other):
            if other._ag is not None and state.is_recording():
                raise MXNetError(INPLACE_RECORD_MSG)
            return invoke(_BK[name], (self, other), (), type(self), None, self)
        if isinstance(other, _SCALAR_TYPES):
            return invoke(_SK[name], (self,), (float(other),), type(self), None, self)
        raise _unsupported(other)
    return m


for _n, _op in (("add", "add"), ("sub", "subtract"), ("mul", "multiply"),
                ("truediv", "divide"), ("div", "divide"), ("mod", "mod"), ("pow", "power")):
    defun(f"__{_n}__", method=f"__{_n}__")(_binop(_op))
    defun(f"__r{_n}__", method=f"__r{_n}__")(_rbinop(_op))
    if _n != "pow":   # MXNet has no __ipow__: ``x **= 2`` rebinds x to a new array.
        defun(f"__i{_n}__", method=f"__i{_n}__")(_ibinop(_op))
for _n, _op in (("eq", "equal"), ("ne", "not_equal"), ("gt", "greater"),
                ("ge", "greater_equal"), ("lt", "lesser"), ("le", "lesser_equal")):
    defun(f"__{_n}__", method=f"__{_n}__")(_binop(_op))


@defun("__neg__", method="__neg__")
def _neg(self):
    """``-x``: MXNet multiplies by the scalar -1 (so unsigned arrays wrap)."""
    return invoke(_SK["multiply"], (self,), (-1.0,), type(self))


@defun("__abs__", method="__abs__")
def _absm(self):
    from .elemwise import UNARY_OPS
    return invoke(UNARY_OPS["abs"].kernel((), None), (self,), (), type(self))
