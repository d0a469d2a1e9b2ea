"""``mx.np`` selection and ordering: where, clip, take, sort, argsort, unique, nonzero,
argwhere, diff, ediff1d, copy, delete, insert, resize, bincount.

Functions whose output shape depends on the values (``unique``, ``nonzero``,
``argwhere``, ``where(cond)``, ``bincount``) run on the host, as MXNet's do, and are
not differentiable.
"""
import jax.numpy as jnp
import numpy as _np

from ..base import MXNetError
from .np_common import SCALARS, as_np, call, is_array, normalize_axis, np_class, npfun, npop
from .np_ufunc import promote

__all__ = ["where", "clip", "take", "sort", "argsort", "unique", "nonzero"]


# ------------------------------------------------------------------- where
@npop("_np_where")
def _np_where(condition, x, y):
    """``x`` where ``condition`` is true, else ``y`` (promoted dtypes)."""
    dt = promote(x.dtype, y.dtype)
    return jnp.where(condition != 0, x.astype(dt), y.astype(dt))


@npop("_np_where_scalar", dynamic=("scalar",))
def _np_where_scalar(condition, x, *, scalar=0.0, right=True):
    """``where`` with one number: it takes the array's dtype."""
    s = jnp.asarray(scalar).astype(x.dtype)
    if right:
        return jnp.where(condition != 0, x, s)
    return jnp.where(condition != 0, s, x)


@npop("_np_where_scalar2", dynamic=("x", "y"))
def _np_where_scalar2(condition, *, x=0.0, y=0.0, dtype="float32"):
    """``where`` with two numbers: the default float dtype."""
    return jnp.where(condition != 0, jnp.asarray(x, dtype), jnp.asarray(y, dtype))


@npfun("where", np=True)
def where(condition, x=None, y=None):
    """numpy's ``where``: pick from ``x``/``y`` (arrays or numbers) by ``condition``;
    with ``condition`` alone, the indices of its non-zero elements."""
    if x is None and y is None:
        return nonzero(condition)
    if x is None or y is None:
        raise ValueError("either both or neither of x and y should be given")
    condition = as_np(condition)
    xa, ya = is_array(x), is_array(y)
    if xa and ya:
        return call(_np_where, [condition, x, y])
    if xa or ya:
        arr, num = (x, y) if xa else (y, x)
        if not isinstance(num, SCALARS):
            raise TypeError(f"type {type(num)} not supported: pass an mx.np array or a "
                            "number.")
        return call(_np_where_scalar, [condition, arr], scalar=_py(num), right=xa)
    from .np_common import default_float
    return call(_np_where_scalar2, [condition], x=_py(x), y=_py(y), dtype=default_float())


def _py(s):
    return s.item() if isinstance(s, _np.generic) else s


# -------------------------------------------------------------------- clip
@npop("_np_clip", dynamic=("a_min", "a_max"))
def _np_clip(a, *, a_min=None, a_max=None):
    """``a`` limited to [a_min, a_max] (bounds converted to a's dtype first)."""
    out = a
    if a_min is not None:
        lo = jnp.asarray(a_min).astype(a.dtype)
        out = jnp.where(out < lo, lo, out)
    if a_max is not None:
        hi = jnp.asarray(a_max).astype(a.dtype)
        out = jnp.where(out > hi, hi, out)
    return out


@npfun("clip", np=True)
def clip(a, a_min, a_max, out=None):
    """Limit the values of ``a`` to [a_min, a_max] (either may be None)."""
    if a_min is None and a_max is None:
        raise ValueError("array_clip: must set either max or min")
    if is_array(a_min) or is_array(a_max):
        from .np_ufunc import maximum, minimum
        res = a
        if a_min is not None:
            res = maximum(res, a_min)
        if a_max is not None:
            res = minimum(res, a_max)
        if out is not None:
            out[...] = res
            return out
        return res
    return call(_np_clip, [a], out=out, a_min=None if a_min is None else _py(a_min),
                a_max=None if a_max is None else _py(a_max))


@npfun("__np_clip_method__", np_method="clip")
def _clip_method(self, min=None, max=None, out=None):  # noqa: A002 - numpy's names
    return clip(self, min, max, out)


