"""The public random API: ``mx.nd.random.*`` and MXNet's older names for the same ops.

* ``mx.nd.random.uniform/normal/gamma/...``: numbers as parameters draw ``shape``
  samples (shape 1 when neither ``shape`` nor ``out`` is given) on ``ctx``; NDArrays
  as parameters draw ``shape`` samples per element (output shape = param shape +
  shape) on the parameters' context.
* ``nd.random_<d>`` / ``nd._random_<d>`` (and ``nd.uniform``, ``nd.normal``): numbers
  only, MXNet's positional order ``(params..., shape, ctx, dtype)``.
* ``nd.sample_<d>`` / ``nd._sample_<d>``: NDArrays only, ``(params..., shape, dtype)``.
* ``nd.random.<d>_like``: scalar parameters, the shape and dtype of ``data``.

Each call takes a fresh key and counter from the stream (``mx.random.seed``) and runs a
cached compiled kernel (``kernels.py``); they and the scalar parameters travel packed
in one dynamic numpy array, so new values never recompile.
"""
import numbers

import numpy as _np

from ...base import MXNetError
from ..._core import rng
from ..._core.dispatch import invoke
from ..registry import defun
from . import kernels as K
from .checks import (FLOATS, INTS, Null, check_params, ctx_of, dtype_of, integer,
                     is_array, no_extra, number, resolve_out, shape_of)

# Scalar parameters of each distribution with MXNet's defaults, in MXNet's order.
DEFAULTS = {
    "uniform": (("low", 0.0), ("high", 1.0)),
    "normal": (("loc", 0.0), ("scale", 1.0)),
    "gamma": (("alpha", 1.0), ("beta", 1.0)),
    "exponential": (("lam", 1.0),),
    "poisson": (("lam", 1.0),),
    "negative_binomial": (("k", 1), ("p", 1.0)),
    "generalized_negative_binomial": (("mu", 1.0), ("alpha", 1.0)),
}
# Names of the parameter arrays of the nd.sample_<d> ops.
SAMPLE_INPUTS = {
    "uniform": ("low", "high"), "normal": ("mu", "sigma"), "gamma": ("alpha", "beta"),
    "exponential": ("lam",), "poisson": ("lam",), "negative_binomial": ("k", "p"),
    "generalized_negative_binomial": ("mu", "alpha"),
}
_NUMERIC = (numbers.Number, _np.generic)


def _is_number(v):
    t = type(v)
    return t is float or t is int or isinstance(v, _NUMERIC)


# ------------------------------------------------------------------ drawing
def _scalar_values(dist, fname, values):
    """The scalar parameters ``values`` (in the distribution's order) as checked floats
    (an int for k)."""
    out = []
    for (name, _), v in zip(DEFAULTS[dist], values):
        if is_array(v):
            raise TypeError(f"{fname} takes numbers as parameters, got an NDArray for "
                            f"{name}; for one distribution per element use "
                            f"mx.nd.random.{dist} or mx.nd.sample_{dist}.")
        out.append(integer(v, name, fname) if name == "k" else number(v, name, fname))
    out = tuple(out)
    check_params(dist, fname, out)
    return out


def _draw_shape(fname, shape):
    if shape is None:
        raise MXNetError(f"{fname} needs the shape of the output: pass shape=(2, 3) or an "
                         "out= array.")
    if not shape or min(shape) <= 0:
        raise MXNetError(f"{fname}: shape {shape} is not a valid output shape (MXNet "
                         "needs at least one dimension and no zero or negative "
                         "dimension); e.g. shape=(2, 3).")
    return shape


def draw_scalar(cls, fname, dist, values, shape, dtype, ctx, out):
    """Samples of ``dist`` with the scalar parameters ``values`` (checked floats)."""
    shape, dtype = resolve_out(fname, shape_of(shape, fname, True), dtype_of(dtype), out,
                               FLOATS, "float32")
    shape = _draw_shape(fname, shape)
    ctx = ctx_of(ctx, fname)
    kern = K.RANDOM[dist].kernel((("shape", shape), ("dtype", dtype)), None)
    return invoke(kern, (), (rng.next_stream(*values, dtype=_np.float64),), cls, ctx, out)


