"""``mx.np`` shape manipulation with numpy semantics: reshape (no MXNet codes),
transpose, swapaxes, moveaxis, expand_dims, squeeze, ravel, broadcast_to, flip, roll,
rot90, tile, repeat, pad, diag/diagonal/trace/tril/triu, and npx.reshape (MXNet's
numpy-extension codes -1..-6).

Every op here is differentiable through its jax.numpy definition.
"""
import math

import jax.numpy as jnp
import numpy as _np

from ..base import MXNetError
from .np_common import call, normalize_axis, npfun, npop

__all__ = ["reshape", "broadcast_to", "transpose", "squeeze", "infer_np_shape",
           "infer_npx_shape"]


def _ints(shape):
    if isinstance(shape, (int, _np.integer)):
        return (int(shape),)
    if isinstance(shape, tuple) and all(type(s) is int for s in shape):
        return shape
    return tuple(int(s) for s in shape)


# ------------------------------------------------------------------ reshape
def infer_np_shape(src, newshape):
    """numpy's reshape target: one -1 may be inferred; no other negative codes."""
    newshape = _ints(newshape)
    size = math.prod(src)
    if min(newshape, default=0) >= 0:
        if math.prod(newshape) != size:
            raise MXNetError(f"Cannot reshape array of size {size} into shape {newshape}.")
        return newshape
    bad = [s for s in newshape if s < -1]
    if bad:
        raise MXNetError(f"The shape dimension size to inferred must be -1, got {bad[0]} in "
                         f"{newshape}; mx.np reshape takes numpy shapes (use npx.reshape for "
                         "MXNet's special codes).")
    if newshape.count(-1) > 1:
        raise MXNetError(f"Can only specify one unknown dimension, got {newshape}.")
    known = math.prod(s for s in newshape if s != -1)
    if known == 0 or size % known:
        raise MXNetError(f"Cannot reshape array of size {size} into shape {newshape}.")
    return tuple(size // known if s == -1 else s for s in newshape)


@npop("_np_reshape")
def _np_reshape(a, *, newshape=()):
    """``a`` with shape ``newshape`` (already inferred)."""
    return jnp.reshape(a, newshape)


@npfun("reshape", np=True)
def reshape(a, newshape, order="C"):
    """numpy's ``reshape``: ``newshape`` may hold one -1 (inferred)."""
    if order != "C":
        raise NotImplementedError(f"only supports C-order, while received {order}.")
    return call(_np_reshape, [a], newshape=infer_np_shape(a.shape, newshape))


@npfun("__np_reshape_method__", np_method="reshape")
def _reshape_method(self, *args, **kwargs):
    """``x.reshape(2, 3)``, ``x.reshape((2, 3))`` or ``x.reshape(-1)``."""
    order = kwargs.pop("order", "C")
    shape = kwargs.pop("shape", kwargs.pop("newshape", None))
    if kwargs:
        raise TypeError(f"reshape() got unexpected arguments {sorted(kwargs)}.")
    if shape is None:
        if len(args) == 1 and isinstance(args[0], (list, tuple)):
            shape = args[0]
        else:
            shape = args
    return reshape(self, shape, order)


def infer_npx_shape(src, target, reverse=False):
    """The output shape of ``npx.reshape`` (MXNet's codes -1..-6) for input ``src``."""
    src, target = tuple(src), _ints(target)
    if reverse:
        out = infer_npx_shape(src[::-1], _reverse_codes(target))
        return out[::-1]
    msg = (f"Cannot reshape array of shape {src} into shape {target} , reverse = "
           f"{bool(reverse)}")
    if all(t >= 0 for t in target):
        if int(_np.prod(src, dtype=_np.int64)) != int(_np.prod(target, dtype=_np.int64)):
            raise MXNetError(msg)
        return target
    out, unknown, known, j, i = [], -1, 1, 0, 0
    while i < len(target):
        t = target[i]
        if t < -6:
            raise MXNetError(f"Dimension size must be greater than or equal to -6, got {t}.")
        if t == -1:
            if unknown >= 0:
                raise MXNetError("One and only one dim can be inferred.")
            unknown = len(out)
            out.append(-1)
            j += 1
        elif t == -2:
            if j >= len(src):
                raise MXNetError(f"Unmatching dimension of proposed new shape: {msg}.")
            known *= src[j]
            out.append(src[j])
            j += 1
        elif t == -3:
            if j >= len(src) or src[j] != 1:
                raise MXNetError("-3 index should only be used to skip dimension size 1.")
            j += 1
        elif t == -4:
            while j < len(src):
                known *= src[j]
                out.append(src[j])
                j += 1
        elif t == -5:
            if j >= len(src) - 1:
                raise MXNetError("Not enough dimensions left for the product (-5).")
            known *= src[j] * src[j + 1]
            out.append(src[j] * src[j + 1])
            j += 2
        elif t == -6:
            if i + 2 >= len(target) or j >= len(src):
                raise MXNetError("-6 needs two following dims and a source dim to split.")
            d0, d1, d2 = src[j], target[i + 1], target[i + 2]
            j += 1
            i += 2
            if d1 == -1 and d2 == -1:
                raise MXNetError("Split dims cannot both be -1.")
            if d1 == -1:
                d1 = d0 // d2
            if d2 == -1:
                d2 = d0 // d1
            if d1 * d2 != d0:
                raise MXNetError(f"Split dims {d1}, {d2} do not divide original dim {d0}.")
            known *= d0
            out.extend((d1, d2))
        else:
            known *= t
            out.append(t)
            j += 1
        i += 1
    size = int(_np.prod(src, dtype=_np.int64))
    if unknown >= 0:
        if known == 0 or size % known:
            raise MXNetError(msg)
        out[unknown] = size // known
    if int(_np.prod(out, dtype=_np.int64)) != size:
        raise MXNetError(msg)
    return tuple(out)


def _reverse_codes(target):
    # -6 a b reads as b a -6 backwards: keep each -6 group in order after reversing.
    groups, i = [], 0
    while i < len(target):
        if target[i] == -6:
            groups.append(target[i:i + 3])
            i += 3
        else:
            groups.append((target[i],))
            i += 1
    out = []
    for g in reversed(groups):
        out.extend((g[0], g[2], g[1]) if len(g) == 3 else g)
    return tuple(out)


@npfun("npx_reshape", npx="reshape")
def npx_reshape(a, newshape, reverse=False, order="C"):
    """MXNet's numpy-extension reshape: -1 infers, -2 copies a dim, -3 drops a dim of
    size 1, -4 copies all remaining dims, -5 merges two dims, -6 splits one into the
    two that follow; ``reverse`` reads both shapes from the right."""
    if order != "C":
        raise NotImplementedError(f"only supports C-order, while received {order}.")
    target = infer_npx_shape(a.shape, newshape, reverse)
    return call(_np_reshape, [a], newshape=target)


# ------------------------------------------------------------- axes moves
@npop("_np_transpose")
def _np_transpose(a, *, axes=None):
    """Permute the axes (reverse them by default)."""
    return jnp.transpose(a, axes)


def _perm(axes, ndim):
    if axes is None:
        return None
    axes = tuple(normalize_axis(x, ndim) for x in axes)
    if sorted(axes) != list(range(ndim)):
        raise MXNetError(f"axes {axes} don't match array of dimension {ndim}; pass a "
                         "permutation of the axes.")
    return axes


@npfun("transpose", np=True)
def transpose(a, axes=None):
    """numpy's ``transpose``: reverse or permute the axes."""
    return call(_np_transpose, [a], axes=_perm(axes, a.ndim))


@npfun("__np_transpose_method__", np_method="transpose")
def _transpose_method(self, *axes):
    """``x.transpose()``, ``x.transpose(1, 0, 2)`` or ``x.transpose((1, 0, 2))``."""
    if len(axes) == 1 and (axes[0] is None or isinstance(axes[0], (list, tuple))):
        axes = axes[0]
    elif not axes:
        axes = None
    return transpose(self, axes)


@npfun("swapaxes", np=True, np_method="swapaxes")
def swapaxes(a, axis1, axis2):
    """Interchange two axes."""
    perm = list(range(a.ndim))
    i, j = normalize_axis(axis1, a.ndim), normalize_axis(axis2, a.ndim)
    perm[i], perm[j] = perm[j], perm[i]
    return call(_np_transpose, [a], axes=tuple(perm))


@npfun("moveaxis", np=True)
def moveaxis(a, source, destination):
    """Move axes ``source`` to positions ``destination`` (ints or sequences)."""
    src = [source] if isinstance(source, (int, _np.integer)) else list(source)
    dst = [destination] if isinstance(destination, (int, _np.integer)) else list(destination)
    if len(src) != len(dst):
        raise ValueError("`source` and `destination` arguments must have the same number "
                         "of elements")
    src = [normalize_axis(s, a.ndim) for s in src]
    dst = [normalize_axis(d, a.ndim) for d in dst]
    order = [n for n in range(a.ndim) if n not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return call(_np_transpose, [a], axes=tuple(order))


@npfun("rollaxis", np=True)
def rollaxis(a, axis, start=0):
    """Roll ``axis`` backwards until it lies before ``start``."""
    n = a.ndim
    axis = normalize_axis(axis, n)
    if start < 0:
        start += n
    if not 0 <= start <= n:
        raise MXNetError(f"rollaxis: start {start} is out of range for {n} dims.")
    if axis < start:
        start -= 1
    order = [i for i in range(n) if i != axis]
    order.insert(start, axis)
    return call(_np_transpose, [a], axes=tuple(order))


@npfun("expand_dims", np=True)
def expand_dims(a, axis):
    """Insert a new axis of size 1 at ``axis``."""
    nd = a.ndim + 1
    ax = normalize_axis(axis, nd)
    shape = list(a.shape)
    shape.insert(ax, 1)
    return call(_np_reshape, [a], newshape=tuple(shape))


@npfun("squeeze", np=True, np_method="squeeze")
def squeeze(a, axis=None):
    """Remove axes of size 1 (all of them, or those in ``axis``)."""
    if axis is None:
        shape = tuple(s for s in a.shape if s != 1)
    else:
        axes = [axis] if isinstance(axis, (int, _np.integer)) else list(axis)
        axes = {normalize_axis(x, a.ndim) for x in axes}
        for x in axes:
            if a.shape[x] != 1:
                raise MXNetError(f"cannot select an axis to squeeze out which has size not "
                                 f"equal to one (axis {x} has size {a.shape[x]}).")
        shape = tuple(s for i, s in enumerate(a.shape) if i not in axes)
    return call(_np_reshape, [a], newshape=shape)


@npfun("ravel", np=True)
def ravel(x, order="C"):
    """The flattened (1-D) array."""
    if order != "C":
        raise NotImplementedError(f"only supports C-order, while received {order}.")
    return call(_np_reshape, [x], newshape=(x.size,))


@npfun("__np_flatten__", np_method=("flatten", "ravel"))
def _flatten(self, order="C"):
    """A 1-D copy of the array."""
    return ravel(self, order)


@npop("_np_broadcast_to")
def _np_broadcast_to(a, *, shape=()):
    """``a`` broadcast to ``shape``."""
    return jnp.broadcast_to(a, shape)


@npfun("broadcast_to", np=True, np_method="broadcast_to")
def broadcast_to(array, shape):
    """``array`` broadcast to ``shape`` (numpy's rules)."""
    shape = _ints(shape)
    try:
        _np.broadcast_shapes(tuple(array.shape), shape)
        if len(shape) < array.ndim:
            raise ValueError
        out = _np.broadcast_shapes(tuple(array.shape), shape)
        if out != shape:
            raise ValueError
    except ValueError:
        raise MXNetError(f"operands could not be broadcast together with remapped shapes "
                         f"[original->remapped]: {tuple(array.shape)} and requested shape "
                         f"{shape}") from None
    return call(_np_broadcast_to, [array], shape=shape)


@npfun("broadcast_arrays", np=True)
def broadcast_arrays(*args):
    """The arrays broadcast against each other (a list)."""
    shape = _np.broadcast_shapes(*[tuple(a.shape) for a in args])
    return [broadcast_to(a, shape) for a in args]


# --------------------------------------------------------------- reorder
@npop("_np_flip")
def _np_flip(m, *, axis=None):
    """Reverse the order of elements along ``axis`` (all axes by default)."""
    return jnp.flip(m, axis)


@npfun("flip", np=True, np_method="flip")
def flip(m, axis=None):
    """Reverse the order of elements along ``axis`` (every axis by default)."""
    if axis is not None:
        axis = tuple(normalize_axis(x, m.ndim) for x in (
            axis if isinstance(axis, (list, tuple)) else (axis,)))
    return call(_np_flip, [m], axis=axis)


@npfun("fliplr", np=True)
def fliplr(m):
    """Reverse along axis 1."""
    if m.ndim < 2:
        raise ValueError("Input must be >= 2-d.")
    return flip(m, 1)


@npfun("flipud", np=True)
def flipud(m):
    """Reverse along axis 0."""
    if m.ndim < 1:
        raise ValueError("Input must be >= 1-d.")
    return flip(m, 0)


@npop("_np_roll")
def _np_roll(a, *, shift=0, axis=None):
    """Roll elements along ``axis`` (of the flattened array by default)."""
    return jnp.roll(a, shift, axis)


@npfun("roll", np=True)
def roll(a, shift, axis=None):
    """Roll elements by ``shift`` along ``axis``."""
    return call(_np_roll, [a], shift=shift, axis=axis)


@npop("_np_rot90")
def _np_rot90(m, *, k=1, axes=(0, 1)):
    """Rotate by 90 degrees ``k`` times in the plane of ``axes``."""
    return jnp.rot90(m, k, axes)


@npfun("rot90", np=True)
def rot90(m, k=1, axes=(0, 1)):
    """Rotate by 90 degrees ``k`` times in the plane given by ``axes``."""
    return call(_np_rot90, [m], k=int(k), axes=tuple(axes))


@npop("_np_tile")
def _np_tile(A, *, reps=()):
    """``A`` repeated ``reps`` times along each axis."""
    return jnp.tile(A, reps)


@npfun("tile", np=True, np_method="tile")
def tile(A, reps):
    """numpy's ``tile``."""
    return call(_np_tile, [A], reps=_ints(reps))


@npop("_np_repeat")
def _np_repeat(a, *, repeats=1, axis=None):
    """Repeat each element ``repeats`` times along ``axis`` (flattened by default)."""
    return jnp.repeat(a, repeats, axis, total_repeat_length=None)


@npfun("repeat", np=True, np_method="repeat")
def repeat(a, repeats, axis=None):
    """numpy's ``repeat`` (``repeats`` an int or a sequence)."""
    if not isinstance(repeats, (int, _np.integer)):
        repeats = _ints(repeats)
    return call(_np_repeat, [a], repeats=repeats, axis=axis)


@npop("_np_pad", dynamic=("constant_values",))
def _np_pad(x, *, pad_width=(), mode="constant", constant_values=0, reflect_type="even"):
    """``x`` padded by ``pad_width`` (((before, after),) * ndim)."""
    if mode == "constant":
        return jnp.pad(x, pad_width, mode="constant",
                       constant_values=jnp.asarray(constant_values).astype(x.dtype))
    if mode in ("reflect", "symmetric"):
        return jnp.pad(x, pad_width, mode=mode, reflect_type=reflect_type)
    return jnp.pad(x, pad_width, mode=mode)


_PAD_MODES = ("constant", "edge", "reflect", "symmetric", "maximum", "minimum", "mean",
              "wrap", "linear_ramp")


@npfun("pad", np=True)
def pad(x, pad_width, mode="constant", **kwargs):
    """numpy's ``pad`` (modes constant, edge, reflect, symmetric, maximum, minimum,
    mean, wrap)."""
    if mode not in _PAD_MODES:
        raise ValueError(f"mode {mode!r} is not supported; use one of {_PAD_MODES}.")
    pw = _np.broadcast_to(_np.asarray(pad_width, dtype=_np.int64), (x.ndim, 2))
    pw = tuple((int(a), int(b)) for a, b in pw)
    cv = kwargs.pop("constant_values", 0)
    rt = kwargs.pop("reflect_type", "even")
    if kwargs:
        raise TypeError(f"pad() got unsupported arguments {sorted(kwargs)}.")
    return call(_np_pad, [x], pad_width=pw, mode=mode, constant_values=cv,
                reflect_type=rt)


# ------------------------------------------------------------ diagonals
@npop("_np_diag")
def _np_diag(v, *, k=0):
    """Extract a diagonal (2-D input) or build a diagonal matrix (1-D input)."""
    return jnp.diag(v, k)


@npfun("diag", np=True, np_method="diag")
def diag(v, k=0):
    """numpy's ``diag``."""
    if v.ndim not in (1, 2):
        raise ValueError("Input must be 1- or 2-d.")
    return call(_np_diag, [v], k=int(k))


@npfun("diagflat", np=True)
def diagflat(v, k=0):
    """A 2-D array with the flattened input on the ``k``-th diagonal."""
    return diag(ravel(v), k)


@npop("_np_diagonal")
def _np_diagonal(a, *, offset=0, axis1=0, axis2=1):
    """The diagonal of ``a`` in the plane (axis1, axis2)."""
    return jnp.diagonal(a, offset, axis1, axis2)


@npfun("diagonal", np=True, np_method="diagonal")
def diagonal(a, offset=0, axis1=0, axis2=1):
    """numpy's ``diagonal``."""
    return call(_np_diagonal, [a], offset=int(offset), axis1=normalize_axis(axis1, a.ndim),
                axis2=normalize_axis(axis2, a.ndim))


@npop("_np_trace")
def _np_trace(a, *, offset=0, axis1=0, axis2=1):
    """Sum along the diagonal."""
    return jnp.trace(a, offset, axis1, axis2)


@npfun("trace", np=True, np_method="trace")
def trace(a, offset=0, axis1=0, axis2=1, out=None):
    """numpy's ``trace``."""
    return call(_np_trace, [a], out=out, offset=int(offset),
                axis1=normalize_axis(axis1, a.ndim), axis2=normalize_axis(axis2, a.ndim))


@npop("_np_tri")
def _np_tri(m, *, k=0, lower=True):
    """The lower (or upper) triangle of the last two axes."""
    return jnp.tril(m, k) if lower else jnp.triu(m, k)


@npfun("tril", np=True)
def tril(m, k=0):
    """Zero the elements above the ``k``-th diagonal."""
    return call(_np_tri, [m], k=int(k), lower=True)


@npfun("triu", np=True)
def triu(m, k=0):
    """Zero the elements below the ``k``-th diagonal."""
    return call(_np_tri, [m], k=int(k), lower=False)


# ------------------------------------------------------------- queries
@npfun("shape", np=True)
def shape(a):
    """The shape of ``a`` (a tuple)."""
    return tuple(a.shape) if hasattr(a, "shape") else _np.shape(a)


@npfun("ndim", np=True)
def ndim(a):
    """The number of dimensions of ``a``."""
    return a.ndim if hasattr(a, "_value") else _np.ndim(a)


@npfun("size", np=True)
def size(a, axis=None):
    """The number of elements (along ``axis``)."""
    if not hasattr(a, "_value"):
        return _np.size(a, axis)
    return a.size if axis is None else a.shape[axis]