# -------------------------------------------------------------------- take
@npop("_np_take")
def _np_take(a, indices, *, axis=None, mode="raise"):
    """Elements of ``a`` at ``indices`` along ``axis`` (of the flattened array)."""
    idx = indices.astype("int64") if not jnp.issubdtype(indices.dtype, jnp.integer) \
        else indices
    if axis is None:
        a = a.reshape(-1)
        axis = 0
    n = a.shape[axis]
    if mode == "wrap":
        idx = jnp.mod(idx, n)
    elif mode == "clip":
        idx = jnp.clip(idx, 0, max(n - 1, 0))
    else:
        # NOTE: 'raise' cannot raise inside a compiled kernel; indices are clipped,
        # as MXNet's 'clip' mode does.
        idx = jnp.clip(jnp.where(idx < 0, idx + n, idx), 0, max(n - 1, 0))
    return jnp.take(a, idx, axis=axis)


@npfun("take", np=True, np_method="take")
def take(a, indices, axis=None, mode="raise", out=None):
    """numpy's ``take`` (modes 'raise' and 'clip' clip the indices, 'wrap' wraps)."""
    if mode not in ("raise", "clip", "wrap"):
        raise ValueError(f"take: mode must be 'raise', 'clip' or 'wrap', got {mode!r}.")
    if not is_array(indices):
        idx = _np.asarray(indices)
        indices = as_np(idx, dtype=idx.dtype if idx.dtype.kind in "iu" else "int64",
                        ctx=a.ctx)
    if axis is not None:
        axis = normalize_axis(axis, a.ndim)
    return call(_np_take, [a, indices], out=out, axis=axis, mode=mode)


# --------------------------------------------------------------- ordering
@npop("_np_sort")
def _np_sort(a, *, axis=-1):
    """Sorted copy along ``axis`` (the flattened array when None)."""
    if axis is None:
        return jnp.sort(a.reshape(-1))
    return jnp.sort(a, axis=axis)


@npfun("sort", np=True, np_method="sort")
def sort(a, axis=-1, kind=None, order=None):
    """numpy's ``sort`` (ascending; stable)."""
    if order is not None:
        raise NotImplementedError("sort: order is not supported for mx.np arrays.")
    return call(_np_sort, [a], axis=axis)


@npop("_np_argsort", differentiable=False)
def _np_argsort(a, *, axis=-1):
    """Indices that sort ``a`` along ``axis`` (int64)."""
    if axis is None:
        return jnp.argsort(a.reshape(-1), stable=True).astype("int64")
    return jnp.argsort(a, axis=axis, stable=True).astype("int64")


@npfun("argsort", np=True, np_method="argsort")
def argsort(a, axis=-1, kind=None, order=None):
    """numpy's ``argsort`` (int64 indices)."""
    if order is not None:
        raise NotImplementedError("argsort: order is not supported for mx.np arrays.")
    return call(_np_argsort, [a], axis=axis)


# ------------------------------------------------------------- host ops
def _host_out(value, like, dtype=None):
    from .np_creation import array
    v = _np.asarray(value)
    return array(np_class(), v, dtype=dtype or v.dtype, ctx=like.ctx)


@npfun("unique", np=True)
def unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None):
    """numpy's ``unique`` (computed on the host; indices and counts are int64)."""
    res = _np.unique(ar.asnumpy(), return_index=return_index,
                     return_inverse=return_inverse, return_counts=return_counts, axis=axis)
    if not isinstance(res, tuple):
        return _host_out(res, ar)
    out = [_host_out(res[0], ar)]
    for r in res[1:]:
        out.append(_host_out(_np.asarray(r).reshape(-1) if axis is None else r, ar,
                             "int64"))
    return tuple(out)


@npfun("nonzero", np=True, np_method="nonzero")
def nonzero(a):
    """Indices of the non-zero elements, one int64 array per axis (a tuple)."""
    a = as_np(a)
    return tuple(_host_out(i, a, "int64") for i in _np.nonzero(a.asnumpy()))


@npfun("argwhere", np=True)
def argwhere(a):
    """Indices of the non-zero elements, one row each (int64)."""
    return _host_out(_np.argwhere(a.asnumpy()), a, "int64")


@npfun("flatnonzero", np=True)
def flatnonzero(a):
    """Indices of the non-zero elements of the flattened array (int64)."""
    return _host_out(_np.flatnonzero(a.asnumpy()), a, "int64")


@npfun("count_nonzero", np=True)
def count_nonzero(a, axis=None):
    """The number of non-zero elements (along ``axis``)."""
    res = _np.count_nonzero(a.asnumpy(), axis=axis)
    return res if axis is None else _host_out(res, a, "int64")