def _check_param_arrays(fname, arrays):
    first = arrays[0]
    for a in arrays[1:]:
        if tuple(a.shape) != tuple(first.shape):
            raise MXNetError(f"{fname}: the parameter arrays must have the same shape, got "
                             f"{tuple(first.shape)} and {tuple(a.shape)}.")
        if a._jdtype != first._jdtype:
            raise MXNetError(f"{fname}: the parameter arrays must have the same dtype, got "
                             f"{first._jdtype.name} and {a._jdtype.name}; cast one with "
                             ".astype(...).")
    if first.ndim == 0 or first.size == 0:
        raise MXNetError(f"{fname}: the parameter arrays must have at least one element "
                         f"and one dimension, got shape {tuple(first.shape)}.")


def draw_sample(fname, op, arrays, shape, dtype, out):
    """One distribution per element of the parameter ``arrays``, ``shape`` draws each."""
    for a in arrays:
        if not is_array(a):
            raise TypeError(f"{fname} takes NDArrays as parameters, got "
                            f"{type(a).__name__}; convert it with mx.nd.array(...).")
    _check_param_arrays(fname, arrays)
    sshape = shape_of(shape, fname) or ()
    if any(s <= 0 for s in sshape):
        raise MXNetError(f"{fname}: every dimension of shape must be positive, got "
                         f"{sshape}.")
    _, dtype = resolve_out(fname, (), dtype_of(dtype), out, FLOATS, "float32")
    kern = op.kernel((("shape", sshape), ("dtype", dtype)), None)
    return invoke(kern, list(arrays), (rng.next_stream(),), type(arrays[0]), None, out)


def _helper(cls, fname, dist, params, shape, dtype, ctx, out, kwargs):
    """``mx.nd.random.<dist>``: scalar or per-element draws, as MXNet's _random_helper."""
    no_extra(fname, kwargs)
    first = params[0]
    if is_array(first):
        for p in params[1:]:
            if not is_array(p):
                raise AssertionError(
                    f"{fname}: the distribution parameters must all be NDArrays or all "
                    f"be numbers, got both NDArray and {type(p).__name__}; convert the "
                    "numbers with mx.nd.array(...).")
        op = K.SAMPLE[dist]
        if dist == "exponential":
            # mx.nd.random.exponential takes the scale (1 / rate).
            op = K.sample_exponential_scale_op
        return draw_sample(fname, op, params, shape, dtype, out)
    if _is_number(first):
        for p in params[1:]:
            if not _is_number(p):
                raise AssertionError(
                    f"{fname}: the distribution parameters must all be NDArrays or all "
                    f"be numbers, got both {type(first).__name__} and "
                    f"{type(p).__name__}.")
        if shape is Null and out is None:
            shape = 1
        if dist == "exponential":
            if params[0] == 0:
                raise ZeroDivisionError(f"{fname}: scale must be positive, got 0 (the rate "
                                        "is 1 / scale).")
            params = [1.0 / params[0]]
        values = _scalar_values(dist, fname, params)
        return draw_scalar(cls, fname, dist, values, shape, dtype, ctx, out)
    raise ValueError(f"{fname}: the distribution parameters must be NDArrays or numbers, "
                     f"but got {type(first).__name__}.")


# ------------------------------------------------------------- mx.nd.random
@defun("random.uniform", nd="random.uniform", needs_cls=True)
def uniform(cls, low=0, high=1, shape=Null, dtype=Null, ctx=None, out=None, **kwargs):
    """Samples uniform on [low, high); NDArray bounds draw ``shape`` samples per element."""
    return _helper(cls, "mx.nd.random.uniform", "uniform", [low, high], shape, dtype, ctx,
                   out, kwargs)


@defun("random.normal", nd="random.normal", needs_cls=True)
def normal(cls, loc=0, scale=1, shape=Null, dtype=Null, ctx=None, out=None, **kwargs):
    """Gaussian samples with mean ``loc`` and standard deviation ``scale``."""
    return _helper(cls, "mx.nd.random.normal", "normal", [loc, scale], shape, dtype, ctx,
                   out, kwargs)


@defun("random.randn", nd="random.randn", needs_cls=True)
def randn(cls, *shape, **kwargs):
    """Gaussian samples of shape ``shape`` (given as separate ints: ``randn(2, 3)``);
    ``loc``, ``scale``, ``dtype``, ``ctx``, ``out`` are keywords."""
    loc = kwargs.pop("loc", 0)
    scale = kwargs.pop("scale", 1)
    dtype = kwargs.pop("dtype", Null)
    ctx = kwargs.pop("ctx", None)
    out = kwargs.pop("out", None)
    for name, v in (("loc", loc), ("scale", scale)):
        if not isinstance(v, (int, float)) and not is_array(v):
            raise AssertionError(f"mx.nd.random.randn: {name} must be an int, a float or "
                                 f"an NDArray, got {type(v).__name__}.")
    return _helper(cls, "mx.nd.random.randn", "normal", [loc, scale], shape, dtype, ctx,
                   out, kwargs)


