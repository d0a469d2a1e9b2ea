"""nd utilities: waitall, save/load (MXNet's binary format), concatenate, moveaxis."""
import jax

from ..base import not_implemented


def waitall():
    """Wait for all pending computation (JAX dispatches asynchronously, like MXNet)."""
    jax.effects_barrier()


def save(fname, data):
    """Save an NDArray, a list or a dict of NDArrays in MXNet's binary format."""
    from ..serialization import save_ndarrays
    save_ndarrays(fname, data)


def load(fname, ctx=None):
    """Load what ``save`` (or real MXNet's ``nd.save``) wrote: a list or a dict."""
    from ..serialization import load_ndarrays
    return load_ndarrays(fname, ctx)


def load_frombuffer(buf, ctx=None):
    """Like ``load``, from the bytes of such a file."""
    from ..serialization import load_frombuffer as _load_frombuffer
    return _load_frombuffer(buf, ctx)


def concatenate(arrays, axis=0, always_copy=True):
    """Concatenate a list of arrays along ``axis``."""
    from . import concat
    return concat(*arrays, dim=axis)


def moveaxis(tensor, source, destination):
    """Move the axes ``source`` to the positions ``destination`` (ints or sequences)."""
    from ..ops.shape import moveaxis as _moveaxis
    return _moveaxis(tensor, source, destination)


def imdecode(*args, **kwargs):
    raise not_implemented("mx.nd.imdecode", "Decode images with PIL or imageio and pass "
                          "the numpy array to mx.nd.array.")

