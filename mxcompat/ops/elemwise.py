"""Element-wise ops: unary math, binary (broadcast / same-shape / with a scalar), compare.

MXNet's rules, which differ from numpy's, are kept:
* an array op a scalar casts the scalar to the array's dtype first (int32 * 2.5 == int32 * 2);
* integer division truncates toward zero, ``%`` takes the divisor's sign, and ``x % 0 == 0``;
* comparisons give 0/1 in the input dtype, not bool;
* ``round`` rounds half away from zero, ``rint`` sends halves to the floor;
* maximum/minimum send the whole gradient to the left input on ties.
"""
import jax
import jax.numpy as jnp
from jax import lax

from .registry import defop


def _is_int(x):
    return not jnp.issubdtype(x.dtype, jnp.inexact)


def _scalar_like(s, x):
    # NOTE: MXNet casts the scalar to the array dtype before the op.
    return jnp.asarray(s, dtype=x.dtype)


def _div(a, b):
    if _is_int(a):
        safe = jnp.where(b == 0, 1, b)
        return jnp.where(b == 0, 0, lax.div(a, safe))
    return a / b


def _mod(a, b):
    zero = b == 0
    safe = jnp.where(zero, jnp.ones_like(b), b)
    return jnp.where(zero, jnp.zeros_like(a), jnp.mod(a, safe))


def _maximum(a, b):
    return jnp.where(a >= b, a, b)


def _minimum(a, b):
    return jnp.where(a <= b, a, b)


def _power(a, b):
    return jnp.power(a, b)


def _cmp(f):
    def g(a, b):
        return f(a, b).astype(a.dtype)
    return g


def _logical(f):
    def g(a, b):
        return f(a != 0, b != 0).astype(a.dtype)
    return g


# name: (function, nd names of the broadcast op, nd name of the same-shape op)
BINARY = {
    "add": (jnp.add, ("broadcast_add", "broadcast_plus"), ("elemwise_add", "_plus", "_add")),
    "subtract": (jnp.subtract, ("broadcast_sub", "broadcast_minus"),
                 ("elemwise_sub", "_minus", "_sub")),
    "multiply": (jnp.multiply, ("broadcast_mul",), ("elemwise_mul", "_mul")),
    "divide": (_div, ("broadcast_div",), ("elemwise_div", "_div")),
    "mod": (_mod, ("broadcast_mod",), ("_mod",)),
    "power": (_power, ("broadcast_power",), ("_power",)),
    "maximum": (_maximum, ("broadcast_maximum",), ("_maximum",)),
    "minimum": (_minimum, ("broadcast_minimum",), ("_minimum",)),
    "hypot": (jnp.hypot, ("broadcast_hypot",), ("_hypot",)),
    "equal": (_cmp(jnp.equal), ("broadcast_equal",), ("_equal",)),
    "not_equal": (_cmp(jnp.not_equal), ("broadcast_not_equal",), ("_not_equal",)),
    "greater": (_cmp(jnp.greater), ("broadcast_greater",), ("_greater",)),
    "greater_equal": (_cmp(jnp.greater_equal), ("broadcast_greater_equal",),
                      ("_greater_equal",)),
    "lesser": (_cmp(jnp.less), ("broadcast_lesser",), ("_lesser",)),
    "lesser_equal": (_cmp(jnp.less_equal), ("broadcast_lesser_equal",), ("_lesser_equal",)),
    "logical_and": (_logical(jnp.logical_and), ("broadcast_logical_and",),
                    ("_logical_and",)),
    "logical_or": (_logical(jnp.logical_or), ("broadcast_logical_or",), ("_logical_or",)),
    "logical_xor": (_logical(jnp.logical_xor), ("broadcast_logical_xor",),
                    ("_logical_xor",)),
}
# Ops whose output carries no gradient.
NONDIFF = {"equal", "not_equal", "greater", "greater_equal", "lesser", "lesser_equal",
           "logical_and", "logical_or", "logical_xor"}