@defun("random.poisson", nd="random.poisson", needs_cls=True)
def poisson(cls, lam=1, shape=Null, dtype=Null, ctx=None, out=None, **kwargs):
    """Poisson samples with rate ``lam`` (as floats)."""
    return _helper(cls, "mx.nd.random.poisson", "poisson", [lam], shape, dtype, ctx, out,
                   kwargs)


@defun("random.exponential", nd="random.exponential", needs_cls=True)
def exponential(cls, scale=1, shape=Null, dtype=Null, ctx=None, out=None, **kwargs):
    """Exponential samples with scale ``scale`` = 1 / rate (mean ``scale``)."""
    return _helper(cls, "mx.nd.random.exponential", "exponential", [scale], shape, dtype,
                   ctx, out, kwargs)


@defun("random.gamma", nd="random.gamma", needs_cls=True)
def gamma(cls, alpha=1, beta=1, shape=Null, dtype=Null, ctx=None, out=None, **kwargs):
    """Gamma samples with shape ``alpha`` and scale ``beta``."""
    return _helper(cls, "mx.nd.random.gamma", "gamma", [alpha, beta], shape, dtype, ctx,
                   out, kwargs)


@defun("random.negative_binomial", nd="random.negative_binomial", needs_cls=True)
def negative_binomial(cls, k=1, p=1, shape=Null, dtype=Null, ctx=None, out=None,
                      **kwargs):
    """Negative binomial samples: failures before the ``k``-th success when each trial
    succeeds with probability ``p`` (as floats)."""
    return _helper(cls, "mx.nd.random.negative_binomial", "negative_binomial", [k, p],
                   shape, dtype, ctx, out, kwargs)


@defun("random.generalized_negative_binomial", nd="random.generalized_negative_binomial",
       needs_cls=True)
def generalized_negative_binomial(cls, mu=1, alpha=1, shape=Null, dtype=Null, ctx=None,
                                  out=None, **kwargs):
    """Generalized negative binomial samples with mean ``mu`` and dispersion ``alpha``
    (variance mu + alpha * mu**2), as floats."""
    return _helper(cls, "mx.nd.random.generalized_negative_binomial",
                   "generalized_negative_binomial", [mu, alpha], shape, dtype, ctx, out,
                   kwargs)


@defun("random.randint", nd="random.randint", needs_cls=True)
def randint(cls, low, high, shape=Null, dtype=Null, ctx=None, out=None, **kwargs):
    """Integers uniform on [low, high) (int32 unless ``dtype='int64'``)."""
    return _randint(cls, "mx.nd.random.randint", low, high,
                    1 if shape is Null and out is None else shape, dtype, ctx, out, kwargs)


def _randint(cls, fname, low, high, shape, dtype, ctx, out, kwargs):
    no_extra(fname, kwargs)
    if is_array(low) or is_array(high):
        raise TypeError(f"{fname} takes integer bounds, not NDArrays; draw per-element "
                        "bounds with mx.nd.random.uniform and floor the result.")
    low = integer(low, "low", fname)
    high = integer(high, "high", fname)
    if not high > low:
        # NOTE: MXNet accepts low == high and then divides by zero; both are errors here.
        raise MXNetError(f"{fname}: low must be less than high (got low={low}, "
                         f"high={high}); the samples lie in [low, high).")
    shape, dtype = resolve_out(fname, shape_of(shape, fname, True), dtype_of(dtype), out,
                               INTS, "int32")
    shape = _draw_shape(fname, shape)
    ctx = ctx_of(ctx, fname)
    kern = K.randint_op.kernel((("shape", shape), ("dtype", dtype)), None)
    return invoke(kern, (), (rng.next_stream(low, high, dtype=_np.int64),), cls, ctx,
                  out)


_MULTI_DTYPES = ("uint8", "int32", "float16", "float32", "float64")


