"""``mx.nd.NDArray``: the core array type plus the methods generated from the registry."""
from .._core.ndarray import NDArrayBase
from ..ops.namespace import build_class


class _NDArrayCore(NDArrayBase):
    __slots__ = ()

    @property
    def T(self):
        """The transpose (axes reversed)."""
        return self.transpose()


NDArray = build_class("NDArray", _NDArrayCore, "mxnet.ndarray.ndarray")  # as MXNet names it
NDArray.__doc__ = """An n-dimensional array on a device, wrapping a ``jax.Array``.

Printed, indexed and combined exactly as MXNet 1.9.1's ``mx.nd.NDArray``."""

py_slice = slice   # MXNet's ndarray module keeps Python's slice under this name
