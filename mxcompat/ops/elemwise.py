"""Element-wise unary ops of ``mx.nd`` and their MXNet-specific rules.

* Float16 is computed in float32 and rounded back, as MXNet's ``half_t`` kernels do.
* Integer inputs keep their dtype: the math is done in double (``exp``, ``sqrt``...) or
  float (``reciprocal``, ``degrees``, ``square``) and truncated back with C semantics,
  so ``sqrt(int32 5) == 2`` and ``log(int32 0) == INT_MIN``.
* Bool inputs are refused by the math ops, as MXNet's type switch refuses them.
* Gradients follow MXNet at its special points (``abs``/``sign`` at 0 and NaN, ``relu``
  of NaN, ``gamma`` at the poles) and use its float constants (``pi`` is a float), each
  marked with a ``# NOTE:``.

The binary ops live in ``binary.py`` and ``nd.contrib``'s element-wise ops in
``elemwise_contrib.py`` (both imported at the end, so importing this module registers
every element-wise op).
"""
import jax
import jax.numpy as jnp
import numpy as _np
from jax import lax

from ..base import MXNetError
from ._mxmath import F32_PI, c_cast, compute_dtype, mx_digamma, with_jvp
from .registry import defop

_SPECIAL = jax.scipy.special


def refuse_bool(name, *arrays):
    """Raise MXNet's error for a math op given a bool array."""
    for a in arrays:
        if a.dtype == jnp.bool_:
            raise MXNetError(
                f"Operator {name} does not support boolean type; convert the array first, "
                f"e.g. x.astype('float32').")


def _sign(x):
    # NOTE: MXNet's sign is 0 for NaN (it is neither < 0 nor > 0).
    s = jnp.sign(x)
    if jnp.issubdtype(x.dtype, jnp.floating):
        s = jnp.where(jnp.isnan(x), jnp.zeros_like(x), s)
    return s


def _round_half_away(x):
    t = jnp.trunc(x)
    return jnp.where(jnp.abs(x - t) >= 0.5, t + jnp.sign(x), t)


def _rint(x):
    # NOTE: MXNet's rint sends exact halves to the floor (rint(-2.5) == -3, rint(1.5) == 1).
    lo = jnp.floor(x)
    hi = jnp.ceil(x)
    return jnp.where(x - lo <= hi - x, lo, hi)


# NOTE: abs's gradient is sign(x): 0 at 0 (jax says 1) and 0 at NaN.
_abs = with_jvp(jnp.abs, lambda x, out: _sign(x))


def _relu_value(x):
    return jnp.where(jnp.isnan(x) | (x > 0), x, jnp.zeros_like(x))


# NOTE: relu passes NaN through, and its gradient at NaN is NaN.
_relu = with_jvp(_relu_value,
                 lambda x, out: jnp.where(jnp.isnan(x), x, (x > 0).astype(x.dtype)))

# MXNet's constants are floats: 180/pi, pi/180, 2/sqrt(pi) and sqrt(pi)/2 below carry
# float rounding even in double kernels.
_DEG = float(_np.float32(180.0) / _np.float32(F32_PI))
_RAD = float(_np.float32(F32_PI) / _np.float32(180.0))
_ERF_GRAD = 2.0 / float(_np.sqrt(_np.float32(F32_PI)))
_ERFINV_GRAD = 0.5 * float(_np.sqrt(_np.float32(F32_PI)))

# NOTE: erf/erfinv gradients use MXNet's float constants.
_erf = with_jvp(_SPECIAL.erf, lambda x, out: _ERF_GRAD * jnp.exp(-(x * x)))
_erfinv = with_jvp(_SPECIAL.erfinv, lambda x, out: _ERFINV_GRAD * jnp.exp(out * out))


def _gamma_value(x):
    g = _SPECIAL.gamma(x)
    # NOTE: libm's tgamma is exact at positive integers (gamma(3) == 2), which matters
    # once MXNet truncates it for integer arrays; jax's exp(lgamma) is a few ulps off.
    return jnp.where((x > 0) & (x == jnp.floor(x)), jnp.round(g), g)


