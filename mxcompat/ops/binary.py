"""Binary element-wise ops: ``broadcast_*``, same-shape ``elemwise_*``/``_plus``..., and
the scalar forms ``_plus_scalar``/``_rminus_scalar``..., with MXNet's rules:

* both arrays must have the same dtype; bool arrays are refused;
* the scalar is cast to the array's dtype first, C-style (``int32 * 2.5 == int32 * 2``);
  a bool array with a scalar computes (and returns) int64;
* integer ``/`` truncates; ``%`` takes the divisor's sign and ``x % 0 == 0``; ``**``,
  ``hypot`` and a scalar divided by an integer array are computed in float and truncated;
* comparisons and logical ops give 0/1 in the input dtype (NaN is "true");
* ``maximum``/``minimum`` return a NaN found on the left; on ties the gradient goes to
  the left input; the ``%`` and ``**`` gradients use MXNet's formulas (see NOTEs).
"""
import jax.numpy as jnp
from jax import lax

from ..base import MXNetError
from ._mxmath import c_cast, compute_dtype, is_int_dtype, with_jvp
from .elemwise import refuse_bool
from .registry import defop


# ------------------------------------------------------------ value functions
def _div(a, b):
    if is_int_dtype(a.dtype):
        # MXNet crashes on an integer division by zero; mxcompat gives 0 there.
        zero = b == 0
        q = lax.div(a, jnp.where(zero, jnp.ones_like(b), b))
        return jnp.where(zero, jnp.zeros_like(q), q)
    shape = jnp.broadcast_shapes(a.shape, b.shape)
    if b.shape != shape:
        # NOTE: XLA rewrites x / broadcast(c) as x * (1 / c), which rounds differently
        # from MXNet's true division (x / 255.0 differs in half the values); an
        # optimization barrier on the broadcast divisor keeps the division.
        b = lax.optimization_barrier(jnp.broadcast_to(b, shape))
    return a / b


def _rdiv(a, b):
    """``a / b`` where ``a`` is the scalar: MXNet divides in float for every
    non-double type (so ``7 / int32 0`` is INT_MIN, like a C cast of inf)."""
    cdt = compute_dtype(b.dtype, "float32")
    return c_cast(a.astype(cdt) / b.astype(cdt), b.dtype)


def _mod_value(a, b):
    zero = b == 0
    r = jnp.remainder(a, jnp.where(zero, jnp.ones_like(b), b))
    return jnp.where(zero, jnp.zeros_like(r), r)


# NOTE: MXNet's gradients of a % b are 1 and -floor(a / b), also where b == 0.
_mod_f = with_jvp(_mod_value, lambda a, b, out: jnp.ones_like(out),
                  lambda a, b, out: -jnp.floor(a / b))


def _mod(a, b):
    if is_int_dtype(a.dtype):
        return _mod_value(a, b)
    return _mod_f(a, b)


# NOTE: MXNet's gradients of a ** b are b * a ** (b - 1) and a ** b * log(a), with
# their NaN/inf at a == 0 (jax special-cases that point).
_pow_f = with_jvp(jnp.power, lambda a, b, out: jnp.power(a, b - 1) * b,
                  lambda a, b, out: out * jnp.log(a))
# NOTE: hypot's gradients are a / hypot and b / hypot (NaN at the origin).
_hypot_f = with_jvp(jnp.hypot, lambda a, b, out: a / out, lambda a, b, out: b / out)


def _in_float(f):
    """``f`` computed in float for non-double types (MXNet's binary libm calls)."""
    def g(a, b):
        dt = a.dtype
        cdt = compute_dtype(dt, "float32")
        if cdt == dt:
            return f(a, b)
        return c_cast(f(a.astype(cdt), b.astype(cdt)), dt)
    return g


def _max_value(a, b):
    return jnp.where(jnp.isnan(a), a, jnp.where(a > b, a, b))


def _min_value(a, b):
    return jnp.where(jnp.isnan(a), a, jnp.where(a < b, a, b))


