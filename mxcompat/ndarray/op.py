"""``mx.nd.op`` and ``mx.nd._internal``: every nd op under its registered names."""
from ..ops.namespace import namespace as _namespace
from .ndarray import NDArray

globals().update(_namespace("nd", NDArray))
