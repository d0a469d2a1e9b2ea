"""Indexing: ``x[idx]`` (recorded, differentiable) and ``x[idx] = v`` (in place).

An index is split into a static *spec* (ints, slices, None, Ellipsis; hashable, part of
the compile key) and the integer arrays of advanced indexing (inputs of the op).

Writes: a basic index (ints and slices) with a number, list or numpy value goes to the
array's host mirror in place, O(size of the write) like MXNet's, so that parsing a file
element by element into an array does not copy the array at every write. Other writes
build the new value on the device.
"""
import jax.numpy as jnp
import numpy as _np
from jax import lax

from ..base import MXNetError
from .._core import state
from .._core.dispatch import invoke
from .._core.ndarray import _INPLACE_MSG, INPLACE_RECORD_MSG, make_view
from .registry import defop, defun

_INTS = (int, _np.integer)


def _norm_index(key, shape, cls_is_np=False):
    """(spec, adv_arrays, scalar_result) for ``key`` on an array of ``shape``."""
    if not isinstance(key, tuple):
        key = (key,)
    spec, adv = [], []
    axis = 0
    n_real = sum(1 for k in key if k is not None and k is not Ellipsis)
    for k in key:
        if k is Ellipsis:
            spec.append(("e",))
            axis += len(shape) - n_real
        elif k is None:
            spec.append(("n",))
        elif isinstance(k, _INTS) and not isinstance(k, bool):
            if axis >= len(shape):
                raise IndexError(f"too many indices for array with {len(shape)} dimensions")
            size = shape[axis]
            k = int(k)
            if k < -size or k >= size:
                raise IndexError(f"index {k} is out of bounds for axis {axis} with size {size}")
            spec.append(("i", k % size if size else k))
            axis += 1
        elif isinstance(k, slice):
            spec.append(("s", _int_or_none(k.start), _int_or_none(k.stop),
                         _int_or_none(k.step)))
            axis += 1
        else:
            if hasattr(k, "_value"):
                arr = k
            else:
                a = _np.asarray(k)
                if a.dtype == _np.bool_:
                    a = _np.nonzero(a)[0] if a.ndim == 1 else a
                    if a.dtype == _np.bool_:
                        raise MXNetError("Boolean mask indexing of more than one dimension"
                                         " is not supported on NDArray; use mx.np arrays.")
                if not _np.issubdtype(a.dtype, _np.integer):
                    if a.size and not _np.all(_np.mod(a, 1) == 0):
                        raise IndexError("only integers, slices, None, Ellipsis and "
                                         "integer arrays are valid indices")
                arr = a.astype(_np.int64)
            spec.append(("a", len(adv)))
            adv.append(arr)
            axis += 1
    return tuple(spec), adv


def _int_or_none(v):
    if v is None:
        return None
    if hasattr(v, "_value"):
        v = v.asscalar()
    return int(v)


def _rebuild(spec, adv):
    idx = []
    for s in spec:
        t = s[0]
        if t == "i":
            idx.append(s[1])
        elif t == "s":
            idx.append(slice(s[1], s[2], s[3]))
        elif t == "n":
            idx.append(None)
        elif t == "e":
            idx.append(Ellipsis)
        else:
            idx.append(adv[s[1]].astype(jnp.int32) if adv[s[1]].dtype.kind == "f"
                       else adv[s[1]])
    return tuple(idx)


@defop("_getitem")
def _getitem(data, *index_arrays, spec=(), keep1d=True):
    """``data[index]`` for a static index spec and advanced-index arrays."""
    out = data[_rebuild(spec, index_arrays)]
    if keep1d and out.ndim == 0:
        out = out.reshape((1,))
    return out


@defop("_setitem")
def _setitem(data, value, *index_arrays, spec=()):
    """``data`` with ``data[index] = value``."""
    idx = _rebuild(spec, index_arrays)
    target = data[idx].shape
    value = value.astype(data.dtype)
    if value.shape != target and value.size == _size(target):
        # MXNet accepts a value of the target's size in another shape (x[i] = y where y
        # has shape (1,) and x[i] is a scalar position).
        value = value.reshape(target)
    return data.at[idx].set(jnp.broadcast_to(value, target))


def _size(shape):
    n = 1
    for d in shape:
        n *= d
    return n


# ------------------------------------------------------ basic indexing, dynamic
# An index made of ints, slices, None and Ellipsis is split into a static plan (which
# axes are indexed, slice sizes and steps) and dynamic positions (the ints and slice
# starts), so that x[i] or x[i:i + 64] for a new i never compiles again.

