"""``mx.nd.random``: generated from the op registry (names 'random.*')."""
from ..ops.namespace import namespace as _namespace
from .ndarray import NDArray

globals().update(_namespace("nd", NDArray, "random"))
from ..base import numeric_types  # noqa: E402,F401  (MXNet exports these here)
from ..context import current_context  # noqa: E402,F401