# Scalar variants: x OP s and s OP x (the "r" forms), as MXNet's _plus_scalar etc.
SCALAR_NAMES = {
    "add": ("_plus_scalar", "_plus_scalar"),
    "subtract": ("_minus_scalar", "_rminus_scalar"),
    "multiply": ("_mul_scalar", "_mul_scalar"),
    "divide": ("_div_scalar", "_rdiv_scalar"),
    "mod": ("_mod_scalar", "_rmod_scalar"),
    "power": ("_power_scalar", "_rpower_scalar"),
    "maximum": ("_maximum_scalar", "_maximum_scalar"),
    "minimum": ("_minimum_scalar", "_minimum_scalar"),
    "hypot": ("_hypot_scalar", "_hypot_scalar"),
    "equal": ("_equal_scalar", "_equal_scalar"),
    "not_equal": ("_not_equal_scalar", "_not_equal_scalar"),
    # s > x is x < s: the comparisons need no reversed op (see arith._SWAP).
    "greater": ("_greater_scalar", "_greater_scalar"),
    "greater_equal": ("_greater_equal_scalar", "_greater_equal_scalar"),
    "lesser": ("_lesser_scalar", "_lesser_scalar"),
    "lesser_equal": ("_lesser_equal_scalar", "_lesser_equal_scalar"),
    "logical_and": ("_logical_and_scalar", "_logical_and_scalar"),
    "logical_or": ("_logical_or_scalar", "_logical_or_scalar"),
    "logical_xor": ("_logical_xor_scalar", "_logical_xor_scalar"),
}

BROADCAST = {}     # "add" -> OpDef of broadcast_add
ELEMWISE = {}      # "add" -> OpDef of elemwise_add
SCALAR = {}        # "add" -> OpDef of _plus_scalar
RSCALAR = {}       # "subtract" -> OpDef of _rminus_scalar (only where it differs)


def _binary_fn(f, doc):
    def fn(lhs, rhs):
        return f(lhs, rhs)
    fn.__doc__ = doc
    return fn


def _scalar_fn(f, doc, reverse=False):
    if reverse:
        def fn(data, *, scalar=1.0):
            return f(_scalar_like(scalar, data), data)
    else:
        def fn(data, *, scalar=1.0):
            return f(data, _scalar_like(scalar, data))
    fn.__doc__ = doc
    return fn


def _register_binary():
    for name, (f, bnames, enames) in BINARY.items():
        diff = name not in NONDIFF
        BROADCAST[name] = defop(bnames[0], nd=bnames, differentiable=diff)(
            _binary_fn(f, f"Element-wise {name} of two arrays with broadcasting."))
        ELEMWISE[name] = defop(enames[0], nd=enames, differentiable=diff)(
            _binary_fn(f, f"Element-wise {name} of two arrays of the same shape."))
        sname, rname = SCALAR_NAMES[name]
        SCALAR[name] = defop(sname, nd=(sname,), dynamic=("scalar",), differentiable=diff)(
            _scalar_fn(f, f"``data {name} scalar``, the scalar cast to data's dtype."))
        if rname != sname:
            RSCALAR[name] = defop(rname, nd=(rname,), dynamic=("scalar",),
                                  differentiable=diff)(
                _scalar_fn(f, f"``scalar {name} data``, the scalar cast to data's dtype.",
                           reverse=True))


_register_binary()


# ------------------------------------------------------------------- unary
def _round_away(x):
    return jnp.sign(x) * jnp.floor(jnp.abs(x) + 0.5)


def _rint_mx(x):
    # NOTE: MXNet's rint sends ties to the floor (rint(-2.5) == -3, rint(1.5) == 1).
    lo = jnp.floor(x)
    hi = jnp.ceil(x)
    return jnp.where(x - lo <= hi - x, lo, hi)


def _relu(x):
    return jnp.where(x > 0, x, jnp.zeros_like(x))


def _abs(x):
    # NOTE: MXNet's gradient of abs at 0 is 0 (sign(0)); jax's is 1.
    return jnp.where(x == 0, jnp.zeros_like(x), jnp.abs(x))


def _sigmoid(x):
    return jax.nn.sigmoid(x)


def _softsign(x):
    return x / (1 + jnp.abs(x))


def _rsqrt(x):
    return lax.rsqrt(x)


def _rcbrt(x):
    return 1.0 / jnp.cbrt(x)


