"""The interop API (``mxcompat.interop``) under MXNet's names: ``mx.nd.from_dlpack``,
``mx.nd.to_dlpack_for_read/write``, ``mx.nd.from_numpy`` and the NDArray methods
``to_dlpack_for_read/write``, ``__dlpack__``, ``__dlpack_device__`` and ``to_jax``."""
from .. import interop as _interop
from .registry import defun


@defun("to_dlpack_for_read", nd=True, method=True)
def to_dlpack_for_read(data):
    """A DLPack ``PyCapsule`` of the array's memory (no copy), for reading."""
    return _interop.to_dlpack_for_read(data)


@defun("to_dlpack_for_write", nd=True, method=True)
def to_dlpack_for_write(data):
    """A DLPack ``PyCapsule`` of the array's memory (no copy); the consumer's writes show
    in the array."""
    return _interop.to_dlpack_for_write(data)


@defun("from_dlpack", nd=True, needs_cls=True)
def from_dlpack(cls, dlpack):
    """An NDArray sharing the memory of a DLPack capsule or of an object with
    ``__dlpack__`` (``torch.Tensor``, ``jax.Array``, numpy array)."""
    return _interop.from_dlpack(dlpack, cls)


@defun("from_numpy", nd=True, needs_cls=True)
def from_numpy(cls, ndarray, zero_copy=True, array_cls=None):
    """An NDArray backed by the numpy array's memory (``zero_copy=True``: the numpy array
    becomes read-only and shows the NDArray's writes) or holding a copy."""
    return _interop.from_numpy(ndarray, zero_copy, array_cls or cls)


defun("__dlpack__", method="__dlpack__")(_interop.dlpack_method)
defun("__dlpack_device__", method="__dlpack_device__")(_interop.dlpack_device_method)
defun("to_jax", method="to_jax")(_interop.to_jax)