@defun("random.multinomial", nd="random.multinomial")
def multinomial(data, shape=Null, get_prob=False, out=None, dtype="int32", **kwargs):
    """Category indices drawn from the distributions on the last axis of ``data`` (which
    must sum to 1); ``shape`` draws per distribution. With ``get_prob=True`` also the
    log-probability of each draw, differentiable w.r.t. ``data``."""
    return _multinomial("mx.nd.random.multinomial", data, shape, get_prob, dtype, out,
                        kwargs)


def _multinomial(fname, data, shape, get_prob, dtype, out, kwargs):
    no_extra(fname, kwargs)
    if not is_array(data):
        raise AssertionError(f"{fname}: data must be an NDArray of probabilities, got "
                             f"{type(data).__name__}; convert it with mx.nd.array(...).")
    if data._jdtype.kind != "f":
        raise MXNetError(f"{fname}: data must hold floating-point probabilities, got "
                         f"{data._jdtype.name}; cast it with data.astype('float32').")
    if data.ndim == 0:
        raise MXNetError(f"{fname}: data must have at least one dimension (the "
                         "categories are on its last axis).")
    sshape = shape_of(shape, fname) or ()
    if any(s < 0 for s in sshape):
        raise MXNetError(f"{fname}: shape must not have negative dimensions, got {sshape}.")
    get_prob = bool(get_prob)
    dtype = "int32" if dtype is Null else dtype_of(dtype)
    if dtype not in _MULTI_DTYPES:
        raise MXNetError(f"{fname}: invalid dtype {dtype!r}; valid values are "
                         f"{', '.join(_MULTI_DTYPES)}.")
    if out is not None:
        outs = out if isinstance(out, (list, tuple)) else [out]
        want = [dtype, data._jdtype.name] if get_prob else [dtype]
        for o, w in zip(outs, want):
            if is_array(o) and o._jdtype.name != w:
                raise MXNetError(f"{fname}: out= array has dtype {o._jdtype.name} but the "
                                 f"result has dtype {w}; pass an out= array of dtype {w}.")
    kern = K.multinomial_op.kernel(
        (("shape", sshape), ("get_prob", get_prob), ("dtype", dtype)), None)
    return invoke(kern, [data], (rng.next_stream(),), type(data), None, out)


@defun("random.shuffle", nd=("random.shuffle", "shuffle", "_shuffle"))
def shuffle(data, out=None, name=None, **kwargs):
    """A copy of ``data`` with its rows (first axis) in random order."""
    fname = "mx.nd.random.shuffle"
    # NOTE: MXNet accepts and ignores any axis; only the first axis is ever shuffled.
    axis = kwargs.pop("axis", 0)
    if axis != 0:
        raise MXNetError(f"{fname} always shuffles along the first axis (got axis={axis!r}); "
                         "to shuffle another axis, swap it to the front with nd.swapaxes "
                         "first and back afterwards.")
    no_extra(fname, kwargs)
    if not is_array(data):
        raise TypeError(f"{fname}: data must be an NDArray, got {type(data).__name__}.")
    if data.ndim == 0 or data.size == 0:
        raise MXNetError(f"{fname}: data must have at least one dimension and one "
                         f"element, got shape {tuple(data.shape)}.")
    return invoke(K.shuffle_op.kernel((), None), [data], (rng.next_stream(),), type(data),
                  None, out)


# ----------------------------------------------------------------- *_like
def _make_like(dist):
    fname = f"mx.nd.random.{dist}_like"
    names = tuple(n for n, _ in DEFAULTS[dist])

    def like(data, *args, out=None, name=None, **kwargs):
        if len(args) > len(names):
            raise TypeError(f"{fname} takes data and at most {len(names)} parameters "
                            f"({', '.join(names)}).")
        values = dict(DEFAULTS[dist])
        values.update(zip(names, args))
        for n in names:
            if n in kwargs:
                values[n] = kwargs.pop(n)
        no_extra(fname, kwargs)
        if not is_array(data):
            raise TypeError(f"{fname}: data must be an NDArray, got {type(data).__name__}.")
        if data._jdtype.kind != "f":
            raise MXNetError(f"{fname}: data must be a floating-point array (the samples "
                             f"take its dtype), got {data._jdtype.name}.")
        if out is not None and is_array(out) and out._jdtype != data._jdtype:
            raise MXNetError(f"{fname}: out= has dtype {out._jdtype.name} but the samples "
                             f"take data's dtype {data._jdtype.name}.")
        vals = _scalar_values(dist, fname, [values[n] for n in names])
        return invoke(K.LIKE[dist].kernel((), None), [data],
                      (rng.next_stream(*vals, dtype=_np.float64),), type(data), None, out)
    like.__name__ = f"{dist}_like"
    like.__doc__ = (f"Samples of the {dist} distribution with the shape and dtype of "
                    f"``data`` (parameters {', '.join(names)} as numbers).")
    return like