def basic_plan(spec, shape):
    """(plan, positions) for a basic index spec, or None if it has advanced parts.

    plan items: ("n",) new axis; ("i",) one position; ("d", size) a slice of step 1 from
    a dynamic start; ("s", start, stop, step) a static slice of another step."""
    n_real = sum(1 for s in spec if s[0] in ("i", "s"))
    plan, pos = [], []
    axis = 0
    for s in spec:
        t = s[0]
        if t == "e":
            plan.extend([("d", d) for d in shape[axis:axis + len(shape) - n_real]])
            pos.extend([0] * (len(shape) - n_real))
            axis += len(shape) - n_real
        elif t == "n":
            plan.append(("n",))
        elif t == "i":
            plan.append(("i",))
            pos.append(s[1])
            axis += 1
        elif t == "s":
            start, stop, step = slice(s[1], s[2], s[3]).indices(shape[axis])
            if step == 1:
                plan.append(("d", max(stop - start, 0)))
                pos.append(start)
            else:
                # NOTE: the slice as written: .indices() turns ::-1 into (n-1, -1, -1),
                # whose -1 would mean "the last element" if used as a slice again.
                plan.append(("s", s[1], s[2], s[3]))
            axis += 1
        else:
            return None
    return tuple(plan), tuple(pos)


def _apply_plan(data, plan, pos):
    out = data
    axis = 0
    it = (pos[k] for k in range(pos.shape[0]))
    for p in plan:
        t = p[0]
        if t == "n":
            out = jnp.expand_dims(out, axis)
            axis += 1
        elif t == "i":
            out = lax.dynamic_index_in_dim(out, next(it), axis, keepdims=False)
        elif t == "d":
            out = lax.dynamic_slice_in_dim(out, next(it), p[1], axis)
            axis += 1
        else:
            idx = [slice(None)] * out.ndim
            idx[axis] = slice(p[1], p[2], p[3])
            out = out[tuple(idx)]
            axis += 1
    return out


@defop("_getitem_basic", dynamic=("pos",))
def _getitem_basic(data, *, plan=(), keep1d=True, pos=None):
    """``data[index]`` for a basic index: ints and slice starts are dynamic."""
    out = _apply_plan(data, plan, pos)
    if keep1d and out.ndim == 0:
        out = out.reshape((1,))
    return out


@defop("_setitem_basic", dynamic=("pos",))
def _setitem_basic(data, value, *, plan=(), pos=None):
    """``data`` with ``data[index] = value`` for a basic index of steps 1 (one
    dynamic_update_slice: a new position never compiles again)."""
    starts, box = [], []
    it = (pos[k] for k in range(pos.shape[0]))
    real = [q for q in plan if q[0] != "n"]
    for p, d in zip(real, data.shape):
        if p[0] == "i":
            starts.append(next(it))
            box.append(1)
        else:
            starts.append(next(it))
            box.append(p[1])
    # The axes after the last indexed one are taken whole (x[0:20] of a matrix).
    rest = tuple(data.shape[len(real):])
    starts.extend([jnp.zeros((), pos.dtype)] * len(rest))
    box.extend(rest)
    target = tuple(b for p, b in zip(real, box) if p[0] != "i") + rest
    target_with_new = []
    k = 0
    for p in plan:
        if p[0] == "n":
            target_with_new.append(1)
        elif p[0] != "i":
            target_with_new.append(target[k])
            k += 1
    target_with_new.extend(rest)
    value = value.astype(data.dtype)
    if value.shape != tuple(target_with_new):
        if value.size == _size(target):
            value = value.reshape(target)
        else:
            value = jnp.broadcast_to(value, tuple(target_with_new))
    value = value.reshape(box)
    return lax.dynamic_update_slice(data, value, tuple(starts))


def _adv_arrays(adv, like):
    from .creation import array
    out = []
    for a in adv:
        if hasattr(a, "_value"):
            out.append(a)
        else:
            out.append(array(type(like), a, ctx=like._ctx, dtype=a.dtype))
    return out


def contiguous_block(spec, shape):
    """(flat offset, result shape) if the basic index ``spec`` selects a contiguous block
    of a row-major array of ``shape``, else None.

    The rule (numpy's C-contiguity of the result): axes that keep one element (an int, a
    one-element slice) may come anywhere before the first axis that keeps several; that
    one must be a step-1 slice, and every later axis must be kept whole. An empty result
    is a block (of size 0); None (new axes) may appear anywhere."""
    n_real = sum(1 for s in spec if s[0] in ("i", "s"))
    items = []
    for s in spec:
        if s[0] == "e":
            items.extend([("s", None, None, None)] * (len(shape) - n_real))
        else:
            items.append(s)
    strides = [1] * len(shape)
    for a in range(len(shape) - 2, -1, -1):
        strides[a] = strides[a + 1] * shape[a + 1]
    offset = 0
    out = []
    axis = 0
    sliced = False      # an earlier axis keeps several elements
    ok = True
    empty = False
    for s in items:
        if s[0] == "n":
            out.append(1)
            continue
        dim = shape[axis]
        if s[0] == "i":
            if sliced and dim != 1:
                ok = False
            offset += s[1] * strides[axis]
        elif s[0] == "s":
            start, stop, step = slice(s[1], s[2], s[3]).indices(dim)
            num = len(range(start, stop, step))
            if num == 0:
                empty = True
            elif sliced and num != dim:
                ok = False
            elif num > 1:
                ok = ok and step == 1
                sliced = True
            offset += start * strides[axis] if num else 0
            out.append(num)
        else:
            return None
        axis += 1
    out.extend(shape[axis:])
    if empty:
        return 0, tuple(out)
    return (offset, tuple(out)) if ok else None


