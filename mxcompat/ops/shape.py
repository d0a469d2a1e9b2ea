"""Shape manipulation: reshape (with MXNet's special codes), transpose, expand_dims...

``reshape`` understands MXNet's codes: 0 keeps a dimension, -1 infers one, -2 keeps all
the rest, -3 merges two consecutive dimensions, -4 splits one dimension into the next
two values (one of which may be -1); ``reverse=True`` applies them right to left.
"""
import jax.numpy as jnp
import numpy as _np

from ..base import MXNetError
from .._core.dispatch import invoke
from .registry import defop, defun


def infer_reshape(src, target, reverse=False):
    """The output shape of MXNet's reshape of shape ``src`` to ``target`` (with codes)."""
    src = list(src)
    tgt = list(target)
    if reverse:
        src.reverse()
        tgt.reverse()
    out = []
    i = j = 0          # i walks the target, j the source
    infer_at = None
    while i < len(tgt):
        d = tgt[i]
        if d == 0:
            if j >= len(src):
                raise MXNetError(f"reshape code 0 at position {i} has no source "
                                 f"dimension to copy (input shape {tuple(src)}).")
            out.append(src[j])
            j += 1
        elif d == -1:
            if infer_at is not None:
                raise MXNetError("reshape: one and only one dimension can be -1.")
            infer_at = len(out)
            out.append(1)
            j += 1
        elif d == -2:
            out.extend(src[j:])
            j = len(src)
        elif d == -3:
            if j + 1 >= len(src):
                raise MXNetError("reshape code -3 needs two source dimensions to merge.")
            out.append(src[j] * src[j + 1])
            j += 2
        elif d == -4:
            if i + 2 >= len(tgt):
                raise MXNetError("reshape code -4 must be followed by two dimensions.")
            whole = src[j]
            a, b = tgt[i + 1], tgt[i + 2]
            if reverse:
                a, b = b, a
            if a == -1 and b == -1:
                raise MXNetError("reshape: the two dimensions after -4 cannot both be -1.")
            if a == -1:
                a = whole // b
            if b == -1:
                b = whole // a
            if a * b != whole:
                raise MXNetError(f"reshape: split dimensions {a}, {b} do not divide the "
                                 f"source dimension {whole}.")
            out.extend([b, a] if reverse else [a, b])
            i += 2
            j += 1
        elif d > 0:
            out.append(d)
            j += 1
        else:
            raise MXNetError(f"reshape: invalid dimension {d}; use a positive size or one "
                             "of the codes 0, -1, -2, -3, -4.")
        i += 1
    total = 1
    for s in src:
        total *= s
    if infer_at is not None:
        rest = 1
        for k, s in enumerate(out):
            if k != infer_at:
                rest *= s
        out[infer_at] = total // rest if rest else 0
    if reverse:
        out.reverse()
    n = 1
    for s in out:
        n *= s
    if n != total:
        raise MXNetError(f"Cannot reshape array of shape {tuple(src[::-1] if reverse else src)}"
                         f" into shape {tuple(target)}: the sizes differ ({total} vs {n}).")
    return tuple(int(s) for s in out)


@defop("_reshape")
def _reshape(data, *, shape=()):
    """``data`` with a new shape (already resolved, no codes)."""
    return jnp.reshape(data, shape)


def _as_shape(args, kwargs):
    if "shape" in kwargs:
        shape = kwargs.pop("shape")
    elif len(args) == 1 and isinstance(args[0], (tuple, list)):
        shape = args[0]
    else:
        shape = args
    if isinstance(shape, (int, _np.integer)):
        shape = (shape,)
    return tuple(int(s) for s in shape)


@defun("reshape", nd=("reshape", "Reshape"))
def reshape(data, shape=None, reverse=False, out=None, name=None, **kwargs):
    """Reshape with MXNet's codes (0, -1, -2, -3, -4); ``reverse`` applies them from the
    right. (The deprecated ``target_shape``/``keep_highest`` are not supported.)"""
    if shape is None:
        shape = kwargs.pop("shape", ())
    if kwargs:
        raise MXNetError(f"reshape got unexpected arguments {sorted(kwargs)}; use "
                         "reshape(data, shape=..., reverse=False).")
    new = infer_reshape(data.shape, _as_shape((shape,), {}), reverse)
    return invoke(_reshape.kernel((("shape", new),), None), (data,), (), type(data), None,
                  out)


@defun("reshape_method", method="reshape")
def _reshape_method(self, *shape, **kwargs):
    """``x.reshape(2, 3)``, ``x.reshape((2, 3))`` or ``x.reshape(shape=(2, 3))``."""
    reverse = kwargs.pop("reverse", False)
    target = _as_shape(shape, kwargs)
    if kwargs:
        raise MXNetError(f"reshape got unexpected arguments {sorted(kwargs)}; use "
                         "x.reshape(shape, reverse=False).")
    new = infer_reshape(self.shape, target, reverse)
    return invoke(_reshape.kernel((("shape", new),), None), (self,), (), type(self))


@defop("reshape_like", nd=True)
def _reshape_like(lhs, rhs):
    """``lhs`` reshaped to the shape of ``rhs``."""
    return jnp.reshape(lhs, rhs.shape)


@defop("transpose", nd=True, method=True)
def _transpose(data, *, axes=()):
    """Permute the axes (reverse them when ``axes`` is empty)."""
    return jnp.transpose(data, axes if axes else None)


@defop("expand_dims", nd=True, method=True)
def _expand_dims(data, *, axis=0):
    """Insert a new axis of size 1 at ``axis``."""
    return jnp.expand_dims(data, axis)


@defop("flatten", nd=("flatten", "Flatten"), method=True)
def _flatten(data):
    """Collapse every axis but the first: (d0, d1, ..., dk) -> (d0, d1*...*dk)."""
    if data.ndim == 0:
        return data.reshape((1, 1))
    return data.reshape((data.shape[0], -1))
