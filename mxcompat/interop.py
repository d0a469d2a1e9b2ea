"""Exchanging arrays with JAX, PyTorch, numpy and anything else that speaks DLPack.

An ``NDArray`` holds a ``jax.Array``; these functions hand that array out, or wrap a
foreign one, without copying wherever the memory can be shared:

* ``to_jax(x)`` / ``from_jax(a, ctx=None)``: the ``jax.Array`` of an NDArray, and an
  NDArray around a ``jax.Array`` (both without a copy).
* DLPack, as in MXNet 1.9: ``to_dlpack_for_read(x)``, ``to_dlpack_for_write(x)`` give a
  ``PyCapsule``; ``from_dlpack(capsule_or_object)`` takes a capsule or any object with
  ``__dlpack__`` (a ``torch.Tensor``, a ``jax.Array``, a numpy array). NDArrays have
  ``__dlpack__``/``__dlpack_device__``, so ``torch.from_dlpack(x)`` and
  ``jax.numpy.from_dlpack(x)`` work directly.
* ``from_numpy(a, zero_copy=True)``: an NDArray whose host memory *is* ``a``'s buffer
  (MXNet's semantics: ``a`` becomes read-only, writes through the NDArray show in it).

See docs/interop.md for what is shared and what is copied.
"""
import ctypes

import jax
import numpy as _np

from .base import MXNetError
from .context import Context, current_context

__all__ = ["to_jax", "from_jax", "to_dlpack_for_read", "to_dlpack_for_write",
           "from_dlpack", "from_numpy", "context_of"]


def _nd_class():
    from .ndarray import NDArray
    return NDArray


def context_of(device):
    """The MXNet context of a ``jax.Device``: ``cpu(0)`` for the host, ``gpu(i)`` for the
    i-th accelerator."""
    if device.platform == "cpu":
        return Context("cpu", 0)
    from .context import _accelerators
    for i, d in enumerate(_accelerators()):
        if d == device:
            return Context("gpu", i)
    raise MXNetError(f"The jax device {device} is neither the host nor one of the "
                     "accelerators mxcompat uses (mx.gpu(i)); move the array with "
                     "jax.device_put first.")


def _is_ndarray(x):
    from ._core.ndarray import NDArrayBase
    return isinstance(x, NDArrayBase)


def _check_array(x, api):
    if not _is_ndarray(x):
        raise TypeError(f"{api} takes an NDArray, but got {type(x).__name__}; convert it "
                        "with mx.nd.array(...) first.")


# ------------------------------------------------------------------------ JAX
def to_jax(x):
    """The ``jax.Array`` holding the value of NDArray ``x``, without a copy.

    JAX arrays are immutable: later writes to ``x`` (``x[:] = 0``, ``x += 1``) give ``x``
    a new value and leave the returned array as it was (a snapshot)."""
    _check_array(x, "mxcompat.interop.to_jax")
    return x._value()


def from_jax(a, ctx=None, cls=None):
    """An NDArray wrapping the ``jax.Array`` ``a`` without a copy.

    ``ctx`` defaults to the context of ``a``'s device; a different ``ctx`` copies the
    value there. ``cls`` is the array class (``mx.nd.NDArray`` by default)."""
    from ._core.ndarray import wrap
    if not isinstance(a, jax.Array):
        raise TypeError(f"mxcompat.interop.from_jax takes a jax.Array, but got "
                        f"{type(a).__name__}; use mx.nd.array(...) for other values.")
    devices = a.devices()
    if len(devices) != 1:
        raise MXNetError("mxcompat.interop.from_jax takes an array on one device, but "
                         f"this one is sharded over {len(devices)}; gather it with "
                         "jax.device_put(a, device) first.")
    dev = next(iter(devices))
    if ctx is None:
        ctx = context_of(dev)
    elif not isinstance(ctx, Context):
        ctx = Context(ctx)
    if ctx.jax_device != dev:
        a = jax.device_put(a, ctx.jax_device)
    return wrap(cls or _nd_class(), a, ctx)


# --------------------------------------------------------------------- DLPack
# NDArrays exported with to_dlpack_for_*, by the address of their buffer: from_dlpack of
# such a capsule gives an array that shares the exporter's storage (as in MXNet), so that
# writes to it (``u += 1``) reach the exporter.
_EXPORTED = {}


