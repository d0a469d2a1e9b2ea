"""``mx.nd.sparse``: generated from the op registry (names 'sparse.*')."""
from ..ops.namespace import namespace as _namespace
from .ndarray import NDArray

globals().update(_namespace("nd", NDArray, "sparse"))