# NOTE: ties send the gradient to the left input; a NaN on either side sends none
# to the right one (MXNet's masks are a >= b and a < b).
_max_f = with_jvp(_max_value, lambda a, b, out: (a >= b).astype(out.dtype),
                  lambda a, b, out: (a < b).astype(out.dtype))
_min_f = with_jvp(_min_value, lambda a, b, out: (a <= b).astype(out.dtype),
                  lambda a, b, out: (a > b).astype(out.dtype))


def _by_kind(int_f, float_f):
    def g(a, b):
        return int_f(a, b) if is_int_dtype(a.dtype) else float_f(a, b)
    return g


def _cmp(f):
    def g(a, b):
        return f(a, b).astype(a.dtype)
    return g


def _logical(f):
    def g(a, b):
        return f(a != 0, b != 0).astype(a.dtype)
    return g


# family: (value fn, broadcast names, same-shape names, scalar names, reversed-scalar
#          names or None when the op is symmetric / swapped, differentiable)
BINARY = {
    "add": (jnp.add, ("broadcast_add", "broadcast_plus"),
            ("elemwise_add", "_plus", "_add", "_Plus"),
            ("_plus_scalar", "_PlusScalar", "_scatter_plus_scalar"), None, True),
    "subtract": (jnp.subtract, ("broadcast_sub", "broadcast_minus"),
                 ("elemwise_sub", "_minus", "_sub", "_Minus"),
                 ("_minus_scalar", "_MinusScalar", "_scatter_minus_scalar"),
                 ("_rminus_scalar", "_RMinusScalar"),
                 True),
    "multiply": (jnp.multiply, ("broadcast_mul",), ("elemwise_mul", "_mul", "_Mul"),
                 ("_mul_scalar", "_MulScalar"), None, True),
    "divide": (_div, ("broadcast_div",),
               ("elemwise_div", "_div", "_Div", "_scatter_elemwise_div"),
               ("_div_scalar", "_DivScalar"), ("_rdiv_scalar", "_RDivScalar"), True),
    "mod": (_mod, ("broadcast_mod",), ("_mod", "_Mod"), ("_mod_scalar", "_ModScalar"),
            ("_rmod_scalar", "_RModScalar"), True),
    "power": (_in_float(_pow_f), ("broadcast_power",), ("_power", "_Power"),
              ("_power_scalar", "_PowerScalar"), ("_rpower_scalar", "_RPowerScalar"),
              True),
    "maximum": (_by_kind(jnp.maximum, _max_f), ("broadcast_maximum",),
                ("_maximum", "_Maximum"), ("_maximum_scalar", "_MaximumScalar"), None,
                True),
    "minimum": (_by_kind(jnp.minimum, _min_f), ("broadcast_minimum",),
                ("_minimum", "_Minimum"), ("_minimum_scalar", "_MinimumScalar"), None,
                True),
    "hypot": (_in_float(_hypot_f), ("broadcast_hypot",), ("_hypot", "_Hypot"),
              ("_hypot_scalar", "_HypotScalar"), None, True),
    "equal": (_cmp(jnp.equal), ("broadcast_equal",), ("_equal", "_Equal"),
              ("_equal_scalar", "_EqualScalar"), None, False),
    "not_equal": (_cmp(jnp.not_equal), ("broadcast_not_equal",),
                  ("_not_equal", "_Not_Equal"), ("_not_equal_scalar", "_NotEqualScalar"),
                  None, False),
    "greater": (_cmp(jnp.greater), ("broadcast_greater",), ("_greater", "_Greater"),
                ("_greater_scalar", "_GreaterScalar"), None, False),
    "greater_equal": (_cmp(jnp.greater_equal), ("broadcast_greater_equal",),
                      ("_greater_equal", "_Greater_Equal"),
                      ("_greater_equal_scalar", "_GreaterEqualScalar"), None, False),
    "lesser": (_cmp(jnp.less), ("broadcast_lesser",), ("_lesser", "_Lesser"),
               ("_lesser_scalar", "_LesserScalar"), None, False),
    "lesser_equal": (_cmp(jnp.less_equal), ("broadcast_lesser_equal",),
                     ("_lesser_equal", "_Lesser_Equal"),
                     ("_lesser_equal_scalar", "_LesserEqualScalar"), None, False),
    "logical_and": (_logical(jnp.logical_and), ("broadcast_logical_and",),
                    ("_logical_and", "_Logical_And"),
                    ("_logical_and_scalar", "_LogicalAndScalar"), None, False),
    "logical_or": (_logical(jnp.logical_or), ("broadcast_logical_or",),
                   ("_logical_or", "_Logical_Or"),
                   ("_logical_or_scalar", "_LogicalOrScalar"), None, False),
    "logical_xor": (_logical(jnp.logical_xor), ("broadcast_logical_xor",),
                    ("_logical_xor", "_Logical_Xor"),
                    ("_logical_xor_scalar", "_LogicalXorScalar"), None, False),
}
# Reversed scalar ops whose value is not just the forward op with swapped arguments.
_REVERSED = {"divide": _rdiv}

