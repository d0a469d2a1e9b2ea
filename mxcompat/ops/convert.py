"""Copies and conversions: astype, copy, copyto, as_in_context, tostype."""
import jax
import numpy as _np

from ..base import MXNetError
from ..context import Context
from .._core.dispatch import invoke
from .elemwise import _cast, _copy
from .registry import canon, defop, defun


@defop("_copyto")
def _copyto(data, *, device=None):
    """``data`` moved to another JAX device (differentiable)."""
    return jax.device_put(data, device)


def _to_ctx(x, ctx):
    kern = _copyto.kernel((("device", ctx.jax_device),), None)
    return invoke(kern, (x,), (), type(x), ctx)


@defun("astype", method=True)
def astype(self, dtype, copy=True):
    """A copy converted to ``dtype`` (``self`` when ``copy=False`` and it already is)."""
    dt = canon(_np.dtype(dtype))
    if not copy and self._jdtype.name == dt:
        return self
    return invoke(_cast.kernel((("dtype", dt),), None), (self,), (), type(self))


@defun("copy", method=True)
def copy(self):
    """A deep copy on the same context."""
    return invoke(_copy.kernel((), None), (self,), (), type(self))


@defun("copyto", method=True)
def copyto(self, other):
    """Copy into the NDArray ``other`` (returned) or onto the Context ``other``."""
    if isinstance(other, Context):
        return _to_ctx(self, other)
    if hasattr(other, "_value"):
        if other is self:
            return other
        if tuple(other.shape) != tuple(self.shape):
            raise MXNetError(f"copyto: shape mismatch, {self.shape} into {other.shape}; "
                             "the target must have the same shape.")
        other[:] = self
        return other
    raise TypeError(f"copyto does not support type {type(other).__name__}; pass an "
                    "NDArray or a Context such as mx.cpu().")


@defun("as_in_context", method=("as_in_context", "as_in_ctx"))
def as_in_context(self, context):
    """This array on ``context`` (itself if it is already there)."""
    if not isinstance(context, Context):
        context = Context(context)
    if context == self._ctx:
        return self
    return _to_ctx(self, context)


@defun("tostype", method=True)
def tostype(self, stype):
    """A copy with storage type ``stype``. mxcompat stores every array densely; the
    copy reports ``stype`` so that programs that check it keep working."""
    if stype not in ("default", "row_sparse", "csr"):
        raise MXNetError(f"tostype: unknown storage type {stype!r}; use 'default', "
                         "'row_sparse' or 'csr'.")
    out = copy(self)
    out._stype = stype
    return out