@npfun("bincount", np=True)
def bincount(x, weights=None, minlength=0):
    """Counts of each non-negative integer value (float weights sum instead)."""
    w = None if weights is None else weights.asnumpy()
    res = _np.bincount(x.asnumpy().astype(_np.int64), w, minlength)
    return _host_out(res, x, "int64" if weights is None else str(weights.dtype))


@npfun("searchsorted", np=True)
def searchsorted(a, v, side="left", sorter=None):
    """Insertion indices of ``v`` into the sorted ``a`` (int64)."""
    vv = v.asnumpy() if is_array(v) else v
    res = _np.searchsorted(a.asnumpy(), vv, side,
                           None if sorter is None else _np.asarray(sorter))
    return _host_out(res, a, "int64") if is_array(v) else _np.int64(res)


# ---------------------------------------------------------- differences
@npop("_np_diff")
def _np_diff(a, *, n=1, axis=-1):
    """The ``n``-th discrete difference along ``axis``."""
    return jnp.diff(a, n=n, axis=axis)


@npfun("diff", np=True)
def diff(a, n=1, axis=-1, prepend=None, append=None):
    """numpy's ``diff``."""
    if prepend is not None or append is not None:
        from .np_join import concatenate
        from .np_shape import broadcast_to
        ax = normalize_axis(axis, a.ndim)
        parts = []
        for p in (prepend, a, append):
            if p is None:
                continue
            if p is not a:
                p = as_np(p)
                if p.ndim == 0:
                    shape = list(a.shape)
                    shape[ax] = 1
                    p = broadcast_to(p, tuple(shape))
            parts.append(p)
        a = concatenate(parts, ax)
    if n < 0:
        raise ValueError(f"order must be non-negative but got {n}")
    return call(_np_diff, [a], n=int(n), axis=axis)


@npfun("ediff1d", np=True)
def ediff1d(ary, to_end=None, to_begin=None):
    """Differences between consecutive elements of the flattened array."""
    from .np_join import concatenate
    d = diff(ary.reshape(-1))
    parts = [as_np(p, ctx=ary.ctx).reshape(-1).astype(d.dtype)
             for p in (to_begin,) if p is not None]
    parts.append(d)
    if to_end is not None:
        parts.append(as_np(to_end, ctx=ary.ctx).reshape(-1).astype(d.dtype))
    return concatenate(parts) if len(parts) > 1 else d


# ---------------------------------------------------------------- misc
@npop("_np_copy")
def _np_copy(a):
    """A copy of ``a``."""
    return a


@npfun("copy", np=True)
def copy(a):
    """A copy of ``a``."""
    return call(_np_copy, [a])


@npfun("delete", np=True)
def delete(arr, obj, axis=None):
    """``arr`` without the entries ``obj`` along ``axis`` (flattened when None)."""
    a = arr if axis is not None else arr.reshape(-1)
    ax = 0 if axis is None else normalize_axis(axis, a.ndim)
    n = a.shape[ax]
    if isinstance(obj, slice):
        drop = set(range(n)[obj])
    else:
        o = obj.asnumpy() if is_array(obj) else _np.asarray(obj)
        drop = {int(i) % n for i in _np.atleast_1d(o)}
    keep = [i for i in range(n) if i not in drop]
    return take(a, keep, axis=ax)


@npfun("insert", np=True)
def insert(arr, obj, values, axis=None):
    """``values`` inserted before the indices ``obj`` along ``axis``."""
    from .np_creation import array
    a = arr.asnumpy()
    v = values.asnumpy() if is_array(values) else values
    o = obj.asnumpy() if is_array(obj) else obj
    return array(type(arr), _np.insert(a, o, v, axis=axis), dtype=arr.dtype, ctx=arr.ctx)


@npfun("resize", np=True)
def resize(a, new_shape):
    """A new array of ``new_shape``, filled with ``a``'s elements repeated in order."""
    from .np_shape import reshape, tile
    shape = (int(new_shape),) if isinstance(new_shape, (int, _np.integer)) else \
        tuple(int(s) for s in new_shape)
    total = int(_np.prod(shape, dtype=_np.int64))
    flat = a.reshape(-1)
    if flat.size == 0 or total == 0:
        from .np_creation import zeros
        return zeros(type(a), shape, a.dtype, ctx=a.ctx)
    reps = -(-total // flat.size)
    return reshape(tile(flat, (reps,))[:total], shape)


@npfun("may_share_memory", np=True)
def may_share_memory(a, b, max_work=None):
    """Whether ``a`` and ``b`` are the same array (mx.np arrays never share memory
    otherwise)."""
    return a is b


npfun("shares_memory", np=True)(may_share_memory)
