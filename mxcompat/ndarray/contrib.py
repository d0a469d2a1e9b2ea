"""``mx.nd.contrib``: generated from the op registry (names 'contrib.*')."""
from ..ops.namespace import namespace as _namespace
from .ndarray import NDArray

globals().update(_namespace("nd", NDArray, "contrib"))
