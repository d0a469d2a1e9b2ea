"""MXNet's older nd functions that legacy programs still call.

``choose_element_0index`` (``pick`` along the last axis), ``fill_element_0index``,
``onehot_encode``, ``ravel_multi_index``/``unravel_index``, ``histogram``,
``cast_storage``, ``reset_arrays`` and the in-place ``NDArray.slice_assign`` /
``slice_assign_scalar``.
"""
import warnings

import jax.numpy as jnp
import numpy as _np
from jax import lax

from ..base import MXNetError
from .._core.dispatch import assign_out
from .frontend import make_function
from .gather import as_index
from .registry import defop, defun, get

_pick = make_function(get("pick"), lambda arrays: type(arrays[0]))


@defun("choose_element_0index", nd=True)
def choose_element_0index(data, index, axis=-1, keepdims=False, mode="clip", out=None,
                          name=None):
    """MXNet's old name of ``pick``: ``out[i] = data[i, index[i]]`` (indices clipped)."""
    return _pick(data, index, axis=axis, keepdims=keepdims, mode=mode, out=out)


@defop("fill_element_0index", nd=True)
def _fill_element_0index(lhs, mhs, rhs):
    """A copy of the 2-D ``lhs`` with ``lhs[i, rhs[i]] = mhs[i]`` for every row ``i``
    (an index outside ``[0, lhs.shape[1])`` leaves its row unchanged)."""
    if lhs.ndim != 2 or mhs.shape != (lhs.shape[0],) or rhs.shape != (lhs.shape[0],):
        raise MXNetError(f"fill_element_0index takes a 2-D lhs and 1-D mhs and rhs of "
                         f"length lhs.shape[0], but got {lhs.shape}, {mhs.shape} and "
                         f"{rhs.shape}.")
    n = lhs.shape[1]
    col = as_index(rhs)
    col = jnp.where((col < 0) | (col >= n), n, col)   # out of range: dropped
    rows = jnp.arange(lhs.shape[0])
    return lhs.at[rows, col].set(mhs.astype(lhs.dtype), mode="drop")


@defun("onehot_encode", nd=True)
def onehot_encode(indices, out):
    """Write the one-hot encoding of ``indices`` into the float32 2-D ``out`` (depth
    ``out.shape[1]``) and return ``out``. Deprecated in MXNet: use ``one_hot``."""
    if out._jdtype != _np.float32:
        raise MXNetError(f"onehot_encode supports only a float32 out array, but got "
                         f"{out._jdtype.name}; use one_hot(indices, depth, dtype=...).")
    if out.ndim != 2 or tuple(indices.shape) != (out.shape[0],):
        raise MXNetError(f"onehot_encode takes 1-D indices of length out.shape[0], but got "
                         f"indices of shape {tuple(indices.shape)} and out of shape "
                         f"{tuple(out.shape)}.")
    warnings.warn("The operator onehot_encode is deprecated; use one_hot instead.",
                  DeprecationWarning, stacklevel=2)
    one_hot = make_function(get("one_hot"), lambda arrays: type(arrays[0]))
    return one_hot(indices, depth=out.shape[1], dtype="float32", out=out)


def _ravel_shape(shape, opname):
    if shape is None or not len(shape):
        raise MXNetError(f"{opname} needs shape=(d0, d1, ...), the shape the indices "
                         "refer to (d0 may be -1).")
    return tuple(int(d) for d in shape)


@defop("ravel_multi_index", nd=("ravel_multi_index", "_ravel_multi_index"),
       differentiable=False)
def _ravel_multi_index(data, *, shape=None):
    """Flat indices of the multi-indices in the columns of ``data`` (shape
    ``(len(shape), N)``) for an array of ``shape`` (its first entry is not used)."""
    shape = _ravel_shape(shape, "ravel_multi_index")
    if data.ndim != 2 or data.shape[0] != len(shape):
        raise MXNetError(f"ravel_multi_index takes a 2-D array of shape ({len(shape)}, N) "
                         f"(one row per axis of shape={shape}), but got {data.shape}.")
    ret = jnp.zeros(data.shape[1:], jnp.int64)
    for j, d in enumerate(shape):
        ret = ret * d + data[j].astype(jnp.int64)
    return ret.astype(data.dtype)