def _export(x, write, **kwargs):
    """The DLPack capsule of ``x``'s device buffer (``kwargs`` go to ``__dlpack__``)."""
    import weakref
    v = x._value()
    if write:
        # A consumer may write into the device buffer from now on: the host mirror and
        # the views' cached blocks would go stale, so drop them (they are rebuilt from
        # the buffer on the next read).
        if x._view is None and not x._shared:
            x._np = None
        if x._views:
            for view in x._views:
                view._data = None
    try:
        ptr = v.unsafe_buffer_pointer()
    except Exception:   # noqa: BLE001 - a backend without raw pointers: no sharing
        ptr = None
    if ptr is not None:
        for k in [k for k, r in _EXPORTED.items() if r() is None]:
            del _EXPORTED[k]
        _EXPORTED[ptr] = weakref.ref(x)
    return v.__dlpack__(**kwargs)


def dlpack_method(x, *, stream=None, max_version=None, dl_device=None, copy=None):
    """``x.__dlpack__()``: the array-API DLPack export (``torch.from_dlpack(x)``,
    ``jax.numpy.from_dlpack(x)``); the consumer shares ``x``'s memory."""
    kwargs = {"stream": stream}
    if max_version is not None:
        kwargs["max_version"] = max_version
    if dl_device is not None:
        kwargs["dl_device"] = dl_device
    if copy is not None:
        kwargs["copy"] = copy
    return _export(x, True, **kwargs)


def dlpack_device_method(x):
    """``x.__dlpack_device__()``: (DLPack device type, device id) of ``x``'s memory."""
    return x._value().__dlpack_device__()


def _shared_view(cls, x, shape):
    """An array of class ``cls`` sharing the storage of NDArray ``x``."""
    from ._core.ndarray import make_view
    if x._view is None:
        return make_view(cls, x, 0, shape)
    root, offset, _ = x._view
    return make_view(cls, root, offset, shape)


def to_dlpack_for_read(data):
    """A DLPack ``PyCapsule`` of ``data``'s memory (no copy), for reading."""
    _check_array(data, "mx.nd.to_dlpack_for_read")
    data.wait_to_read()
    return _export(data, False)


def to_dlpack_for_write(data):
    """A DLPack ``PyCapsule`` of ``data``'s memory (no copy) that the consumer may write
    into; the writes show in ``data``."""
    _check_array(data, "mx.nd.to_dlpack_for_write")
    data.wait_to_write()
    return _export(data, True)


class _DLTensor(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("device_type", ctypes.c_int32),
                ("device_id", ctypes.c_int32), ("ndim", ctypes.c_int32),
                ("code", ctypes.c_uint8), ("bits", ctypes.c_uint8),
                ("lanes", ctypes.c_uint16), ("shape", ctypes.c_void_p),
                ("strides", ctypes.c_void_p), ("byte_offset", ctypes.c_uint64)]


_capsule_valid = ctypes.pythonapi.PyCapsule_IsValid
_capsule_valid.restype = ctypes.c_int
_capsule_valid.argtypes = [ctypes.py_object, ctypes.c_char_p]
_capsule_ptr = ctypes.pythonapi.PyCapsule_GetPointer
_capsule_ptr.restype = ctypes.c_void_p
_capsule_ptr.argtypes = [ctypes.py_object, ctypes.c_char_p]


class _Capsule:
    """A DLPack capsule dressed as an object with ``__dlpack__`` (what jax consumes)."""

    def __init__(self, capsule, device):
        self._capsule = capsule
        self._device = device

    def __dlpack__(self, **kwargs):
        return self._capsule

    def __dlpack_device__(self):
        return self._device


def _is_capsule(obj):
    return type(obj).__name__ == "PyCapsule"


def _capsule_info(capsule):
    """(data address, (device type, id)) of an unconsumed ``dltensor`` capsule."""
    if not _capsule_valid(capsule, b"dltensor"):
        # MXNet asserts this (AssertionError).
        raise AssertionError("Invalid DLPack tensor: mx.nd.from_dlpack got a capsule that "
                             "was already consumed (a DLPack capsule can be consumed only "
                             "once); export the array again with to_dlpack_for_read().")
    t = _DLTensor.from_address(_capsule_ptr(capsule, b"dltensor"))
    ptr = (t.data or 0) + t.byte_offset
    return ptr, (t.device_type, t.device_id)


