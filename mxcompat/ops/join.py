"""Joining and splitting arrays: concat, stack, split (SliceChannel) and split_v2.

MXNet's rules: every input of concat/stack has the same dtype (no promotion); split
returns a list, except that one output is returned as the array itself.
"""
import jax.numpy as jnp
from jax import lax

from ..base import MXNetError
from .._core.dispatch import invoke
from .registry import defop, defun
from .shape import as_tuple, norm_axis


def _check_inputs(data, num_args, op):
    if not data:
        raise MXNetError(f"{op} needs at least one input array; call {op}(a, b, ...).")
    if num_args is not None and num_args != len(data):
        raise MXNetError(f"{op} was given num_args={num_args} but {len(data)} input "
                         "array(s); leave num_args out, it is set from the inputs.")
    dt = data[0].dtype
    for i, d in enumerate(data):
        if d.dtype != dt:
            raise MXNetError(f"{op}: all inputs must have the same dtype, but input 0 is "
                             f"{dt} and input {i} is {d.dtype}; cast them with astype().")


@defop("concat", nd=("concat", "Concat"))
def _concat(*data, dim=1, num_args=None):
    """Join arrays along the existing axis ``dim``."""
    _check_inputs(data, num_args, "concat")
    ndim = data[0].ndim
    ax = norm_axis(dim, ndim, "concat")
    first = data[0].shape
    for i, d in enumerate(data):
        if d.ndim != ndim or any(a != b for k, (a, b) in enumerate(zip(d.shape, first))
                                 if k != ax):
            raise MXNetError(f"concat: input {i} has shape {d.shape}, which does not match "
                             f"input 0's shape {first} outside axis {ax}.")
    return jnp.concatenate(data, axis=ax)


@defop("stack", nd=True)
def _stack(*data, axis=0, num_args=None):
    """Join arrays of one shape along a new axis ``axis``."""
    _check_inputs(data, num_args, "stack")
    first = data[0].shape
    for i, d in enumerate(data):
        if d.shape != first:
            raise MXNetError(f"stack: input {i} has shape {d.shape} but input 0 has shape "
                             f"{first}; stacked arrays must have the same shape.")
    ax = norm_axis(axis, len(first) + 1, "stack")
    return jnp.stack(data, axis=ax)


def _split_nout(attrs):
    n = attrs.get("num_outputs")
    if n is None:
        raise MXNetError("split: the parameter num_outputs is required; call "
                         "split(data, num_outputs=k, axis=1).")
    if n < 1:
        raise MXNetError(f"split: num_outputs must be at least 1, got {n}.")
    return int(n)


@defop("split", nd=("split", "SliceChannel"), method=True, nout=_split_nout)
def _split(data, *, num_outputs=None, axis=1, squeeze_axis=False):
    """Split along ``axis`` into ``num_outputs`` equal parts (a list; one part is
    returned as the array itself). ``squeeze_axis`` drops the split axis when each part
    has size 1 along it."""
    ax = norm_axis(axis, data.ndim, "split")
    size = data.shape[ax]
    if size % num_outputs:
        raise MXNetError(f"split: axis {ax} of shape {data.shape} cannot be split into "
                         f"num_outputs={num_outputs} equal parts; {num_outputs} does not "
                         f"divide {size}.")
    if squeeze_axis and size != num_outputs:
        raise MXNetError(f"split: squeeze_axis=True needs the size of axis {ax} ({size}) to"
                         f" equal num_outputs ({num_outputs}).")
    parts = jnp.split(data, num_outputs, axis=ax)
    if squeeze_axis:
        parts = [jnp.squeeze(p, ax) for p in parts]
    return parts[0] if num_outputs == 1 else tuple(parts)


def _split_v2_nout(attrs):
    sections = attrs.get("sections") or 0
    return int(sections) if sections > 0 else len(as_tuple(attrs.get("indices")))


@defop("_split_v2", nd=("_split_v2",), nout=_split_v2_nout)
def _split_v2_op(data, *, indices=(), axis=0, squeeze_axis=False, sections=0):
    """Split along ``axis`` at the positions ``indices`` (starting with 0), or into
    ``sections`` equal parts."""
    ax = norm_axis(axis, data.ndim, "split_v2")
    size = data.shape[ax]
    if sections > 0:
        if size % sections:
            raise MXNetError(f"split_v2: {sections} sections do not divide axis {ax} of "
                             f"shape {data.shape} equally.")
        starts = [i * (size // sections) for i in range(sections)]
    else:
        starts = list(as_tuple(indices))
    ends = starts[1:] + [size]
    parts = []
    for i, (b, e) in enumerate(zip(starts, ends)):
        if size and not (b <= e <= size):
            raise MXNetError(f"split_v2: section {i} would run from {b} to {e}, which is "
                             f"not a valid range of axis {ax} of shape {data.shape}; the "
                             "indices must be increasing and within the axis.")
        p = lax.slice_in_dim(data, b, e, axis=ax) if size else data
        if squeeze_axis:
            if e - b != 1:
                raise MXNetError(f"split_v2: squeeze_axis=True needs every section to have"
                                 f" size 1, but section {i} has size {e - b}.")
            p = jnp.squeeze(p, ax)
        parts.append(p)
    return parts[0] if len(parts) == 1 else tuple(parts)


@defun("split_v2", nd=True, method=True)
def split_v2(ary, indices_or_sections, axis=0, squeeze_axis=False):
    """Split ``ary`` along ``axis`` into equal sections (an int) or at the given
    positions (a tuple), like numpy.split; returns a list (or one array)."""
    if isinstance(indices_or_sections, int):
        size = ary.shape[axis]
        if size % indices_or_sections:
            raise ValueError("array split does not result in an equal division")
        step = size // indices_or_sections
        indices = tuple(i * step for i in range(indices_or_sections))
    elif isinstance(indices_or_sections, tuple):
        indices = (0,) + tuple(int(i) for i in indices_or_sections)
    else:
        raise ValueError("indices_or_sections must either int or tuple of ints")
    static = (("indices", indices), ("axis", int(axis)), ("squeeze_axis", bool(squeeze_axis)),
              ("sections", 0))
    return invoke(_split_v2_op.kernel(static, None), (ary,), (), type(ary))
