"""``mx.nd`` / ``mx.ndarray``: the imperative NDArray API, generated from the registry."""
from ..ops.namespace import namespace as _namespace
from .ndarray import NDArray

globals().update(_namespace("nd", NDArray))

from . import random, linalg, contrib, sparse, utils, op  # noqa: E402,F401
from .utils import (save, load, load_frombuffer, waitall, concatenate,  # noqa: E402,F401
                    moveaxis, imdecode)

_internal = op
ndarray = __import__(__name__ + ".ndarray", fromlist=["NDArray"])
