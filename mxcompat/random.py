"""``mx.random``: the seed, and the random ops of ``mx.nd.random``."""
from ._core.rng import seed as _seed
from .ndarray.random import *  # noqa: F401,F403


def seed(seed_state, ctx="all"):
    """Seed the random stream of every random op (``ctx`` is accepted for MXNet's API:
    one stream serves all devices)."""
    _seed(seed_state)
