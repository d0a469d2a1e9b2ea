"""Densities of the random ops' distributions: ``nd.random_pdf_<d>(sample, params...,
is_log=False)`` (MXNet's ``_random_pdf_*``), differentiable w.r.t. all inputs.

The parameter arrays have the leading shape of ``sample`` (one distribution per
element, each evaluated at the trailing sample dimensions); for the Dirichlet the last
axis of both holds the k components and the output drops it. As in MXNet:

* the gamma density takes ``beta`` as a *rate* (the sampler takes a scale);
* negative_binomial(k, p) is the number of failures before the k-th success with
  success probability p; generalized_negative_binomial(mu, alpha) is the same with
  k = 1 / alpha and p = 1 / (1 + mu * alpha);
* the uniform density ignores whether the sample lies in [low, high);
* the samples of discrete distributions (Poisson, negative binomials) get no gradient.
"""
import inspect
import math

import jax.numpy as jnp
from jax import lax
from jax.scipy.special import gammaln

from ..registry import defop

__all__ = ["PDFS"]

_LOG_SQRT_2PI = 0.5 * math.log(2 * math.pi)


def _check(sample, params, name, vector=False):
    """Raise for inputs MXNet rejects: mixed or integer dtypes, misfitting shapes."""
    for p in params:
        if p.dtype != sample.dtype:
            raise TypeError(f"random_pdf_{name}: sample and parameters must have the same "
                            f"dtype, got {sample.dtype} and {p.dtype}.")
    if not jnp.issubdtype(sample.dtype, jnp.floating):
        raise TypeError(f"random_pdf_{name} works on floating-point arrays, got "
                        f"{sample.dtype}.")
    first = params[0].shape
    for p in params[1:]:
        if p.shape != first:
            raise ValueError(f"random_pdf_{name}: the parameter arrays must have the same "
                             f"shape, got {first} and {p.shape}.")
    lead = len(first) - (1 if vector else 0)
    want = tuple(sample.shape[:lead]) + ((sample.shape[-1],) if vector else ())
    if len(first) > sample.ndim or tuple(first) != want:
        raise ValueError(f"random_pdf_{name}: the parameters' shape {tuple(first)} must be "
                         f"the leading part of the sample's shape {tuple(sample.shape)}.")


def _spread(p, sample):
    """Parameter array ``p`` broadcastable against ``sample`` (trailing axes added)."""
    return p.reshape(p.shape + (1,) * (sample.ndim - p.ndim))


def _finish(logp, is_log):
    return logp if is_log else jnp.exp(logp)


def _nb_log(x, k, p):
    return (gammaln(x + k) - gammaln(x + 1) - gammaln(k)) + k * jnp.log(p) \
        + x * jnp.log1p(-p)


def _uniform(sample, low, high):
    logp = -jnp.log(_spread(high, sample) - _spread(low, sample))
    return jnp.broadcast_to(logp, sample.shape)


def _normal(sample, mu, sigma):
    mu, sigma = _spread(mu, sample), _spread(sigma, sample)
    return -0.5 * ((sample - mu) / sigma) ** 2 - jnp.log(sigma) - _LOG_SQRT_2PI


def _gamma(sample, alpha, beta):
    a, b = _spread(alpha, sample), _spread(beta, sample)
    return a * jnp.log(b) + (a - 1) * jnp.log(sample) - b * sample - gammaln(a)


def _exponential(sample, lam):
    lam = _spread(lam, sample)
    return jnp.log(lam) - lam * sample


def _poisson(sample, lam):
    x = lax.stop_gradient(sample)
    lam = _spread(lam, sample)
    return x * jnp.log(lam) - gammaln(x + 1) - lam


def _negative_binomial(sample, k, p):
    return _nb_log(lax.stop_gradient(sample), _spread(k, sample), _spread(p, sample))


def _generalized_negative_binomial(sample, mu, alpha):
    mu, alpha = _spread(mu, sample), _spread(alpha, sample)
    return _nb_log(lax.stop_gradient(sample), 1 / alpha, 1 / (mu * alpha + 1))


def _dirichlet(sample, alpha):
    # alpha (..., k) pairs with sample (..., n1, n2, ..., k): move k next to alpha's.
    lead = alpha.ndim - 1
    a = alpha.reshape(alpha.shape[:lead] + (1,) * (sample.ndim - alpha.ndim) + (-1,))
    logp = jnp.sum((a - 1) * jnp.log(sample), axis=-1)
    norm = gammaln(jnp.sum(a, axis=-1)) - jnp.sum(gammaln(a), axis=-1)
    out = logp + norm
    return out.reshape((1,)) if sample.ndim == 1 else out


def _register(name, logpdf, params, vector=False):
    def fn(sample, *params_, is_log=False):
        _check(sample, params_, name, vector)
        return _finish(logpdf(sample, *params_), is_log)
    sig = [inspect.Parameter("sample", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    sig += [inspect.Parameter(p, inspect.Parameter.POSITIONAL_OR_KEYWORD) for p in params]
    sig += [inspect.Parameter("is_log", inspect.Parameter.KEYWORD_ONLY, default=False)]
    fn.__signature__ = inspect.Signature(sig)
    fn.__name__ = f"_random_pdf_{name}"
    fn.__doc__ = (f"The {name} density (``is_log=True``: its log) of ``sample`` under the "
                  f"parameters {', '.join(params)}.")
    return defop(f"_random_pdf_{name}", nd=(f"random_pdf_{name}", f"_random_pdf_{name}"))(fn)


PDFS = {
    "uniform": _register("uniform", _uniform, ("low", "high")),
    "normal": _register("normal", _normal, ("mu", "sigma")),
    "gamma": _register("gamma", _gamma, ("alpha", "beta")),
    "exponential": _register("exponential", _exponential, ("lam",)),
    "poisson": _register("poisson", _poisson, ("lam",)),
    "negative_binomial": _register("negative_binomial", _negative_binomial, ("k", "p")),
    "generalized_negative_binomial": _register(
        "generalized_negative_binomial", _generalized_negative_binomial, ("mu", "alpha")),
    "dirichlet": _register("dirichlet", _dirichlet, ("alpha",), vector=True),
}
