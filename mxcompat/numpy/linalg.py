"""``mx.np.linalg``: norm, inv, det, slogdet, svd, cholesky, qr, eigh, pinv, solve...
(generated from the op registry)."""
from ..ops.namespace import namespace as _namespace
from .multiarray import ndarray as _ndarray

_FUNCS = _namespace("np", _ndarray, "linalg")
globals().update(_FUNCS)
__all__ = sorted(_FUNCS)
del _FUNCS, _namespace, _ndarray
