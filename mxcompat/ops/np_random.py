"""``mx.np.random`` and ``mx.npx.random``: numpy-style sampling on mxcompat's stream.

Each draw takes its key and counter from ``mx.random.seed``'s stream as one small
dynamic array (``rng.next_stream()``),
so sampling never recompiles and a seed makes it reproducible. Parameters may be
numbers or arrays (broadcast together, and with ``size``); draws are reparameterised,
so gradients flow to array parameters (``normal(loc, scale)`` gives d/dloc = 1 and
d/dscale = the standard draw, as MXNet).
"""
import jax
import jax.numpy as jnp
import numpy as _np

from ..base import MXNetError
from .._core import rng
from .._core.dispatch import invoke
from ..context import Context, current_context
from .np_common import SCALARS, as_np, call, dtype_name, is_array, np_class, npfun, npop
from .registry import canon

__all__ = ["sample"]


def _open_uniform(key, shape, dtype):
    # A uniform draw in (0, 1], safe for log().
    return 1.0 - jax.random.uniform(key, shape, dtype)


def _draw(dist, key, shape, dt, p1, p2):
    if dist == "normal":
        return p1 + p2 * jax.random.normal(key, shape, dt)
    if dist == "uniform":
        return p1 + (p2 - p1) * jax.random.uniform(key, shape, dt)
    if dist == "gamma":
        return jax.random.gamma(key, jnp.broadcast_to(p1, shape), shape, dt) * p2
    if dist == "beta":
        return jax.random.beta(key, jnp.broadcast_to(p1, shape), jnp.broadcast_to(p2, shape),
                               shape, dt)
    if dist == "exponential":
        return -jnp.log(_open_uniform(key, shape, dt)) * p1
    if dist == "chisquare":
        return 2.0 * jax.random.gamma(key, jnp.broadcast_to(p1 / 2.0, shape), shape, dt)
    if dist == "gumbel":
        return p1 - p2 * jnp.log(-jnp.log(_open_uniform(key, shape, dt)))
    if dist == "logistic":
        u = jax.random.uniform(key, shape, dt, minval=jnp.finfo(dt).tiny, maxval=1.0)
        return p1 + p2 * (jnp.log(u) - jnp.log1p(-u))
    if dist == "lognormal":
        return jnp.exp(p1 + p2 * jax.random.normal(key, shape, dt))
    if dist == "pareto":
        return jnp.expm1(-jnp.log(_open_uniform(key, shape, dt)) / p1)
    if dist == "power":
        return jnp.power(_open_uniform(key, shape, dt), 1.0 / p1)
    if dist == "rayleigh":
        return p1 * jnp.sqrt(-2.0 * jnp.log(_open_uniform(key, shape, dt)))
    if dist == "weibull":
        return jnp.power(-jnp.log(_open_uniform(key, shape, dt)), 1.0 / p1)
    if dist == "bernoulli":
        return (jax.random.uniform(key, shape, "float32") < p1).astype(dt)
    raise MXNetError(f"unknown distribution {dist!r}")


@npop("_npi_sample", dynamic=("stream", "p1", "p2"), optional=("a1", "a2"))
def _sample(a1=None, a2=None, *, stream=None, p1=0.0, p2=1.0, dist="normal",
            shape=(), dtype="float32"):
    """One draw of ``dist`` with parameters ``a1``/``a2`` (arrays) or ``p1``/``p2``."""
    dt = jnp.dtype(dtype)
    x = (a1 if a1 is not None else jnp.asarray(p1)).astype(dt)
    y = (a2 if a2 is not None else jnp.asarray(p2)).astype(dt)
    return _draw(dist, rng.stream_key(stream), shape, dt, x, y)


def _ctx(ctx):
    if ctx is None:
        return current_context()
    return ctx if isinstance(ctx, Context) else Context(ctx)


def _shape(size):
    if size is None:
        return None
    if isinstance(size, (int, _np.integer)):
        return (int(size),)
    return tuple(int(s) for s in size)


def sample(dist, p1, p2=1.0, size=None, dtype=None, ctx=None, out=None, batch_shape=None):
    """Draw from ``dist`` with parameters ``p1``/``p2`` (numbers or arrays)."""
    params = [p1, p2]
    arrays, present, nums = [], [], []
    pshape = ()
    for p in params:
        if is_array(p):
            arrays.append(p)
            present.append(True)
            nums.append(0.0)
            pshape = _np.broadcast_shapes(pshape, tuple(p.shape))
        else:
            if not isinstance(p, SCALARS):
                p = as_np(p, ctx=_ctx(ctx))
                arrays.append(p)
                present.append(True)
                nums.append(0.0)
                pshape = _np.broadcast_shapes(pshape, tuple(p.shape))
                continue
            present.append(False)
            nums.append(float(p))
    shape = _shape(size)
    if batch_shape is not None:
        shape = _shape(batch_shape) + pshape
    elif shape is None:
        shape = pshape
    else:
        try:
            if _np.broadcast_shapes(shape, pshape) != shape:
                raise ValueError
        except ValueError:
            raise MXNetError(f"np.random.{dist}: parameters of shape {pshape} cannot be "
                             f"broadcast to size {shape}.") from None
    if dtype is None and out is not None:
        dtype = out.dtype
    dt = dtype_name(dtype)
    static = (("dist", dist), ("shape", shape), ("dtype", dt))
    pres = tuple(present) if not all(present) else None
    kern = _sample.kernel(static, pres)
    cls = type(arrays[0]) if arrays else np_class()
    return invoke(kern, arrays, (rng.next_stream(), nums[0], nums[1]), cls,
                  None if arrays else _ctx(ctx), out)


