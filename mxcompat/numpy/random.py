"""``mx.np.random``: normal, uniform, randint, choice, shuffle, rand, randn, gamma...
(generated from the op registry; seed with ``mx.random.seed`` or ``npx.random.seed``)."""
from ..ops.namespace import namespace as _namespace
from .multiarray import ndarray as _ndarray

_FUNCS = _namespace("np", _ndarray, "random")
globals().update(_FUNCS)
__all__ = sorted(_FUNCS)
del _FUNCS, _namespace, _ndarray
