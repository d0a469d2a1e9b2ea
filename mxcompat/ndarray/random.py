"""``mx.nd.random``: generated from the op registry (names 'random.*')."""
from ..ops.namespace import namespace as _namespace
from .ndarray import NDArray

globals().update(_namespace("nd", NDArray, "random"))
