"""Shape manipulation: reshape (with MXNet's special codes), axis permutations, squeeze
and expand_dims, broadcasting, tile/repeat/flip, depth_to_space, shape_array.

The rest of the shape family lives beside this module and is loaded from its end:
``join`` (concat, stack, split), ``gather`` (slicing, take, pick, gather_nd, one_hot,
where, diag) and ``sequence`` (SequenceMask/Last/Reverse, pad, UpSampling).

``reshape`` understands MXNet's codes: 0 keeps a dimension, -1 infers one, -2 keeps all
the rest, -3 merges two consecutive dimensions, -4 splits one dimension into the next
two values (one of which may be -1); ``reverse=True`` applies them right to left.
"""
import jax.numpy as jnp
import numpy as _np

from ..base import MXNetError
from .._core import state
from .._core.dispatch import invoke
from .._core.ndarray import make_view
from .registry import canon, defop, defun


def norm_axis(axis, ndim, op, allow_negative=True):
    """``axis`` as an index in [0, ndim), or an MXNetError naming ``op``."""
    if axis is None or isinstance(axis, bool) or not isinstance(axis, (int, _np.integer)):
        raise MXNetError(f"{op}: axis must be an integer, got {axis!r}.")
    a = int(axis)
    if a < 0 and allow_negative:
        a += ndim
    if not 0 <= a < ndim:
        lo = -ndim if allow_negative else 0
        raise MXNetError(f"{op}: axis {axis} is out of range for an array with {ndim} "
                         f"dimension(s); use an axis in [{lo}, {ndim - 1}].")
    return a


def as_tuple(value):
    """An int or a sequence of ints as a tuple (None and () give ())."""
    if value is None:
        return ()
    if isinstance(value, (int, _np.integer)):
        return (int(value),)
    return tuple(value)


def infer_reshape(src, target, reverse=False, size_error=MXNetError):
    """The output shape of MXNet's reshape of shape ``src`` to ``target`` (with codes).
    A larger target raises MXNetError; a smaller one ``size_error`` (``x.reshape`` gives
    ValueError there: MXNet checks that case in Python, the other in C++)."""
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
        exc = size_error if n < total else MXNetError
        given = tuple(src[::-1] if reverse else src)
        raise exc(f"Cannot reshape array of shape {given} into shape {tuple(target)}: "
                  f"the sizes differ ({total} vs {n}).")
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
    new = infer_reshape(self.shape, target, reverse, size_error=ValueError)
    return _view_as(self, new)


def _view_as(self, new):
    """``self`` with the (resolved) shape ``new``, sharing memory with it."""
    if self._ag is None or not state.is_recording():
        # MXNet's NDArray.reshape shares memory with the array (writes go through).
        return make_view(type(self), self, 0, new)
    return invoke(_reshape.kernel((("shape", new),), None), (self,), (), type(self))


@defop("reshape_like", nd=True, method=True)
def _reshape_like(lhs, rhs, *, lhs_begin=None, lhs_end=None, rhs_begin=None, rhs_end=None):
    """``lhs`` with its dimensions [lhs_begin, lhs_end) replaced by those of ``rhs`` in
    [rhs_begin, rhs_end) (all of them by default): the same data, another shape."""
    lb, le = _dim_range(lhs.ndim, lhs_begin, lhs_end, "lhs")
    rb, re_ = _dim_range(rhs.ndim, rhs_begin, rhs_end, "rhs")
    shape = lhs.shape[:lb] + rhs.shape[rb:re_] + lhs.shape[le:]
    if _np.prod(shape, dtype=_np.int64) != lhs.size:
        raise MXNetError(f"reshape_like: cannot reshape lhs of shape {lhs.shape} to "
                         f"{shape}: the sizes differ. Pick lhs/rhs ranges whose sizes match.")
    return jnp.reshape(lhs, shape)


def _dim_range(ndim, begin, end, side):
    b = 0 if begin is None else begin
    b = b + ndim if b < 0 else b
    e = ndim if end is None else end
    e = e + ndim if e < 0 else e
    if not 0 <= b < e <= ndim:
        raise MXNetError(f"reshape_like: invalid {side}_begin={begin}, {side}_end={end} for "
                         f"an input with {ndim} dimensions; they must select a non-empty "
                         "range of its dimensions.")
    return b, e