def from_dlpack(dlpack, cls=None):
    """An NDArray sharing the memory of a DLPack capsule or of an object with
    ``__dlpack__`` (a ``torch.Tensor``, ``jax.Array``, numpy array...).

    A capsule made by ``to_dlpack_for_read``/``to_dlpack_for_write`` of a live NDArray
    gives an array that shares that NDArray's storage, so in-place writes to either show
    in the other. Foreign memory is wrapped without a copy where JAX can (the host, or
    the accelerator JAX uses); JAX treats it as immutable, so mxcompat's own writes give
    the result new storage, while writes by the producer show through, as in MXNet.
    """
    from ._core.ndarray import wrap
    cls = cls or _nd_class()
    if _is_capsule(dlpack):
        ptr, device = _capsule_info(dlpack)
        src = _EXPORTED.get(ptr)
        a = jax.numpy.from_dlpack(_Capsule(dlpack, device))
        x = src() if src is not None else None
        if (x is not None and x._data is not None and tuple(x.shape) == a.shape
                and x._jdtype == a.dtype and x._data.unsafe_buffer_pointer() == ptr):
            return _shared_view(cls, x, a.shape)
    elif _is_ndarray(dlpack):
        # An NDArray: share its storage, as a capsule of it would.
        return _shared_view(cls, dlpack, tuple(dlpack.shape))
    elif hasattr(dlpack, "__dlpack__"):
        try:
            a = jax.numpy.from_dlpack(dlpack)
        except Exception as e:  # noqa: BLE001 - jax's errors for odd strides, dtypes...
            raise MXNetError(f"mx.nd.from_dlpack could not take a {type(dlpack).__name__}:"
                             f" {e}. Pass a contiguous array (e.g. tensor.contiguous()) "
                             "of a dtype MXNet supports.") from None
    else:
        raise AssertionError(f"mx.nd.from_dlpack takes a DLPack PyCapsule or an object "
                             f"with __dlpack__, but got {type(dlpack).__name__}.")
    dev = next(iter(a.devices()))
    return wrap(cls, a, context_of(dev))


# ---------------------------------------------------------------------- numpy
# What MXNet 1.9's from_numpy accepts for zero copy.
_ZERO_COPY_DTYPES = ("int32", "int64", "bool", "uint8", "uint32", "uint64", "float16",
                     "float32", "float64")


def from_numpy(ndarray, zero_copy=True, cls=None):
    """An NDArray with the value of the numpy array ``ndarray``.

    ``zero_copy=True`` (MXNet's default): the NDArray's host memory is ``ndarray``'s
    buffer (which must be C-contiguous); as in MXNet, ``ndarray`` is made read-only and
    the NDArray's writes show in it. The value goes to the device when an op first reads
    it (on the CPU that is one copy per change of the value). ``zero_copy=False`` copies.
    The dtype is kept (float64 stays float64)."""
    from ._core.ndarray import wrap
    from .ops.creation import array as _array
    cls = cls or _nd_class()
    if not isinstance(ndarray, _np.ndarray):
        raise TypeError(f"mx.nd.from_numpy takes a numpy.ndarray, but got "
                        f"{type(ndarray).__name__}; use mx.nd.array(...) for other values.")
    if not zero_copy:
        return _array(cls, ndarray, dtype=ndarray.dtype)
    if ndarray.dtype.name not in _ZERO_COPY_DTYPES:
        raise ValueError(f"{ndarray.dtype.name} is not supported by mx.nd.from_numpy with "
                         f"zero_copy=True (supported: {', '.join(_ZERO_COPY_DTYPES)}); "
                         "pass zero_copy=False to copy.")
    if not ndarray.flags["C_CONTIGUOUS"]:
        raise ValueError("Only c-contiguous arrays are supported for zero-copy: pass "
                         "numpy.ascontiguousarray(a) or zero_copy=False.")
    out = wrap(cls, None, current_context())
    mirror = _writable_view(ndarray)
    if mirror is None:
        # Memory numpy did not allocate (a bytes buffer, a read-only mmap): copy.
        out._np = ndarray.copy()
        return out
    # MXNet forbids writing the numpy array once it is shared; the NDArray writes
    # through its own writable view.
    ndarray.flags.writeable = False
    out._np = mirror
    out._shared = True
    return out


class _WritableInterface:
    """Exposes the memory of a read-only numpy array as writable (see _writable_view);
    holds the array, so the memory lives as long as views of this object."""

    def __init__(self, a):
        self._owner = a
        iface = dict(a.__array_interface__)
        iface["data"] = (iface["data"][0], False)
        self.__array_interface__ = iface


def _writable_view(a):
    """A writable view of ``a``'s memory, or None when that memory may not be written.

    A writable ``a`` gives ``a.view()``. A read-only ``a`` (e.g. one already shared by an
    earlier ``from_numpy``, which made it read-only) is written only when its memory was
    allocated by numpy itself, i.e. the chain of ``.base`` ends in an array owning it."""
    if a.flags.writeable:
        return a.view()
    if a.size == 0:
        return a.view()
    root = a
    while isinstance(root.base, _np.ndarray):
        root = root.base
    if root.base is not None or not root.flags.owndata:
        return None
    return _np.asarray(_WritableInterface(a))
