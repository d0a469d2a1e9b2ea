"""Argument handling shared by the random frontends: MXNet's rules for ``shape``,
``dtype``, ``ctx``, ``out=`` and the scalar parameters of each distribution.

MXNet 1.9.1 (legacy, non-numpy mode) treats an empty shape or a 0 dimension as
"unknown": a scalar-parameter draw needs a shape or an ``out=`` array to take it from.
An explicit ``dtype=None`` means float64 there (``numpy.dtype(None)``), kept here.
"""
import numbers
import re

import numpy as _np

from ...base import MXNetError
from ...context import Context, current_context

__all__ = ["Null", "FLOATS", "INTS", "is_array", "ctx_of", "shape_of", "dtype_of",
           "resolve_out", "number", "integer", "check_params", "no_extra", "PARAM_CHECKS"]


class _NullType:
    """Marks an argument that was not given (MXNet's ``_Null``)."""

    __slots__ = ()

    def __repr__(self):
        return "_Null"

    def __bool__(self):
        return False


Null = _NullType()

FLOATS = ("float16", "float32", "float64")
INTS = ("int32", "int64")


def is_array(x):
    return hasattr(x, "_value")


_CTX_RE = re.compile(r"^(cpu|gpu|cpu_pinned|cpu_shared)\((\d+)\)$")


def ctx_of(ctx, fname):
    """A Context from ``ctx`` (None/_Null: the current one; 'gpu(1)' strings too)."""
    if ctx is None or ctx is Null:
        return current_context()
    if isinstance(ctx, Context):
        return ctx
    if isinstance(ctx, str):
        m = _CTX_RE.match(ctx.strip())
        if m:
            return Context(m.group(1), int(m.group(2)))
    raise MXNetError(f"{fname}: invalid ctx {ctx!r}; pass a Context such as mx.cpu(0) or "
                     "mx.gpu(0) (or a string such as 'cpu(0)').")


def shape_of(shape, fname, empty_is_unknown=False):
    """``shape`` as a tuple of ints (an int n means (n,)); None when not given."""
    if shape is Null or shape is None:
        return None
    t = type(shape)
    if t is tuple and all(type(s) is int for s in shape):
        out = shape
    elif t is int:
        out = (shape,)
    elif isinstance(shape, (numbers.Integral, _np.integer)) and not isinstance(shape, bool):
        out = (int(shape),)
    elif isinstance(shape, (tuple, list)) and all(
            isinstance(s, (numbers.Integral, _np.integer)) and not isinstance(s, bool)
            for s in shape):
        out = tuple(int(s) for s in shape)
    else:
        raise MXNetError(f"{fname}: shape must be an int or a tuple of ints, got "
                         f"{shape!r}; e.g. shape=(2, 3).")
    if empty_is_unknown and out == ():
        return None
    return out


def dtype_of(dtype):
    """The dtype name, or None when not given (an explicit None is float64, as MXNet)."""
    if dtype is Null:
        return None
    try:
        return _np.dtype(dtype).name
    except TypeError:
        raise MXNetError(f"invalid dtype {dtype!r}; pass a name such as 'float32'.") from None


def resolve_out(fname, shape, dtype, out, allowed, default):
    """(shape, dtype) of a draw, taking what is missing from ``out`` and checking it."""
    if out is not None:
        if not is_array(out):
            raise TypeError(f"{fname}: out= must be an NDArray, got {type(out).__name__}.")
        if shape is None:
            shape = tuple(out.shape)
        odt = out._jdtype.name
        if dtype is None:
            dtype = odt
        elif dtype != odt:
            raise MXNetError(f"{fname}: out= has dtype {odt} but dtype={dtype!r} was "
                             f"requested; pass an out= array of dtype {dtype} or drop dtype.")
    if dtype is None:
        dtype = default
    if dtype not in allowed:
        raise MXNetError(f"{fname}: invalid dtype {dtype!r}; valid values are "
                         f"{', '.join(allowed)}.")
    return shape, dtype


def number(v, name, fname):
    """A float parameter (MXNet rejects bools, which it would print as 'True')."""
    t = type(v)
    if t is float or t is int:
        return float(v)
    if isinstance(v, bool) or not isinstance(v, (numbers.Real, _np.integer, _np.floating)):
        raise MXNetError(f"{fname}: {name} must be a number, got {v!r}.")
    return float(v)


def integer(v, name, fname):
    """An int parameter (floats such as 2.0 are rejected, as by MXNet)."""
    if type(v) is int:
        return v
    if isinstance(v, bool) or not isinstance(v, (numbers.Integral, _np.integer)):
        raise MXNetError(f"{fname}: {name} must be an integer, got {v!r}; pass an int.")
    return int(v)


def no_extra(fname, kwargs):
    """Reject keyword arguments MXNet does not know (``name=`` is accepted)."""
    kwargs.pop("name", None)
    if kwargs:
        raise MXNetError(f"{fname} got an unexpected argument {next(iter(kwargs))!r}; see "
                         f"help({fname}) for its arguments.")


# distribution -> check(*params) -> error text, or None when the values are in range
def _uniform(low, high):
    if not high >= low:
        return (f"low must be less than or equal to high (got low={low}, high={high}); "
                "swap them")


def _normal(loc, scale):
    if not scale > 0:
        return f"scale (the standard deviation) must be positive, got {scale}"


def _gamma(alpha, beta):
    if not alpha > 0:
        return f"alpha (the shape) must be positive, got {alpha}"
    if not beta > 0:
        return f"beta (the scale) must be positive, got {beta}"


def _exponential(lam):
    if not lam > 0:
        return f"the rate lam = 1/scale must be positive, got {lam}"


def _poisson(lam):
    if not lam >= 0:
        return f"lam must be non-negative, got {lam}"


def _negative_binomial(k, p):
    if not k >= 0:
        return f"k must be non-negative, got {k}"
    if not p >= 0:
        return f"p must be non-negative, got {p}"


def _generalized_negative_binomial(mu, alpha):
    if not mu >= 0:
        return f"mu must be non-negative, got {mu}"
    if not alpha >= 0:
        return f"alpha must be non-negative, got {alpha}"


PARAM_CHECKS = {
    "uniform": _uniform, "normal": _normal, "gamma": _gamma, "exponential": _exponential,
    "poisson": _poisson, "negative_binomial": _negative_binomial,
    "generalized_negative_binomial": _generalized_negative_binomial,
}


def check_params(dist, fname, values):
    """Raise MXNet's error for scalar parameters outside the distribution's range."""
    msg = PARAM_CHECKS[dist](*values)
    if msg:
        raise MXNetError(f"{fname}: {msg}.")
