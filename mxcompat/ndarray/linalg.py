"""``mx.nd.linalg``: generated from the op registry (names 'linalg.*')."""
from ..ops.namespace import namespace as _namespace
from .ndarray import NDArray

globals().update(_namespace("nd", NDArray, "linalg"))
