"""``mx.np`` binary ufuncs: numpy dtype promotion between arrays, MXNet's rules for
an array and a Python number, bool comparisons.

MXNet 1.9.1's numpy interface, as observed:

* two arrays promote: bool with anything gives the other type, an integer with a float
  gives the float type (int32 + float16 is float16), two floats or two integers give
  the wider one (mixed signed/unsigned integers follow numpy, where MXNet refuses);
* an array with a Python number keeps the array's dtype and converts the number to it
  first (``int32 * 2.7 == int32 * 2``); a bool array with a number computes in int64,
  except comparisons, which convert the number to bool;
* ``true_divide`` of integers (or bools) gives the default float (float32);
* comparisons give bool arrays; ``mod`` takes the divisor's sign and ``x % 0 == 0``;
* two Python numbers give numpy's answer.
"""
import jax
import jax.numpy as jnp
import numpy as _np

from ..base import MXNetError
from .._core import state
from .._core.dispatch import invoke
from .._core.ndarray import INPLACE_RECORD_MSG
from .np_common import SCALARS, default_float, is_array, npfun, npop

__all__ = ["binary", "promote", "BINARY"]


# ---------------------------------------------------------------- dtype rules
def _kind(dt):
    return "b" if dt == jnp.bool_ else ("f" if jnp.issubdtype(dt, jnp.inexact) else "i")


def promote(da, db):
    """The result dtype of a binary op between arrays of dtypes ``da`` and ``db``."""
    da, db = jnp.dtype(da), jnp.dtype(db)
    if da == db:
        return da
    ka, kb = _kind(da), _kind(db)
    if ka == "b":
        return db
    if kb == "b":
        return da
    if ka == "f" and kb != "f":
        return da
    if kb == "f" and ka != "f":
        return db
    return jnp.promote_types(da, db)


def _is_int(dt):
    return _kind(dt) != "f"


def _safe_mod(a, b):
    zero = b == 0
    out = jnp.where(zero, jnp.zeros_like(a), jnp.mod(a, jnp.where(zero, 1, b)))
    # NOTE: a zero result is +0.0 as in MXNet/numpy (jax's mod can give -0.0).
    return out + 0 if jnp.issubdtype(out.dtype, jnp.inexact) else out


def _floor_div(a, b):
    if _is_int(a.dtype):
        zero = b == 0
        return jnp.where(zero, jnp.zeros_like(a), jnp.floor_divide(a, jnp.where(zero, 1, b)))
    return jnp.floor_divide(a, b)


def _maximum(a, b):
    # NOTE: on ties the whole gradient goes to the first input, as MXNet's maximum.
    return jnp.where(a >= b, a, b)


def _minimum(a, b):
    return jnp.where(a <= b, a, b)


def _bool_or(f):
    def g(a, b):
        if a.dtype == jnp.bool_:
            return jnp.logical_or(a, b)
        return f(a, b)
    return g


def _bool_and(f):
    def g(a, b):
        if a.dtype == jnp.bool_:
            return jnp.logical_and(a, b)
        return f(a, b)
    return g


def _no_bool(name, f):
    def g(a, b):
        if a.dtype == jnp.bool_:
            raise MXNetError(f"Operator {name} does not support boolean type; convert the "
                             "arrays first, e.g. x.astype('int32').")
        return f(a, b)
    return g


@jax.custom_jvp
def _pow_exact(a, b):
    return jnp.power(a, b)


@_pow_exact.defjvp
def _pow_exact_jvp(primals, tangents):
    # NOTE: d/da a**b = b * a**(b-1), taken as 0 where b == 0 (the exponent given to
    # the inner power is then 1, so no inf is ever formed). Integer-valued float exponents
    # then differentiate exactly to every order (x**2.0 has third derivative 0 at x = 0,
    # where jax's float-exponent rule gives 0 * inf). d/db a**b = log(a) * a**b, 0 at a == 0.
    a, b = primals
    ta, tb = tangents
    out = _pow_exact(a, b)
    zero_b = b == 0
    da = jnp.where(zero_b, jnp.zeros_like(out),
                   b * _pow_exact(a, jnp.where(zero_b, jnp.ones_like(b), b - 1)))
    db = jnp.log(jnp.where(a == 0, jnp.ones_like(a), a)) * out
    return out, da * ta + db * tb


def _power(a, b):
    """``a ** b``; float powers differentiate exactly to every order (see the NOTE)."""
    if jnp.issubdtype(a.dtype, jnp.inexact):
        return _pow_exact(a, b)
    return jnp.power(a, b)


def _ints_only(name, f):
    def g(a, b):
        if not jnp.issubdtype(a.dtype, jnp.integer) and a.dtype != jnp.bool_:
            raise MXNetError(f"{name} is only defined for integer (or bool) arrays; got "
                             f"{a.dtype.name}. Convert with x.astype('int32') first.")
        return f(a, b)
    return g


