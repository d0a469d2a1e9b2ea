"""Selecting elements by position: slice, slice_axis, slice_like, take, batch_take, pick,
gather_nd, scatter_nd, one_hot, where and diag.

Index arrays may be float (MXNet's default dtype): an index is truncated toward zero,
as MXNet's C++ casts do. Out-of-range indices follow each op's ``mode`` (``clip`` by
default). The gradients of the gathering ops add up into the positions that were read;
index inputs get a zero gradient.
"""
import functools

import jax
import jax.numpy as jnp
import numpy as _np
from jax import lax

from ..base import MXNetError
from .._core.dispatch import invoke
from .registry import canon, defop, defun
from .shape import as_tuple, norm_axis


def as_index(a):
    """An index array as integers (float values truncated toward zero)."""
    if jnp.issubdtype(a.dtype, jnp.integer):
        return a
    return a.astype(jnp.int64)


def _host(arr):
    """The value of an NDArray as numpy, or None while it is being traced."""
    v = arr._value()
    if isinstance(v, jax.core.Tracer):
        return None
    return _np.asarray(v)


def _check_arrays(op, **arrays):
    for name, a in arrays.items():
        if not hasattr(a, "_value"):
            # MXNet asserts this (AssertionError), naming the argument.
            raise AssertionError(f"Argument {name} must have NDArray type, but got {a!r}; "
                                 f"{op} takes arrays: convert it with mx.nd.array(...).")


# ------------------------------------------------------------------- slicing
@defop("slice", nd=("slice", "crop"), method=True)
def _slice(data, *, begin=None, end=None, step=()):
    """``data[b0:e0:s0, b1:e1:s1, ...]``; None entries take the default of Python
    slices, and axes past ``len(begin)`` are kept whole."""
    if begin is None or end is None:
        raise MXNetError("slice: begin and end are required; call slice(data, begin=(...),"
                         " end=(...), step=(...)).")
    begin, end, step = as_tuple(begin), as_tuple(end), as_tuple(step)
    if data.ndim == 0 or len(begin) > data.ndim:
        raise MXNetError(f"slice: begin {begin} has more entries than the {data.ndim} "
                         f"dimension(s) of shape {data.shape}.")
    if len(begin) != len(end):
        raise MXNetError(f"slice: begin {begin} and end {end} must have the same length.")
    if step and len(step) != len(begin):
        raise MXNetError(f"slice: step {step} and begin {begin} must have the same length.")
    step = step or (None,) * len(begin)
    if any(s == 0 for s in step):
        raise MXNetError(f"slice: step {step} contains 0; a step cannot be zero.")
    return data[tuple(slice(b, e, s) for b, e, s in zip(begin, end, step))]


@defop("slice_axis", nd=True, method=True)
def _slice_axis(data, *, axis=None, begin=None, end=None):
    """``data`` restricted to [begin, end) along ``axis`` (end None: to the end)."""
    ax = norm_axis(axis, data.ndim, "slice_axis")
    n = data.shape[ax]
    if begin is None:
        raise MXNetError("slice_axis: begin is required; call slice_axis(data, axis, begin,"
                         " end).")
    b = begin + n if begin < 0 else begin
    if n > 0:
        e = n if end is None else (end + n if end < 0 else end)
        if not 0 <= b < e <= n:
            raise MXNetError(f"slice_axis: begin={begin}, end={end} is not a non-empty range"
                             f" of axis {ax}, which has size {n}.")
    else:
        b = e = 0
    return lax.slice_in_dim(data, b, e, axis=ax)


@defop("slice_like", nd=True, method=True)
def _slice_like(data, shape_like, *, axes=()):
    """The leading part of ``data`` with the shape of ``shape_like`` (on ``axes`` only,
    or on every axis)."""
    axes = as_tuple(axes)
    shape = list(data.shape)
    if not axes:
        if data.ndim != shape_like.ndim:
            raise MXNetError(f"slice_like: shapes {data.shape} and {shape_like.shape} have "
                             "different numbers of dimensions; pass axes=(...) to slice "
                             "only some axes.")
        axes = range(data.ndim)
    for a in axes:
        a = norm_axis(a, data.ndim, "slice_like")
        if a >= shape_like.ndim:
            raise MXNetError(f"slice_like: axis {a} does not exist in shape_like of shape "
                             f"{shape_like.shape}.")
        if shape_like.shape[a] > data.shape[a]:
            raise MXNetError(f"slice_like: axis {a} of shape_like ({shape_like.shape[a]}) is"
                             f" longer than that of data ({data.shape[a]}).")
        shape[a] = shape_like.shape[a]
    return data[tuple(slice(0, s) for s in shape)]


# ---------------------------------------------------------------------- take
_TAKE_MODES = ("clip", "wrap", "raise")


