"""``mx.np`` joining and splitting: concatenate, stack, vstack/hstack/dstack,
column_stack, append, split, array_split, hsplit/vsplit/dsplit, meshgrid, atleast_*d.

Arrays of different dtypes are promoted as the binary ufuncs promote them.
"""
import jax.numpy as jnp
import numpy as _np

from ..base import MXNetError
from .np_common import as_np, call, normalize_axis, npfun, npop
from .np_ufunc import promote

__all__ = ["concatenate", "stack", "split"]


def _common(arrays):
    dt = arrays[0].dtype
    for a in arrays[1:]:
        dt = promote(dt, a.dtype)
    return [a.astype(dt) for a in arrays]


@npop("_np_concatenate")
def _np_concatenate(*arrays, axis=0):
    """Join arrays along an existing axis (``axis=None`` flattens them first)."""
    arrays = _common(arrays)
    if axis is None:
        return jnp.concatenate([a.reshape(-1) for a in arrays])
    return jnp.concatenate(arrays, axis)


def _seq(seq, what):
    if hasattr(seq, "_value"):
        return [seq[i] for i in range(seq.shape[0])]
    seq = [as_np(a) for a in seq]
    if not seq:
        raise ValueError(f"need at least one array to {what}")
    return seq


@npfun("concatenate", np=True)
def concatenate(seq, axis=0, out=None):
    """Join a sequence of arrays along ``axis``."""
    seq = _seq(seq, "concatenate")
    if axis is not None:
        nd = seq[0].ndim
        if nd == 0:
            raise MXNetError("zero-dimensional arrays cannot be concatenated; use "
                             "np.stack or reshape them to 1-D first.")
        for a in seq:
            if a.ndim != nd:
                raise MXNetError(f"all the input arrays must have same number of dimensions"
                                 f", but got arrays of {nd} and {a.ndim} dimensions.")
        axis = normalize_axis(axis, nd)
        for a in seq:
            if tuple(a.shape[:axis]) + tuple(a.shape[axis + 1:]) != \
                    tuple(seq[0].shape[:axis]) + tuple(seq[0].shape[axis + 1:]):
                raise MXNetError(f"all the input array dimensions except for the "
                                 f"concatenation axis must match exactly: {seq[0].shape} "
                                 f"and {a.shape} along axis {axis}.")
    return call(_np_concatenate, seq, out=out, axis=axis)


@npfun("append", np=True)
def append(arr, values, axis=None):
    """``values`` appended to ``arr`` (both flattened when ``axis`` is None)."""
    return concatenate([arr, values], axis=axis)


@npop("_np_stack")
def _np_stack(*arrays, axis=0):
    """Join arrays along a new axis."""
    return jnp.stack(_common(arrays), axis)


@npfun("stack", np=True)
def stack(arrays, axis=0, out=None):
    """Join a sequence of same-shaped arrays along a new ``axis``."""
    seq = _seq(arrays, "stack")
    shape = tuple(seq[0].shape)
    for a in seq:
        if tuple(a.shape) != shape:
            raise MXNetError(f"all input arrays must have the same shape, got {shape} and "
                             f"{tuple(a.shape)}.")
    axis = normalize_axis(axis, len(shape) + 1)
    return call(_np_stack, seq, out=out, axis=axis)


def _atleast(a, n):
    a = as_np(a)
    if a.ndim >= n:
        return a
    from .np_shape import _np_reshape
    if n == 1:
        shape = (1,)
    elif n == 2:
        shape = (1,) + tuple(a.shape) if a.ndim == 1 else (1, 1)
    else:
        shape = {0: (1, 1, 1), 1: (1, a.shape[0], 1), 2: tuple(a.shape) + (1,)}[a.ndim]
    return call(_np_reshape, [a], newshape=shape)


def _make_atleast(n):
    def f(*arys):
        res = [_atleast(a, n) for a in arys]
        return res[0] if len(res) == 1 else res
    f.__name__ = f"atleast_{n}d"
    f.__doc__ = f"The inputs viewed with at least {n} dimensions."
    return f


atleast_1d = npfun("atleast_1d", np=True)(_make_atleast(1))
atleast_2d = npfun("atleast_2d", np=True)(_make_atleast(2))
atleast_3d = npfun("atleast_3d", np=True)(_make_atleast(3))


@npfun("vstack", np=True)
def vstack(arrays, out=None):
    """Stack arrays vertically (row-wise); 1-D arrays become rows."""
    return concatenate([_atleast(a, 2) for a in _seq(arrays, "vstack")], 0, out)


