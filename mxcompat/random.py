"""``mx.random``: ``seed`` and the random draws of ``mx.nd.random`` (MXNet re-exports
the same functions here)."""
import numbers

import numpy as _np

from ._core.rng import seed as _seed
from .context import Context
from .ndarray.random import (uniform, normal, randn, poisson, exponential, gamma,  # noqa: F401
                             multinomial, negative_binomial,
                             generalized_negative_binomial, shuffle, randint)

__all__ = ["seed", "uniform", "normal", "randn", "poisson", "exponential", "gamma",
           "multinomial", "negative_binomial", "generalized_negative_binomial", "shuffle",
           "randint"]


def seed(seed_state, ctx="all"):
    """Seed the random stream: every random op (``mx.nd.random.*``, Dropout, the
    initializers) then draws the same values again.

    ``seed_state`` is an int (taken modulo 2**32, as MXNet's C int). ``ctx`` is accepted
    for MXNet's API; mxcompat has one stream for all devices, so seeding any context
    seeds them all (MXNet keeps one generator per device).
    """
    if not isinstance(seed_state, (numbers.Integral, _np.integer)):
        raise ValueError(f"seed_state must be int: mx.random.seed takes an integer "
                         f"seed, got {type(seed_state).__name__} {seed_state!r}.")
    if ctx != "all":
        Context(ctx)  # an invalid context is an error, as in MXNet
    _seed(int(seed_state))
