"""``mx.np.random``: normal, uniform, randint, choice, shuffle, rand, randn, gamma...
(generated from the op registry; seed with ``mx.random.seed`` or ``npx.random.seed``)."""
from ..ops.namespace import namespace as _namespace
from .multiarray import ndarray as _ndarray

globals().update(_namespace("np", _ndarray, "random"))