UNARY = {
    "abs": (_abs, True), "sign": (jnp.sign, True), "round": (_round_away, True),
    "rint": (_rint_mx, True), "ceil": (jnp.ceil, True), "floor": (jnp.floor, True),
    "trunc": (jnp.trunc, True), "fix": (jnp.trunc, True), "square": (jnp.square, True),
    "sqrt": (jnp.sqrt, True), "rsqrt": (_rsqrt, True), "cbrt": (jnp.cbrt, True),
    "rcbrt": (_rcbrt, True), "exp": (jnp.exp, True), "log": (jnp.log, True),
    "log10": (jnp.log10, True), "log2": (jnp.log2, True), "log1p": (jnp.log1p, True),
    "expm1": (jnp.expm1, True), "sin": (jnp.sin, True), "cos": (jnp.cos, True),
    "tan": (jnp.tan, True), "arcsin": (jnp.arcsin, True), "arccos": (jnp.arccos, True),
    "arctan": (jnp.arctan, True), "degrees": (jnp.degrees, True),
    "radians": (jnp.radians, True), "sinh": (jnp.sinh, True), "cosh": (jnp.cosh, True),
    "tanh": (jnp.tanh, True), "arcsinh": (jnp.arcsinh, True),
    "arccosh": (jnp.arccosh, True), "arctanh": (jnp.arctanh, True),
    "gamma": (jax.scipy.special.gamma, True), "gammaln": (jax.scipy.special.gammaln, True),
    "digamma": (jax.scipy.special.digamma, True),
    "erf": (jax.scipy.special.erf, True), "erfinv": (jax.scipy.special.erfinv, True),
    "relu": (_relu, True), "sigmoid": (_sigmoid, True), "softsign": (_softsign, True),
    "reciprocal": (jnp.reciprocal, True), "negative": (jnp.negative, True),
    "log_sigmoid": (jax.nn.log_sigmoid, True),
    "mish": (lambda x: x * jnp.tanh(jax.nn.softplus(x)), True),
}
UNARY_OPS = {}


def _unary_fn(f, name):
    def fn(data):
        return f(data)
    fn.__doc__ = f"Element-wise {name}."
    return fn


def _register_unary():
    for name, (f, method) in UNARY.items():
        UNARY_OPS[name] = defop(name, nd=True, method=name if method else ())(
            _unary_fn(f, name))


_register_unary()


@defop("logical_not", nd=True, differentiable=False)
def _logical_not(data):
    """Element-wise logical not, as 0/1 in the input dtype."""
    return (data == 0).astype(data.dtype)


@defop("_copy", nd=("_copy", "identity"), method=())
def _copy(data):
    """A copy of the input."""
    return data


@defop("BlockGrad", nd=("BlockGrad", "stop_gradient"))
def _block_grad(data):
    """The input, with a zero gradient."""
    return lax.stop_gradient(data)


@defop("make_loss", nd=("make_loss", "MakeLoss"))
def _make_loss(data):
    """The input, marked as a loss (its head gradient is ones)."""
    return data


@defop("hard_sigmoid", nd=True)
def _hard_sigmoid(data, *, alpha=0.2, beta=0.5):
    """clip(alpha * x + beta, 0, 1)."""
    return jnp.clip(alpha * data + beta, 0, 1).astype(data.dtype)


@defop("clip", nd=True, method=True, dynamic=("a_min", "a_max"))
def _clip(data, *, a_min=None, a_max=None):
    """Clip values into [a_min, a_max]."""
    lo = _scalar_like(a_min, data)
    hi = _scalar_like(a_max, data)
    return jnp.minimum(jnp.maximum(data, lo), hi)


@defop("cast", nd=("cast", "Cast"))
def _cast(data, *, dtype="float32"):
    """The input converted to ``dtype``."""
    return data.astype(dtype)


@defop("smooth_l1", nd=True, dynamic=("scalar",))
def _smooth_l1(data, *, scalar=1.0):
    """Smooth L1: 0.5 (s x)^2 / ... for |x| < 1/s^2, |x| - 0.5/s^2 otherwise."""
    s2 = _scalar_like(scalar, data) ** 2
    absx = jnp.abs(data)
    return jnp.where(absx < 1.0 / s2, 0.5 * s2 * data * data, absx - 0.5 / s2)


@defop("add_n", nd=("add_n", "ElementWiseSum", "elemwise_sum"))
def _add_n(*args):
    """Sum of all input arrays (same shape)."""
    out = args[0]
    for a in args[1:]:
        out = out + a
    return out
