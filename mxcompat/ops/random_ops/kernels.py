"""The random ops as registered kernels (pure JAX; the frontends are in ``api.py``).

Every kernel gets the stream's key and counter in one dynamic numpy array from
``rng.next_stream()`` and draws from ``rng.stream_key(...)``: ``stream = [key0, key1,
counter]`` for kernels with array inputs, ``params = [key0, key1, counter, p1, p2...]``
(float64; int64 for randint) for kernels with scalar parameters. One small host array
is the cheapest way to hand values to a compiled function (several times faster than
a few scalars, and valid on any device); being dynamic, new values never recompile.
Shapes and dtypes are static. Three kernels per distribution, as in MXNet:

* ``_random_<d>``: scalar parameters, ``shape`` and ``dtype`` given (no array inputs);
* ``_sample_<d>``: one distribution per element of the parameter arrays, ``shape``
  samples each (output shape = parameter shape + shape);
* ``_random_<d>_like``: scalar parameters, the shape and dtype of an input array.

MXNet gives the parameters of a draw no gradient (a zero gradient); the kernels stop
the gradient at the parameters so that ``jax.vjp`` agrees. ``_sample_multinomial``'s
log-likelihood output and ``_shuffle`` are differentiable w.r.t. their data.
"""
import inspect

import jax.numpy as jnp
from jax import lax

from ..._core import rng
from ..registry import defop
from . import distributions as D

__all__ = ["RANDOM", "SAMPLE", "LIKE", "randint_op", "multinomial_op", "shuffle_op",
           "sample_exponential_scale_op"]

_POS = inspect.Parameter.POSITIONAL_OR_KEYWORD
_KW = inspect.Parameter.KEYWORD_ONLY
_STREAM = ("stream",)
_PACKED = ("params",)
_NSTREAM = 3   # params[:3] is the stream, the distribution's parameters follow


def _register(name, fn, arrays, attrs, dynamic, doc, nout=1, differentiable=False):
    """Register ``fn(*arrays, **attrs)`` under ``name`` with an explicit signature."""
    params = [inspect.Parameter(a, _POS) for a in arrays]
    params += [inspect.Parameter(k, _KW, default=v) for k, v in attrs.items()]
    fn.__signature__ = inspect.Signature(params)
    fn.__name__ = name
    fn.__doc__ = doc
    return defop(name, dynamic=dynamic, nout=nout, differentiable=differentiable)(fn)


def _scalar_kernel(sampler, nparams):
    def fn(*, shape, dtype, params):
        wt = D.work_dtype(dtype)
        vals = [params[_NSTREAM + i].astype(wt) for i in range(nparams)]
        return sampler(rng.stream_key(params), shape, wt, *vals).astype(dtype)
    return fn


def _sample_kernel(sampler):
    def fn(*arrays, shape, dtype, stream):
        wt = D.work_dtype(dtype)
        tail = (1,) * len(shape)
        vals = [lax.stop_gradient(a).astype(wt).reshape(a.shape + tail) for a in arrays]
        out_shape = tuple(arrays[0].shape) + tuple(shape)
        return sampler(rng.stream_key(stream), out_shape, wt, *vals).astype(dtype)
    return fn


def _like_kernel(sampler, nparams):
    def fn(data, *, params):
        wt = D.work_dtype(data.dtype)
        vals = [params[_NSTREAM + i].astype(wt) for i in range(nparams)]
        out = sampler(rng.stream_key(params), data.shape, wt, *vals)
        return out.astype(data.dtype)
    return fn


RANDOM = {}   # distribution -> OpDef of _random_<d>
SAMPLE = {}   # distribution -> OpDef of _sample_<d>
LIKE = {}     # distribution -> OpDef of _random_<d>_like

for _d, (_sampler, _pnames) in D.SAMPLERS.items():
    RANDOM[_d] = _register(
        f"_random_{_d}", _scalar_kernel(_sampler, len(_pnames)), (),
        dict(shape=(1,), dtype="float32", params=None), _PACKED,
        f"Draws from the {_d} distribution; params = [key0, key1, counter, "
        f"{', '.join(_pnames)}].")
    SAMPLE[_d] = _register(
        f"_sample_{_d}", _sample_kernel(_sampler), _pnames,
        dict(shape=(), dtype="float32", stream=None), _STREAM,
        f"Draws from one {_d} distribution per element of the parameter arrays.")
    LIKE[_d] = _register(
        f"_random_{_d}_like", _like_kernel(_sampler, len(_pnames)), ("data",),
        dict(params=None), _PACKED,
        f"Draws from the {_d} distribution in the shape and dtype of ``data``; "
        f"params = [key0, key1, counter, {', '.join(_pnames)}].")

sample_exponential_scale_op = _register(
    "_sample_exponential_scale", _sample_kernel(D.exponential_scale), ("scale",),
    dict(shape=(), dtype="float32", stream=None), _STREAM,
    "Exponential draws with one scale (1 / rate) per element of ``scale``.")


@defop("_random_randint", dynamic=_PACKED, differentiable=False)
def randint_op(*, shape=(1,), dtype="int32", params=None):
    """Integers uniform on [low, high); params = [key0, key1, counter, low, high]."""
    return D.randint(rng.stream_key(params), shape, dtype, params[_NSTREAM],
                     params[_NSTREAM + 1])


def _multinomial_nout(attrs):
    return 2 if attrs.get("get_prob") else 1


@defop("_sample_multinomial", dynamic=_STREAM, nout=_multinomial_nout)
def multinomial_op(data, *, shape=(), get_prob=False, dtype="int32", stream=None):
    """Category indices drawn from the distributions on the last axis of ``data``;
    with ``get_prob`` also their log-probabilities (differentiable w.r.t. ``data``)."""
    k = data.shape[-1]
    batch = tuple(data.shape[:-1])
    sshape = tuple(shape) if (shape or data.ndim > 1) else (1,)
    nsample = 1
    for s in sshape:
        nsample *= s
    rows = data.reshape(-1, k)
    wt = D.work_dtype(data.dtype)
    idx = D.categorical(rng.stream_key(stream), lax.stop_gradient(rows), nsample, wt)
    out = idx.reshape(batch + sshape).astype(dtype)
    if not get_prob:
        return out
    logp = jnp.log(jnp.take_along_axis(rows, idx, axis=1))
    return out, logp.reshape(batch + sshape).astype(data.dtype)


@defop("_shuffle", dynamic=_STREAM)
def shuffle_op(data, *, stream=None):
    """``data`` with its first axis randomly permuted (the gradient is permuted back)."""
    perm = D.permutation(rng.stream_key(stream), data.shape[0])
    return jnp.take(data, perm, axis=0)