npfun("row_stack", np=True)(lambda arrays, out=None: vstack(arrays, out))


@npfun("hstack", np=True)
def hstack(arrays):
    """Stack arrays horizontally (column-wise); 1-D arrays are joined end to end."""
    seq = [_atleast(a, 1) for a in _seq(arrays, "hstack")]
    return concatenate(seq, 0 if seq[0].ndim == 1 else 1)


@npfun("dstack", np=True)
def dstack(arrays):
    """Stack arrays along the third axis."""
    return concatenate([_atleast(a, 3) for a in _seq(arrays, "dstack")], 2)


@npfun("column_stack", np=True)
def column_stack(tup):
    """Stack 1-D arrays as columns of a 2-D array (2-D arrays as they are)."""
    seq = []
    for a in _seq(tup, "column_stack"):
        if a.ndim < 2:
            from .np_shape import _np_reshape
            a = call(_np_reshape, [a], newshape=(a.size, 1))
        seq.append(a)
    return concatenate(seq, 1)


# --------------------------------------------------------------- split
@npop("_np_split", nout=lambda attrs: len(attrs["bounds"]) + 1)
def _np_split(a, *, bounds=(), axis=0):
    """``a`` cut along ``axis`` at the indices ``bounds``."""
    return tuple(jnp.split(a, list(bounds), axis))


def _split(ary, indices_or_sections, axis, equal):
    axis = normalize_axis(axis, ary.ndim)
    n = ary.shape[axis]
    if isinstance(indices_or_sections, (int, _np.integer)):
        k = int(indices_or_sections)
        if k <= 0:
            raise ValueError("number sections must be larger than 0.")
        if equal and n % k:
            raise ValueError("array split does not result in an equal division")
        base, extra = divmod(n, k)
        sizes = [base + 1] * extra + [base] * (k - extra)
        bounds = tuple(int(b) for b in _np.cumsum(sizes)[:-1])
    else:
        bounds = tuple(int(b) for b in indices_or_sections)
    res = call(_np_split, [ary], bounds=bounds, axis=axis)
    return res if isinstance(res, list) else [res]


@npfun("split", np=True, np_method="split")
def split(ary, indices_or_sections, axis=0):
    """Split into equal sections, or at the given indices, along ``axis``."""
    return _split(ary, indices_or_sections, axis, True)


@npfun("array_split", np=True)
def array_split(ary, indices_or_sections, axis=0):
    """Like ``split``, but the sections may differ in size by one."""
    return _split(ary, indices_or_sections, axis, False)


@npfun("hsplit", np=True)
def hsplit(ary, indices_or_sections):
    """Split along axis 1 (axis 0 for 1-D arrays)."""
    if ary.ndim == 0:
        raise ValueError("hsplit only works on arrays of 1 or more dimensions")
    return split(ary, indices_or_sections, 1 if ary.ndim > 1 else 0)


@npfun("vsplit", np=True)
def vsplit(ary, indices_or_sections):
    """Split along axis 0."""
    if ary.ndim < 2:
        raise ValueError("vsplit only works on arrays of 2 or more dimensions")
    return split(ary, indices_or_sections, 0)


@npfun("dsplit", np=True)
def dsplit(ary, indices_or_sections):
    """Split along axis 2."""
    if ary.ndim < 3:
        raise ValueError("dsplit only works on arrays of 3 or more dimensions")
    return split(ary, indices_or_sections, 2)


# ------------------------------------------------------------ meshgrid
@npop("_np_meshgrid", nout=lambda attrs: attrs["n"])
def _np_meshgrid(*xi, n=1, indexing="xy", sparse=False):
    """Coordinate matrices from coordinate vectors."""
    return tuple(jnp.meshgrid(*xi, indexing=indexing, sparse=sparse))


@npfun("meshgrid", np=True)
def meshgrid(*xi, **kwargs):
    """numpy's ``meshgrid`` (``indexing`` 'xy' or 'ij', ``sparse``); a list."""
    indexing = kwargs.pop("indexing", "xy")
    sparse = bool(kwargs.pop("sparse", False))
    kwargs.pop("copy", None)
    if kwargs:
        raise TypeError(f"meshgrid() got unexpected arguments {sorted(kwargs)}.")
    if indexing not in ("xy", "ij"):
        raise ValueError("Valid values for `indexing` are 'xy' and 'ij'.")
    if not xi:
        return []
    xi = [as_np(x).reshape(-1) for x in xi]
    res = call(_np_meshgrid, xi, n=len(xi), indexing=indexing, sparse=sparse)
    return res if isinstance(res, list) else [res]