def _dist(name, defaults, doc):
    a_name, b_name = defaults[0][0], (defaults[1][0] if len(defaults) > 1 else None)
    a_def = defaults[0][1]
    b_def = defaults[1][1] if len(defaults) > 1 else 1.0

    def f(*args, **kwargs):
        vals = dict(zip([a_name] + ([b_name] if b_name else []) + ["size"], args))
        for k in list(kwargs):
            if k in (a_name, b_name, "size"):
                vals[k] = kwargs.pop(k)
        dtype = kwargs.pop("dtype", None)
        ctx = kwargs.pop("ctx", kwargs.pop("device", None))
        out = kwargs.pop("out", None)
        if kwargs:
            raise TypeError(f"np.random.{name}() got unexpected arguments {sorted(kwargs)}.")
        a = vals.get(a_name, a_def)
        b = vals.get(b_name, b_def) if b_name else 1.0
        if a is None:
            raise TypeError(f"np.random.{name}() missing required argument '{a_name}'.")
        return sample(name, a, b, vals.get("size"), dtype, ctx, out)
    f.__name__ = name
    f.__doc__ = doc
    npfun(f"random.{name}", np=f"random.{name}")(f)
    return f


normal = _dist("normal", (("loc", 0.0), ("scale", 1.0)),
               "Normal draws N(loc, scale**2) (float32 unless ``dtype`` is given).")
uniform = _dist("uniform", (("low", 0.0), ("high", 1.0)), "Uniform draws in [low, high).")
_dist("gamma", (("shape", None), ("scale", 1.0)), "Gamma draws (shape k, scale theta).")
_dist("beta", (("a", None), ("b", None)), "Beta(a, b) draws.")
_dist("exponential", (("scale", 1.0),), "Exponential draws with mean ``scale``.")
_dist("chisquare", (("df", None),), "Chi-square draws with ``df`` degrees of freedom.")
_dist("gumbel", (("loc", 0.0), ("scale", 1.0)), "Gumbel draws.")
_dist("logistic", (("loc", 0.0), ("scale", 1.0)), "Logistic draws.")
_dist("lognormal", (("mean", 0.0), ("sigma", 1.0)), "exp of Normal(mean, sigma) draws.")
_dist("pareto", (("a", None),), "Pareto II (Lomax) draws, as numpy's pareto.")
_dist("power", (("a", None),), "Power-function draws on [0, 1].")
_dist("rayleigh", (("scale", 1.0),), "Rayleigh draws.")
_dist("weibull", (("a", None),), "Weibull draws with shape ``a``.")


@npfun("random.rand", np="random.rand")
def rand(*size, **kwargs):
    """Uniform draws in [0, 1) of shape ``size``."""
    return uniform(0.0, 1.0, size=size, **kwargs)


@npfun("random.randn", np="random.randn")
def randn(*size, **kwargs):
    """Standard normal draws of shape ``size``."""
    return normal(0.0, 1.0, size=size, **kwargs)


# ------------------------------------------------------------ integers
@npop("_npi_randint", dynamic=("stream", "low", "high"), differentiable=False)
def _randint(*, stream=None, low=0, high=1, shape=(), dtype="int64"):
    """Integers uniform in [low, high)."""
    return jax.random.randint(rng.stream_key(stream), shape, low, high, dtype)


@npfun("random.randint", np="random.randint")
def randint(low, high=None, size=None, dtype=None, ctx=None, out=None):
    """Random integers in [low, high) (int64 unless ``dtype`` is given)."""
    if high is None:
        low, high = 0, low
    if int(high) <= int(low):
        raise ValueError(f"low >= high: randint needs low < high, got [{low}, {high}).")
    static = (("shape", _shape(size) or ()), ("dtype", dtype_name(dtype, "int64")))
    return invoke(_randint.kernel(static, None), (), (rng.next_stream(), int(low), int(high)),
                  np_class(), _ctx(ctx), out)


@npop("_npi_choice", dynamic=("stream",), differentiable=False,
      optional=("a", "p"))
def _choice(a=None, p=None, *, stream=None, n=1, shape=(), replace=True):
    """Draws from ``a`` (or arange(n)) with probabilities ``p``."""
    pool = a if a is not None else jnp.arange(n, dtype="int64")
    return jax.random.choice(rng.stream_key(stream), pool, shape, replace, p)