# ------------------------------------------------------------ axes and sizes
@defop("transpose", nd=True, method=True)
def _transpose(data, *, axes=()):
    """Permute the axes (reverse them when ``axes`` is empty)."""
    axes = as_tuple(axes)
    if not axes:
        return jnp.transpose(data)
    if sorted(axes) != list(range(data.ndim)):
        raise MXNetError(f"transpose: axes={axes} is not a permutation of the "
                         f"{data.ndim} axes of an array of shape {data.shape}; pass each "
                         f"of 0..{data.ndim - 1} once.")
    return jnp.transpose(data, axes)


@defop("expand_dims", nd=True)
def _expand_dims(data, *, axis=None):
    """Insert a new axis of size 1 at ``axis`` (in [-ndim-1, ndim])."""
    nd1 = data.ndim + 1
    if axis is None or not -nd1 <= axis < nd1:
        raise MXNetError(f"expand_dims: axis must be in the range [{-nd1}, {nd1 - 1}] for "
                         f"an input of shape {data.shape}, got {axis}.")
    return jnp.expand_dims(data, axis)


@defop("flatten", nd=("flatten", "Flatten"))
def _flatten(data):
    """Collapse every axis but the first: (d0, d1, ..., dk) -> (d0, d1*...*dk)."""
    if data.ndim == 0:
        return data.reshape((1, 1))
    return data.reshape((data.shape[0], -1))


@defop("squeeze", nd=True)
def _squeeze(data, *, axis=None):
    """Remove axes of size 1 (only those in ``axis`` when given); never returns 0-d."""
    axes = _squeeze_axes(data.shape, axis)
    out = jnp.squeeze(data, axes)
    return out.reshape((1,)) if out.ndim == 0 else out


def _squeeze_axes(shape, axis):
    ndim = len(shape)
    if axis is None:
        return tuple(i for i, s in enumerate(shape) if s == 1)
    axes = tuple(norm_axis(a, ndim, "squeeze") for a in as_tuple(axis))
    if len(set(axes)) != len(axes):
        raise MXNetError(f"squeeze: axis={axis} names an axis twice; list each axis once.")
    for a in axes:
        if shape[a] != 1:
            raise MXNetError(f"squeeze: cannot squeeze axis {a} of shape {tuple(shape)}: "
                             "its size is not 1.")
    return axes


# With inplace=True MXNet's methods return an array that shares memory with ``x`` (a
# reshape view here, like ``x.reshape``); otherwise a new array.
@defun("flatten_method", method="flatten")
def _flatten_method(self, inplace=False):
    """``x.flatten()``: (d0, d1, ..., dk) -> (d0, d1*...*dk)."""
    if inplace:
        shape = self.shape
        rest = 1
        for d in shape[1:]:
            rest *= d
        return _view_as(self, (shape[0], rest) if shape else (1, 1))
    return invoke(_flatten.kernel((), None), (self,), (), type(self))


@defun("expand_dims_method", method="expand_dims")
def _expand_dims_method(self, axis, inplace=False):
    """``x.expand_dims(axis)``: insert an axis of size 1."""
    kern = _expand_dims.kernel((("axis", int(axis)),), None)
    if inplace:
        nd1 = self.ndim + 1
        if not -nd1 <= int(axis) < nd1:
            return invoke(kern, (self,), (), type(self))   # raises MXNet's error
        shape = list(self.shape)
        shape.insert(int(axis) % nd1, 1)
        return _view_as(self, tuple(shape))
    return invoke(kern, (self,), (), type(self))


@defun("squeeze_method", method="squeeze")
def _squeeze_method(self, axis=None, inplace=False):
    """``x.squeeze(axis=None)``: remove axes of size 1."""
    if inplace:
        axes = _squeeze_axes(self.shape, canon(axis))
        shape = tuple(s for i, s in enumerate(self.shape) if i not in axes)
        return _view_as(self, shape or (1,))
    return invoke(_squeeze.kernel((("axis", canon(axis)),), None), (self,), (), type(self))


@defop("swapaxes", nd=("swapaxes", "SwapAxis"), method=True)
def _swapaxes(data, *, dim1=0, dim2=0):
    """Interchange axes ``dim1`` and ``dim2``."""
    a = norm_axis(dim1, data.ndim, "swapaxes")
    b = norm_axis(dim2, data.ndim, "swapaxes")
    return jnp.swapaxes(data, a, b)


@defop("flip", nd=("flip", "reverse"), method=True)
def _flip(data, *, axis=None):
    """Reverse the order of elements along each axis in ``axis`` (non-negative axes;
    an axis listed twice is reversed twice, as in MXNet)."""
    if axis is None:
        raise MXNetError("flip: the parameter axis is required; call flip(data, axis=...).")
    out = data
    for a in as_tuple(axis):
        out = jnp.flip(out, norm_axis(a, data.ndim, "flip", allow_negative=False))
    return out