def getitem(self, key, keep1d=True):
    """``x[key]`` with MXNet NDArray semantics: a contiguous block is a view that shares
    memory with ``x``; other indexing copies (and is recorded inside autograd.record)."""
    shape = self.shape
    spec, adv = _norm_index(key, shape)
    if not adv and (self._ag is None or not state.is_recording()):
        block = contiguous_block(spec, shape)
        if block is not None:
            offset, out_shape = block
            if keep1d and not out_shape:
                out_shape = (1,)
            return make_view(type(self), self, offset, out_shape)
    if not adv:
        plan, pos = basic_plan(spec, shape)
        kern = _getitem_basic.kernel((("plan", plan), ("keep1d", keep1d)), None)
        return invoke(kern, [self], (_np.asarray(pos, _np.int64),), type(self))
    kern = _getitem.kernel((("spec", spec), ("keep1d", keep1d)), None)
    return invoke(kern, [self] + _adv_arrays(adv, self), (), type(self))


defun("__getitem__", method="__getitem__")(getitem)


def _is_basic(spec):
    return all(s[0] in ("i", "s") for s in spec)


def _whole(spec, adv, shape):
    """Whether an index selects the whole array (``x[:]``, ``x[...]``, ``x[None]``,
    ``x[0:100]`` of a shorter axis)."""
    if adv:
        return False
    consumed = sum(1 for s in spec if s[0] not in ("e", "n"))
    d = 0
    for s in spec:
        if s[0] == "n":
            continue
        if s[0] == "e":
            d += len(shape) - consumed
            continue
        if s[0] != "s":
            return False
        n = shape[d]
        d += 1
        if s[1] not in (None, 0) or not (s[2] is None or s[2] >= n) or s[3] not in (None, 1):
            return False
    return True


def setitem(self, key, value):
    """``x[key] = value`` in place, with the value cast to x's dtype."""
    recording = state.is_recording()
    if recording and self._ag is not None:
        raise MXNetError(_INPLACE_MSG)
    shape = self.shape
    dtype = self._jdtype
    val_is_arr = hasattr(value, "_value")
    if isinstance(key, slice) and key == slice(None) and not (recording and val_is_arr
                                                              and value._ag is not None):
        # x[:] = v replaces the whole value.
        if val_is_arr:
            v = value._value()
            if v.dtype != dtype:
                v = v.astype(dtype)
            if v.shape != shape:
                try:
                    v = jnp.broadcast_to(v, shape)
                except ValueError:
                    raise MXNetError(f"cannot assign an array of shape {v.shape} to an "
                                     f"array of shape {shape}") from None
            if v.device != self._ctx.jax_device:
                import jax
                v = jax.device_put(v, self._ctx.jax_device)
            self._set_value(v)
        else:
            lazy = self._lazy is not None
            # (a gradient not computed yet, see backward.LazyGrads: its value is not needed)
            h = _np.empty(shape, dtype) if lazy else self._host()
            try:
                h[...] = _np.asarray(value, dtype=dtype)
            except ValueError as e:
                raise MXNetError(f"cannot assign to an array of shape {shape}: {e}") from None
            if lazy:
                self._lazy = None
                self._np = h
            self._host_written()
        return
    spec, adv = _norm_index(key, shape)
    if recording and val_is_arr and value._ag is not None and not _whole(spec, adv, shape):
        # MXNet records x[key] = y as an op that reads and writes x: refused.
        raise MXNetError(INPLACE_RECORD_MSG)
    if not adv and _is_basic(spec) and not val_is_arr:
        h = self._host()
        idx = _rebuild(spec, ())
        try:
            if not isinstance(value, (int, float, bool, _np.generic)):
                value = _np.asarray(value, dtype=dtype)
                target = _np.shape(h[idx])
                if value.shape != target and value.size == _size(target):
                    # A value of the target's size in another shape (x[0] = array([v])
                    # on a 1-D x), as MXNet accepts it.
                    value = value.reshape(target)
            h[idx] = value
        except ValueError as e:
            raise MXNetError(f"cannot assign to x[{key!r}] of an array of shape {shape}: "
                             f"{e}") from None
        self._host_written()
        return
    if not val_is_arr:
        from .creation import array
        value = array(type(self), _np.asarray(value), ctx=self._ctx, dtype=dtype)
    plan = basic_plan(spec, shape) if not adv else None
    if plan is not None and all(p[0] != "s" for p in plan[0]):
        kern = _setitem_basic.kernel((("plan", plan[0]),), None)
        res = invoke(kern, [self, value], (_np.asarray(plan[1], _np.int64),), type(self))
    else:
        kern = _setitem.kernel((("spec", spec),), None)
        res = invoke(kern, [self, value] + _adv_arrays(adv, self), (), type(self))
    self._set_value(res._value())
    if res._ag is not None:
        self._ag = res._ag
        self._grad = None


defun("__setitem__", method="__setitem__")(setitem)
