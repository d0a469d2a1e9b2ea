"""``npx.save`` / ``npx.load`` (MXNet's file format with numpy shapes) and ``waitall``."""
from ..ndarray.utils import waitall  # noqa: F401

__all__ = ["save", "load", "waitall"]


def save(file, arr):
    """Save an mx.np array, a list or a dict (str -> array) in MXNet's format with numpy
    shapes (0-d and zero-size arrays allowed); ``npx.load`` or MXNet read it back."""
    from ..serialization import save_ndarrays
    save_ndarrays(file, arr, np_shape=True)


def load(file):
    """Load what ``npx.save`` (or MXNet's) wrote: a list or a dict of mx.np arrays."""
    from ..numpy.multiarray import ndarray
    from ..serialization import load_ndarrays
    return load_ndarrays(file, cls=ndarray, api="mx.npx.load")