# NOTE: the gamma/gammaln gradients use digamma with MXNet's value at the poles
# (+inf / the largest double), where jax gives NaN.
_gamma = with_jvp(_gamma_value, lambda x, out: out * mx_digamma(x))
_gammaln = with_jvp(_SPECIAL.gammaln, lambda x, out: mx_digamma(x))


# NOTE: sigmoid's gradient is out * (1 - out), so 0 (not NaN) where exp overflows.
_sigmoid = with_jvp(lambda x: 1.0 / (1.0 + jnp.exp(-x)), lambda x, out: out * (1.0 - out))


def _softsign(x):
    return x / (1.0 + jnp.abs(x))


def _rcbrt(x):
    return 1.0 / jnp.cbrt(x)


# name: (function on the compute dtype, how integers are computed, is an NDArray method)
#   "f64": in double (MXNet's libm wrappers), "f32": in float (its id/sqr helpers),
#   "native": in the integer type itself.
UNARY = {
    "abs": (_abs, "native", True),
    "sign": (_sign, "native", True),
    "round": (_round_half_away, "f64", True),
    "rint": (_rint, "native", True),
    "ceil": (jnp.ceil, "f64", True),
    "floor": (jnp.floor, "f64", True),
    "trunc": (jnp.trunc, "f64", True),
    "fix": (jnp.trunc, "native", True),
    "square": (jnp.square, "f32", True),
    "sqrt": (jnp.sqrt, "f64", True),
    "rsqrt": (lax.rsqrt, "f64", True),
    "cbrt": (jnp.cbrt, "f64", True),
    "rcbrt": (_rcbrt, "f64", True),
    "exp": (jnp.exp, "f64", True),
    "log": (jnp.log, "f64", True),
    "log10": (jnp.log10, "f64", True),
    "log2": (jnp.log2, "f64", True),
    "log1p": (jnp.log1p, "f64", True),
    "expm1": (jnp.expm1, "f64", True),
    "sin": (jnp.sin, "f64", True),
    "cos": (jnp.cos, "f64", True),
    "tan": (jnp.tan, "f64", True),
    "arcsin": (jnp.arcsin, "f64", True),
    "arccos": (jnp.arccos, "f64", True),
    "arctan": (jnp.arctan, "f64", True),
    "degrees": (lambda x: x * _DEG, "f32", True),
    "radians": (lambda x: x * _RAD, "f32", True),
    "sinh": (jnp.sinh, "f64", True),
    "cosh": (jnp.cosh, "f64", True),
    "tanh": (jnp.tanh, "f64", True),
    "arcsinh": (jnp.arcsinh, "f64", True),
    "arccosh": (jnp.arccosh, "f64", True),
    "arctanh": (jnp.arctanh, "f64", True),
    "gamma": (_gamma, "f64", False),
    "gammaln": (_gammaln, "f64", False),
    "erf": (_erf, "f64", False),
    "erfinv": (_erfinv, "f64", False),
    "relu": (_relu, "native", True),
    "sigmoid": (_sigmoid, "f64", True),
    "softsign": (_softsign, "f64", False),
    "reciprocal": (lambda x: 1.0 / x, "f32", True),
    "negative": (jnp.negative, "native", False),
}
UNARY_OPS = {}


def unary_apply(name, f, ints, data):
    """``f`` applied with MXNet's dtype rules (see the module docstring)."""
    refuse_bool(name, data)
    dt = data.dtype
    if jnp.issubdtype(dt, jnp.integer) and ints == "native":
        return f(data)
    cdt = compute_dtype(dt, "float64" if ints == "f64" else "float32")
    if cdt == dt:
        return f(data)
    y = f(data.astype(cdt))
    if name == "erfinv" and jnp.issubdtype(dt, jnp.integer):
        # NOTE: MXNet's erfinv returns a constant NaN outside [-1, 1], which the compiler
        # folds to 0 when casting to an integer type.
        y = jnp.where(jnp.isnan(y), jnp.zeros_like(y), y)
    return c_cast(y, dt)


def _unary_fn(name, f, ints):
    def fn(data):
        return unary_apply(name, f, ints, data)
    fn.__doc__ = f"Element-wise {name}, computed as MXNet does for each dtype."
    return fn