@defop("take")
def _take(a, indices, *, axis=0, mode="clip"):
    """Entries of ``a`` at ``indices`` along ``axis``: the result has shape
    a.shape[:axis] + indices.shape + a.shape[axis+1:]."""
    ax = norm_axis(axis, a.ndim, "take")
    n = a.shape[ax]
    idx = as_index(indices)
    if mode == "clip":
        idx = jnp.clip(idx, 0, n - 1)
    else:  # wrap; "raise" was checked before the call
        idx = jnp.mod(idx, n)
    return jnp.take(a, idx, axis=ax, mode="clip")


@defun("take", nd=True, method=True)
def take(a, indices, axis=0, mode="clip", out=None, name=None):
    """Take entries of ``a`` along ``axis`` (mode: 'clip' the default, 'wrap' or
    'raise', which checks that every index is in [0, size))."""
    if mode not in _TAKE_MODES:
        raise MXNetError(f"take: invalid mode {mode!r}; use one of 'clip', 'raise', 'wrap'.")
    _check_arrays("take", a=a, indices=indices)
    ax = norm_axis(axis, a.ndim, "take")
    if mode == "raise":
        v = _host(indices)
        if v is not None and v.size and (v.min() < 0 or v.max() > a.shape[ax] - 1):
            raise MXNetError(f"take operator contains indices out of bound: mode='raise' "
                             f"needs every index in [0, {a.shape[ax] - 1}] for axis {ax}.")
    kern = _take.kernel((("axis", int(axis)), ("mode", mode)), None)
    return invoke(kern, (a, indices), (), type(a), None, out)


@defop("batch_take", nd=True)
def _batch_take(a, indices):
    """``a[i, indices[i]]`` for each row i (indices clipped into range)."""
    if not jnp.issubdtype(indices.dtype, jnp.integer):
        raise MXNetError(f"batch_take: indices must be int32, got {indices.dtype}; use "
                         "pick(a, index) for float indices.")
    rows = a.reshape((indices.size, -1))
    idx = jnp.clip(indices.reshape(-1), 0, rows.shape[1] - 1)
    return rows[jnp.arange(indices.size), idx].reshape(indices.shape)


@defop("pick", nd=True, method=True)
def _pick(data, index, *, axis=-1, keepdims=False, mode="clip"):
    """``data[..., index[...], ...]`` along ``axis``: one element per position of the
    other axes (mode 'clip' or 'wrap' for out-of-range indices)."""
    if axis is None:
        raise MXNetError("pick: axis=None is not supported; pass the axis to pick along.")
    if mode not in ("clip", "wrap"):
        raise MXNetError(f"pick: invalid mode {mode!r}; use 'clip' or 'wrap'.")
    ax = norm_axis(axis, data.ndim, "pick")
    n = data.shape[ax]
    dropped = data.shape[:ax] + data.shape[ax + 1:]
    kept = data.shape[:ax] + (1,) + data.shape[ax + 1:]
    if index.shape not in (dropped, kept):
        raise MXNetError(f"pick: index has shape {index.shape} but data of shape "
                         f"{data.shape} picked along axis {ax} needs {dropped} or {kept}.")
    idx = as_index(index).reshape(kept)
    idx = jnp.clip(idx, 0, n - 1) if mode == "clip" else jnp.mod(idx, n)
    out = jnp.take_along_axis(data, idx, axis=ax)
    if keepdims:
        return out
    return out.reshape(dropped if dropped else (1,))


# --------------------------------------------------------- gather / scatter
def _nd_index(indices, shape, op):
    if indices.ndim < 2:
        raise MXNetError(f"{op}: indices must have at least 2 dimensions (M, ...), got "
                         f"shape {indices.shape}.")
    m = indices.shape[0]
    if m > len(shape):
        raise MXNetError(f"{op}: indices index {m} axes but the data has only {len(shape)}.")
    return m


@defop("gather_nd")
def _gather_nd(data, indices):
    """``out[y...] = data[indices[0, y...], ..., indices[M-1, y...], ...]``; negative
    indices count from the end."""
    m = _nd_index(indices, data.shape, "gather_nd")
    idx = []
    for j in range(m):
        size = data.shape[j]
        # NOTE: MXNet computes int(index + size) % size, so -0.5 reads size - 1.
        shifted = indices[j] + size
        idx.append(jnp.mod(as_index(shifted), size))
    return data[tuple(idx)]