BROADCAST = {}     # family -> OpDef of broadcast_<op>
ELEMWISE = {}      # family -> OpDef of the same-shape op
SCALAR = {}        # family -> OpDef of _<op>_scalar
RSCALAR = {}       # family -> OpDef of _r<op>_scalar (where MXNet has one)


def _check_pair(name, a, b, same_shape):
    refuse_bool(name, a, b)
    if a.dtype != b.dtype:
        raise MXNetError(
            f"{name}: the two arrays have different dtypes ({a.dtype.name} and "
            f"{b.dtype.name}); MXNet requires the same dtype. Convert one first, e.g. "
            f"y.astype('{a.dtype.name}').")
    if same_shape and a.shape != b.shape:
        raise MXNetError(
            f"{name}: the two arrays must have the same shape, got {a.shape} and "
            f"{b.shape}; use the broadcast_* version of the op (or the operators "
            f"+ - * / % **) to broadcast.")


def _array_op(name, f, same_shape):
    def fn(lhs, rhs):
        _check_pair(name, lhs, rhs, same_shape)
        return f(lhs, rhs)
    fn.__doc__ = (f"``{name}``: element-wise, "
                  + ("same shapes." if same_shape else "with numpy broadcasting."))
    return fn


def scalar_operand(scalar, x):
    """The scalar as MXNet passes it to a kernel: a double cast to ``x``'s dtype."""
    return c_cast(jnp.asarray(scalar, jnp.float64), x.dtype)


def _scalar_op(name, f, reverse):
    def fn(data, *, scalar=1.0):
        x = data
        if x.dtype == jnp.bool_:
            # NOTE: MXNet computes (and returns) int64 for a bool array with a scalar.
            x = x.astype(jnp.int64)
        s = scalar_operand(scalar, x)
        return f(s, x) if reverse else f(x, s)
    side = "scalar OP data" if reverse else "data OP scalar"
    fn.__doc__ = f"``{name}``: {side}, the scalar cast to the array's dtype first."
    return fn


def _register():
    for fam, (f, bnames, enames, snames, rnames, diff) in BINARY.items():
        BROADCAST[fam] = defop(bnames[0], nd=bnames, differentiable=diff)(
            _array_op(bnames[0], f, False))
        ELEMWISE[fam] = defop(enames[0], nd=enames, differentiable=diff)(
            _array_op(enames[0], f, True))
        SCALAR[fam] = defop(snames[0], nd=snames, dynamic=("scalar",),
                            differentiable=diff)(_scalar_op(snames[0], f, False))
        if rnames is not None:
            RSCALAR[fam] = defop(rnames[0], nd=rnames, dynamic=("scalar",),
                                 differentiable=diff)(
                _scalar_op(rnames[0], _REVERSED.get(fam, f), True))


_register()


@defop("_grad_add", nd=("_grad_add",), differentiable=False)
def _grad_add(lhs, rhs):
    """Same-shape addition used to accumulate gradients (no gradient of its own)."""
    _check_pair("_grad_add", lhs, rhs, True)
    return lhs + rhs


@defop("_identity_with_attr_like_rhs", nd=("_identity_with_attr_like_rhs",))
def _identity_like_rhs(lhs, rhs):
    """``lhs`` unchanged (``rhs`` only lends its attributes; it gets no gradient)."""
    return lhs

