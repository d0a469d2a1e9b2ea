"""Ordering: sort, argsort and topk.

MXNet's sort is stable in both directions (equal values keep their order, also when
sorting in descending order), indices come back as float32 unless ``dtype`` says
otherwise, and ``axis=None`` works on the flattened array. Sorted values get the
gradient of the positions they came from; indices and masks get none.
"""
import jax.numpy as jnp
from jax import lax
import numpy as _np

from ..base import MXNetError
from .registry import canon, defop

_RET_TYPES = ("both", "indices", "mask", "value")


def _prepare(data, axis, op):
    """(array, axis) to sort along: the flattened array for axis=None."""
    if data.ndim == 0:
        raise MXNetError(f"{op}: the input must have at least 1 dimension; reshape a 0-d "
                         "array to (1,) first.")
    if axis is None:
        return data.reshape(-1), 0
    a = axis + data.ndim if axis < 0 else axis
    if not 0 <= a < data.ndim:
        raise MXNetError(f"{op}: axis {axis} is out of range for an array with {data.ndim}"
                         f" dimension(s); use an axis in [{-data.ndim}, {data.ndim - 1}] "
                         "or None.")
    return data, a


def _order(x, axis, is_ascend):
    """Stable sorting permutation along ``axis`` (descending keeps ties in order)."""
    return jnp.argsort(x, axis=axis, stable=True, descending=not is_ascend)


def _index_dtype(dtype):
    return canon(_np.dtype(dtype))


@defop("sort", nd=True, method=True)
def _sort(data, *, axis=-1, is_ascend=True):
    """The values sorted along ``axis`` (ascending unless ``is_ascend=False``)."""
    x, ax = _prepare(data, axis, "sort")
    idx = _order(x, ax, is_ascend)
    return jnp.take_along_axis(x, idx, axis=ax)


@defop("argsort", nd=True, method=True, differentiable=False)
def _argsort(data, *, axis=-1, is_ascend=True, dtype="float32"):
    """The indices that sort ``data`` along ``axis``, as ``dtype`` (float32)."""
    x, ax = _prepare(data, axis, "argsort")
    return _order(x, ax, is_ascend).astype(_index_dtype(dtype))


def _topk_nout(attrs):
    ret = attrs.get("ret_typ", "indices")
    if ret not in _RET_TYPES:
        raise MXNetError(f"topk: invalid ret_typ {ret!r}; use one of 'both', 'indices', "
                         "'mask', 'value'.")
    return 2 if ret == "both" else 1


@defop("topk", nd=True, method=True, nout=_topk_nout)
def _topk(data, *, axis=-1, k=1, ret_typ="indices", is_ascend=False, dtype="float32"):
    """The k largest (or, with ``is_ascend``, smallest) entries along ``axis``:
    their values, indices (as ``dtype``), both, or a 0/1 mask of the input's shape.
    ``k < 1`` selects all entries."""
    x, ax = _prepare(data, axis, "topk")
    n = x.shape[ax]
    if k > n:
        raise MXNetError(f"topk: k={k} is larger than the {n} elements along the axis.")
    kk = n if k < 1 else k
    order = _order(x, ax, is_ascend)
    if ret_typ == "mask":
        # The rank of each element in the order: the top k have rank < k.
        rank = jnp.argsort(order, axis=ax)
        return (rank < kk).astype(data.dtype).reshape(data.shape)
    idx = lax.slice_in_dim(order, 0, kk, axis=ax)
    if ret_typ == "indices":
        return idx.astype(_index_dtype(dtype))
    values = jnp.take_along_axis(x, idx, axis=ax)
    if ret_typ == "value":
        return values
    return values, idx.astype(_index_dtype(dtype))