def _register_unary():
    for name, (f, ints, method) in UNARY.items():
        UNARY_OPS[name] = defop(name, nd=True, method=name if method else ())(
            _unary_fn(name, f, ints))


_register_unary()


# ------------------------------------------------------------ other unary ops
@defop("logical_not", nd=True, differentiable=False)
def _logical_not(data):
    """1 where the input is 0, else 0 (in the input's dtype; NaN counts as true)."""
    refuse_bool("logical_not", data)
    return (data == 0).astype(data.dtype)


@defop("_copy", nd=("_copy", "identity"))
def _copy(data):
    """A copy of the input."""
    return data


@defop("BlockGrad", nd=("BlockGrad", "stop_gradient"))
def _block_grad(data):
    """The input, with a zero gradient."""
    return lax.stop_gradient(data)


def _loss_head(data, scale):
    """Identity whose backward ignores the head gradient and returns ``scale``."""
    @jax.custom_vjp
    def ident(x, s):
        return x

    def fwd(x, s):
        return x, s

    def bwd(s, ct):
        return jnp.broadcast_to(s, ct.shape).astype(ct.dtype), jnp.zeros_like(s)
    ident.defvjp(fwd, bwd)
    return ident(data, scale)


@defop("make_loss", nd=("make_loss",))
def _make_loss(data):
    """The input, marked as a loss: its gradient is 1 whatever the head gradient."""
    # NOTE: MXNet's make_loss ignores the incoming gradient (it is a loss head).
    return _loss_head(data, jnp.ones((), data.dtype))


@defop("MakeLoss", nd=("MakeLoss",))
def _make_loss_v1(data, *, grad_scale=1.0, valid_thresh=0.0, normalization="null"):
    """The input, marked as a loss: its gradient is ``grad_scale`` (divided by the batch
    size for ``normalization='batch'``, by the number of elements above
    ``valid_thresh`` for ``'valid'``), whatever the head gradient."""
    scale = jnp.asarray(_np.float32(grad_scale), data.dtype)
    if normalization == "batch":
        scale = jnp.asarray(_np.float32(grad_scale) / data.shape[0], data.dtype)
    elif normalization == "valid":
        count = jnp.sum(data > jnp.asarray(_np.float32(valid_thresh), data.dtype))
        scale = scale / jnp.maximum(count, 1).astype(data.dtype)
    elif normalization != "null":
        raise MXNetError(f"MakeLoss: normalization must be 'null', 'batch' or 'valid', "
                         f"not {normalization!r}.")
    return _loss_head(data, lax.stop_gradient(scale))


def _param_f32(v, dtype):
    """A float attribute as MXNet stores it (a C ``float``), then cast to ``dtype``."""
    return c_cast(jnp.asarray(v, jnp.float64).astype(jnp.float32), dtype)


@defop("hard_sigmoid", nd=True)
def _hard_sigmoid(data, *, alpha=0.2, beta=0.5):
    """clip(alpha * x + beta, 0, 1); the gradient is alpha strictly inside (0, 1)."""
    refuse_bool("hard_sigmoid", data)
    cdt = compute_dtype(data.dtype, "float32")
    x = data.astype(cdt)
    r = jnp.asarray(_np.float32(alpha), cdt) * x + jnp.asarray(_np.float32(beta), cdt)
    # NOTE: the bounds are constants, so the gradient is 0 at exactly 0 and 1 (MXNet's).
    out = jnp.where(r >= 1, jnp.ones_like(r), jnp.where(r <= 0, jnp.zeros_like(r), r))
    return c_cast(out, data.dtype)


@defop("clip", nd=True, method=True, dynamic=("a_min", "a_max"))
def _clip(data, *, a_min=None, a_max=None):
    """Values above ``a_max`` become ``a_max``, then values below ``a_min`` become
    ``a_min``; the gradient passes where ``a_min <= x <= a_max``."""
    if a_min is None or a_max is None:
        raise MXNetError("clip needs both bounds: nd.clip(x, a_min, a_max).")
    refuse_bool("clip", data)
    lo = _param_f32(a_min, data.dtype)
    hi = _param_f32(a_max, data.dtype)
    # NOTE: written as MXNet's two comparisons, so that bounds are inclusive for the
    # gradient and an inverted range (a_min > a_max) gives MXNet's values.
    return jnp.where(data > hi, hi, jnp.where(data < lo, lo, data))