@defop("tile", nd=True, method=True)
def _tile(data, *, reps=None):
    """Repeat the whole array ``reps[i]`` times along axis i (shapes aligned right)."""
    reps = as_tuple(reps)
    if any(r < 1 for r in reps):
        raise MXNetError(f"tile: every entry of reps must be a positive integer, got {reps}.")
    return jnp.tile(data, reps) if reps else data


@defop("repeat", nd=True, method=True)
def _repeat(data, *, repeats=None, axis=None):
    """Repeat every element ``repeats`` times along ``axis`` (of the flattened array
    when ``axis`` is None)."""
    if repeats is None or repeats < 0:
        raise MXNetError(f"repeat: repeats must be a non-negative integer, got {repeats}.")
    if axis is not None:
        axis = norm_axis(axis, data.ndim, "repeat")
    if repeats == 0:
        # MXNet gives an empty 1-D array whatever the axis.
        return jnp.zeros((0,), data.dtype)
    if axis is None:
        return jnp.repeat(data.reshape(-1), repeats)
    return jnp.repeat(data, repeats, axis=axis)


# ---------------------------------------------------------------- broadcasting
def _broadcast_check(ishape, oshape, op):
    if len(ishape) != len(oshape):
        raise MXNetError(f"{op}: an array of shape {tuple(ishape)} cannot be broadcast to "
                         f"{tuple(oshape)}: the numbers of dimensions differ.")
    for i, o in zip(ishape, oshape):
        if i != o and i != 1:
            raise MXNetError(f"{op}: an array of shape {tuple(ishape)} cannot be broadcast"
                             f" to {tuple(oshape)}: only axes of size 1 can be broadcast.")


@defop("broadcast_to", nd=True)
def _broadcast_to(data, *, shape=()):
    """Broadcast axes of size 1 to ``shape`` (a 0 in ``shape`` keeps that axis)."""
    shape = as_tuple(shape)
    target = tuple(data.shape[i] if s == 0 and i < data.ndim else s
                   for i, s in enumerate(shape))
    _broadcast_check(data.shape, target, "broadcast_to")
    return jnp.broadcast_to(data, target)


@defop("broadcast_like", nd=True)
def _broadcast_like(lhs, rhs, *, lhs_axes=None, rhs_axes=None):
    """Broadcast ``lhs`` to the shape of ``rhs`` (or only ``lhs_axes`` of it to the sizes
    of ``rhs_axes`` of ``rhs``)."""
    if lhs_axes is None and rhs_axes is None:
        target = rhs.shape
    else:
        la, ra = as_tuple(lhs_axes), as_tuple(rhs_axes)
        if len(la) != len(ra) or not la:
            raise MXNetError("broadcast_like: lhs_axes and rhs_axes must be given together "
                             f"and have the same length, got {lhs_axes} and {rhs_axes}.")
        target = list(lhs.shape)
        for a, b in zip(la, ra):
            target[norm_axis(a, lhs.ndim, "broadcast_like")] = \
                rhs.shape[norm_axis(b, rhs.ndim, "broadcast_like")]
        target = tuple(target)
    _broadcast_check(lhs.shape, target, "broadcast_like")
    return jnp.broadcast_to(lhs, target)


@defop("broadcast_axis", nd=("broadcast_axis", "broadcast_axes"), method="broadcast_axes")
def _broadcast_axis(data, *, axis=(), size=()):
    """Broadcast the axes ``axis`` (each of size 1) to the sizes ``size``."""
    axes, sizes = as_tuple(axis), as_tuple(size)
    if len(axes) != len(sizes):
        raise MXNetError(f"broadcast_axis: axis {axis} and size {size} must have the same "
                         "length.")
    target = list(data.shape)
    for a, s in zip(axes, sizes):
        a = norm_axis(a, data.ndim, "broadcast_axis", allow_negative=False)
        if data.shape[a] != 1:
            raise MXNetError(f"broadcast_axis: axis {a} of shape {data.shape} has size "
                             f"{data.shape[a]}; only axes of size 1 can be broadcast.")
        target[a] = s
    return jnp.broadcast_to(data, tuple(target))


