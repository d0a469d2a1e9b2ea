"""``mx.npx.random``: seed, bernoulli, uniform_n, normal_n (from the op registry)."""
from ..numpy.multiarray import ndarray as _ndarray
from ..ops.namespace import namespace as _namespace

globals().update(_namespace("npx", _ndarray, "random"))