for _d in DEFAULTS:
    defun(f"random.{_d}_like", nd=(f"random.{_d}_like", f"_random_{_d}_like"))(
        _make_like(_d))


# ---------------------------------------------- legacy nd.random_* / nd.sample_*
def _bind(fname, names, args, kwargs):
    """Positional ``args`` and keyword values for ``names``, as a dict."""
    if len(args) > len(names):
        raise TypeError(f"{fname} takes at most {len(names)} positional arguments "
                        f"({', '.join(names)}), got {len(args)}.")
    vals = dict(zip(names, args))
    for n in names[len(args):]:
        if n in kwargs:
            vals[n] = kwargs.pop(n)
    return vals


def _make_random(dist):
    fname = f"mx.nd.random_{dist}"
    pnames = tuple(n for n, _ in DEFAULTS[dist])
    names = pnames + ("shape", "ctx", "dtype", "out")

    def random_op(cls, *args, **kwargs):
        v = _bind(fname, names, args, kwargs)
        no_extra(fname, kwargs)
        params = dict(DEFAULTS[dist])
        params.update((n, v[n]) for n in pnames if n in v)
        values = _scalar_values(dist, fname, [params[n] for n in pnames])
        return draw_scalar(cls, fname, dist, values, v.get("shape", Null),
                           v.get("dtype", Null), v.get("ctx"), v.get("out"))
    random_op.__name__ = f"random_{dist}"
    random_op.__doc__ = (f"Samples of the {dist} distribution with scalar parameters "
                         f"({', '.join(pnames)}); arguments ({', '.join(names)}).")
    return random_op


def _make_sample(dist):
    fname = f"mx.nd.sample_{dist}"
    pnames = SAMPLE_INPUTS[dist]
    names = pnames + ("shape", "dtype", "out")

    def sample_op(*args, **kwargs):
        v = _bind(fname, names, args, kwargs)
        no_extra(fname, kwargs)
        missing = [n for n in pnames if v.get(n) is None]
        if missing:
            raise MXNetError(f"{fname} needs the parameter array(s) {', '.join(missing)}; "
                             f"call it as {fname}({', '.join(pnames)}, shape=...).")
        return draw_sample(fname, K.SAMPLE[dist], [v[n] for n in pnames],
                           v.get("shape", Null), v.get("dtype", Null), v.get("out"))
    sample_op.__name__ = f"sample_{dist}"
    sample_op.__doc__ = (f"One {dist} distribution per element of the parameter arrays "
                         f"({', '.join(pnames)}); ``shape`` samples each.")
    return sample_op


_LEGACY_ALIASES = {"uniform": ("uniform",), "normal": ("normal",)}
for _d in DEFAULTS:
    defun(f"random_{_d}", needs_cls=True,
          nd=(f"random_{_d}", f"_random_{_d}") + _LEGACY_ALIASES.get(_d, ()))(
        _make_random(_d))
    defun(f"sample_{_d}", nd=(f"sample_{_d}", f"_sample_{_d}"))(_make_sample(_d))


@defun("random_randint", nd=("random_randint", "_random_randint"), needs_cls=True)
def random_randint(cls, *args, **kwargs):
    """Integers uniform on [low, high); arguments (low, high, shape, ctx, dtype, out)."""
    fname = "mx.nd.random_randint"
    v = _bind(fname, ("low", "high", "shape", "ctx", "dtype", "out"), args, kwargs)
    for n in ("low", "high"):
        if n not in v:
            raise MXNetError(f"{fname} needs {n}: call it as {fname}(low, high, shape=...).")
    return _randint(cls, fname, v["low"], v["high"], v.get("shape", Null),
                    v.get("dtype", Null), v.get("ctx"), v.get("out"), kwargs)


@defun("sample_multinomial", nd=("sample_multinomial", "_sample_multinomial"))
def sample_multinomial(data=None, shape=Null, get_prob=False, dtype=Null, out=None,
                       name=None, **kwargs):
    """Category indices drawn from the distributions on the last axis of ``data``."""
    return _multinomial("mx.nd.sample_multinomial", data, shape, get_prob, dtype, out,
                        kwargs)