# name: (function on two arrays of the common dtype, kind)
#   kind "arith": result in the common dtype; "divide": a float result (integers give
#   the default float: true division, ldexp); "cmp": bool result; "logical": bool of truth values;
#   "f64": float64 result (float_power).
BINARY = {
    "add": (_bool_or(jnp.add), "arith"),
    "subtract": (_no_bool("subtract", jnp.subtract), "arith"),
    "multiply": (_bool_and(jnp.multiply), "arith"),
    "true_divide": (jnp.true_divide, "divide"),
    "floor_divide": (_no_bool("floor_divide", _floor_div), "arith"),
    "mod": (_no_bool("mod", _safe_mod), "arith"),
    "power": (_no_bool("power", _power), "arith"),
    "maximum": (_bool_or(_maximum), "arith"),
    "minimum": (_bool_and(_minimum), "arith"),
    "hypot": (_no_bool("hypot", jnp.hypot), "arith"),
    "arctan2": (_no_bool("arctan2", jnp.arctan2), "arith"),
    "copysign": (_no_bool("copysign", jnp.copysign), "arith"),
    "lcm": (_ints_only("lcm", jnp.lcm), "arith"),
    "gcd": (_ints_only("gcd", jnp.gcd), "arith"),
    "bitwise_and": (_ints_only("bitwise_and", jnp.bitwise_and), "arith"),
    "bitwise_or": (_ints_only("bitwise_or", jnp.bitwise_or), "arith"),
    "bitwise_xor": (_ints_only("bitwise_xor", jnp.bitwise_xor), "arith"),
    "float_power": (_power, "f64"),
    "ldexp": (lambda a, b: a * jnp.exp2(b), "divide"),
    "equal": (jnp.equal, "cmp"),
    "not_equal": (jnp.not_equal, "cmp"),
    "greater": (jnp.greater, "cmp"),
    "greater_equal": (jnp.greater_equal, "cmp"),
    "less": (jnp.less, "cmp"),
    "less_equal": (jnp.less_equal, "cmp"),
    "logical_and": (jnp.logical_and, "logical"),
    "logical_or": (jnp.logical_or, "logical"),
    "logical_xor": (jnp.logical_xor, "logical"),
}
_NONDIFF_KINDS = ("cmp", "logical")
_NONDIFF = {"floor_divide", "lcm", "gcd", "bitwise_and", "bitwise_or", "bitwise_xor"}
# numpy names that are the same function.
ALIASES = {"divide": "true_divide", "remainder": "mod"}
# Comparisons with the number on the left: a < s is s > a.
_SWAP = {"greater": "less", "greater_equal": "less_equal", "less": "greater",
         "less_equal": "greater_equal"}


def _result_dtype(kind, dt, ftype):
    if kind == "divide" and _is_int(dt):
        return jnp.dtype(ftype)
    if kind == "f64":
        return jnp.dtype("float64")
    return dt


def _array_fn(name, f, kind):
    def fn(x1, x2, *, ftype="float32"):
        dt = promote(x1.dtype, x2.dtype)
        if kind == "logical":
            return f(x1 != 0, x2 != 0)
        ct = _result_dtype(kind, dt, ftype) if kind in ("divide", "f64") else dt
        out = f(x1.astype(ct), x2.astype(ct))
        return out if kind == "cmp" else out.astype(ct)
    fn.__doc__ = f"Element-wise ``{name}`` of two arrays with numpy broadcasting and " \
                 "MXNet's dtype promotion."
    return fn


def _scalar_fn(name, f, kind):
    def fn(data, *, scalar=0.0, reverse=False, ftype="float32"):
        dt = data.dtype
        if kind == "logical":
            a, s = data != 0, jnp.asarray(scalar) != 0
        elif kind == "cmp":
            # NOTE: MXNet converts the number to the array's dtype, also for comparisons
            # (int32 >= 2.5 is int32 >= 2; a bool array compares with bool(s)).
            a, s = data, jnp.asarray(scalar).astype(dt)
        elif kind in ("divide", "f64"):
            ct = _result_dtype(kind, dt, ftype)
            a, s = data.astype(ct), jnp.asarray(scalar).astype(ct)
        else:
            ct = jnp.dtype("int64") if dt == jnp.bool_ else dt
            a, s = data.astype(ct), jnp.asarray(scalar).astype(ct)
            out = f(s, a) if reverse else f(a, s)
            return out.astype(ct)
        return f(s, a) if reverse else f(a, s)
    fn.__doc__ = f"Element-wise ``{name}`` of an array and a number (the number is " \
                 "converted to the array's dtype first, as MXNet does)."
    return fn


ARRAY_OPS = {}
SCALAR_OPS = {}
for _name, (_f, _kind_) in BINARY.items():
    _diff = _kind_ not in _NONDIFF_KINDS and _name not in _NONDIFF
    ARRAY_OPS[_name] = npop(f"_npi_{_name}", differentiable=_diff)(
        _array_fn(_name, _f, _kind_))
    SCALAR_OPS[_name] = npop(f"_npi_{_name}_scalar", dynamic=("scalar",),
                             differentiable=_diff)(_scalar_fn(_name, _f, _kind_))


