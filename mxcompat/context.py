"""Devices: ``mx.cpu(i)`` and ``mx.gpu(i)`` mapped onto JAX devices.

``gpu`` means the first accelerator platform JAX has (CUDA, ROCm or TPU); ``cpu(i)``
is the host for every ``i``, as in MXNet where all CPU contexts share memory.
"""
import threading

import jax

from .base import MXNetError

__all__ = ["Context", "cpu", "gpu", "cpu_pinned", "num_gpus", "current_context",
           "gpu_memory_info", "set_default_context"]

_DEVTYPE2ID = {"cpu": 1, "gpu": 2, "cpu_pinned": 3, "cpu_shared": 5}
_ID2DEVTYPE = {v: k for k, v in _DEVTYPE2ID.items()}


def _accelerators():
    """JAX devices of the first non-CPU platform, or an empty list."""
    global _ACCEL
    if _ACCEL is None:
        found = []
        for plat in ("cuda", "rocm", "gpu", "tpu", "METAL"):
            try:
                found = jax.devices(plat)
            except RuntimeError:
                continue
            if found:
                break
        _ACCEL = list(found)
    return _ACCEL


_ACCEL = None


class Context:
    """A device context, ``Context('cpu', 0)`` or ``Context('gpu', 1)``.

    Used as a ``with`` block it becomes the default context of array creation.
    """

    __slots__ = ("device_typeid", "device_id", "_old_ctx", "_device")
    devtype2str = _ID2DEVTYPE
    devstr2type = _DEVTYPE2ID

    def __init__(self, device_type, device_id=0):
        if isinstance(device_type, Context):
            self.device_typeid = device_type.device_typeid
            self.device_id = device_type.device_id
        else:
            if device_type not in _DEVTYPE2ID:
                raise MXNetError(
                    f"Unknown device type {device_type!r}: mx.Context takes one of "
                    f"{sorted(_DEVTYPE2ID)}, e.g. mx.Context('cpu', 0) or mx.gpu(0).")
            self.device_typeid = _DEVTYPE2ID[device_type]
            self.device_id = int(device_id)
        self._old_ctx = None
        self._device = None

    @property
    def device_type(self):
        return _ID2DEVTYPE[self.device_typeid]

    def __hash__(self):
        return hash((self.device_typeid, self.device_id))

    def __eq__(self, other):
        return (isinstance(other, Context) and self.device_typeid == other.device_typeid
                and self.device_id == other.device_id)

    def __str__(self):
        return f"{self.device_type}({self.device_id})"

    __repr__ = __str__

    def __enter__(self):
        # A stack, so that nested and repeated `with ctx:` blocks restore correctly.
        _stack().append(self)
        return self

    def __exit__(self, *exc):
        _stack().pop()

    @property
    def jax_device(self):
        """The ``jax.Device`` this context names (MXNetError when it does not exist)."""
        dev = self._device
        if dev is None:
            dev = self._device = _resolve(self)
        return dev

    def empty_cache(self):
        """MXNet frees its memory pool here; JAX manages its own, so nothing to do."""

    # MXNet exposes the default context as a class property.
    @classmethod
    def _default(cls):
        return current_context()


def _resolve(ctx):
    if ctx.device_typeid == 2:
        accel = _accelerators()
        if not accel:
            raise MXNetError(
                f"{ctx} was requested but JAX sees no GPU or other accelerator on this "
                "machine. Use mx.cpu() instead (mx.context.num_gpus() tells how many "
                "exist), or install a JAX build for your accelerator (e.g. "
                "pip install 'jax[cuda12]').")
        if ctx.device_id >= len(accel):
            raise MXNetError(
                f"{ctx} was requested but only {len(accel)} accelerator(s) exist; "
                f"use an id below {len(accel)} (see mx.context.num_gpus()).")
        return accel[ctx.device_id]
    return _cpu_device()


_CPU = None


def _cpu_device():
    global _CPU
    if _CPU is None:
        _CPU = jax.devices("cpu")[0]
    return _CPU


_tls = threading.local()
_DEFAULT = Context("cpu", 0)


def _stack():
    s = getattr(_tls, "stack", None)
    if s is None:
        s = _tls.stack = []
    return s


def current_context():
    """The context array creation uses when no ``ctx`` is given (``cpu(0)`` by default)."""
    s = getattr(_tls, "stack", None)
    return s[-1] if s else _DEFAULT


def set_default_context(ctx):
    """Make ``ctx`` the context of array creation outside ``with ctx:`` blocks, for the
    whole process (MXNet programs set ``mx.Context._default_ctx.value`` for this;
    MinPy's ``set_context``). Returns the previous default."""
    global _DEFAULT
    if not isinstance(ctx, Context):
        raise TypeError(f"set_default_context takes a Context such as mx.cpu() or "
                        f"mx.gpu(0), got {ctx!r}.")
    previous, _DEFAULT = _DEFAULT, ctx
    return previous


def cpu(device_id=0):
    """The host CPU; ``cpu(i)`` for any ``i`` is the same memory, as in MXNet."""
    return Context("cpu", device_id)


def cpu_pinned(device_id=0):
    """Pinned host memory in MXNet; the host CPU here."""
    return Context("cpu_pinned", device_id)


def gpu(device_id=0):
    """The ``device_id``-th accelerator JAX sees (GPU or TPU)."""
    return Context("gpu", device_id)


def num_gpus():
    """How many accelerators JAX sees (0 on a CPU-only machine)."""
    return len(_accelerators())


def gpu_memory_info(device_id=0):
    """(free, total) bytes of an accelerator, from JAX's memory statistics."""
    dev = gpu(device_id).jax_device
    stats = dev.memory_stats() or {}
    total = int(stats.get("bytes_limit", 0))
    return (total - int(stats.get("bytes_in_use", 0)), total)


def _context_of_device(device):
    """The Context naming a jax.Device."""
    if device.platform == "cpu":
        return Context("cpu", 0)
    accel = _accelerators()
    for i, d in enumerate(accel):
        if d == device:
            return Context("gpu", i)
    return Context("cpu", 0)