@defop("unravel_index", nd=("unravel_index", "_unravel_index"), differentiable=False)
def _unravel_index(data, *, shape=None):
    """The multi-indices (rows of the ``(len(shape), N)`` result) of the flat indices
    ``data`` in an array of ``shape`` (the first axis is unbounded)."""
    shape = _ravel_shape(shape, "unravel_index")
    if data.ndim != 1:
        raise MXNetError(f"unravel_index takes a 1-D array of flat indices, but got shape "
                         f"{data.shape}; flatten it first (x.reshape(-1)).")
    idx = data.astype(jnp.int64)
    rows = [None] * len(shape)
    for j in range(len(shape) - 1, 0, -1):
        tmp = lax.div(idx, jnp.int64(shape[j]))      # C division (toward zero)
        rows[j] = idx - tmp * shape[j]
        idx = tmp
    rows[0] = idx
    return jnp.stack(rows).astype(data.dtype)


# ---------------------------------------------------------------- histogram
@defop("_histogram", nd="_histogram", nout=2, differentiable=False)
def _histogram_op(data, *bins, bin_cnt=None, range=None):
    """Counts (int64) of ``data`` in the bins and the bin edges: given as an array
    (``bins``), or ``bin_cnt`` equal bins over ``range`` (the last bin includes its right
    edge; values outside are not counted)."""
    x = data.reshape(-1)
    if bins:
        edges = bins[0]
        if edges.dtype != data.dtype:
            raise MXNetError(f"histogram: the bins ({edges.dtype}) must have the data's "
                             f"dtype ({data.dtype}).")
        nb = edges.shape[0] - 1
        inside = (x >= edges[0]) & (x <= edges[nb])
        target = jnp.minimum(jnp.searchsorted(edges, x, side="right") - 1, nb - 1)
    else:
        lo, hi = float(range[0]), float(range[1])
        nb = int(bin_cnt)
        i = jnp.arange(nb + 1, dtype=jnp.float64)
        edges = ((hi * i + (nb - i) * lo) / nb).astype(data.dtype)
        inside = (x >= lo) & (x <= hi)
        t = ((x.astype(jnp.float64) - lo) * nb / (hi - lo)).astype(jnp.int32)
        t = jnp.clip(jnp.minimum(nb - 1, t), 0, nb - 1)
        t = t - (x < edges[t]).astype(t.dtype)
        t = jnp.clip(t, 0, nb - 1)
        t = t + ((x >= edges[t + 1]) & (t != nb - 1)).astype(t.dtype)
        target = t
    counts = jnp.zeros((nb,), jnp.int64).at[jnp.where(inside, target, nb)].add(
        1, mode="drop")
    return counts, edges


@defun("histogram", nd=True)
def histogram(a, bins=10, range=None):
    """The histogram of ``a`` (flattened): ``[counts, bin_edges]``. ``bins`` is an array
    of edges or a number of equal bins over ``range``; without ``range`` numpy's
    ``histogram`` is used (as MXNet does), and the result is a tuple of float32 arrays."""
    from .creation import array
    if hasattr(bins, "_value"):
        return _histogram_fn()(a, bins)
    if isinstance(bins, (int, _np.integer)) and not isinstance(bins, bool):
        if range is None:
            warnings.warn("range is not specified, using numpy's result to ensure "
                          "consistency with numpy", UserWarning, stacklevel=2)
            # In double precision, as numpy 1.x (MXNet's) computes the edges.
            res, bounds = _np.histogram(a.asnumpy().astype(_np.float64), bins=int(bins))
            cls = type(a)
            return (array(cls, res, ctx=a._ctx, dtype=_np.float32),
                    array(cls, bounds, ctx=a._ctx, dtype=_np.float32))
        return _histogram_fn()(a, bin_cnt=int(bins), range=tuple(float(r) for r in range))
    raise ValueError("bins argument should be either an integer or an NDArray")


