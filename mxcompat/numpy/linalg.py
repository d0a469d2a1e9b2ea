"""``mx.np.linalg``: norm, inv, det, slogdet, svd, cholesky, qr, eigh, pinv, solve...
(generated from the op registry)."""
from ..ops.namespace import namespace as _namespace
from .multiarray import ndarray as _ndarray

globals().update(_namespace("np", _ndarray, "linalg"))
