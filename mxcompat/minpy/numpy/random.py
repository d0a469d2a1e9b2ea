"""``minpy.numpy.random``: mx.np.random's draws (float32 by default) returning MinPy
arrays, plus numpy's ``seed``, ``random``/``random_sample`` and ``permutation``.

Other numpy.random functions (``binomial``, ``poisson``...) are numpy's own, run on
the host (MinPy's transparent fallback); ``seed`` seeds both generators.
"""
import os as _os

import numpy as _onp

from ... import random as _mxrandom
from ...numpy import random as _mxnp_random
from ._wrapping import from_numpy as _from_numpy, namespace as _namespace

globals().update(_namespace(_mxnp_random))


def seed(seed=None):
    """Seed the random draws of ``minpy.numpy.random`` (and numpy's, for fallbacks).

    ``seed=None`` picks a fresh seed from the operating system, as numpy does.
    """
    if seed is None:
        seed = int.from_bytes(_os.urandom(4), "little")
    _mxrandom.seed(int(seed))
    _onp.random.seed(int(seed) % (1 << 32))


def random_sample(size=None):
    """Floats drawn uniformly from [0, 1), of shape ``size``."""
    return uniform(0.0, 1.0, size=size)  # noqa: F821 - from the mx.np namespace


random = sample = ranf = random_sample


def permutation(x):
    """A shuffled ``arange(x)`` (int64) for an int, else a shuffled copy of ``x``
    (along its first axis)."""
    from . import arange, array
    if isinstance(x, (int, _onp.integer)):
        out = arange(int(x), dtype="int64")
    else:
        out = array(x)
    shuffle(out)  # noqa: F821 - from the mx.np namespace
    return out


def __getattr__(name):
    f = getattr(_onp.random, name, None) if not name.startswith("__") else None
    if f is None or not callable(f):
        raise AttributeError(f"module 'minpy.numpy.random' has no attribute {name!r}: "
                             f"neither mx.np.random nor numpy.random defines it.")
    f = _from_numpy(f, name)
    globals()[name] = f
    return f
