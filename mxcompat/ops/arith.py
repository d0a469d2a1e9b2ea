"""Arithmetic and comparison dispatch: array-array, array-scalar, scalar-array.

``nd.add``/``x + y`` and friends pick the broadcast op for two arrays, the scalar op
for an array and a number (``_plus_scalar``, ``_rminus_scalar``...), and plain Python
for two numbers, as MXNet's ``_ufunc_helper`` does.
"""
import operator

import numpy as _np

from ..base import MXNetError
from .._core.dispatch import invoke
from .elemwise import BROADCAST, RSCALAR, SCALAR
from .registry import defun

_SCALAR_TYPES = (int, float, bool, _np.generic)

# Kernels without attributes, bound once.
_BK = {k: op.kernel((), None) for k, op in BROADCAST.items()}
_SK = {k: op.kernel((), None) for k, op in SCALAR.items()}
_RK = {k: op.kernel((), None) for k, op in RSCALAR.items()}
# Comparisons with the scalar on the left swap direction instead of an r-op.
_SWAP = {"greater": "lesser", "greater_equal": "lesser_equal", "lesser": "greater",
         "lesser_equal": "greater_equal"}
_PYOPS = {"add": operator.add, "subtract": operator.sub, "multiply": operator.mul,
          "divide": operator.truediv, "mod": operator.mod, "power": operator.pow,
          "maximum": max, "minimum": min, "equal": operator.eq, "not_equal": operator.ne,
          "greater": operator.gt, "greater_equal": operator.ge, "lesser": operator.lt,
          "lesser_equal": operator.le, "hypot": lambda a, b: (a * a + b * b) ** 0.5,
          "logical_and": lambda a, b: bool(a) and bool(b),
          "logical_or": lambda a, b: bool(a) or bool(b),
          "logical_xor": lambda a, b: bool(a) != bool(b)}


def _py(s):
    return s.item() if isinstance(s, _np.generic) else s


def ufunc(name, lhs, rhs, out=None):
    """Apply binary op ``name`` with MXNet's array/scalar dispatch."""
    la = hasattr(lhs, "_value")
    ra = hasattr(rhs, "_value")
    if la and ra:
        if lhs._jdtype != rhs._jdtype:
            raise MXNetError(
                f"broadcast_{name}: the two arrays have different dtypes "
                f"({lhs._jdtype.name} and {rhs._jdtype.name}); MXNet requires the same "
                f"dtype. Convert one first, e.g. y.astype('{lhs._jdtype.name}').")
        return invoke(_BK[name], (lhs, rhs), (), type(lhs), None, out)
    if la:
        if isinstance(rhs, _SCALAR_TYPES):
            return invoke(_SK[name], (lhs,), (_py(rhs),), type(lhs), None, out)
        return NotImplemented
    if ra:
        if isinstance(lhs, _SCALAR_TYPES):
            s = _py(lhs)
            if name in _RK:
                return invoke(_RK[name], (rhs,), (s,), type(rhs), None, out)
            return invoke(_SK[_SWAP.get(name, name)], (rhs,), (s,), type(rhs), None, out)
        return NotImplemented
    if isinstance(lhs, _SCALAR_TYPES) and isinstance(rhs, _SCALAR_TYPES):
        return _PYOPS[name](lhs, rhs)
    raise TypeError(f"{name}: unsupported operand types {type(lhs).__name__} and "
                    f"{type(rhs).__name__}; use NDArrays or numbers.")


def _make(name):
    def f(lhs, rhs, out=None):
        return ufunc(name, lhs, rhs, out)
    f.__name__ = name
    f.__doc__ = f"Element-wise {name} of arrays and/or scalars, with broadcasting."
    return f


add = defun("add", nd=("add", "plus"))(_make("add"))
subtract = defun("subtract", nd=("subtract", "minus", "sub"))(_make("subtract"))
multiply = defun("multiply", nd=("multiply", "mul"))(_make("multiply"))
divide = defun("divide", nd=("divide", "true_divide", "div"))(_make("divide"))
modulo = defun("modulo", nd=("modulo", "mod"))(_make("mod"))
power = defun("power", nd=("power", "pow"))(_make("power"))
maximum = defun("maximum", nd=True)(_make("maximum"))
minimum = defun("minimum", nd=True)(_make("minimum"))
hypot = defun("hypot", nd=True)(_make("hypot"))
equal = defun("equal", nd=True)(_make("equal"))
not_equal = defun("not_equal", nd=True)(_make("not_equal"))
greater = defun("greater", nd=True)(_make("greater"))
greater_equal = defun("greater_equal", nd=True)(_make("greater_equal"))
lesser = defun("lesser", nd=True)(_make("lesser"))
lesser_equal = defun("lesser_equal", nd=True)(_make("lesser_equal"))
logical_and = defun("logical_and", nd=True)(_make("logical_and"))
logical_or = defun("logical_or", nd=True)(_make("logical_or"))
logical_xor = defun("logical_xor", nd=True)(_make("logical_xor"))


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
        self._check_writable()
        res = ufunc(name, self, other)
        if res is NotImplemented:
            return res
        if res._jdtype != self._jdtype:
            res = res.astype(self._jdtype)
        self._set_value(res._value())
        return self
    return m


for _n, _op in (("add", "add"), ("sub", "subtract"), ("mul", "multiply"),
                ("truediv", "divide"), ("div", "divide"), ("mod", "mod"), ("pow", "power")):
    defun(f"__{_n}__", method=f"__{_n}__")(_binop(_op))
    defun(f"__r{_n}__", method=f"__r{_n}__")(_rbinop(_op))
    defun(f"__i{_n}__", method=f"__i{_n}__")(_ibinop(_op))
for _n, _op in (("eq", "equal"), ("ne", "not_equal"), ("gt", "greater"),
                ("ge", "greater_equal"), ("lt", "lesser"), ("le", "lesser_equal")):
    defun(f"__{_n}__", method=f"__{_n}__")(_binop(_op))


@defun("__neg__", method="__neg__")
def _neg(self):
    return invoke(_SK["multiply"], (self,), (-1.0,), type(self))


@defun("__pos__", method="__pos__")
def _pos(self):
    return self


@defun("__abs__", method="__abs__")
def _absm(self):
    from .elemwise import UNARY_OPS
    return invoke(UNARY_OPS["abs"].kernel((), None), (self,), (), type(self))
