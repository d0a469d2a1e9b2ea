"""``mx.np`` unary ufuncs.

The math functions (exp, log, sin, sqrt...) are the element-wise ops of ``mx.nd``
published under their numpy names: MXNet's numpy interface uses the same kernels and
dtype rules (integer inputs keep their dtype). The ufuncs whose numpy meaning differs
are defined here: bool-valued tests (isnan, logical_not...), numpy's ``round``
(half to even, with ``decimals``), ``invert``, ``positive`` and ``nan_to_num``.
Called on Python numbers, every unary ufunc returns numpy's answer.
"""
import jax.numpy as jnp
import numpy as _np

from ..base import MXNetError
from .np_common import npfun, npop
from .registry import REGISTRY, add_names

__all__ = ["SHARED", "NP_ONLY"]

# numpy name -> name of the nd op with the same semantics
SHARED = {
    "abs": "abs", "absolute": "abs", "fabs": "abs", "sign": "sign", "rint": "rint",
    "ceil": "ceil", "floor": "floor", "trunc": "trunc", "fix": "fix", "square": "square",
    "sqrt": "sqrt", "cbrt": "cbrt", "exp": "exp", "expm1": "expm1", "log": "log",
    "log10": "log10", "log2": "log2", "log1p": "log1p", "sin": "sin", "cos": "cos",
    "tan": "tan", "arcsin": "arcsin", "arccos": "arccos", "arctan": "arctan",
    "sinh": "sinh", "cosh": "cosh", "tanh": "tanh", "arcsinh": "arcsinh",
    "arccosh": "arccosh", "arctanh": "arctanh", "degrees": "degrees", "rad2deg": "degrees",
    "radians": "radians", "deg2rad": "radians", "reciprocal": "reciprocal",
    "negative": "negative",
}
# npx name -> nd op
NPX_SHARED = {"relu": "relu", "sigmoid": "sigmoid", "erf": "erf", "erfinv": "erfinv",
              "gamma": "gamma", "gammaln": "gammaln", "digamma": "digamma"}

for _npname, _ndname in SHARED.items():
    add_names(REGISTRY[_ndname], np=_npname)
for _npname, _ndname in NPX_SHARED.items():
    if _ndname in REGISTRY:
        add_names(REGISTRY[_ndname], npx=_npname)


def _bool_test(name, f):
    def fn(x):
        if not jnp.issubdtype(x.dtype, jnp.inexact):
            return f(x.astype("float32"))
        return f(x)
    fn.__doc__ = f"Element-wise ``{name}`` test (a bool array)."
    return fn


NP_ONLY = {}
for _name, _f in (("isnan", jnp.isnan), ("isinf", jnp.isinf), ("isfinite", jnp.isfinite),
                  ("isposinf", jnp.isposinf), ("isneginf", jnp.isneginf),
                  ("signbit", jnp.signbit)):
    NP_ONLY[_name] = npop(f"_npi_{_name}", np=_name, differentiable=False)(
        _bool_test(_name, _f))


@npop("_npi_logical_not", np="logical_not", differentiable=False)
def _logical_not(x):
    """Element-wise logical not (a bool array)."""
    return x == 0


@npop("_npi_invert", np=("invert", "bitwise_not"), differentiable=False)
def _invert(x):
    """Bit-wise not of integers (logical not of bools)."""
    if jnp.issubdtype(x.dtype, jnp.inexact):
        raise MXNetError("invert is only defined for integer and bool arrays; convert the "
                         "array first, e.g. x.astype('int32').")
    return jnp.invert(x)


@npop("_npi_positive", np="positive")
def _positive(x):
    """A copy of ``x``."""
    return x


@npop("_npi_around", np=("round", "around", "round_"), np_method="round")
def _around(x, *, decimals=0):
    """Round to ``decimals`` places, halves to even (numpy's rule)."""
    if not jnp.issubdtype(x.dtype, jnp.inexact):
        if decimals >= 0:
            return x
        f = 10 ** (-decimals)
        return (jnp.round(x.astype("float64") / f) * f).astype(x.dtype)
    # NOTE: the gradient of rounding is zero, as MXNet's. float32/16 round in double
    # (5.678 -> 5.7, not 5.7000003), and a zero result is +0.0.
    if decimals == 0:
        return jnp.round(x) + 0
    return (jnp.round(x.astype("float64"), decimals) + 0).astype(x.dtype)


@npop("_npi_nan_to_num", np="nan_to_num", dynamic=("nan", "posinf", "neginf"))
def _nan_to_num(x, *, copy=True, nan=0.0, posinf=None, neginf=None):
    """NaN -> ``nan``, +inf -> ``posinf`` (largest float), -inf -> ``neginf``."""
    if not jnp.issubdtype(x.dtype, jnp.inexact):
        return x
    return jnp.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)


def scalar_aware(f, name):
    """Wrap a generated unary function so that Python numbers give numpy's result."""
    npf = getattr(_np, name, None)

    def g(x, *args, **kwargs):
        if isinstance(x, (int, float, bool, _np.generic)) and npf is not None:
            return npf(x, *args, **kwargs)
        return f(x, *args, **kwargs)
    g.__name__ = name
    g.__qualname__ = name
    g.__doc__ = f.__doc__
    g.__wrapped__ = f
    return g


UNARY_NAMES = tuple(SHARED) + tuple(NP_ONLY) + ("logical_not", "invert", "bitwise_not",
                                                 "positive", "round", "around", "round_")


@npfun("__np_invert__", np_method="__invert__")
def _invert_method(self):
    from .np_common import call
    return call(_invert, [self])


@npfun("__np_abs__", np_method="__abs__")
def _abs_method(self):
    from .np_common import call
    return call(REGISTRY["abs"], [self])


@npfun("__np_round__", np_method="__round__")
def _round_method(self, n=0):
    from .np_common import call
    return call(_around, [self], decimals=int(n))


def _rounding_method(opname):
    def m(self):
        from .np_common import call
        return call(REGISTRY[opname], [self])
    m.__name__ = f"__{opname}__"
    return m


for _op in ("ceil", "floor", "trunc"):
    npfun(f"__np_{_op}__", np_method=f"__{_op}__")(_rounding_method(_op))