@defun("gather_nd", nd=True)
def gather_nd(data, indices, out=None, name=None):
    """Gather slices of ``data`` at the M-dimensional positions in ``indices`` (shape
    (M, ...)); an index outside [-size, size) raises IndexError, as MXNet does."""
    _check_arrays("gather_nd", data=data, indices=indices)
    v = _host(indices)
    if v is not None and v.ndim >= 2 and v.shape[0] <= data.ndim:
        for j in range(v.shape[0]):
            size = data.shape[j]
            bad = v[j][(v[j] < -size) | (v[j] > size - 1)]
            if bad.size:
                b = bad.reshape(-1)[0]
                b = int(b) if float(b).is_integer() else float(b)
                raise IndexError(f"index {b} is out of bounds for axis {j} with size {size}")
    return invoke(_gather_nd.kernel((), None), (data, indices), (), type(data), None, out)


@functools.partial(jax.custom_jvp, nondiff_argnums=(2,))
def _scatter_set(data, idx, shape):
    return jnp.zeros(shape, data.dtype).at[idx].set(data, mode="drop")


@_scatter_set.defjvp
def _scatter_set_jvp(shape, primals, tangents):
    # NOTE: every update gets the gradient of its target position, duplicates included
    # (MXNet's backward is gather_nd); jax's own rule for .set() would pick one winner.
    data, idx = primals
    t = tangents[0]
    out = _scatter_set(data, idx, shape)
    return out, jnp.zeros(shape, t.dtype).at[idx].add(t, mode="drop")


@defop("scatter_nd", nd=True)
def _scatter_nd(data, indices, *, shape=None):
    """An array of ``shape``, zero except at the positions ``indices`` (M, ...) where
    the entries of ``data`` are written (the inverse of gather_nd)."""
    shape = as_tuple(shape)
    m = _nd_index(indices, shape, "scatter_nd")
    if data.shape != indices.shape[1:] + shape[m:]:
        raise MXNetError(f"scatter_nd: data of shape {data.shape}, indices of shape "
                         f"{indices.shape} and shape {shape} do not fit: data must have "
                         f"shape {indices.shape[1:] + shape[m:]}.")
    idx = []
    for j in range(m):
        i = as_index(indices[j])
        # Positions outside [0, size) are dropped (MXNet leaves them undefined).
        idx.append(jnp.where(i < 0, shape[j], i))
    return _scatter_set(data, tuple(idx), shape)


# -------------------------------------------------------- one_hot, where, diag
@defop("one_hot", nd=True, method=True, differentiable=False)
def _one_hot(indices, *, depth=None, on_value=1.0, off_value=0.0, dtype="float32"):
    """An array of shape indices.shape + (depth,): ``on_value`` at each index, else
    ``off_value`` (an index outside [0, depth) gives a row of ``off_value``)."""
    if depth is None or depth < 0:
        raise MXNetError(f"one_hot: depth must be a non-negative integer, got {depth}.")
    dt = canon(_np.dtype(dtype))
    hit = as_index(indices)[..., None] == jnp.arange(depth)
    on = jnp.asarray(on_value).astype(dt)
    off = jnp.asarray(off_value).astype(dt)
    return jnp.where(hit, on, off)


@defop("where", nd=True)
def _where(condition, x, y):
    """``x`` where ``condition`` is non-zero, else ``y``; a 1-D condition selects whole
    rows (its length is x.shape[0])."""
    if x.shape != y.shape or x.dtype != y.dtype:
        raise MXNetError(f"where: x ({x.shape} {x.dtype}) and y ({y.shape} {y.dtype}) must "
                         "have the same shape and dtype.")
    c = condition != 0
    if condition.shape != x.shape:
        if condition.ndim != 1 or not x.ndim or condition.shape[0] != x.shape[0]:
            raise MXNetError(f"where: condition of shape {condition.shape} must have the "
                             f"shape of x {x.shape} or be 1-D of length x.shape[0].")
        c = c.reshape((-1,) + (1,) * (x.ndim - 1))
    return jnp.where(c, x, y)


@defop("diag", nd=True, method=True)
def _diag(data, *, k=0, axis1=0, axis2=1):
    """The k-th diagonal of a matrix (of the axes axis1, axis2, appended last), or the
    square matrix with a 1-D input on its k-th diagonal."""
    if data.ndim == 0:
        raise MXNetError("diag: the input must have at least 1 dimension.")
    if data.ndim == 1:
        return jnp.diag(data, k)
    a1 = norm_axis(axis1, data.ndim, "diag")
    a2 = norm_axis(axis2, data.ndim, "diag")
    if a1 == a2:
        raise MXNetError(f"diag: axis1 and axis2 both refer to axis {a1}; pick two axes.")
    h, w = data.shape[a1], data.shape[a2]
    if min(h + min(k, 0), w - max(k, 0)) < 0:
        raise MXNetError(f"diag: diagonal k={k} does not exist for axes of sizes {h} and "
                         f"{w}.")
    return jnp.diagonal(data, k, a1, a2)