def _unsupported(x):
    return TypeError(f"type {type(x)} not supported: mx.np operators take mx.np arrays and "
                     "Python numbers; convert it first with mx.np.array(...).")


def _py_number(s):
    return s.item() if isinstance(s, _np.generic) else s


def binary(name, x1, x2, out=None):
    """Apply the binary ufunc ``name`` with MXNet's array/number dispatch."""
    name = ALIASES.get(name, name)
    a1, a2 = is_array(x1), is_array(x2)
    kind = BINARY[name][1]
    ftype = default_float()
    if a1 and a2:
        static = (("ftype", ftype),)
        return invoke(ARRAY_OPS[name].kernel(static, None), (x1, x2), (), type(x1), None,
                      out)
    if a1 or a2:
        arr, num = (x1, x2) if a1 else (x2, x1)
        if not isinstance(num, SCALARS):
            raise _unsupported(num)
        op = name
        reverse = not a1
        if reverse and name in _SWAP:
            op, reverse = _SWAP[name], False
        elif reverse and name in ("add", "multiply", "maximum", "minimum", "hypot", "equal",
                                  "not_equal", "lcm", "gcd", "bitwise_and", "bitwise_or",
                                  "bitwise_xor", "logical_and", "logical_or",
                                  "logical_xor"):
            reverse = False
        static = (("reverse", reverse), ("ftype", ftype))
        return invoke(SCALAR_OPS[op].kernel(static, None), (arr,), (_py_number(num),),
                      type(arr), None, out)
    if isinstance(x1, SCALARS) and isinstance(x2, SCALARS):
        res = getattr(_np, name)(x1, x2)
        if out is not None:
            out[...] = res
            return out
        return res
    raise _unsupported(x2 if isinstance(x1, SCALARS) else x1)


def _make(name):
    def f(x1, x2, out=None, **kwargs):
        if kwargs:
            raise TypeError(f"{name}() got unexpected arguments {sorted(kwargs)}; mx.np "
                            f"supports {name}(x1, x2, out=None).")
        return binary(name, x1, x2, out)
    f.__name__ = name
    f.__qualname__ = name
    f.__doc__ = f"numpy's ``{name}``: element-wise, with broadcasting; either input may " \
                "be a Python number."
    return f


FUNCS = {}
for _name in list(BINARY) + list(ALIASES):
    FUNCS[_name] = npfun(_name, np=True)(_make(_name))
add, subtract, multiply, true_divide, divide = (FUNCS[n] for n in (
    "add", "subtract", "multiply", "true_divide", "divide"))
mod, power, maximum, minimum, equal = (FUNCS[n] for n in (
    "mod", "power", "maximum", "minimum", "equal"))


# ---------------------------------------------------------- array operators
def _op(name):
    def m(self, other):
        return binary(name, self, other)
    return m


def _rop(name):
    def m(self, other):
        return binary(name, other, self)
    return m


def _iop(name):
    def m(self, other):
        self._check_writable()
        if getattr(other, "_ag", None) is not None and state.is_recording():
            raise MXNetError(INPLACE_RECORD_MSG)
        res = binary(name, self, other)
        if res._jdtype != self._jdtype:
            res = res.astype(self._jdtype)
        if tuple(res.shape) != tuple(self.shape):
            raise ValueError(f"non-broadcastable output operand with shape {self.shape} "
                             f"doesn't match the broadcast shape {res.shape}")
        self._set_value(res._value())
        return self
    return m


_DUNDER = {"add": "add", "sub": "subtract", "mul": "multiply", "truediv": "true_divide",
           "div": "true_divide", "floordiv": "floor_divide", "mod": "mod", "pow": "power",
           "and": "bitwise_and", "or": "bitwise_or", "xor": "bitwise_xor"}
for _d, _name in _DUNDER.items():
    npfun(f"__np_{_d}__", np_method=f"__{_d}__")(_op(_name))
    npfun(f"__np_r{_d}__", np_method=f"__r{_d}__")(_rop(_name))
    npfun(f"__np_i{_d}__", np_method=f"__i{_d}__")(_iop(_name))
for _d, _name in (("eq", "equal"), ("ne", "not_equal"), ("gt", "greater"),
                  ("ge", "greater_equal"), ("lt", "less"), ("le", "less_equal")):
    npfun(f"__np_{_d}__", np_method=f"__{_d}__")(_op(_name))


@npfun("__np_neg__", np_method="__neg__")
def _neg(self):
    """``-x``: multiply by -1 (a bool array gives int64, as in MXNet)."""
    return binary("multiply", self, -1)


@npfun("__np_pos__", np_method="__pos__")
def _pos(self):
    return self