@npfun("random.choice", np="random.choice")
def choice(a, size=None, replace=True, p=None, ctx=None, out=None):
    """Samples from ``a`` (an int n means arange(n)), with or without replacement."""
    shape = _shape(size) or ()
    arrays, present = [], [False, False]
    n = 1
    if is_array(a):
        arrays.append(a)
        present[0] = True
        n = a.shape[0]
    else:
        n = int(a)
    if p is not None:
        arrays.append(p if is_array(p) else as_np(p, ctx=_ctx(ctx)))
        present[1] = True
    if not replace and int(_np.prod(shape, dtype=_np.int64)) > n:
        raise ValueError("Cannot take a larger sample than population when 'replace=False'")
    static = (("n", n), ("shape", shape), ("replace", bool(replace)))
    pres = tuple(present) if not all(present) else None
    return invoke(_choice.kernel(static, pres), arrays, (rng.next_stream(),),
                  type(arrays[0]) if arrays else np_class(),
                  None if arrays else _ctx(ctx), out)


@npop("_npi_shuffle", dynamic=("stream",), differentiable=False)
def _shuffle(x, *, stream=None):
    """``x`` permuted along its first axis."""
    return jax.random.permutation(rng.stream_key(stream), x, axis=0)


@npfun("random.shuffle", np="random.shuffle")
def shuffle(x):
    """Shuffle ``x`` in place along its first axis."""
    res = invoke(_shuffle.kernel((), None), (x,), (rng.next_stream(),), type(x))
    x._check_writable()
    x._set_value(res._value())


@npop("_npi_multinomial", dynamic=("stream",), differentiable=False)
def _multinomial(pvals, *, stream=None, n=1, shape=()):
    """Counts of ``n`` categorical draws with probabilities ``pvals``."""
    k = pvals.shape[-1]
    logits = jnp.log(pvals.astype("float64"))
    draws = jax.random.categorical(rng.stream_key(stream), logits, shape=shape + (n,))
    return jnp.sum(jax.nn.one_hot(draws, k, dtype="int64"), axis=-2)


@npfun("random.multinomial", np="random.multinomial")
def multinomial(n, pvals, size=None):
    """Counts of ``n`` experiments over the categories of ``pvals`` (int64)."""
    pv = pvals if is_array(pvals) else as_np(_np.asarray(pvals, dtype=_np.float64))
    static = (("n", int(n)), ("shape", _shape(size) or ()))
    return invoke(_multinomial.kernel(static, None), (pv,), (rng.next_stream(),), np_class())


@npop("_npi_mvn", dynamic=("stream",))
def _mvn(mean, cov, *, stream=None, shape=()):
    """Multivariate normal draws."""
    return jax.random.multivariate_normal(rng.stream_key(stream), mean, cov,
                                          shape + mean.shape[:-1], dtype=mean.dtype)


@npfun("random.multivariate_normal", np="random.multivariate_normal")
def multivariate_normal(mean, cov, size=None, check_valid=None, tol=None):
    """Multivariate normal draws of shape ``size + mean.shape``."""
    return invoke(_mvn.kernel((("shape", _shape(size) or ()),), None),
                  (as_np(mean), as_np(cov)), (rng.next_stream(),), np_class())


# ------------------------------------------------------------ npx.random
@npfun("random.bernoulli", npx="random.bernoulli")
def bernoulli(prob=None, logit=None, size=None, dtype=None, ctx=None, out=None):
    """Bernoulli draws (1 with probability ``prob``, or sigmoid(``logit``))."""
    if (prob is None) == (logit is None):
        raise ValueError("Either `prob` or `logit` must be specified, but not both.")
    if logit is not None:
        if is_array(logit):
            from .registry import REGISTRY
            prob = call(REGISTRY["sigmoid"], [logit])
        else:
            prob = float(1.0 / (1.0 + _np.exp(-float(logit))))
    if is_array(prob):
        # Bernoulli draws carry no gradient to their probability.
        prob = prob.detach()
    return sample("bernoulli", prob, 1.0, size, dtype, ctx, out)


@npfun("random.uniform_n", npx="random.uniform_n")
def uniform_n(low=0.0, high=1.0, batch_shape=None, dtype=None, ctx=None):
    """Uniform draws of shape ``batch_shape + broadcast(low, high).shape``."""
    return sample("uniform", low, high, None, dtype, ctx, batch_shape=batch_shape or ())


@npfun("random.normal_n", npx="random.normal_n")
def normal_n(loc=0.0, scale=1.0, batch_shape=None, dtype=None, ctx=None):
    """Normal draws of shape ``batch_shape + broadcast(loc, scale).shape``."""
    return sample("normal", loc, scale, None, dtype, ctx, batch_shape=batch_shape or ())


@npfun("random.seed", npx="random.seed")
def seed(seed, ctx="all"):
    """Seed the random stream of every random op (``npx.random.seed``)."""
    rng.seed(seed)