@defun("broadcast_to_method", method="broadcast_to")
def _broadcast_to_method(self, shape):
    """``x.broadcast_to(shape)``: like ``nd.broadcast_to``, but leading axes may be added
    and a shape that does not fit raises ValueError (as MXNet's method does)."""
    shape = tuple(int(s) for s in as_tuple(shape))
    cur = tuple(self.shape)
    msg = ("operands could not be broadcast together with remapped shapes"
           f"[original->remapped]: {cur} and requested shape {shape}")
    if len(shape) < len(cur):
        raise ValueError(msg)
    padded = (1,) * (len(shape) - len(cur)) + cur
    if any(p != s and p != 1 for p, s in zip(padded, shape)):
        raise ValueError(msg)
    src = self if padded == cur else invoke(
        _reshape.kernel((("shape", padded),), None), (self,), (), type(self))
    return invoke(_broadcast_to.kernel((("shape", shape),), None), (src,), (), type(self))


@defun("broadcast_like_method", method="broadcast_like")
def _broadcast_like_method(self, other):
    """``x.broadcast_like(other)``: ``x.broadcast_to(other.shape)``."""
    return _broadcast_to_method(self, other.shape)


# ------------------------------------------------------- blocks and sizes
@defop("depth_to_space", nd=True, method=True)
def _depth_to_space(data, *, block_size=None):
    """(N, C, H, W) -> (N, C/b^2, H*b, W*b): channel blocks become b x b pixel blocks."""
    b = _block(data, block_size, "depth_to_space")
    n, c, h, w = data.shape
    if c % (b * b):
        raise MXNetError(f"depth_to_space: the depth (axis 1) of shape {data.shape} must be"
                         f" a multiple of block_size^2 = {b * b}.")
    x = data.reshape((n, b, b, c // (b * b), h, w))
    x = jnp.transpose(x, (0, 3, 4, 1, 5, 2))
    return x.reshape((n, c // (b * b), h * b, w * b))


@defop("space_to_depth", nd=True, method=True)
def _space_to_depth(data, *, block_size=None):
    """(N, C, H, W) -> (N, C*b^2, H/b, W/b): the inverse of depth_to_space."""
    b = _block(data, block_size, "space_to_depth")
    n, c, h, w = data.shape
    if h % b or w % b:
        raise MXNetError(f"space_to_depth: height and width of shape {data.shape} must be "
                         f"multiples of block_size = {b}.")
    x = data.reshape((n, c, h // b, b, w // b, b))
    x = jnp.transpose(x, (0, 3, 5, 1, 2, 4))
    return x.reshape((n, c * b * b, h // b, w // b))


def _block(data, block_size, op):
    if data.ndim != 4:
        raise MXNetError(f"{op} needs a 4-D (N, C, H, W) input, got shape {data.shape}.")
    if block_size is None or block_size < 1:
        raise MXNetError(f"{op}: block_size must be a positive integer, got {block_size}.")
    return int(block_size)


@defop("shape_array", nd=True, method=True, differentiable=False)
def _shape_array(data):
    """The shape of ``data`` as a 1-D int64 array."""
    if data.ndim == 0:
        raise MXNetError("shape_array: a 0-d array has no shape to return; reshape it to "
                         "(1,) first.")
    return jnp.asarray(data.shape, dtype=jnp.int64)


@defop("size_array", nd=True, method=True, differentiable=False)
def _size_array(data):
    """The number of elements of ``data`` as a (1,) int64 array."""
    return jnp.asarray([data.size], dtype=jnp.int64)


def moveaxis(tensor, source, destination):
    """Move the axes ``source`` (int or sequence) to the positions ``destination``,
    keeping the other axes in order (``mx.nd.moveaxis``)."""
    nd_ = tensor.ndim
    src = _axis_tuple(source, nd_, "Source")
    dst = _axis_tuple(destination, nd_, "Destination")
    if len(src) != len(dst):
        raise ValueError("`source` and `destination` arguments must have the same number "
                         "of elements")
    order = [n for n in range(nd_) if n not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return invoke(_transpose.kernel((("axes", tuple(order)),), None), (tensor,), (),
                  type(tensor))


def _axis_tuple(axes, ndim, what):
    out = []
    for a in as_tuple(axes):
        if not -ndim <= a < ndim:
            raise ValueError(f"moveaxis: {what} axis {a} is out of range for an array with "
                             f"{ndim} dimensions; use values in [{-ndim}, {ndim - 1}].")
        out.append(a % ndim)
    if len(set(out)) != len(out):
        raise ValueError(f"moveaxis: repeated axis in {what.lower()} {axes}.")
    return tuple(out)


# The rest of the shape family (registered on import).
from . import join, gather, sequence  # noqa: E402,F401
