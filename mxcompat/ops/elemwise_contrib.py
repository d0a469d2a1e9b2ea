"""Element-wise ops of ``mx.nd.contrib``: finiteness tests, ``quadratic``,
``div_sqrt_dim``, the gradient-shaping identities (``gradientmultiplier`` and the
straight-through ``round_ste``/``sign_ste``) and ``allclose``.
"""
import jax
import jax.numpy as jnp
import numpy as _np
from jax import lax

from ..base import MXNetError
from .._core.dispatch import invoke
from ._mxmath import c_cast, compute_dtype
from .elemwise import UNARY, refuse_bool
from .registry import defop, defun


# ------------------------------------------------------------ finiteness tests
def _flag(name, test):
    def fn(data):
        if not jnp.issubdtype(data.dtype, jnp.floating):
            return jnp.ones_like(data) if name == "isfinite" else jnp.zeros_like(data)
        return test(data).astype(data.dtype)
    fn.__doc__ = f"1 where ``{name[2:]}`` holds, else 0, in the input's dtype."
    return fn


_FLAGS = {name: defop(f"_contrib_{name}", differentiable=False)(_flag(name, test))
          for name, test in (("isinf", jnp.isinf), ("isnan", jnp.isnan),
                             ("isfinite", jnp.isfinite))}


def _flag_function(name):
    kern = _FLAGS[name].kernel((), None)

    def f(data):
        return invoke(kern, (data,), (), type(data))
    f.__name__ = name
    f.__doc__ = (f"``mx.nd.contrib.{name}(x)``: 1 where x is {name[2:]}, else 0 "
                 "(in x's dtype).")
    return defun(f"contrib_{name}", nd=f"contrib.{name}")(f)


isinf = _flag_function("isinf")
isnan = _flag_function("isnan")
isfinite = _flag_function("isfinite")


# ------------------------------------------------------------ arithmetic
@defop("_contrib_quadratic", nd="contrib.quadratic")
def _quadratic(data, *, a=0.0, b=0.0, c=0.0):
    """a * x^2 + b * x + c (the coefficients are float parameters, as in MXNet)."""
    refuse_bool("quadratic", data)
    cdt = compute_dtype(data.dtype, "float32")
    x = data.astype(cdt)
    fa, fb, fc = (jnp.asarray(_np.float32(v), cdt) for v in (a, b, c))
    return c_cast(fa * x * x + fb * x + fc, data.dtype)


@defop("_contrib_div_sqrt_dim", nd="contrib.div_sqrt_dim")
def _div_sqrt_dim(data):
    """x divided by the square root of its last dimension's size."""
    return data / jnp.sqrt(jnp.asarray(data.shape[-1], data.dtype))


# ------------------------------------------------------------ gradient shaping
@jax.custom_jvp
def _scaled_identity(x, scale):
    return x


@_scaled_identity.defjvp
def _scaled_identity_jvp(primals, tangents):
    x, scale = primals
    return x, tangents[0] * scale


@defop("_contrib_gradientmultiplier", nd="contrib.gradientmultiplier",
       dynamic=("scalar",))
def _gradientmultiplier(data, *, scalar=1.0):
    """The input unchanged; its gradient is multiplied by ``scalar``."""
    return _scaled_identity(data, lax.stop_gradient(jnp.asarray(scalar, data.dtype)))


def _straight_through(f):
    """``f`` in the forward pass, the identity's gradient in the backward pass."""
    g = jax.custom_jvp(f)
    g.defjvp(lambda p, t: (g(p[0]), t[0]))
    return g


_round_st = _straight_through(UNARY["round"][0])
_sign_st = _straight_through(UNARY["sign"][0])


@defop("_contrib_round_ste", nd="contrib.round_ste")
def _round_ste(data):
    """round(x) (halves away from zero) with the gradient of the identity."""
    return _round_st(data)


@defop("_contrib_sign_ste", nd="contrib.sign_ste")
def _sign_ste(data):
    """sign(x) with the gradient of the identity."""
    return _sign_st(data)


# ------------------------------------------------------------ comparison
@defop("_contrib_allclose", nd="contrib.allclose", differentiable=False)
def _allclose(a, b, *, rtol=1e-5, atol=1e-8, equal_nan=True):
    """1 (a 0-d uint8 array) when |a - b| <= atol + rtol * |b| everywhere (NaNs equal
    each other when ``equal_nan``), else 0. Both arrays must have the same shape."""
    if a.shape != b.shape or a.dtype != b.dtype:
        raise MXNetError(f"allclose: a and b must have the same shape and dtype, got "
                         f"{a.shape} {a.dtype.name} and {b.shape} {b.dtype.name}.")
    close = (a == b) | (jnp.abs(a - b) <= _np.float32(atol) + _np.float32(rtol) * jnp.abs(b))
    if jnp.issubdtype(a.dtype, jnp.floating):
        na, nb = jnp.isnan(a), jnp.isnan(b)
        close = jnp.where(na | nb, (na == nb) & bool(equal_nan), close)
    return jnp.all(close).astype(jnp.uint8)
