"""The distributions behind MXNet's random ops, written as pure ``jax.random`` code.

Every sampler here is ``sampler(key, shape, wt, *params) -> array of shape`` where
``wt`` is the working float dtype (float32, or float64 for float64 outputs) and the
params are scalars or arrays broadcastable to ``shape``. They follow MXNet's
definitions (``src/operator/random/sampler.h``):

* negative_binomial(k, p) is a Poisson draw whose rate is Gamma(k, (1 - p) / p): the
  number of failures before the k-th success when each trial succeeds with prob. p;
* generalized_negative_binomial(mu, alpha) is a Poisson draw whose rate is
  Gamma(1 / alpha, alpha * mu) (mean mu, variance mu + alpha * mu**2); alpha == 0 is a
  plain Poisson(mu).

Where MXNet's sampler misbehaves at the edge of the parameter range the mathematically
right value is drawn instead (see the NOTE comments).
"""
import jax
import jax.numpy as jnp

__all__ = ["SAMPLERS", "work_dtype", "uniform", "normal", "gamma", "exponential",
           "poisson", "negative_binomial", "generalized_negative_binomial", "randint",
           "categorical", "permutation"]


def work_dtype(dtype):
    """The float dtype samples of output ``dtype`` are computed in."""
    return jnp.float64 if str(dtype) == "float64" else jnp.float32


def uniform(key, shape, wt, low, high):
    """Uniform on [low, high)."""
    return low + (high - low) * jax.random.uniform(key, shape, wt)


def normal(key, shape, wt, loc, scale):
    """Gaussian with mean ``loc`` and standard deviation ``scale``."""
    return loc + scale * jax.random.normal(key, shape, wt)


def gamma(key, shape, wt, alpha, beta):
    """Gamma with shape ``alpha`` and scale ``beta`` (alpha == 0 gives 0)."""
    alpha = jnp.broadcast_to(jnp.asarray(alpha, wt), shape)
    return jax.random.gamma(key, alpha, shape, wt) * beta


def exponential(key, shape, wt, lam):
    """Exponential with rate ``lam`` (mean 1 / lam)."""
    return jax.random.exponential(key, shape, wt) / lam


def exponential_scale(key, shape, wt, scale):
    """Exponential with scale ``scale`` (mean scale); scale == 0 gives 0."""
    return jax.random.exponential(key, shape, wt) * scale


def poisson(key, shape, wt, lam):
    """Poisson with rate ``lam``, as floats of dtype ``wt``."""
    lam = jnp.broadcast_to(jnp.asarray(lam, wt), shape)
    # NOTE: a negative rate draws 0 (what MXNet's sampler returns); an infinite rate
    # draws inf and a NaN rate NaN (jax.random.poisson would give INT_MAX and -1).
    draw = jax.random.poisson(key, jnp.maximum(lam, 0), shape).astype(wt)
    draw = jnp.where(jnp.isinf(lam) & (lam > 0), jnp.inf, draw)
    return jnp.where(jnp.isnan(lam), jnp.nan, draw)


def negative_binomial(key, shape, wt, k, p):
    """Failures before the ``k``-th success, success probability ``p`` per trial."""
    kg, kp = jax.random.split(key)
    # NOTE: p == 0 never succeeds: the rate is inf and so is the draw (MXNet gives
    # INT_MIN); p > 1 gives a negative rate, which draws 0 as in MXNet.
    rate = gamma(kg, shape, wt, k, 1) * ((1 - p) / p)
    return poisson(kp, shape, wt, rate)


def generalized_negative_binomial(key, shape, wt, mu, alpha):
    """Gamma-Poisson mixture with mean ``mu`` and dispersion ``alpha``."""
    kg, kp = jax.random.split(key)
    alpha = jnp.asarray(alpha, wt)
    plain = alpha == 0
    safe = jnp.where(plain, 1, alpha)
    rate = jnp.where(plain, mu, gamma(kg, shape, wt, 1 / safe, safe * mu))
    return poisson(kp, shape, wt, rate)


def randint(key, shape, dtype, low, high):
    """Integers uniform on [low, high)."""
    return jax.random.randint(key, shape, low, high, dtype)


def categorical(key, probs, nsample, wt):
    """``nsample`` category indices per row of ``probs`` (shape (rows, k)).

    A draw inverts the cumulative distribution: u in [0, total) picks the first
    category whose cumulative sum exceeds u, so a zero-probability category is never
    drawn (MXNet's ``>=`` test can pick one when u is exactly 0).
    """
    cum = jnp.cumsum(probs.astype(wt), axis=-1)
    # NOTE: u is scaled by the row total, so rows that do not sum to exactly 1 (float
    # rounding, or unnormalised weights) never give the out-of-range index k.
    u = jax.random.uniform(key, (probs.shape[0], nsample), wt) * cum[:, -1:]
    idx = jax.vmap(lambda c, v: jnp.searchsorted(c, v, side="right"))(cum, u)
    return jnp.minimum(idx, probs.shape[-1] - 1)


def permutation(key, n):
    """A random permutation of range(n)."""
    return jax.random.permutation(key, n)


# name -> (sampler, names of its parameters)
SAMPLERS = {
    "uniform": (uniform, ("low", "high")),
    "normal": (normal, ("loc", "scale")),
    "gamma": (gamma, ("alpha", "beta")),
    "exponential": (exponential, ("lam",)),
    "poisson": (poisson, ("lam",)),
    "negative_binomial": (negative_binomial, ("k", "p")),
    "generalized_negative_binomial": (generalized_negative_binomial, ("mu", "alpha")),
}