def _histogram_fn():
    return make_function(get("_histogram"), lambda arrays: type(arrays[0]))


# --------------------------------------------------------- storage, resets
@defun("cast_storage", nd=True)
def cast_storage(data, stype, out=None, name=None):
    """A copy reporting storage type ``stype`` (mxcompat keeps every array dense)."""
    res = data.tostype(stype)
    if out is not None:
        assign_out(out, [res])
        out._stype = stype
        return out
    return res


@defun("reset_arrays", nd=True)
def reset_arrays(*data, num_arrays=None, out=None, name=None):
    """Set every array of ``data`` to zero, in place; returns ``[]`` (the op has no
    outputs) as MXNet does."""
    if num_arrays is not None and int(num_arrays) != len(data):
        raise MXNetError(f"reset_arrays got num_arrays={num_arrays} but {len(data)} "
                         "arrays; pass num_arrays=len(arrays).")
    from .._core.dispatch import zeros_like_value
    for a in data:
        a._check_writable()
        a._set_value(zeros_like_value(a._value()))
    return []


# ------------------------------------------------------------ slice_assign
def _slices(begin, end, step, shape, opname):
    begin, end = tuple(begin), tuple(end)
    step = tuple(step) if step else (None,) * len(begin)
    if len(begin) != len(end) or len(step) != len(begin) or len(begin) > len(shape):
        raise MXNetError(f"{opname}: begin {begin}, end {end} and step {step} must have "
                         f"the same length, at most the array's {len(shape)} dimensions.")
    return tuple(slice(b, e, s) for b, e, s in zip(begin, end, step))


@defop("_slice_assign", nd=("_slice_assign", "_crop_assign"))
def _slice_assign_op(lhs, rhs, *, begin=(), end=(), step=()):
    """A copy of ``lhs`` with ``lhs[begin:end:step] = rhs`` (per axis; None entries keep
    the default). Differentiable (MXNet's op has no gradient)."""
    key = _slices(begin, end, step, lhs.shape, "_slice_assign")
    target = lhs[key].shape
    if rhs.shape != target:
        raise MXNetError(f"slice_assign: rhs has shape {rhs.shape} but the slice has shape "
                         f"{target}; they must be equal.")
    return lhs.at[key].set(rhs.astype(lhs.dtype))


@defop("_slice_assign_scalar", nd=("_slice_assign_scalar", "_crop_assign_scalar"),
       dynamic=("scalar",))
def _slice_assign_scalar_op(data, *, scalar=0.0, begin=(), end=(), step=()):
    """A copy of ``data`` with ``data[begin:end:step] = scalar``."""
    key = _slices(begin, end, step, data.shape, "_slice_assign_scalar")
    return data.at[key].set(jnp.asarray(scalar).astype(data.dtype))


@defun("slice_assign", method=True)
def slice_assign(self, rhs, begin, end, step):
    """Write ``rhs`` into ``self[begin:end:step]`` (per axis) in place; returns self."""
    f = make_function(get("_slice_assign"), lambda arrays: type(arrays[0]))
    return f(self, rhs, begin=begin, end=end, step=step, out=self)


@defun("slice_assign_scalar", method=True)
def slice_assign_scalar(self, value, begin, end, step):
    """Set ``self[begin:end:step]`` (per axis) to the number ``value``; returns self."""
    f = make_function(get("_slice_assign_scalar"), lambda arrays: type(arrays[0]))
    return f(self, scalar=float(value), begin=begin, end=end, step=step, out=self)


# ------------------------------------------------ MXNet's indexing helper
def _basic_indexing_slice_is_contiguous(slc_key, shape):
    """Whether ``x[slc_key]`` (one slice per axis of ``shape``) is a contiguous block of
    ``x`` (MXNet's private helper; basic indexing returns a view exactly then)."""
    from .index import contiguous_block
    spec = tuple(("s", s.start, s.stop, s.step) for s in slc_key)
    return contiguous_block(spec, tuple(shape)) is not None


defun("_basic_indexing_slice_is_contiguous", method="_basic_indexing_slice_is_contiguous")(
    staticmethod(_basic_indexing_slice_is_contiguous))