_CAST_DTYPES = ("bfloat16", "bool", "float16", "float32", "float64", "int32", "int64",
                "int8", "uint8")


@defop("Cast", nd=("cast", "Cast"))
def _cast(data, *, dtype="float32"):
    """The input converted to ``dtype`` (floats to integers as C++ casts do)."""
    name = _np.dtype(dtype).name if not isinstance(dtype, str) else dtype
    if name not in _CAST_DTYPES:
        raise MXNetError(f"Cast: invalid dtype {name!r}; valid values are "
                         f"{', '.join(_CAST_DTYPES)}.")
    return c_cast(data, jnp.dtype(name))


_AMP_FLOATS = (jnp.float16, jnp.bfloat16, jnp.float32)


def _amp_castable(dtype):
    return any(dtype == d for d in _AMP_FLOATS)


@defop("amp_cast", nd=True)
def _amp_cast(data, *, dtype="float16"):
    """Cast used by automatic mixed precision: float16/bfloat16/float32 inputs become
    ``dtype``; every other input is returned unchanged."""
    if not _amp_castable(data.dtype):
        return data
    return _cast.fn(data, dtype=dtype)


def _amp_multicast_nout(attrs):
    return int(attrs.get("num_outputs") or 1)


@defop("amp_multicast", nd=True, nout=_amp_multicast_nout)
def _amp_multicast(*data, num_outputs=None, cast_narrow=False):
    """Cast the float16/bfloat16/float32 inputs to the widest of them (the narrowest
    with ``cast_narrow=True``), as AMP does before a multi-input op; other dtypes are
    left alone."""
    if num_outputs is None or int(num_outputs) != len(data):
        raise MXNetError(f"amp_multicast: num_outputs must equal the number of inputs "
                         f"({len(data)}), got {num_outputs}.")
    # NOTE: MXNet starts from the first input's dtype (float32 when cast_narrow) and
    # moves to float32 / float16 / bfloat16 as it finds them.
    target = jnp.dtype(jnp.float32) if cast_narrow else data[0].dtype
    for a in data:
        if not cast_narrow and a.dtype == jnp.float32:
            target = jnp.dtype(jnp.float32)
        elif cast_narrow and a.dtype in (jnp.float16, jnp.bfloat16):
            target = a.dtype
    return tuple(a.astype(target) if _amp_castable(a.dtype) else a for a in data)


@defop("smooth_l1", nd=True, dynamic=("scalar",))
def _smooth_l1(data, *, scalar=1.0):
    """0.5 (sigma x)^2 where |x| < 1/sigma^2, else |x| - 0.5/sigma^2 (sigma: ``scalar``)."""
    refuse_bool("smooth_l1", data)
    cdt = compute_dtype(data.dtype, "float32")
    x = data.astype(cdt)
    b = c_cast(jnp.asarray(scalar, jnp.float64), data.dtype).astype(cdt)
    bsq = b * b
    ibsq = 1.0 / bsq
    out = jnp.where(x > ibsq, x - 0.5 * ibsq,
                    jnp.where(x < -ibsq, -x - 0.5 * ibsq, 0.5 * x * x * bsq))
    return c_cast(out, data.dtype)


@defop("add_n", nd=("add_n", "ElementWiseSum"))
def _add_n(*args):
    """The sum of all input arrays (same shape and dtype)."""
    for a in args[1:]:
        if a.dtype != args[0].dtype or a.shape != args[0].shape:
            raise MXNetError(
                f"add_n: all inputs must have the same shape and dtype, got "
                f"{args[0].shape} {args[0].dtype.name} and {a.shape} {a.dtype.name}.")
    out = args[0]
    for a in args[1:]:
        out = out + a
    return out


from . import binary  # noqa: E402,F401  (registers the binary element-wise ops)
from .binary import BROADCAST, ELEMWISE, RSCALAR, SCALAR  # noqa: E402,F401
from . import elemwise_contrib  # noqa: E402,F401  (nd.contrib's element-wise ops)
